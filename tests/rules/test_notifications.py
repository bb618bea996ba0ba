"""SES notifications and reputation alarms: the pure rules, checked without Pulumi.

References nobody here wrote: botocore's API models (SES, SNS, CloudWatch) and its
partition data, parliament, pulumi-aws's argument names, and the policy example in
the SES Developer Guide.
"""

from __future__ import annotations

import inspect
import json
import os
import re
from functools import cache
from typing import Any

import botocore
import botocore.exceptions
import botocore.session
import pulumi_aws as aws
import pytest
from botocore.validate import validate_parameters
from parliament import analyze_policy_string

from cognito_ses_email.rules import alarms as a
from cognito_ses_email.rules import notifications as n
from cognito_ses_email.rules import policies as p
from cognito_ses_email.rules.arns import TopicArn

ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:eu-west-1:{ACCOUNT}:ses-feedback"
IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/no-reply@example.com"
DOMAIN_IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/example.com"


@cache
def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def _input_shape(service: str, operation: str) -> Any:
    return _model(service).operation_model(operation).input_shape


def _doc(service: str, operation: str, member: str) -> str:
    return re.sub(r"<[^>]+>", "", _input_shape(service, operation).members[member].documentation)


def _model_problems(request: dict[str, Any], shape: Any) -> list[str]:
    """What botocore's model says is wrong with an API request.

    botocore's own validator checks required members, types and minimums; the enums,
    maximums and patterns of the model are checked here.
    """
    problems = []
    try:
        validate_parameters(request, shape)
    except botocore.exceptions.ParamValidationError as error:
        problems.append(str(error))
    for key, value in request.items():
        member = shape.members[key]
        meta = member.metadata
        if "enum" in meta and value not in meta["enum"]:
            problems.append(f"{key}={value!r} not in {meta['enum']}")
        size = value if member.type_name in ("integer", "long", "double") else len(value)
        if "max" in meta and size > meta["max"]:
            problems.append(f"{key} over {meta['max']}")
        if "pattern" in meta and not re.fullmatch(meta["pattern"], value):
            problems.append(f"{key}={value!r} does not match {meta['pattern']}")
        if member.type_name == "list":
            item_meta = member.member.metadata
            problems.extend(
                f"{key} item {item!r} outside {item_meta}"
                for item in value
                if not item_meta.get("min", 0) <= len(item) <= item_meta.get("max", 1 << 30)
            )
    return problems


def test_model_problems_does_catch_what_botocore_alone_lets_through() -> None:
    # Guards the checks below: a bad enum, too many actions, too long a description.
    shape = _input_shape("cloudwatch", "PutMetricAlarm")
    base = {"AlarmName": "a", "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThan"}
    assert len(_model_problems(base, shape)) == 1
    base["ComparisonOperator"] = "GreaterThanThreshold"
    assert _model_problems(base, shape) == []
    assert _model_problems({**base, "AlarmActions": [TOPIC] * 6}, shape) != []
    assert _model_problems({**base, "AlarmDescription": "x" * 1025}, shape) != []


def _parliament_findings(document: str) -> list[str]:
    findings = analyze_policy_string(
        document, ignore_private_auditors=True, include_community_auditors=True
    ).findings
    return [f"{f.issue}: {f.detail}" for f in findings]


def _args_names(args_class: Any) -> set[str]:
    """The keyword names of a pulumi-aws ``...Args`` class."""
    init = args_class.__dict__["__init__"]
    return set(inspect.signature(init).parameters) - {"__self__", "self"}


# --- notifications: the argument ---------------------------------------------------------


def test_left_out_notifications_are_none() -> None:
    assert n.check_notifications(None) is None


def test_empty_notifications_subscribe_to_bounces_and_complaints() -> None:
    checked = n.check_notifications({})
    assert checked == n.Notifications(
        types=("Bounce", "Complaint"), include_original_headers=False, topic_arn=None
    )
    assert n.DEFAULT_TYPES == ("Bounce", "Complaint")


