"""notifications and alarms under the mock runtime: the resources, their inputs, parents
and order, the topic policy (linted with parliament), every bad input, and two components
that would send one identity's notifications."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from parliament import analyze_policy_string

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.account import NOTIFICATION_TOPIC, SimulatedAws, revealed
from cognito_ses_email.offline.simulated_aws import fresh_runtime
from tests.support import Deployment, registered

ADDRESS = "no-reply@example.com"
ACCOUNT = "123456789012"
DEVELOPER = {"sending_account": "DEVELOPER"}
OWN_TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:ses-feedback"
PAGER = f"arn:aws:sns:us-east-1:{ACCOUNT}:pager"
TOPIC_TYPE = "aws:sns/topic:Topic"
TOPIC_POLICY_TYPE = "aws:sns/topicPolicy:TopicPolicy"
NOTIFICATION_TYPE = "aws:ses/identityNotificationTopic:IdentityNotificationTopic"
ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm"


def build(deployment: Deployment, **args: Any) -> CognitoSesEmail:
    full = {"from_address": ADDRESS, **args}
    return deployment.run(lambda: CognitoSesEmail("mail", full))  # type: ignore[arg-type]


def of_type(deployment: Deployment, type_: str) -> dict[str, Any]:
    return {n: r for n, r in deployment.resources.items() if r.type == type_}


@pytest.mark.parametrize("mode", [{}, DEVELOPER], ids=["cognito-default", "developer"])
def test_default_notifications_create_a_topic_its_policy_and_two_topics(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    email = build(deployment, notifications={}, **mode)
    [topic] = of_type(deployment, TOPIC_TYPE).values()
    [policy] = of_type(deployment, TOPIC_POLICY_TYPE).values()
    notified = of_type(deployment, NOTIFICATION_TYPE)
    assert set(notified) == {"mail-bounce-notifications", "mail-complaint-notifications"}
    assert all(r.parent == "mail" for r in [topic, policy, *notified.values()])
    identity_arn = deployment.value(email.identity_arn)
    topic_arn = deployment.value(email.notification_topic_arn)
    for kind, registration in notified.items():
        assert registration.inputs == {
            "identity": identity_arn,
            "notificationType": kind.split("-")[1].capitalize(),
            "topicArn": topic_arn,
            "includeOriginalHeaders": False,
        }
        # SES drops a topic it cannot publish to: the policy comes first.
        assert "mail-feedback-policy" in registration.dependencies
    assert policy.inputs["arn"] == topic_arn


def test_the_topic_policy_lets_only_ses_for_this_identity_publish(deployment: Deployment) -> None:
    email = build(deployment, notifications={"types": ["Bounce"]}, **DEVELOPER)
    [policy] = of_type(deployment, TOPIC_POLICY_TYPE).values()
    document = policy.inputs["policy"]
    findings = analyze_policy_string(
        document, ignore_private_auditors=True, include_community_auditors=True
    ).findings
    assert [f.issue for f in findings] == []
    [statement] = json.loads(document)["Statement"]
    assert statement["Principal"] == {"Service": "ses.amazonaws.com"}
    assert statement["Action"] == "sns:Publish"
    assert statement["Resource"] == deployment.value(email.notification_topic_arn)
    assert statement["Condition"] == {
        "StringEquals": {
            "aws:SourceAccount": ACCOUNT,
            "aws:SourceArn": deployment.value(email.identity_arn),
        }
    }


def test_a_given_topic_is_used_as_is(deployment: Deployment) -> None:
    email = build(
        deployment,
        notifications={"topic_arn": OWN_TOPIC, "types": ["Bounce", "Complaint", "Delivery"],
                       "include_original_headers": True},
    )  # fmt: skip
    assert of_type(deployment, TOPIC_TYPE) == {} and of_type(deployment, TOPIC_POLICY_TYPE) == {}
    notified = of_type(deployment, NOTIFICATION_TYPE)
    assert len(notified) == 3
    assert {r.inputs["topicArn"] for r in notified.values()} == {OWN_TOPIC}
    assert all(r.inputs["includeOriginalHeaders"] is True for r in notified.values())
    assert deployment.value(email.notification_topic_arn) == OWN_TOPIC


def test_notifications_on_a_domain_identity(deployment: Deployment) -> None:
    email = build(
        deployment, identity_domain="example.com", notifications={"types": ["Complaint"]},
        **DEVELOPER,
    )  # fmt: skip
    [notified] = of_type(deployment, NOTIFICATION_TYPE).values()
    assert notified.inputs["identity"] == deployment.value(email.identity_arn)
    assert notified.inputs["identity"].endswith(":identity/example.com")


def test_notifications_on_an_adopted_identity_in_its_region(deployment: Deployment) -> None:
    arn = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/{ADDRESS}"
    build(deployment, identity_arn=arn, notifications={}, user_pool_args={"region": "eu-west-1"})
    [topic] = of_type(deployment, TOPIC_TYPE).values()
    assert topic.inputs["region"] == "eu-west-1"
    assert {r.inputs["identity"] for r in of_type(deployment, NOTIFICATION_TYPE).values()} == {arn}


def test_alarms_default_below_review_thresholds_and_notify_the_topic(
    deployment: Deployment,
) -> None:
    email = build(deployment, notifications={}, alarms={}, **DEVELOPER)
    alarms = of_type(deployment, ALARM_TYPE)
    assert set(alarms) == {"mail-bounce-rate", "mail-complaint-rate"}
    topic_arn = deployment.value(email.notification_topic_arn)
    bounce, complaint = alarms["mail-bounce-rate"].inputs, alarms["mail-complaint-rate"].inputs
    assert bounce["namespace"] == complaint["namespace"] == "AWS/SES"
    assert bounce["metricName"] == "Reputation.BounceRate"
    assert complaint["metricName"] == "Reputation.ComplaintRate"
    assert 0 < bounce["threshold"] < 0.05 and 0 < complaint["threshold"] < 0.001
    assert bounce["treatMissingData"] == complaint["treatMissingData"] == "notBreaching"
    assert bounce["comparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert bounce["alarmActions"] == complaint["alarmActions"] == [topic_arn]
    # The topic policy lets these alarms publish too.
    [policy] = of_type(deployment, TOPIC_POLICY_TYPE).values()
    statements = json.loads(policy.inputs["policy"])["Statement"]
    assert any(s["Principal"] == {"Service": "cloudwatch.amazonaws.com"} for s in statements)


@pytest.mark.parametrize("alarms", [{}, {"bounce_rate": 0.099, "complaint_rate": 0.0001}])
def test_what_the_alarms_receive_is_what_put_metric_alarm_accepts(
    deployment: Deployment, alarms: dict[str, float]
) -> None:
    # The registered inputs themselves (engine names), against botocore's PutMetricAlarm shape.
    from tests.aws_checks import input_shape, model_problems

    build(deployment, notifications={}, alarms=alarms, **DEVELOPER)
    shape = input_shape("cloudwatch", "PutMetricAlarm")
    for alarm in of_type(deployment, ALARM_TYPE).values():
        request = {
            key[0].upper() + key[1:]: value
            for key, value in revealed(alarm.inputs).items()
            if key not in {"region", "tags", "name"}
        }
        request["AlarmName"] = alarm.name + "-0123abc"  # pulumi-aws's auto-name suffix
        for key, member in shape.members.items():  # the engine sends every number as a float
            if member.type_name == "integer" and isinstance(request.get(key), float):
                assert request[key].is_integer(), key
                request[key] = int(request[key])
        assert set(request) <= set(shape.members), set(request) - set(shape.members)
        assert model_problems(request, shape) == []
        assert request["Period"] % 60 == 0
        assert request["Period"] * request["EvaluationPeriods"] <= 604_800


def test_keys_set_to_none_are_left_out(new_deployment: Callable[..., Deployment]) -> None:
    plain = new_deployment()
    build(plain, notifications={}, alarms={}, **DEVELOPER)
    unset = new_deployment()
    build(
        unset,
        notifications={"topic_arn": None, "types": None, "includeOriginalHeaders": None},
        alarms={"bounce_rate": None, "complaintRate": None, "actions": None},
        **DEVELOPER,
    )
    assert _snapshot(unset) == _snapshot(plain)


def test_alarms_with_their_own_actions(deployment: Deployment) -> None:
    build(deployment, alarms={"bounce_rate": 0.03, "complaint_rate": 0.0005, "actions": [PAGER]},
          **DEVELOPER)  # fmt: skip
    alarms = of_type(deployment, ALARM_TYPE)
    assert alarms["mail-bounce-rate"].inputs["threshold"] == 0.03
    assert alarms["mail-complaint-rate"].inputs["threshold"] == 0.0005
    assert all(r.inputs["alarmActions"] == [PAGER] for r in alarms.values())
    assert of_type(deployment, TOPIC_TYPE) == {}


# --- from other resources ----------------------------------------------------------------

WRAPS: dict[str, Callable[[Any], Any]] = {
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}


def _snapshot(deployment: Deployment) -> dict[str, Any]:
    return {
        name: (r.type, r.parent, sorted(r.dependencies), revealed(r.inputs))
        for name, r in deployment.resources.items()
    }


@pytest.mark.parametrize("wrap", sorted(WRAPS))
def test_values_from_outputs_give_the_plain_resources(
    new_deployment: Callable[..., Deployment], wrap: str
) -> None:
    args = {
        "notifications": {"topic_arn": OWN_TOPIC, "include_original_headers": True},
        "alarms": {"bounce_rate": 0.03, "complaint_rate": 0.0005, "actions": [PAGER]},
        **DEVELOPER,
    }
    plain = new_deployment()
    build(plain, **args)
    w = WRAPS[wrap]
    wrapped = {
        "notifications": {"topic_arn": w(OWN_TOPIC), "include_original_headers": w(True)},
        "alarms": {"bounce_rate": w(0.03), "complaint_rate": w(0.0005), "actions": [w(PAGER)]},
        **DEVELOPER,
    }
    deployment = new_deployment()
    build(deployment, **wrapped)
    assert _snapshot(deployment) == _snapshot(plain)


# --- bad input ---------------------------------------------------------------------------

BAD: list[tuple[dict[str, Any], str]] = [
    ({"notifications": {"types": ["Bounces"]}}, r"^notifications\['types'\]: 'Bounces'"),
    ({"notifications": {"types": []}}, r"^notifications\['types'\]: is empty"),
    ({"notifications": {"topic_arn": "arn:aws:sqs:us-east-1:123456789012:q"}},
     r"^notifications\['topic_arn'\]: "),
    ({"notifications": {"topic_arn": f"{OWN_TOPIC}.fifo"}}, r"^notifications\['topic_arn'\]: "),
    ({"notifications": {"include_original_headers": "yes"}},
     r"^notifications\['include_original_headers'\]: "),
    ({"notifications": {"colour": "red"}}, r"^notifications: unknown key"),
    ({"notifications": {"topic_arn": OWN_TOPIC, "topicArn": OWN_TOPIC}},
     r"^notifications: 'topicArn' is given twice"),
    ({"alarms": {"bounceRate": 0.02, "bounce_rate": 0.02}, **DEVELOPER},
     r"^alarms: 'bounce_rate' is given twice"),
    ({"alarms": {"bounce_rate": 0.03, "actions": [PAGER]}},
     r"^alarms: needs sending_account='DEVELOPER'"),
    # The mode first: no key of alarms would help in COGNITO_DEFAULT mode.
    ({"alarms": {"bogus": 1}}, r"^alarms: needs sending_account='DEVELOPER'"),
    ({"alarms": "x"}, r"^alarms: needs sending_account='DEVELOPER'"),
    ({"alarms": {"bounce_rate": 1.5, "actions": [PAGER]}, **DEVELOPER},
     r"^alarms\['bounce_rate'\]: "),
    ({"alarms": {"complaint_rate": 0, "actions": [PAGER]}, **DEVELOPER},
     r"^alarms\['complaint_rate'\]: "),
    ({"alarms": {"actions": []}, **DEVELOPER}, r"^alarms\['actions'\]: is empty"),
    ({"alarms": {"actions": ["not-an-arn"]}, **DEVELOPER}, r"^alarms\['actions'\]: "),
    ({"alarms": {}, **DEVELOPER}, r"^alarms: has no actions and there is no notification topic"),
    ({"alarms": {"actions": None}, **DEVELOPER},
     r"^alarms: has no actions and there is no notification topic"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_is_refused_before_anything_is_registered(
    deployment: Deployment, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build(deployment, **args)
    assert deployment.resources == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"notifications": {"topic_arn": "arn:aws:sqs:us-east-1:123456789012:q"}},
         "notifications['topic_arn']: "),
        ({"notifications": {"topic_arn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:t"},
          "ses_region": "us-east-1"}, "notifications['topic_arn']: "),
        ({"alarms": {"bounce_rate": 2.0, "actions": [PAGER]}, **DEVELOPER},
         "alarms['bounce_rate']: "),
    ],
)  # fmt: skip
def test_bad_values_from_outputs_stop_every_child(
    deployment: Deployment, args: dict[str, Any], message: str
) -> None:
    def late(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: pulumi.Output.from_input(v) if k != "types" else v for k, v in value.items()}
        return value

    wrapped = {key: late(value) for key, value in args.items()}
    with pytest.raises(Exception) as raised:
        build(deployment, **wrapped)
    text: list[str] = []
    current: BaseException | None = raised.value
    while current is not None and len(text) < 20:
        text.append(str(current))
        current = current.__cause__ or current.__context__
    assert message in "\n".join(text)
    assert set(deployment.resources) == {"mail"}, "no child may be created"


@pytest.mark.parametrize("key", ["notifications", "alarms"])
def test_the_settings_themselves_must_be_plain(deployment: Deployment, key: str) -> None:
    args = {key: pulumi.Output.from_input({}), **DEVELOPER}
    with pytest.raises(ValueError, match=rf"^{key}: must be a plain dict, not an Output"):
        build(deployment, **args)
    assert deployment.resources == {}


def test_tags_reach_every_child_that_takes_tags(deployment: Deployment) -> None:
    tags = {"team": "identity"}
    build(deployment, notifications={}, alarms={}, tags=tags, create_user_pool=False, **DEVELOPER)
    tagged = {name for name, r in deployment.resources.items() if r.inputs.get("tags") == tags}
    assert tagged == {"mail-feedback", "mail-bounce-rate", "mail-complaint-rate"}


def holds_secret(value: Any) -> bool:
    """Whether an engine input is, or holds, a secret."""
    from pulumi.runtime.rpc import is_rpc_secret

    if is_rpc_secret(value):
        return True
    if isinstance(value, dict):
        return any(holds_secret(item) for item in value.values())
    if isinstance(value, list):
        return any(holds_secret(item) for item in value)
    return False


@pytest.mark.parametrize("mode", [{}, DEVELOPER], ids=["cognito-default", "developer"])
@pytest.mark.parametrize("wrap", sorted(WRAPS))
def test_notifications_from_outputs_in_both_modes(
    new_deployment: Callable[..., Deployment], mode: dict[str, str], wrap: str
) -> None:
    plain = new_deployment()
    build(plain, notifications={"topic_arn": OWN_TOPIC, "include_original_headers": True}, **mode)
    deployment = new_deployment()
    w = WRAPS[wrap]
    email = build(
        deployment,
        notifications={"topic_arn": w(OWN_TOPIC), "include_original_headers": w(True)},
        **mode,
    )
    assert _snapshot(deployment) == _snapshot(plain)
    secret = wrap == "secret"
    notified = of_type(deployment, NOTIFICATION_TYPE).values()
    assert all(holds_secret(r.inputs) is secret for r in notified)
    import asyncio

    loop = asyncio.get_event_loop()
    assert email.notification_topic_arn is not None
    assert loop.run_until_complete(email.notification_topic_arn.is_secret()) is secret


def test_secret_alarm_actions_stay_secret(deployment: Deployment) -> None:
    build(deployment, alarms={"actions": [pulumi.Output.secret(PAGER)]}, **DEVELOPER)
    alarms = of_type(deployment, ALARM_TYPE).values()
    assert alarms and all(holds_secret(r.inputs["alarmActions"]) for r in alarms)
    assert all(revealed(r.inputs["alarmActions"]) == [PAGER] for r in alarms)


MODES = pytest.mark.parametrize("mode", [{}, DEVELOPER], ids=["cognito-default", "developer"])


# --- two components on one identity --------------------------------------------------------------


def two(deployment: Deployment, first: dict[str, Any], second: dict[str, Any]) -> None:
    deployment.run(
        lambda: [
            CognitoSesEmail("a", {"from_address": ADDRESS, **first}),  # type: ignore[typeddict-item]
            CognitoSesEmail("b", {"from_address": ADDRESS, **second}),  # type: ignore[typeddict-item]
        ]
    )


@MODES
def test_a_second_component_sending_an_identitys_notifications_is_refused(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    adopted = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com"
    args = {"identity_arn": adopted, "notifications": {}, **mode}
    with pytest.raises(ValueError) as raised:
        two(deployment, args, args)
    message = str(raised.value)
    assert message.startswith("notifications: components 'a' and 'b' both send")
    assert "'no-reply@example.com' in us-east-1" in message
    assert "leave notifications out of 'b'" in message
    assert not [name for name in registered(deployment) if name.startswith("b")]


@MODES
def test_created_identities_in_one_region_are_the_same_identity(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    """One identity named two ways: the domain's case does not matter to SES."""
    with pytest.raises(ValueError, match="both send the notifications"):
        two(
            deployment,
            {"notifications": {"types": ["Bounce"]}, **mode},
            {
                "from_address": "no-reply@EXAMPLE.com",
                "notifications": {"types": ["Bounce", "Delivery"]},
                **mode,
            },
        )


