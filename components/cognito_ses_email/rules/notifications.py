"""The rules of ``notifications`` and ``alarms`` (pure; sources: docs/operations.md)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from . import regions
from .arns import arn_problem, parse_arn, parse_topic_arn
from .errors import argument_error, whole_number

#: SetIdentityNotificationTopic's NotificationType values (SES API reference).
NOTIFICATION_TYPES: tuple[str, ...] = ("Bounce", "Complaint", "Delivery")
#: Without ``types``: the two events that make up the reputation SES reviews.
DEFAULT_TYPES: tuple[str, ...] = ("Bounce", "Complaint")

#: Each alarm: its rate's key, metric, the word for its events, default threshold, and the
#: rates SES reviews an account at and may pause its sending at. The defaults are 80% of the
#: review rates: room to act before a review begins.
ALARMS = (
    ("bounce_rate", "Reputation.BounceRate", "bounce", 0.04, 0.05, 0.10),
    ("complaint_rate", "Reputation.ComplaintRate", "complaint", 0.0008, 0.001, 0.005),
)

#: The rest of every alarm (aws.cloudwatch.MetricAlarm's arguments; why: docs/operations.md).
ALARM_SETTINGS: dict[str, Any] = {
    "namespace": "AWS/SES",
    "statistic": "Average",
    "period": 3600,
    "evaluation_periods": 1,
    "datapoints_to_alarm": 1,
    "comparison_operator": "GreaterThanOrEqualToThreshold",
    "treat_missing_data": "notBreaching",
}
#: PutMetricAlarm: at most 5 AlarmActions, ARNs of these services (botocore's model).
MAX_ALARM_ACTIONS = 5
ALARM_ACTION_SERVICES = ("aiops", "automate", "autoscaling", "lambda", "sns", "ssm",
                         "ssm-incidents", "swf")  # fmt: skip

NEEDS_DEVELOPER = (
    "needs sending_account='DEVELOPER': in COGNITO_DEFAULT mode Cognito sends through its "
    "own SES account, and SES records bounces and complaints against the sender's account, "
    "so your account's reputation metrics do not measure this mail; use notifications to "
    "see its bounces and complaints"
)
NEEDS_ACTIONS = (
    "has no actions and there is no notification topic to notify; set alarms['actions'] to "
    "a list of ARNs, or set notifications"
)


def check_topic_arn(argument: str, value: Any, ses_region: str | None = None) -> str:
    """The ARN of a Standard SNS topic SES can publish to, in ``ses_region`` when known."""
    parsed = parse_topic_arn(value)
    if parsed is None:
        why = arn_problem(value)
        raise argument_error(
            argument,
            "expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ses-feedback "
            f"(name: 1-256 letters, digits, '-' or '_'), got {value!r}"
            + (f": {why}" if why else ""),
        )
    if parsed.name.endswith(".fifo"):
        raise argument_error(
            argument,
            f"{value!r} is a FIFO topic; SES publishes only to Standard topics, "
            "so give a Standard topic or leave topic_arn out to let the component create one",
        )
    if ses_region is not None and parsed.region != ses_region:
        raise argument_error(
            argument,
            f"the topic is in {parsed.region} but the SES identity is in {ses_region}; "
            "SES publishes only to topics in its own Region",
        )
    return str(value)


def check_types(argument: str, value: Any) -> tuple[str, ...]:
    """A non-empty list of distinct NOTIFICATION_TYPES, in their order (stable names)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise argument_error(
            argument, f"expected a list such as ['Bounce', 'Complaint'], got {value!r}"
        )
    if not value:
        raise argument_error(
            argument,
            "is empty; list at least one of 'Bounce', 'Complaint', 'Delivery', "
            "or leave notifications out",
        )
    for index, item in enumerate(value):
        if item not in NOTIFICATION_TYPES:
            raise argument_error(
                argument,
                f"{item!r} is not a notification type; use "
                + ", ".join(map(repr, NOTIFICATION_TYPES)),
            )
        if item in value[:index]:
            raise argument_error(argument, f"{item!r} is listed twice")
    return tuple(kind for kind in NOTIFICATION_TYPES if kind in value)


def check_flag(argument: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise argument_error(argument, f"expected True or False, got {value!r}")
    return value


def check_rate(argument: str, value: Any, pause_rate: float) -> float:
    """A threshold: a number above 0 and below the rate SES may pause sending at."""
    value = whole_number(value)  # the engine's 0.0 is 0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise argument_error(argument, f"expected a ratio such as 0.04 (4%), got {value!r}")
    if not 0 < value < pause_rate:
        raise argument_error(
            argument,
            f"must be a ratio above 0 and below {pause_rate} (SES may pause sending at "
            f"{pause_rate:.1%}); 0.05 means 5%, got {value!r}",
        )
    return float(value)


def check_alarm_actions(argument: str, value: Any) -> list[str]:
    """1-5 distinct alarm action ARNs (SNS topics, Lambda functions, SSM, ...)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise argument_error(argument, f"expected a list of ARNs, got {value!r}")
    if not value:
        raise argument_error(
            argument, "is empty; leave it out to notify the notification topic, or list ARNs"
        )
    if len(value) > MAX_ALARM_ACTIONS:
        raise argument_error(
            argument, f"CloudWatch takes at most {MAX_ALARM_ACTIONS} actions, got {len(value)}"
        )
    for item in value:
        arn = parse_arn(item)
        if arn is None or len(item) > 1024 or arn.service not in ALARM_ACTION_SERVICES:
            why = arn_problem(item)
            raise argument_error(
                argument,
                f"{item!r} is not a CloudWatch alarm action; give an ARN of an SNS topic, "
                "Lambda function, SSM OpsItem/response plan or EC2/Auto Scaling action"
                + (f" ({why})" if why else ""),
            )
    if len(set(value)) != len(value):
        raise argument_error(argument, "lists an action twice")
    return list(value)


def check_action_partition(argument: str, actions: Any, region: str) -> None:
    """CloudWatch takes alarm actions of the alarms' own partition only."""
    partition = regions.partition_of(region)
    for action in actions if isinstance(actions, (list, tuple)) else ():  # else: refused
        arn = parse_arn(action)
        if partition is not None and arn is not None and arn.partition != partition:
            raise argument_error(
                argument,
                f"{action!r} is in partition {arn.partition}, and the alarms are in {region} "
                f"(partition {partition}, the SES identity's Region): CloudWatch takes alarm "
                f"actions of the alarm's own partition only; give ARNs of partition {partition}",
            )


def alarm_description(what: str, review: float, threshold: float) -> str:
    return (
        f"The SES account's {what} rate in this Region reached {threshold:.2%} "
        f"(SES reviews the account at {review:.1%}). Find the cause in the "
        f"{what} notifications and stop it; see "
        "https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html"
    )


def shared_identity_problem(identity: str, region: str, first: str, second: str) -> str:
    """Why two components may not both send one identity's notifications, and the fix."""
    return (
        f"components {first!r} and {second!r} both send the notifications of the SES "
        f"identity {identity!r} in {region}; SES keeps one topic per identity and type, "
        "so each `pulumi up` would overwrite the other's and destroying either would clear "
        f"both. Let {first!r} own them: leave notifications out of {second!r} and "
        f"subscribe to {first!r}'s notification_topic_arn (docs/operations.md)"
    )
