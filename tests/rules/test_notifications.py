"""The rules of notifications and alarms, checked without Pulumi against botocore's SES, SNS
and CloudWatch models."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import botocore
import pulumi_aws as aws
import pytest

from cognito_ses_email.rules import notifications as n
from cognito_ses_email.rules import policies as p
from cognito_ses_email.rules.arns import IdentityArn, parse_topic_arn
from tests.aws_checks import args_names, doc, input_shape, model_problems, parliament_findings

ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:eu-west-1:{ACCOUNT}:ses-feedback"
IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/no-reply@example.com"

ARG = "notifications['topic_arn']"


def test_notification_types_are_the_ones_ses_accepts() -> None:
    shape = input_shape("ses", "SetIdentityNotificationTopic")
    assert list(n.NOTIFICATION_TYPES) == shape.members["NotificationType"].metadata["enum"]
    assert n.DEFAULT_TYPES == ("Bounce", "Complaint")


def test_types_come_back_in_one_order_whatever_the_input_order() -> None:
    assert n.check_types("t", ["Delivery", "Bounce"]) == ("Bounce", "Delivery")
    assert n.check_types("t", ["Complaint", "Delivery", "Bounce"]) == n.NOTIFICATION_TYPES


@pytest.mark.parametrize(
    ("check", "value", "says"),
    [
        (n.check_types, "Bounce", "expected a list"),
        (n.check_types, [], "leave notifications out"),
        (n.check_types, ["Bounces"], "'Bounces' is not a notification"),
        (n.check_types, ["bounce"], "'bounce' is not a notification"),
        (n.check_types, ["Bounce", "Bounce"], "listed twice"),
        (n.check_flag, "true", "expected True or False"),
        (n.check_flag, 1, "expected True or False"),
        (n.check_topic_arn, "ses-feedback", "SNS topic ARN"),
        (n.check_topic_arn, 42, "SNS topic ARN"),
    ],
)
def test_bad_notifications_name_the_argument(check: Any, value: Any, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        check("notifications['x']", value)
    message = str(raised.value)
    assert message.startswith("notifications['x']: "), message
    assert says in message


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
    assert n.check_topic_arn(ARG, arn) == arn
    assert parse_topic_arn(arn) == IdentityArn(partition, region, ACCOUNT, "feedback")


@pytest.mark.parametrize(
    "name", ["a", "A_b-9", "x" * 256, "Feedback_Topic-2024"], ids=["1", "mixed", "256", "long"]
)
def test_topic_names_sns_allows(name: str) -> None:
    # SNS CreateTopic: 1-256 ASCII letters, digits, '_' and '-'.
    assert "between 1 and 256 characters" in doc("sns", "CreateTopic", "Name")
    arn = f"arn:aws:sns:us-east-1:{ACCOUNT}:{name}"
    assert n.check_topic_arn(ARG, arn) == arn


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
        n.check_topic_arn(ARG, arn)


def test_fifo_topics_are_refused_because_ses_publishes_only_to_standard_topics() -> None:
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: .*FIFO.*Standard"):
        n.check_topic_arn(ARG, f"arn:aws:sns:us-east-1:{ACCOUNT}:feedback.fifo")


def test_a_topic_outside_the_ses_region_is_refused() -> None:
    assert n.check_topic_arn(ARG, TOPIC, "eu-west-1") == TOPIC
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: .*eu-west-1.*us-east-1"):
        n.check_topic_arn(ARG, TOPIC, "us-east-1")


# --- the reputation alarms ----------------------------------------------------------------


def test_model_problems_does_catch_what_botocore_alone_lets_through() -> None:
    # Guards the checks here: a bad enum, too many actions, too long a description.
    shape = input_shape("cloudwatch", "PutMetricAlarm")
    base = {"AlarmName": "a", "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThan"}
    assert len(model_problems(base, shape)) == 1
    base["ComparisonOperator"] = "GreaterThanThreshold"
    assert model_problems(base, shape) == []
    assert model_problems({**base, "AlarmActions": [TOPIC] * 6}, shape) != []
    assert model_problems({**base, "AlarmDescription": "x" * 1025}, shape) != []


def test_review_and_pause_rates_are_the_ones_ses_publishes() -> None:
    # faqs-enforcement.html and reputationdashboardmessages.html: review at 5% / 0.1%,
    # possible pause at 10% / 0.5%.
    assert [alarm[4:] for alarm in n.ALARMS] == [(0.05, 0.10), (0.001, 0.005)]


def test_default_thresholds_alarm_before_ses_reviews_the_account() -> None:
    assert [alarm[1] for alarm in n.ALARMS] == ["Reputation.BounceRate", "Reputation.ComplaintRate"]
    for _, _, _, default, review, pause in n.ALARMS:
        assert 0 < default < review < pause
        assert n.check_rate("r", default, pause) == default


def test_alarm_settings_follow_aws_alarm_procedure() -> None:
    settings = n.ALARM_SETTINGS
    assert settings["namespace"] == "AWS/SES"
    assert settings["comparison_operator"] == "GreaterThanOrEqualToThreshold"  # "Greater/Equal"
    assert settings["treat_missing_data"] == "notBreaching"  # no mail is no reputation problem
    assert settings["period"] == 3600 and settings["evaluation_periods"] == 1
    assert settings["datapoints_to_alarm"] == settings["evaluation_periods"]
    assert settings["statistic"] == "Average"
    assert set(settings) <= args_names(aws.cloudwatch.MetricAlarmArgs)
    treat_missing = doc("cloudwatch", "PutMetricAlarm", "TreatMissingData")
    valid_missing = re.search(r"Valid Values: ([\w |]+)", treat_missing)
    assert valid_missing is not None
    assert settings["treat_missing_data"] in valid_missing.group(1).split(" | ")


def test_the_refusals_in_cognito_default_mode_and_without_actions_say_why() -> None:
    assert n.NEEDS_DEVELOPER.startswith("needs sending_account='DEVELOPER'")
    assert "Cognito sends through its own SES account" in n.NEEDS_DEVELOPER
    assert "reputation metrics do not measure" in n.NEEDS_DEVELOPER
    assert "alarms['actions']" in n.NEEDS_ACTIONS and "notifications" in n.NEEDS_ACTIONS


@pytest.mark.parametrize(
    ("value", "pause", "says"),
    [
        (True, 0.1, "expected a ratio"),
        ("0.02", 0.1, "expected a ratio"),
        (float("nan"), 0.1, "expected a ratio"),
        (float("inf"), 0.1, "expected a ratio"),
        (0, 0.1, "above 0"),
        (-0.01, 0.1, "above 0"),
        (5, 0.1, "0.05 means 5%"),
        (1.0, 0.1, "below 0.1"),
        (0.1, 0.1, "below 0.1"),
        (0.005, 0.005, "below 0.005"),
        (False, 0.005, "expected a ratio"),
    ],
)
def test_bad_rates_name_the_argument(value: Any, pause: float, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        n.check_rate("alarms['bounce_rate']", value, pause)
    message = str(raised.value)
    assert message.startswith("alarms['bounce_rate']: "), message
    assert says in message


def test_a_whole_float_rate_from_the_engine_is_a_number() -> None:
    assert n.check_rate("r", 0.03, 0.1) == 0.03
    with pytest.raises(ValueError, match="above 0"):
        n.check_rate("r", 0.0, 0.1)  # the engine's 0.0 is 0


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ([], "leave it out"),
        (TOPIC, "expected a list"),
        (["my-topic"], "not a CloudWatch alarm action"),
        ([f"arn:aws:sqs:eu-west-1:{ACCOUNT}:queue"], "not a CloudWatch alarm action"),
        ([TOPIC, TOPIC], "twice"),
        ([f"{TOPIC}{i}" for i in range(6)], "at most 5"),
    ],
)
def test_bad_alarm_actions_name_the_argument(value: Any, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        n.check_alarm_actions("alarms['actions']", value)
    message = str(raised.value)
    assert message.startswith("alarms['actions']: "), message
    assert says in message


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
    assert n.check_alarm_actions("alarms['actions']", [action]) == [action]


def test_alarm_action_services_are_the_ones_cloudwatch_documents() -> None:
    documented = set(
        re.findall(r"arn:aws:([a-z-]+):", doc("cloudwatch", "PutMetricAlarm", "AlarmActions"))
    )
    assert set(n.ALARM_ACTION_SERVICES) == documented
    assert input_shape("cloudwatch", "PutMetricAlarm").members["AlarmActions"].metadata == {
        "max": n.MAX_ALARM_ACTIONS
    }


def test_alarm_actions_of_another_partition_are_refused() -> None:
    n.check_action_partition("alarms['actions']", [TOPIC], "us-east-1")
    china = "arn:aws-cn:sns:cn-north-1:123456789012:alerts"
    n.check_action_partition("alarms['actions']", [china], "cn-north-1")
    with pytest.raises(ValueError, match=r"^alarms\['actions'\]: .*partition aws-cn.*us-east-1"):
        n.check_action_partition("alarms['actions']", [TOPIC, china], "us-east-1")


def test_alarm_descriptions_say_the_threshold_and_where_to_read() -> None:
    bounce = n.alarm_description("bounce", 0.05, 0.03)
    complaint = n.alarm_description("complaint", 0.001, 0.0008)
    assert "3.00%" in bounce and "5.0%" in bounce
    assert "0.08%" in complaint and "0.1%" in complaint
    shape = input_shape("cloudwatch", "PutMetricAlarm").members["AlarmDescription"]
    for description in (bounce, complaint):
        assert "faqs-enforcement" in description
        assert len(description) <= shape.metadata["max"]


def test_a_component_alarm_arn_fits_the_topic_policy() -> None:
    arn = f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm:my pool*?-bounce-rate-1a2b3c4"
    assert parliament_findings(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY], [arn])) == []


def test_the_identity_shared_between_two_components_is_named_with_the_fix() -> None:
    problem = n.shared_identity_problem("no-reply@example.com", "us-east-1", "a", "b")
    assert problem.startswith("components 'a' and 'b' both send the notifications of the SES ")
    assert "'no-reply@example.com' in us-east-1" in problem
    assert "leave notifications out of 'b'" in problem and "docs/operations.md" in problem