def test_notification_types_are_the_ones_ses_accepts() -> None:
    shape = _input_shape("ses", "SetIdentityNotificationTopic")
    assert list(n.NOTIFICATION_TYPES) == shape.members["NotificationType"].metadata["enum"]


def test_types_come_back_in_one_order_whatever_the_input_order() -> None:
    checked = n.check_notifications({"types": ["Delivery", "Bounce"]})
    assert checked is not None and checked.types == ("Bounce", "Delivery")
    every = n.check_notifications({"types": ["Complaint", "Delivery", "Bounce"]})
    assert every is not None and every.types == n.NOTIFICATION_TYPES


def test_camel_case_keys_are_accepted() -> None:
    checked = n.check_notifications(
        {"topicArn": TOPIC, "includeOriginalHeaders": True, "types": ["Complaint"]}
    )
    assert checked == n.Notifications(("Complaint",), True, TOPIC)


@pytest.mark.parametrize(
    ("value", "argument", "says"),
    [
        ("Bounce", "notifications", "expected a dict"),
        ({"topic": TOPIC}, "notifications", "unknown key 'topic'"),
        ({"topic_arn": TOPIC, "topicArn": TOPIC}, "notifications", "given twice"),
        ({"types": "Bounce"}, "notifications['types']", "expected a list"),
        ({"types": []}, "notifications['types']", "leave notifications out"),
        ({"types": ["Bounces"]}, "notifications['types']", "'Bounces' is not a notification"),
        ({"types": ["bounce"]}, "notifications['types']", "'bounce' is not a notification"),
        ({"types": ["Bounce", "Bounce"]}, "notifications['types']", "listed twice"),
        (
            {"include_original_headers": "true"},
            "notifications['include_original_headers']",
            "expected True or False",
        ),
        (
            {"includeOriginalHeaders": 1},
            "notifications['includeOriginalHeaders']",
            "expected True or False",
        ),
        ({"topic_arn": "ses-feedback"}, "notifications['topic_arn']", "SNS topic ARN"),
        ({"topicArn": 42}, "notifications['topicArn']", "SNS topic ARN"),
    ],
)
def test_bad_notifications_name_the_argument(value: Any, argument: str, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        n.check_notifications(value)
    message = str(raised.value)
    assert message.startswith(f"{argument}: "), message
    assert says in message


def test_a_deferred_topic_arn_is_kept_for_checking_on_resolution() -> None:
    class Deferred:  # stands in for pulumi.Output, which this module must not import
        pass

    later = Deferred()
    checked = n.check_notifications(
        {"topic_arn": later}, is_deferred=lambda v: isinstance(v, Deferred)
    )
    assert checked is not None and checked.topic_arn is later
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: "):
        n.check_notifications({"topic_arn": later})  # not deferred: checked now


# --- topic ARNs -------------------------------------------------------------------------


def _partition_regions() -> list[tuple[str, str]]:
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
    with open(path) as file:
        data = json.load(file)
    pairs = []
    for partition in data["partitions"]:
        for region in partition["regions"]:
            if re.fullmatch(partition["regionRegex"], region):  # skips aws-global etc.
                pairs.append((partition["id"], region))
    return pairs


@pytest.mark.parametrize(("partition", "region"), _partition_regions())
def test_topic_arns_of_every_partition_and_region_botocore_knows(
    partition: str, region: str
) -> None:
    arn = f"arn:{partition}:sns:{region}:{ACCOUNT}:feedback"
    assert n.check_topic_arn(arn) == arn
    assert n.parse_topic_arn(arn) == TopicArn(partition, region, ACCOUNT, "feedback")


@pytest.mark.parametrize(
    "name", ["a", "A_b-9", "x" * 256, "Feedback_Topic-2024"], ids=["1", "mixed", "256", "long"]
)
def test_topic_names_sns_allows(name: str) -> None:
    # SNS CreateTopic: 1-256 ASCII letters, digits, '_' and '-'.
    assert "between 1 and 256 characters" in _doc("sns", "CreateTopic", "Name")
    arn = f"arn:aws:sns:us-east-1:{ACCOUNT}:{name}"
    assert n.check_topic_arn(arn) == arn


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:sns:us-east-1:{ACCOUNT}:" + "x" * 257,
        f"arn:aws:sns:us-east-1:{ACCOUNT}:bad.name",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:bad name",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:",
        "arn:aws:sns:us-east-1:12345678901:feedback",
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:feedback",
        f"arn:aws:sns::{ACCOUNT}:feedback",
        f"arn:azure:sns:us-east-1:{ACCOUNT}:feedback",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:feedback:subscription-id",
        f" arn:aws:sns:us-east-1:{ACCOUNT}:feedback",
    ],
)
def test_malformed_topic_arns_are_refused(arn: str) -> None:
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: expected an SNS topic"):
        n.check_topic_arn(arn)


