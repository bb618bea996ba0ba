"""CloudWatch alarms on SES's reputation metrics: thresholds, actions, names (pure).

Sources and reasoning: docs/operations.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import regions
from .arns import arn_problem, parse_arn
from .errors import argument_error, whole_number
from .keys import items_by_name

if TYPE_CHECKING:
    from .notifications import Notifications


def alarm_arn(partition: str, region: str, account: str, name: str = "*") -> str:
    """``arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME``; ``*`` for every alarm."""
    return f"arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}"


#: SES places an account under review at these rates, and may pause its sending at
#: the pause rates (sources: docs/operations.md).
BOUNCE_REVIEW_RATE = 0.05
BOUNCE_PAUSE_RATE = 0.10
COMPLAINT_REVIEW_RATE = 0.001
COMPLAINT_PAUSE_RATE = 0.005
#: Default alarm thresholds: 80% of the review rates. AWS's own example alarms at the
#: review rate itself, when the review has already begun; 4% / 0.08% leaves room to
#: act first, and stays above the 2% bounce rate the FAQ calls best practice.
DEFAULT_BOUNCE_RATE = 0.04
DEFAULT_COMPLAINT_RATE = 0.0008
NAMESPACE = "AWS/SES"
#: One hour: SES computes the rates over a "representative volume" of mail rather than
#: a time window, so they move slowly; AWS does not document how often it publishes
#: them, and a shorter period would mostly see gaps (which the alarm ignores).
PERIOD_SECONDS = 3600
#: One breaching hour is enough: the rate is already smoothed by SES, so waiting for
#: more would only let the account drift further toward review.
EVALUATION_PERIODS = 1
STATISTIC = "Average"
#: "Greater/Equal" in AWS's alarm procedure: the review starts *at* the rate.
COMPARISON_OPERATOR = "GreaterThanOrEqualToThreshold"
#: Missing data is not breaching: no data means no mail of representative volume, which
#: is not a reputation problem, and a new or quiet account then shows OK instead of
#: INSUFFICIENT_DATA. (AWS's alarm procedure chooses "ignore", which keeps the last state
#: through gaps; a breaching rate is published again every hour while it lasts, so the
#: alarm fires again then.)
TREAT_MISSING_DATA = "notBreaching"
#: CloudWatch PutMetricAlarm: at most 5 AlarmActions, each an ARN of 1-1024 characters
#: of these services (botocore's cloudwatch model documents each form).
MAX_ALARM_ACTIONS = 5
ALARM_ACTION_SERVICES = (
    "aiops",
    "automate",
    "autoscaling",
    "lambda",
    "sns",
    "ssm",
    "ssm-incidents",
    "swf",
)

#: The keys of the ``alarms`` argument (each may also be camelCase).
ALARM_KEYS = ("bounce_rate", "complaint_rate", "actions")


@dataclass(frozen=True)
class AlarmSpec:
    """One reputation alarm, everything ``aws.cloudwatch.MetricAlarm`` needs but actions."""

    key: str  # "bounce_rate" or "complaint_rate": for resource and alarm names
    metric_name: str
    threshold: float
    period: int
    evaluation_periods: int
    statistic: str
    comparison_operator: str
    treat_missing_data: str
    alarm_description: str
    namespace: str = NAMESPACE


#: aws.cloudwatch.MetricAlarm's keyword arguments (besides the actions, name and Region),
#: each with the AlarmSpec field it takes.
METRIC_ALARM_FIELDS = {
    "namespace": "namespace",
    "metric_name": "metric_name",
    "statistic": "statistic",
    "period": "period",
    "evaluation_periods": "evaluation_periods",
    "datapoints_to_alarm": "evaluation_periods",
    "threshold": "threshold",
    "comparison_operator": "comparison_operator",
    "treat_missing_data": "treat_missing_data",
    "alarm_description": "alarm_description",
}


@dataclass(frozen=True)
class Alarms:
    """Checked ``alarms``: the two specs, and the actions (None: the notification topic)."""

    specs: tuple[AlarmSpec, ...]
    actions: tuple[str, ...] | None


def _check_rate(argument: str, value: Any, pause_rate: float) -> float:
    """A rate threshold: a number strictly between 0 and the rate SES may pause at."""
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


def check_alarm_actions(argument: str, value: Any) -> tuple[str, ...]:
    """1-5 distinct alarm action ARNs (SNS topics, Lambda functions, SSM, ...)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise argument_error(argument, f"expected a list of ARNs, got {value!r}")
    if not value:
        raise argument_error(
            argument,
            "is empty; leave it out to notify the notification topic, or list ARNs",
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
    return tuple(value)


def check_action_partition(argument: str, actions: Sequence[str], region: str) -> None:
    """CloudWatch takes alarm actions of the alarms' own partition only: an ``arn:aws-cn:``
    topic is no action for an alarm in us-east-1 (partitions share nothing)."""
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


def _spec(key: str, metric: str, threshold: float, review: float, what: str) -> AlarmSpec:
    return AlarmSpec(
        key=key,
        metric_name=metric,
        threshold=threshold,
        period=PERIOD_SECONDS,
        evaluation_periods=EVALUATION_PERIODS,
        statistic=STATISTIC,
        comparison_operator=COMPARISON_OPERATOR,
        treat_missing_data=TREAT_MISSING_DATA,
        alarm_description=(
            f"The SES account's {what} rate in this Region reached {threshold:.2%} "
            f"(SES reviews the account at {review:.1%}). Find the cause in the "
            f"{what} notifications and stop it; see "
            "https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html"
        ),
    )


def alarm_items(
    value: Any, *, developer: bool, notifications: Notifications | None
) -> dict[str, Any]:
    """The ``alarms`` items by name (see :func:`.keys.items_by_name`), once the sending mode,
    the keys and who is told are checked; the values are :func:`checked_alarms`'."""
    if not developer:
        raise argument_error(
            "alarms",
            "needs sending_account='DEVELOPER': in COGNITO_DEFAULT mode Cognito sends "
            "through its own SES account, and SES records bounces and complaints against "
            "the sender's account, so your account's reputation metrics do not measure "
            "this mail; use notifications to see its bounces and complaints",
        )
    items = items_by_name("alarms", value, ALARM_KEYS)
    if "actions" not in items and notifications is None:
        raise argument_error(
            "alarms",
            "has no actions and there is no notification topic to notify; set "
            "alarms['actions'] to a list of ARNs, or set notifications",
        )
    return items


def checked_alarms(value: Mapping[str, Any]) -> Alarms:
    """The thresholds and actions of an ``alarms`` dict whose keys :func:`alarm_items` checked."""
    items = items_by_name("alarms", value, ALARM_KEYS)
    rates = {"bounce_rate": DEFAULT_BOUNCE_RATE, "complaint_rate": DEFAULT_COMPLAINT_RATE}
    pauses = {"bounce_rate": BOUNCE_PAUSE_RATE, "complaint_rate": COMPLAINT_PAUSE_RATE}
    for name in rates:
        if name in items:
            key, given = items[name]
            rates[name] = _check_rate(f"alarms[{key!r}]", given, pauses[name])
    actions = None
    if "actions" in items:
        key, given = items["actions"]
        actions = check_alarm_actions(f"alarms[{key!r}]", given)
    specs = (
        _spec(
            "bounce_rate",
            "Reputation.BounceRate",
            rates["bounce_rate"],
            BOUNCE_REVIEW_RATE,
            "bounce",
        ),
        _spec(
            "complaint_rate",
            "Reputation.ComplaintRate",
            rates["complaint_rate"],
            COMPLAINT_REVIEW_RATE,
            "complaint",
        ),
    )
    return Alarms(specs=specs, actions=actions)


def check_alarms(
    value: Any, *, developer: bool, notifications: Notifications | None = None
) -> Alarms | None:
    """Check the ``alarms`` argument; None when it is left out.

    ``{"bounce_rate": float, "complaint_rate": float, "actions": [arn, ...]}`` (keys may
    be camelCase); every key is optional. DEVELOPER mode only. Without ``actions`` the
    alarms notify the notification topic, so ``notifications`` must then be set.
    """
    if value is None:
        return None
    alarm_items(value, developer=developer, notifications=notifications)
    return checked_alarms(value)


def alarm_name(prefix: str, spec: AlarmSpec) -> str:
    """A CloudWatch alarm name for ``spec``: ``PREFIX-ses-bounce-rate`` (<= 255 chars).

    Only letters, digits, ``.``, ``_`` and ``-``, so the name can sit in an ARN
    condition (no ``*`` or ``?`` wildcards) and is unique per component.
    """
    suffix = "-ses-" + spec.key.replace("_", "-")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", prefix).strip("-") or "cognito"
    return stem[: 255 - len(suffix)] + suffix


def alarm_kwargs(
    spec: AlarmSpec, actions: Sequence[Any], *, name: Any = None, region: Any = None
) -> dict[str, Any]:
    """``aws.cloudwatch.MetricAlarm`` keyword arguments for ``spec``.

    ``actions`` go to ``alarm_actions`` only (an OK action would re-run actions such
    as a Lambda that pauses sending). ``region`` must be the SES identity's Region:
    reputation metrics are per account and Region. ``name`` and ``region`` are left
    out when None.
    """
    kwargs: dict[str, Any] = {
        argument: getattr(spec, field) for argument, field in METRIC_ALARM_FIELDS.items()
    }
    kwargs["alarm_actions"] = list(actions)
    if name is not None:
        kwargs["name"] = name
    if region is not None:
        kwargs["region"] = region
    return kwargs
