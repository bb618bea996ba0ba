"""What AWS accepts, exactly: addresses, tags, ARNs, shared identities' alarms, broken text.

Every accepted value is checked against botocore's model of the API that receives it; every
refused one names its argument and is refused before any child is registered (plain) or
before any child is created (Output), in both sending modes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email.rules import arns
from tests.aws_checks import (
    email_configuration_problems,
    java_regex,
    policy_problems,
    shape_problems,
    tag_problems,
)
from tests.support import ACCOUNT, Deployment, build, error_text, identity, of_type, policy, pool

MODES = {"cognito-default": {}, "developer": {"sending_account": "DEVELOPER"}}
WRAPS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda value: value,
    "output": pulumi.Output.from_input,
}
OTHER_ACCOUNT = "210987654321"
TOPIC_POLICY_TYPE = "aws:sns/topicPolicy:TopicPolicy"
ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm"


def _source_arn_pattern() -> Any:
    from tests.aws_checks import cognito_member

    return java_regex(cognito_member("EmailConfigurationType", "SourceArn")["pattern"])


def _raised(deployment: Deployment, **args: Any) -> str:
    with pytest.raises(ValueError) as raised:
        build(deployment, **args)
    assert not isinstance(raised.value, UnicodeError), "a bare codec error, not a ValueError"
    return error_text(raised.value)


def _nothing_made(deployment: Deployment, wrap: str) -> None:
    # A plain value is refused before the component registers; an Output once it resolves,
    # before any child is created.
    assert set(deployment.resources) <= ({"mail"} if wrap == "output" else set())


# --- addresses ---------------------------------------------------------------------------

#: RFC 5322 atext beyond letters and digits: what the local part may hold by the RFC.
RFC_SPECIALS = "!#$%&'*+/=?^_`{|}~-"


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_address_identity_is_accepted_exactly_when_cognito_takes_its_arn(
    new_deployment: Callable[..., Deployment], mode: str
) -> None:
    """The rule is the SourceArn pattern itself: accepted iff botocore's ArnType takes the
    identity ARN; refused as a from_address error naming the character."""
    accepted = ""
    for character in RFC_SPECIALS:
        deployment = new_deployment()
        address = f"a{character}b@example.com"
        arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{address}"
        if not _source_arn_pattern().fullmatch(arn):
            text = _raised(deployment, from_address=address, **MODES[mode])
            assert text.startswith("from_address: the part before '@' holds"), character
            assert repr(character) in text and "SourceArn" in text
            assert deployment.resources == {}
            continue
        accepted += character
        build(deployment, from_address=address, **MODES[mode])
        configuration = pool(deployment).inputs["emailConfiguration"]
        assert configuration["sourceArn"] == arn
        assert email_configuration_problems(configuration) == []
        assert identity(deployment).inputs["email"] == address
        assert shape_problems("sesv2", "Identity", address) == []
        assert shape_problems("ses", "Address", address) == []
        if mode == "cognito-default":
            document = policy(deployment).inputs["policy"]
            assert json.loads(document)["Statement"][0]["Resource"] == arn
            assert policy_problems(document) == []
    assert sorted(accepted) == sorted("+/=_-")


def test_the_refused_characters_are_exactly_those_arn_type_refuses() -> None:
    from cognito_ses_email.rules import addresses

    pattern = _source_arn_pattern()
    for character in RFC_SPECIALS:
        arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/a{character}b@example.com"
        refused = addresses.address_problem(f"a{character}b@example.com", in_arn=True)
        assert (refused is None) == bool(pattern.fullmatch(arn)), character


@pytest.mark.parametrize("mode", sorted(MODES))
def test_a_slash_in_the_address_is_accepted_by_every_check_of_the_package(
    deployment: Deployment, mode: str
) -> None:
    """Today a '/' passes the address rule and then fails the identity ARN parser."""
    email = build(deployment, from_address="team/alerts@example.com", **MODES[mode])
    arn = deployment.value(email.identity_arn)
    assert arn == f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/team/alerts@example.com"
    assert arns.parse_identity_arn(arn) == arns.IdentityArn(
        "aws", "us-east-1", ACCOUNT, "team/alerts@example.com"
    )
    assert email_configuration_problems(pool(deployment).inputs["emailConfiguration"]) == []


def test_an_adopted_identity_with_a_slash_is_accepted(deployment: Deployment) -> None:
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/team/alerts@example.com"
    build(deployment, from_address="team/alerts@example.com", identity_arn=arn)
    assert pool(deployment).inputs["emailConfiguration"]["sourceArn"] == arn
    assert policy_problems(policy(deployment).inputs["policy"]) == []


def test_an_adopted_address_identity_cognito_refuses_says_which_character(
    new_deployment: Callable[..., Deployment],
) -> None:
    """DEVELOPER mode may adopt the domain's identity; the address's own, with a character
    ArnType refuses, is refused naming it (COGNITO_DEFAULT blames from_address first)."""
    address = "o'brien@example.com"
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{address}"
    text = _raised(new_deployment(), from_address=address, identity_arn=arn, **MODES["developer"])
    assert text.startswith("identity_arn: expected an SES identity ARN")
    assert 'its name holds "\'", which Cognito refuses in SourceArn' in text
    text = _raised(new_deployment(), from_address=address, identity_arn=arn)
    assert text.startswith("from_address: the part before '@' holds")
    domain = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"
    deployment = new_deployment()
    build(deployment, from_address=address, identity_arn=domain, **MODES["developer"])
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"] == domain
    assert email_configuration_problems(configuration) == []


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_address_output_cognito_refuses_stops_every_child(
    deployment: Deployment, mode: str
) -> None:
    with pytest.raises(Exception) as raised:
        build(
            deployment, from_address=pulumi.Output.from_input("o'brien@example.com"), **MODES[mode]
        )
    assert "from_address: the part before '@' holds \"'\"" in error_text(raised.value)
    assert set(deployment.resources) == {"mail"}


def test_a_domain_identity_sends_from_any_rfc_address(
    new_deployment: Callable[..., Deployment],
) -> None:
    """With a domain identity the address is only the From header (cognito-idp
    StringType), never inside SourceArn: RFC 5322's characters pass; as an address
    identity the same address is refused."""
    refused = _raised(new_deployment(), from_address="o'brien@example.com", **MODES["developer"])
    assert refused.startswith("from_address: the part before '@' holds")
    deployment = new_deployment()
    build(
        deployment,
        from_address="o'brien@example.com",
        identity_domain="example.com",
        sending_account="DEVELOPER",
    )
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["fromEmailAddress"] == "o'brien@example.com"
    assert configuration["sourceArn"].endswith(":identity/example.com")
    assert email_configuration_problems(configuration) == []


@pytest.mark.parametrize("mode", sorted(MODES))
def test_reply_to_keeps_the_rfc_rule_its_own_pattern_allows(
    new_deployment: Callable[..., Deployment], mode: str
) -> None:
    """ReplyToEmailAddress (EmailAddressType, \\p{P}\\p{S}...) takes what RFC 5322 does;
    the same address as from_address (an address identity) does not pass SourceArn."""
    refused = _raised(new_deployment(), from_address="o'brien+{x}@example.com", **MODES[mode])
    assert refused.startswith("from_address: the part before '@' holds")
    deployment = new_deployment()
    build(deployment, reply_to_address="o'brien+{x}@example.com", **MODES[mode])
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["replyToEmailAddress"] == "o'brien+{x}@example.com"
    assert email_configuration_problems(configuration) == []


# --- tags --------------------------------------------------------------------------------

GOOD_TAGS = [
    {"k" * 128: "v" * 256},
    {"team": ""},
    {"awsome": "x", "x:aws:y": "awsvalue", "team": "x aws:y"},
    {"équipe": "données"},
]
BAD_TAGS = [
    ({"k" * 129: "v"}, "tags: the key", "at most 128"),
    ({"team": "v" * 257}, "tags['team']: is 257 characters", "at most 256"),
    ({"aws:team": "v"}, "tags: the key 'aws:team' starts with 'aws:'", "aws: prefix"),
    ({"AWS:team": "v"}, "tags: the key 'AWS:team' starts with 'AWS:'", "aws: prefix"),
    ({"Aws:Team": "v"}, "tags: the key 'Aws:Team'", "aws: prefix"),
    ({"team": 5}, "tags['team']: a tag value is a string", "got 5"),
    ({"team": "AWS:x"}, "tags['team']: starts with 'AWS:'", "aws: prefix"),
]


@pytest.mark.parametrize("mode", sorted(MODES))
def test_tags_at_the_limits_reach_every_tagged_child_and_one_more_is_refused(
    new_deployment: Callable[..., Deployment], mode: str
) -> None:
    extra: dict[str, Any] = {"notifications": {}, "alarms": {}} if mode == "developer" else {}
    for tags in GOOD_TAGS:
        assert all(tag_problems(key, value) == [] for key, value in tags.items())
        deployment = new_deployment()
        build(deployment, tags=tags, **MODES[mode], **extra)
        tagged = [r for r in deployment.resources.values() if "tags" in r.inputs]
        assert len(tagged) == (4 if mode == "developer" else 1)  # pool (topic, two alarms)
        assert all(r.inputs["tags"] == tags for r in tagged)
    for key, value in [("k" * 129, "v"), ("k", "v" * 257)]:
        assert tag_problems(key, value), "botocore's limits"
        _raised(new_deployment(), tags={key: value}, **MODES[mode], **extra)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("tags", "message", "why"), BAD_TAGS, ids=range(len(BAD_TAGS)))
def test_tags_a_tagging_api_refuses_are_refused_first(
    deployment: Deployment, mode: str, tags: dict[str, Any], message: str, why: str
) -> None:
    text = _raised(deployment, tags=tags, **MODES[mode])
    assert text.startswith(message) and why in text
    assert deployment.resources == {}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("where", ["value", "dict"])
def test_a_bad_tag_from_an_output_stops_every_child(
    deployment: Deployment, mode: str, where: str
) -> None:
    tags: Any = (
        {"team": pulumi.Output.from_input("v" * 257)}
        if where == "value"
        else pulumi.Output.from_input({"aws:team": "v"})
    )
    with pytest.raises(Exception) as raised:
        build(deployment, tags=tags, **MODES[mode])
    text = error_text(raised.value)
    assert ("tags['team']: is 257 characters" if where == "value" else "tags: the key") in text
    assert set(deployment.resources) == {"mail"}


# --- ARNs: one parser, partition and Region agree ----------------------------------------

DISAGREEING = [
    ("aws-cn", "us-east-1"),
    ("aws", "cn-north-1"),
    ("aws-us-gov", "eu-west-1"),
    ("aws", "us-gov-west-1"),
    ("aws-iso", "us-east-1"),
]


@pytest.mark.parametrize(("partition", "region"), DISAGREEING)
def test_the_parser_refuses_a_partition_and_region_that_disagree(
    partition: str, region: str
) -> None:
    arn = f"arn:{partition}:sns:{region}:{ACCOUNT}:feedback"
    assert arns.parse_arn(arn) is None
    assert f"its partition {partition!r} and Region {region!r} disagree" in (
        arns.arn_problem(arn) or ""
    )
    assert arns.parse_topic_arn(arn) is None
    identity_arn = f"arn:{partition}:ses:{region}:{ACCOUNT}:identity/example.com"
    assert arns.parse_identity_arn(identity_arn) is None


def test_the_parser_knows_every_partition_and_refuses_others() -> None:
    assert arns.parse_arn(f"arn:aws-eusc:sns:eusc-de-east-1:{ACCOUNT}:t") is not None
    assert "is not an AWS partition" in (
        arns.arn_problem(f"arn:awz:sns:us-east-1:{ACCOUNT}:t") or ""
    )
    assert arns.parse_arn("arn:aws:ssm-incidents::111122223333:responseplan/x") is not None


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize(("partition", "region"), DISAGREEING[:2])
def test_a_topic_arn_whose_partition_and_region_disagree_is_refused(
    deployment: Deployment, mode: str, wrap: str, partition: str, region: str
) -> None:
    topic = f"arn:{partition}:sns:{region}:{ACCOUNT}:feedback"
    with pytest.raises(Exception) as raised:
        build(deployment, notifications={"topic_arn": WRAPS[wrap](topic)}, **MODES[mode])
    text = error_text(raised.value)
    assert "notifications['topic_arn']: expected an SNS topic ARN" in text
    assert f"its partition {partition!r} and Region {region!r} disagree" in text
    _nothing_made(deployment, wrap)


@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize(("partition", "region"), DISAGREEING[:2])
def test_an_alarm_action_whose_partition_and_region_disagree_is_refused(
    deployment: Deployment, wrap: str, partition: str, region: str
) -> None:
    action = f"arn:{partition}:sns:{region}:{ACCOUNT}:pager"
    with pytest.raises(Exception) as raised:
        build(deployment, sending_account="DEVELOPER", alarms={"actions": [WRAPS[wrap](action)]})
    text = error_text(raised.value)
    assert "alarms['actions']: " in text and "is not a CloudWatch alarm action" in text
    assert f"its partition {partition!r} and Region {region!r} disagree" in text
    _nothing_made(deployment, wrap)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_identity_arn_whose_partition_and_region_disagree_says_why(
    deployment: Deployment, mode: str
) -> None:
    arn = f"arn:aws-cn:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
    text = _raised(deployment, identity_arn=arn, **MODES[mode])
    assert text.startswith("identity_arn: expected an SES identity ARN")
    assert "its partition 'aws-cn' and Region 'us-east-1' disagree" in text


# --- alarms with an identity another account shares --------------------------------------


@pytest.mark.parametrize("wrap", sorted(WRAPS))
def test_alarms_of_a_shared_identity_publish_to_this_account_s_topic(
    deployment: Deployment, wrap: str
) -> None:
    """The alarms and the topic are this account's; SES publishes for the identity's."""
    shared = f"arn:aws:ses:us-east-1:{OTHER_ACCOUNT}:identity/example.com"
    build(
        deployment,
        sending_account="DEVELOPER",
        identity_arn=WRAPS[wrap](shared),
        notifications={},
        alarms={},
    )
    [topic_policy] = of_type(deployment, TOPIC_POLICY_TYPE)
    document = topic_policy.inputs["policy"]
    ses, alarms = json.loads(document)["Statement"]
    assert ses["Condition"]["StringEquals"] == {
        "aws:SourceAccount": OTHER_ACCOUNT,
        "aws:SourceArn": shared,
    }
    alarm_arns = alarms["Condition"]["ArnLike"]["aws:SourceArn"]
    assert len(alarm_arns) == len(of_type(deployment, ALARM_TYPE)) == 2
    assert all(a.startswith(f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:") for a in alarm_arns)
    assert "mail-bounce-rate" in alarm_arns[0] and "mail-complaint-rate" in alarm_arns[1]
    assert topic_policy.inputs["arn"].split(":")[4] == ACCOUNT
    assert policy_problems(document) == []


# --- lone surrogates ---------------------------------------------------------------------

BROKEN = "Hi \ud83d"
SURROGATE_CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "verification subject",
        {"verification_message": {"subject": BROKEN, "body": "Code {####}"}},
        "verification_message['subject']",
    ),
    (
        "verification body",
        {"verification_message": {"subject": "Hi", "body": f"Code {{####}} {BROKEN}"}},
        "verification_message['body']",
    ),
    (
        "invitation subject",
        {"invitation_message": {"subject": BROKEN, "body": "{username} {####}"}},
        "invitation_message['subject']",
    ),
    (
        "invitation body",
        {"invitation_message": {"subject": "Hi", "body": f"{{username}} {{####}} {BROKEN}"}},
        "invitation_message['body']",
    ),
    (
        "pool subject",
        {"user_pool_args": {"email_verification_subject": BROKEN}},
        "user_pool_args['email_verification_subject']",
    ),
    ("from_name", {"from_name": BROKEN}, "from_name"),
    ("tag key", {"tags": {BROKEN: "v"}}, "tags["),
    ("tag value", {"tags": {"team": BROKEN}}, "tags['team']"),
]


@pytest.mark.parametrize(
    ("case", "args", "argument"), SURROGATE_CASES, ids=[c[0] for c in SURROGATE_CASES]
)
def test_a_lone_surrogate_is_a_value_error_naming_the_argument(
    deployment: Deployment, case: str, args: dict[str, Any], argument: str
) -> None:
    text = _raised(deployment, sending_account="DEVELOPER", **args)
    assert text.startswith(argument) and "lone surrogate U+D83D" in text
    assert deployment.resources == {}


@pytest.mark.parametrize(
    ("case", "args", "argument"), SURROGATE_CASES[:4], ids=[c[0] for c in SURROGATE_CASES[:4]]
)
def test_a_lone_surrogate_in_a_message_output_stops_every_child(
    deployment: Deployment, case: str, args: dict[str, Any], argument: str
) -> None:
    [(key, message)] = args.items()
    late = {field: pulumi.Output.from_input(text) for field, text in message.items()}
    with pytest.raises(Exception) as raised:
        build(deployment, sending_account="DEVELOPER", **{key: late})
    text = error_text(raised.value)
    assert f"{argument}: holds a lone surrogate U+D83D" in text
    assert "codec can't encode" not in text
    assert set(deployment.resources) == {"mail"}