def test_fifo_topics_are_refused_because_ses_publishes_only_to_standard_topics() -> None:
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: .*FIFO.*Standard"):
        n.check_topic_arn(f"arn:aws:sns:us-east-1:{ACCOUNT}:feedback.fifo")


def test_a_topic_outside_the_ses_region_is_refused() -> None:
    assert n.check_topic_arn(TOPIC, ses_region="eu-west-1") == TOPIC
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: .*eu-west-1.*us-east-1"):
        n.check_topic_arn(TOPIC, ses_region="us-east-1")


# --- IdentityNotificationTopic arguments ---------------------------------------------------


def test_one_identity_notification_topic_per_type_with_pulumi_aws_names() -> None:
    checked = n.check_notifications({"types": ["Bounce", "Complaint", "Delivery"]})
    assert checked is not None
    per_type = n.notification_topic_kwargs(
        checked.types,
        include_original_headers=checked.include_original_headers,
        identity="example.com",
        topic_arn=TOPIC,
        region="eu-west-1",
    )
    assert list(per_type) == ["Bounce", "Complaint", "Delivery"]
    names = _args_names(aws.ses.IdentityNotificationTopicArgs)
    shape = _input_shape("ses", "SetIdentityNotificationTopic")
    for notification_type, kwargs in per_type.items():
        assert set(kwargs) <= names
        assert kwargs["notification_type"] == notification_type
        assert kwargs["region"] == "eu-west-1"
        # The same values as SES's own API call, checked against SES's model.
        request = {
            "Identity": kwargs["identity"],
            "NotificationType": kwargs["notification_type"],
            "SnsTopic": kwargs["topic_arn"],
        }
        assert _model_problems(request, shape) == []


def test_region_is_left_out_when_not_given_and_headers_follow_the_setting() -> None:
    checked = n.check_notifications({"include_original_headers": True})
    assert checked is not None
    per_type = n.notification_topic_kwargs(
        checked.types,
        include_original_headers=checked.include_original_headers,
        identity=IDENTITY,
        topic_arn=TOPIC,
    )
    assert all("region" not in kwargs for kwargs in per_type.values())
    assert all(kwargs["include_original_headers"] is True for kwargs in per_type.values())


# --- the topic policy -----------------------------------------------------------------


def test_topic_policy_is_the_statement_the_ses_guide_documents() -> None:
    # configure-sns-notifications.html, placeholders filled in; condition keys in
    # lower case as this project writes them, the Id left out.
    documented = {
        "Effect": "Allow",
        "Principal": {"Service": "ses.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": TOPIC,
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT, "aws:SourceArn": IDENTITY}},
    }
    document = json.loads(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY]))
    assert document["Version"] == "2012-10-17"
    [statement] = document["Statement"]
    assert {k: v for k, v in statement.items() if k != "Sid"} == documented
    assert statement["Sid"].isalnum()


