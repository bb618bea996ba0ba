"""The reputation alarms' rules, checked without Pulumi against botocore's CloudWatch model."""

from __future__ import annotations

import re
from typing import Any

import pulumi_aws as aws
import pytest

from cognito_ses_email.rules import alarms as a
from cognito_ses_email.rules import notifications as n
from cognito_ses_email.rules import policies as p
from tests.rules.feedback_references import (
    ACCOUNT,
    IDENTITY,
    TOPIC,
    args_names,
    doc,
    input_shape,
    model_problems,
    parliament_findings,
)


def test_model_problems_does_catch_what_botocore_alone_lets_through() -> None:
    # Guards the checks below: a bad enum, too many actions, too long a description.
    shape = input_shape("cloudwatch", "PutMetricAlarm")
    base = {"AlarmName": "a", "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThan"}
    assert len(model_problems(base, shape)) == 1
    base["ComparisonOperator"] = "GreaterThanThreshold"
    assert model_problems(base, shape) == []
    assert model_problems({**base, "AlarmActions": [TOPIC] * 6}, shape) != []
    assert model_problems({**base, "AlarmDescription": "x" * 1025}, shape) != []


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
        re.findall(r"arn:aws:([a-z-]+):", doc("cloudwatch", "PutMetricAlarm", "AlarmActions"))
    )
    assert set(a.ALARM_ACTION_SERVICES) == documented
    assert input_shape("cloudwatch", "PutMetricAlarm").members["AlarmActions"].metadata == {
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
    names = args_names(aws.cloudwatch.MetricAlarmArgs)
    shape = input_shape("cloudwatch", "PutMetricAlarm")
    treat_missing = doc("cloudwatch", "PutMetricAlarm", "TreatMissingData")
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
        assert model_problems(request, shape) == []
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
    assert parliament_findings(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY], [arn])) == []