@MODES
def test_different_types_or_identities_may_be_sent_by_different_components(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    two(
        deployment,
        {"notifications": {"types": ["Bounce", "Complaint"]}, **mode},
        {"notifications": {"types": ["Delivery"]}, **mode},
    )
    assert len(of_type(deployment, NOTIFICATION_TOPIC)) == 3
    deployment.run(
        lambda: CognitoSesEmail("c", {"from_address": "other@example.com", "notifications": {}})
    )


@MODES
@pytest.mark.parametrize("kind", ["output", "secret"])
def test_an_identity_known_only_later_is_warned_about_when_it_resolves(
    deployment: Deployment, warnings: list[str], mode: dict[str, str], kind: str
) -> None:
    """Known only after the Outputs resolve: a warning (the children are on their way)."""
    two(
        deployment,
        {"notifications": {}, **mode},
        {"from_address": WRAPS[kind](ADDRESS), "notifications": {}, **mode},
    )
    [warning] = [w for w in warnings if "both send" in w]
    # Whichever resolves second is told.
    assert warning.startswith(
        (
            "notifications: components 'a' and 'b' both send",
            "notifications: components 'b' and 'a' both send",
        )
    )
    assert "in us-east-1" in warning
    shown = "[secret]" if kind == "secret" else ADDRESS
    assert f"identity {shown!r}" in warning
    assert (ADDRESS in warning) == (kind != "secret")


#: One test of a user's suite: a component of its own on the shared address, with an
#: address known now (claimed at once) or only later (claimed, with a warning, when it resolves).
SUITE = [("a", ADDRESS), ("b", ADDRESS), ("c", "late")]


def _suite_test(deployment: Deployment, name: str, address: str) -> None:
    given = pulumi.Output.from_input(ADDRESS) if address == "late" else address
    deployment.run(lambda: CognitoSesEmail(name, {"from_address": given, "notifications": {}}))
    assert len(of_type(deployment, NOTIFICATION_TOPIC)) == 2


def test_each_test_with_fresh_mocks_is_a_program_of_its_own(
    new_deployment: Callable[..., Deployment], warnings: list[str]
) -> None:
    """A user's test suite is many programs in one process: no component of one test
    sends the notifications of another's."""
    for name, address in SUITE:
        _suite_test(new_deployment(), name, address)
    assert not [w for w in warnings if "both send" in w]


def test_fresh_mocks_without_a_runtime_reset_are_a_new_program(
    warnings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """set_mocks alone, as a suite may call it (Pulumi then keeps the first root stack)."""
    monkeypatch.delenv("AWS_REGION", raising=False)  # the provider's Region: the mocks'
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    with fresh_runtime():
        for name, address in SUITE:
            _suite_test(Deployment(SimulatedAws()), name, address)
    assert not [w for w in warnings if "both send" in w]