def test_topic_policy_trusts_only_ses_and_only_to_publish() -> None:
    document = json.loads(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY, DOMAIN_IDENTITY]))
    [statement] = document["Statement"]
    assert statement["Principal"] == {"Service": "ses.amazonaws.com"}  # one principal
    assert statement["Action"].lower() == "sns:publish"
    assert statement["Effect"] == "Allow"
    conditions = statement["Condition"]["StringEquals"]
    assert conditions["aws:SourceAccount"] == ACCOUNT
    assert conditions["aws:SourceArn"] == sorted([IDENTITY, DOMAIN_IDENTITY])


@pytest.mark.parametrize(
    ("identities", "alarms"),
    [
        ([IDENTITY], []),
        ([IDENTITY, DOMAIN_IDENTITY], []),
        ([DOMAIN_IDENTITY], [a.alarm_arn("aws", "eu-west-1", ACCOUNT, "pool-ses-bounce-rate")]),
        ([DOMAIN_IDENTITY], [a.alarm_arn("aws", "eu-west-1", ACCOUNT)]),
    ],
)
def test_topic_policy_passes_parliament(identities: list[str], alarms: list[str]) -> None:
    document = p.topic_policy(TOPIC, ACCOUNT, identities, alarms)
    assert _parliament_findings(document) == []
    keys = [
        key
        for statement in json.loads(document)["Statement"]
        for operator in statement["Condition"].values()
        for key in operator
    ]
    assert keys and all(key.startswith("aws:") for key in keys)


def test_parliament_does_flag_a_broken_topic_policy() -> None:
    # Guards the test above: parliament reads these documents and finds real faults.
    broken = p.topic_policy(TOPIC, ACCOUNT, [IDENTITY]).replace("sns:Publish", "sns:Publishes")
    assert _parliament_findings(broken) != []


def test_topic_policy_is_byte_identical_for_the_same_input() -> None:
    first = p.topic_policy(TOPIC, ACCOUNT, [IDENTITY, DOMAIN_IDENTITY])
    assert first == p.topic_policy(TOPIC, ACCOUNT, [IDENTITY, DOMAIN_IDENTITY])
    assert first == p.topic_policy(TOPIC, ACCOUNT, [DOMAIN_IDENTITY, IDENTITY, IDENTITY])
    assert ": " not in first and ", " not in first  # compact


def test_topic_policy_lets_the_alarms_publish_when_asked() -> None:
    alarm = a.alarm_arn("aws", "eu-west-1", ACCOUNT, "pool-ses-bounce-rate")
    assert alarm == f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm:pool-ses-bounce-rate"
    document = json.loads(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY], [alarm]))
    ses, cloudwatch = document["Statement"]
    assert ses["Principal"] == {"Service": "ses.amazonaws.com"}
    assert cloudwatch["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert cloudwatch["Action"] == "sns:Publish"
    assert cloudwatch["Resource"] == TOPIC
    assert cloudwatch["Condition"] == {"ArnLike": {"aws:SourceArn": alarm}}


@pytest.mark.parametrize(
    ("topic", "account", "identities", "alarms", "argument"),
    [
        (f"{TOPIC}.fifo", ACCOUNT, [IDENTITY], [], "topic_arn"),
        ("ses-feedback", ACCOUNT, [IDENTITY], [], "topic_arn"),
        (TOPIC, "12345", [IDENTITY], [], "account"),
        (TOPIC, ACCOUNT, [], [], "identity_arns"),
        (TOPIC, ACCOUNT, IDENTITY, [], "identity_arns"),
        (TOPIC, ACCOUNT, ["no-reply@example.com"], [], "identity_arns"),
        (TOPIC, ACCOUNT, [IDENTITY.replace("eu-west-1", "us-east-1")], [], "identity_arns"),
        (TOPIC, ACCOUNT, [IDENTITY], ["arn:aws:cloudwatch:us-east-1:1:alarm:x"], "alarm_arns"),
        (TOPIC, ACCOUNT, [IDENTITY], [a.alarm_arn("aws", "eu-west-1", ACCOUNT, "")], "alarm_arns"),
    ],
)
def test_topic_policy_refuses_inputs_that_would_not_work(
    topic: str, account: str, identities: Any, alarms: list[str], argument: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{argument}: "):
        p.topic_policy(topic, account, identities, alarms)


# --- alarms: the argument ---------------------------------------------------------------

NOTIFY = n.Notifications(n.DEFAULT_TYPES, False, None)


def test_review_and_pause_rates_are_the_ones_ses_publishes() -> None:
    # faqs-enforcement.html and reputationdashboardmessages.html: review at 5% / 0.1%,
    # possible pause at 10% / 0.5%.
    assert (a.BOUNCE_REVIEW_RATE, a.BOUNCE_PAUSE_RATE) == (0.05, 0.10)
    assert (a.COMPLAINT_REVIEW_RATE, a.COMPLAINT_PAUSE_RATE) == (0.001, 0.005)


def test_default_thresholds_alarm_before_ses_reviews_the_account() -> None:
    alarms = a.check_alarms({}, developer=True, notifications=NOTIFY)
    assert alarms is not None
    bounce, complaint = alarms.specs
    assert bounce.metric_name == "Reputation.BounceRate"
    assert complaint.metric_name == "Reputation.ComplaintRate"
    assert 0 < bounce.threshold < a.BOUNCE_REVIEW_RATE
    assert 0 < complaint.threshold < a.COMPLAINT_REVIEW_RATE
    assert alarms.actions is None  # the notification topic


def test_alarm_settings_follow_aws_alarm_procedure() -> None:
    alarms = a.check_alarms({}, developer=True, notifications=NOTIFY)
    assert alarms is not None
    for spec in alarms.specs:
        assert spec.namespace == "AWS/SES"
        assert spec.comparison_operator == "GreaterThanOrEqualToThreshold"  # "Greater/Equal"
        assert spec.treat_missing_data == "notBreaching"  # no mail is no reputation problem
        assert spec.period == 3600 and spec.evaluation_periods == 1
        assert spec.statistic == "Average"


def test_custom_thresholds_and_camel_case_keys() -> None:
    alarms = a.check_alarms(
        {"bounceRate": 0.02, "complaint_rate": 0.0005},
        developer=True,
        notifications=NOTIFY,
    )
    assert alarms is not None
    assert [spec.threshold for spec in alarms.specs] == [0.02, 0.0005]
    assert [spec.key for spec in alarms.specs] == ["bounce_rate", "complaint_rate"]


def test_alarms_are_refused_in_cognito_default_mode_with_the_reason() -> None:
    with pytest.raises(ValueError) as raised:
        a.check_alarms({}, developer=False, notifications=NOTIFY)
    message = str(raised.value)
    assert message.startswith("alarms: needs sending_account='DEVELOPER'")
    assert "Cognito sends through its own SES account" in message
    assert "reputation metrics do not measure" in message


def test_left_out_alarms_are_none_in_either_mode() -> None:
    assert a.check_alarms(None, developer=False) is None
    assert a.check_alarms(None, developer=True) is None


@pytest.mark.parametrize(
    ("value", "argument", "says"),
    [
        ([], "alarms", "expected a dict"),
        ({"bounce": 0.02}, "alarms", "unknown key 'bounce'"),
        ({"bounce_rate": 0.02, "bounceRate": 0.02}, "alarms", "given twice"),
        ({"bounce_rate": True}, "alarms['bounce_rate']", "expected a ratio"),
        ({"bounce_rate": "0.02"}, "alarms['bounce_rate']", "expected a ratio"),
        ({"bounce_rate": float("nan")}, "alarms['bounce_rate']", "expected a ratio"),
        ({"bounce_rate": float("inf")}, "alarms['bounce_rate']", "expected a ratio"),
        ({"bounce_rate": 0}, "alarms['bounce_rate']", "above 0"),
        ({"bounce_rate": -0.01}, "alarms['bounce_rate']", "above 0"),
        ({"bounce_rate": 5}, "alarms['bounce_rate']", "0.05 means 5%"),
        ({"bounce_rate": 1.0}, "alarms['bounce_rate']", "below 0.1"),
        ({"bounce_rate": 0.1}, "alarms['bounce_rate']", "below 0.1"),
        ({"complaintRate": 0.005}, "alarms['complaintRate']", "below 0.005"),
        ({"complaint_rate": False}, "alarms['complaint_rate']", "expected a ratio"),
        ({"actions": []}, "alarms['actions']", "leave it out"),
        ({"actions": TOPIC}, "alarms['actions']", "expected a list"),
        ({"actions": ["my-topic"]}, "alarms['actions']", "not a CloudWatch alarm action"),
        (
            {"actions": [f"arn:aws:sqs:eu-west-1:{ACCOUNT}:queue"]},
            "alarms['actions']",
            "not a CloudWatch alarm action",
        ),
        ({"actions": [TOPIC, TOPIC]}, "alarms['actions']", "twice"),
        ({"actions": [f"{TOPIC}{i}" for i in range(6)]}, "alarms['actions']", "at most 5"),
    ],
)
def test_bad_alarms_name_the_argument(value: Any, argument: str, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        a.check_alarms(value, developer=True, notifications=NOTIFY)
    message = str(raised.value)
    assert message.startswith(f"{argument}: "), message
    assert says in message


def test_alarms_without_actions_need_a_notification_topic() -> None:
    with pytest.raises(ValueError, match=r"^alarms: .*alarms\['actions'\].*notifications"):
        a.check_alarms({}, developer=True, notifications=None)
    given = a.check_alarms({"actions": [TOPIC]}, developer=True, notifications=None)
    assert given is not None and given.actions == (TOPIC,)


@pytest.mark.parametrize(
    "action",
    [
        TOPIC,
        f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:pause-sending",
        f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:pause-sending:live",
        f"arn:aws:ssm:eu-west-1:{ACCOUNT}:opsitem:2#CATEGORY=Security",
        f"arn:aws:ssm-incidents::{ACCOUNT}:response-plan/email",
        "arn:aws-cn:sns:cn-north-1:123456789012:alerts",
        "arn:aws:automate:eu-west-1:ec2:stop",
    ],
)
def test_alarm_actions_cloudwatch_documents(action: str) -> None:
    alarms = a.check_alarms({"actions": [action]}, developer=True)
    assert alarms is not None and alarms.actions == (action,)


def test_alarm_action_services_are_the_ones_cloudwatch_documents() -> None:
    documented = set(
        re.findall(r"arn:aws:([a-z-]+):", _doc("cloudwatch", "PutMetricAlarm", "AlarmActions"))
    )
    assert set(a.ALARM_ACTION_SERVICES) == documented
    assert _input_shape("cloudwatch", "PutMetricAlarm").members["AlarmActions"].metadata == {
        "max": a.MAX_ALARM_ACTIONS
    }


# --- MetricAlarm arguments --------------------------------------------------------------

# pulumi-aws keyword -> PutMetricAlarm member, for checking values against botocore.
_PUT_METRIC_ALARM = {
    "name": "AlarmName",
    "namespace": "Namespace",
    "metric_name": "MetricName",
    "statistic": "Statistic",
    "period": "Period",
    "evaluation_periods": "EvaluationPeriods",
    "datapoints_to_alarm": "DatapointsToAlarm",
    "threshold": "Threshold",
    "comparison_operator": "ComparisonOperator",
    "treat_missing_data": "TreatMissingData",
    "alarm_description": "AlarmDescription",
    "alarm_actions": "AlarmActions",
}


@pytest.mark.parametrize("rates", [{}, {"bounce_rate": 0.099, "complaint_rate": 0.0001}])
def test_alarm_kwargs_are_valid_metric_alarm_arguments(rates: dict[str, float]) -> None:
    alarms = a.check_alarms(rates, developer=True, notifications=NOTIFY)
    assert alarms is not None
    names = _args_names(aws.cloudwatch.MetricAlarmArgs)
    shape = _input_shape("cloudwatch", "PutMetricAlarm")
    treat_missing = _doc("cloudwatch", "PutMetricAlarm", "TreatMissingData")
    valid_missing = re.search(r"Valid Values: ([\w |]+)", treat_missing)
    assert valid_missing is not None
    for spec in alarms.specs:
        name = a.alarm_name("my-pool", spec)
        kwargs = a.alarm_kwargs(spec, [TOPIC], name=name, region="eu-west-1")
        assert set(kwargs) <= names
        assert kwargs["region"] == "eu-west-1" and kwargs["alarm_actions"] == [TOPIC]
        assert "ok_actions" not in kwargs
        request = {
            _PUT_METRIC_ALARM[key]: value for key, value in kwargs.items() if key != "region"
        }
        assert _model_problems(request, shape) == []
        assert kwargs["treat_missing_data"] in valid_missing.group(1).split(" | ")
        # PutMetricAlarm: Period 10, 20, 30 or a multiple of 60; at most 7 days evaluated.
        assert kwargs["period"] % 60 == 0
        assert kwargs["period"] * kwargs["evaluation_periods"] <= 604_800


def test_alarm_kwargs_leave_out_name_and_region_when_not_given() -> None:
    alarms = a.check_alarms({}, developer=True, notifications=NOTIFY)
    assert alarms is not None
    kwargs = a.alarm_kwargs(alarms.specs[0], [TOPIC])
    assert "name" not in kwargs and "region" not in kwargs
    assert kwargs["namespace"] == "AWS/SES" and kwargs["metric_name"] == "Reputation.BounceRate"


def test_alarm_descriptions_say_the_threshold_and_where_to_read() -> None:
    alarms = a.check_alarms({"bounce_rate": 0.03}, developer=True, notifications=NOTIFY)
    assert alarms is not None
    bounce, complaint = alarms.specs
    assert "3.00%" in bounce.alarm_description and "5.0%" in bounce.alarm_description
    assert "0.08%" in complaint.alarm_description and "0.1%" in complaint.alarm_description
    assert all("faqs-enforcement" in s.alarm_description for s in alarms.specs)


def test_alarm_names_are_safe_distinct_and_fit_cloudwatch() -> None:
    alarms = a.check_alarms({}, developer=True, notifications=NOTIFY)
    assert alarms is not None
    for prefix in ["pool", "my pool*?", "x" * 400, "***"]:
        names = [a.alarm_name(prefix, spec) for spec in alarms.specs]
        assert len(set(names)) == 2
        for name in names:
            assert re.fullmatch(r"[A-Za-z0-9._-]{1,255}", name), name
    assert a.alarm_name("pool", alarms.specs[0]) == "pool-ses-bounce-rate"
    # A generated name fits the topic policy's alarm statement.
    arn = a.alarm_arn("aws", "eu-west-1", ACCOUNT, a.alarm_name("my pool*?", alarms.specs[1]))
    assert _parliament_findings(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY], [arn])) == []


def test_topic_policy_for_an_identity_of_another_account() -> None:
    """An adopted identity of another account publishes to a topic in this one: the
    condition names the identity's account, not the topic's."""
    other = "210987654321"
    identity = f"arn:aws:ses:eu-west-1:{other}:identity/example.com"
    document = json.loads(p.topic_policy(TOPIC, other, [identity]))
    condition = document["Statement"][0]["Condition"]["StringEquals"]
    assert condition == {"aws:SourceAccount": other, "aws:SourceArn": identity}
