"""SES bounce/complaint notifications and reputation alarms: the pure rules.

No Pulumi here: these functions check the ``notifications`` and ``alarms``
arguments of CognitoSesEmail, build the SNS topic policy, and give the keyword
arguments of ``aws.ses.IdentityNotificationTopic`` and ``aws.cloudwatch.MetricAlarm``,
so that the component only has to create the resources.

AWS sources (SES Developer Guide unless said otherwise):

- Sending review thresholds, "Amazon SES Sending review process FAQs"
  https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html and "Reputation
  metrics messages" https://docs.aws.amazon.com/ses/latest/dg/reputationdashboardmessages.html:
  a bounce rate of 5% or greater puts the account under review, 10% or greater may
  pause its sending; for complaints 0.1% and 0.5%. Both rates are computed over a
  "representative volume" of mail, not a fixed time window.
- Alarms, "Creating reputation monitoring alarms using CloudWatch"
  https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html:
  ``Reputation.BounceRate`` / ``Reputation.ComplaintRate`` (namespace ``AWS/SES``),
  "Greater/Equal", and "Treat missing data as ignore (maintain the alarm state)".
- Topic policy and FIFO, "Configuring Amazon SNS notifications for Amazon SES"
  https://docs.aws.amazon.com/ses/latest/dg/configure-sns-notifications.html:
  principal ``ses.amazonaws.com``, ``sns:Publish``, conditions on the account and on
  ``arn:aws:ses:REGION:ACCOUNT:identity/IDENTITY``; Standard topics only ("SES does
  not support FIFO type topics"); the topic must be in the Region where SES is used.
- Sending authorization (COGNITO_DEFAULT: Cognito is the delegate sender),
  https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-overview.html:
  "Bounce and complaint events are recorded against the delegate sender's Amazon SES
  account" and "Both the identity owner and the delegate sender can set up
  notifications for bounces and complaints". An identity's notification topic gets
  the feedback for "emails sent with that identity as the Source", whoever sends them
  (https://docs.aws.amazon.com/ses/latest/APIReference/API_SetIdentityNotificationTopic.html).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .arns import arn_problem, parse_arn, parse_identity_arn, parse_topic_arn
from .validation import fail

# --- Notifications -------------------------------------------------------------------

#: SetIdentityNotificationTopic's NotificationType values (SES API reference).
NOTIFICATION_TYPES: tuple[str, ...] = ("Bounce", "Complaint", "Delivery")

#: What the component subscribes to when ``notifications['types']`` is left out:
#: the two events that make up the reputation SES reviews.
DEFAULT_TYPES: tuple[str, ...] = ("Bounce", "Complaint")

#: The service principal SES publishes feedback notifications as.
SES_PRINCIPAL = "ses.amazonaws.com"

#: The service principal CloudWatch alarms publish to SNS as (AWS re:Post knowledge
#: center, "Why didn't I receive an SNS notification for my CloudWatch alarm trigger?").
CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com"

_ACCOUNT_RE = re.compile(r"^\d{12}$")

_NOTIFICATION_KEYS = {
    "topic_arn": "topic_arn",
    "topicArn": "topic_arn",
    "types": "types",
    "include_original_headers": "include_original_headers",
    "includeOriginalHeaders": "include_original_headers",
}


@dataclass(frozen=True)
class Notifications:
    """Checked ``notifications``: one ``aws.ses.IdentityNotificationTopic`` per type.

    ``topic_arn`` is None when the component creates the topic (and its policy);
    otherwise a checked ARN, or a deferred value (such as a ``pulumi.Output``) that the
    caller checks with :func:`check_topic_arn` when it resolves.
    """

    types: tuple[str, ...]
    include_original_headers: bool
    topic_arn: Any


def check_topic_arn(
    value: Any,
    *,
    ses_region: str | None = None,
    argument: str = "notifications['topic_arn']",
) -> str:
    """``value`` if it is the ARN of a Standard SNS topic SES can publish to.

    SES refuses FIFO topics and needs the topic in the Region where it sends
    (``ses_region``, when known). A topic of another account is allowed (SES calls it
    "SNS topic you don't own"); its owner must let SES publish to it.
    """
    parsed = parse_topic_arn(value)
    if parsed is None:
        why = arn_problem(value)
        raise fail(
            argument,
            "expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ses-feedback "
            f"(name: 1-256 letters, digits, '-' or '_'), got {value!r}"
            + (f": {why}" if why else ""),
        )
    if parsed.name.endswith(".fifo"):
        raise fail(
            argument,
            f"{value!r} is a FIFO topic; SES publishes only to Standard topics, "
            "so give a Standard topic or leave topic_arn out to let the component create one",
        )
    if ses_region is not None and parsed.region != ses_region:
        raise fail(
            argument,
            f"the topic is in {parsed.region} but the SES identity is in {ses_region}; "
            "SES publishes only to topics in its own Region",
        )
    return str(value)


def _normalized(argument: str, value: Any, aliases: Mapping[str, str]) -> dict[str, Any]:
    """``value``'s items under snake_case names; keys may be camelCase or snake_case.

    Returns ``{snake_name: (key_as_typed, item)}`` so errors name the key as typed.
    """
    if not isinstance(value, Mapping):
        raise fail(argument, f"expected a dict, got {value!r}")
    normalized: dict[str, Any] = {}
    for key, item in value.items():
        snake = aliases.get(key) if isinstance(key, str) else None
        if snake is None:
            known = ", ".join(sorted({k for k, v in aliases.items() if k == v}))
            raise fail(argument, f"unknown key {key!r}; the keys are {known}")
        if snake in normalized:
            raise fail(argument, f"{key!r} is given twice (camelCase and snake_case)")
        normalized[snake] = (key, item)
    return normalized


def _check_types(argument: str, value: Any) -> tuple[str, ...]:
    """Notification types: a non-empty list of distinct NOTIFICATION_TYPES."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise fail(argument, f"expected a list such as ['Bounce', 'Complaint'], got {value!r}")
    if not value:
        raise fail(
            argument,
            "is empty; list at least one of 'Bounce', 'Complaint', 'Delivery', "
            "or leave notifications out",
        )
    seen: list[str] = []
    for item in value:
        if item not in NOTIFICATION_TYPES:
            raise fail(
                argument,
                f"{item!r} is not a notification type; use "
                + ", ".join(map(repr, NOTIFICATION_TYPES)),
            )
        if item in seen:
            raise fail(argument, f"{item!r} is listed twice")
        seen.append(item)
    # One order whatever the input order, so resource names stay stable.
    return tuple(t for t in NOTIFICATION_TYPES if t in seen)


def check_notifications(
    value: Any, *, is_deferred: Callable[[Any], bool] | None = None
) -> Notifications | None:
    """Check the ``notifications`` argument; None when it is left out.

    ``{"topic_arn": str (optional), "types": [...], "include_original_headers": bool}``;
    keys may also be camelCase. ``types`` defaults to :data:`DEFAULT_TYPES`. A
    ``topic_arn`` for which ``is_deferred`` is true (a ``pulumi.Output``) is kept as is
    for the caller to check with :func:`check_topic_arn` once it resolves.
    """
    if value is None:
        return None
    items = _normalized("notifications", value, _NOTIFICATION_KEYS)
    types: tuple[str, ...] = DEFAULT_TYPES
    if "types" in items:
        key, given = items["types"]
        types = _check_types(f"notifications[{key!r}]", given)
    headers = False
    if "include_original_headers" in items:
        key, given = items["include_original_headers"]
        if not isinstance(given, bool):
            raise fail(f"notifications[{key!r}]", f"expected True or False, got {given!r}")
        headers = given
    topic_arn: Any = None
    if "topic_arn" in items:
        key, given = items["topic_arn"]
        if given is not None:
            deferred = is_deferred is not None and is_deferred(given)
            topic_arn = (
                given if deferred else check_topic_arn(given, argument=f"notifications[{key!r}]")
            )
    return Notifications(types=types, include_original_headers=headers, topic_arn=topic_arn)


def notification_topic_kwargs(
    types: Sequence[str],
    *,
    include_original_headers: Any,
    identity: Any,
    topic_arn: Any,
    region: Any = None,
) -> dict[str, dict[str, Any]]:
    """``aws.ses.IdentityNotificationTopic`` keyword arguments, one set per type.

    ``types`` and ``include_original_headers`` as :func:`check_notifications` gives them
    (the flag may also be an Output); ``identity`` is the identity's name or ARN (created
    or adopted, address or domain); ``topic_arn`` the given or created topic's ARN;
    ``region`` the SES Region (pulumi-aws v7's per-resource ``region``), left out when
    None. Create these after the topic policy: when SES cannot publish to a topic it
    removes the topic from the identity and turns email feedback forwarding back on
    (configure-sns-notifications.html). A domain identity's topics apply to its
    addresses, except addresses that are
    verified identities themselves.
    """
    result: dict[str, dict[str, Any]] = {}
    for notification_type in types:
        kwargs: dict[str, Any] = {
            "identity": identity,
            "notification_type": notification_type,
            "topic_arn": topic_arn,
            "include_original_headers": include_original_headers,
        }
        if region is not None:
            kwargs["region"] = region
        result[notification_type] = kwargs
    return result


def alarm_arn(partition: str, region: str, account: str, name: str = "*") -> str:
    """``arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME``; ``*`` for every alarm."""
    return f"arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}"


def topic_policy(
    topic_arn: str,
    account: str,
    identity_arns: Sequence[str],
    alarm_arns: Sequence[str] = (),
) -> str:
    """The SNS topic policy (compact JSON) for a topic the component creates.

    Lets ``ses.amazonaws.com`` publish, only on behalf of ``account`` and only for
    ``identity_arns`` (the identities whose notifications go to the topic). The SES
    Developer Guide writes both conditions with ``StringEquals``; an exact match is
    also safer than ``ArnLike`` here, because ``*`` and ``?`` are legal in an email
    address and would act as wildcards. Condition keys are lower-case ``aws:`` like
    everywhere in this project (IAM keys are case-insensitive; SES identity policies
    reject ``AWS:``).

    ``account`` is the identity's owner (SES publishes on its behalf), which may be
    another account than the topic's. With ``alarm_arns`` (see :func:`alarm_arn`; alarms
    of the topic's own account, where the component creates both), a second statement lets
    those CloudWatch alarms publish: a topic policy replaces SNS's default one, which is
    what otherwise lets alarms of the account publish.
    """
    topic = parse_topic_arn(topic_arn)
    if topic is None or topic.name.endswith(".fifo"):
        raise fail("topic_arn", f"expected a Standard SNS topic ARN, got {topic_arn!r}")
    if not isinstance(account, str) or not _ACCOUNT_RE.fullmatch(account):
        raise fail("account", f"expected a 12-digit AWS account id, got {account!r}")
    if isinstance(identity_arns, str) or not identity_arns:
        raise fail("identity_arns", "give the list of identity ARNs that publish to the topic")
    for arn in identity_arns:
        identity = parse_identity_arn(arn)
        if identity is None:
            raise fail(
                "identity_arns",
                "expected SES identity ARNs such as "
                f"arn:aws:ses:us-east-1:123456789012:identity/example.com, got {arn!r}",
            )
        if (identity.partition, identity.region) != (topic.partition, topic.region):
            raise fail(
                "identity_arns",
                f"{arn} is not in the topic's partition and Region ({topic.partition}, "
                f"{topic.region}); SES publishes only to topics in its own Region",
            )
    identities = sorted(set(identity_arns))
    statements: list[dict[str, Any]] = [
        {
            "Sid": "AllowSesFeedback",
            "Effect": "Allow",
            "Principal": {"Service": SES_PRINCIPAL},
            "Action": "sns:Publish",
            "Resource": topic_arn,
            "Condition": {
                "StringEquals": {
                    "aws:SourceAccount": account,
                    "aws:SourceArn": identities[0] if len(identities) == 1 else identities,
                }
            },
        }
    ]
    if alarm_arns:
        # The alarms are in the topic's account (both are this stack's), which is not
        # ``account`` when the identity is one another account shares.
        prefix = f"arn:{topic.partition}:cloudwatch:{topic.region}:{topic.account}:alarm:"
        if isinstance(alarm_arns, str) or not all(
            isinstance(a, str) and a.startswith(prefix) and len(a) > len(prefix) for a in alarm_arns
        ):
            raise fail(
                "alarm_arns", f"expected alarm ARNs starting with {prefix}, got {alarm_arns!r}"
            )
        alarms = sorted(set(alarm_arns))
        statements.append(
            {
                "Sid": "AllowReputationAlarms",
                "Effect": "Allow",
                "Principal": {"Service": CLOUDWATCH_PRINCIPAL},
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {
                    "ArnLike": {"aws:SourceArn": alarms[0] if len(alarms) == 1 else alarms}
                },
            }
        )
    document = {"Version": "2012-10-17", "Statement": statements}
    return json.dumps(document, separators=(",", ":"))


# --- Reputation alarms ---------------------------------------------------------------

#: SES places an account under review at these rates, and may pause its sending at
#: the pause rates (faqs-enforcement.html, reputationdashboardmessages.html).
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

_ALARM_KEYS = {
    "bounce_rate": "bounce_rate",
    "bounceRate": "bounce_rate",
    "complaint_rate": "complaint_rate",
    "complaintRate": "complaint_rate",
    "actions": "actions",
}


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


@dataclass(frozen=True)
class Alarms:
    """Checked ``alarms``: the two specs, and the actions (None: the notification topic)."""

    specs: tuple[AlarmSpec, ...]
    actions: tuple[str, ...] | None


def _check_rate(argument: str, value: Any, pause_rate: float) -> float:
    """A rate threshold: a number strictly between 0 and the rate SES may pause at."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fail(argument, f"expected a ratio such as 0.04 (4%), got {value!r}")
    if not 0 < value < pause_rate:
        raise fail(
            argument,
            f"must be a ratio above 0 and below {pause_rate} (SES may pause sending at "
            f"{pause_rate:.1%}); 0.05 means 5%, got {value!r}",
        )
    return float(value)


def check_alarm_actions(argument: str, value: Any) -> tuple[str, ...]:
    """1-5 distinct alarm action ARNs (SNS topics, Lambda functions, SSM, ...)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise fail(argument, f"expected a list of ARNs, got {value!r}")
    if not value:
        raise fail(
            argument,
            "is empty; leave it out to notify the notification topic, or list ARNs",
        )
    if len(value) > MAX_ALARM_ACTIONS:
        raise fail(
            argument, f"CloudWatch takes at most {MAX_ALARM_ACTIONS} actions, got {len(value)}"
        )
    for item in value:
        arn = parse_arn(item)
        if arn is None or len(item) > 1024 or arn.service not in ALARM_ACTION_SERVICES:
            why = arn_problem(item)
            raise fail(
                argument,
                f"{item!r} is not a CloudWatch alarm action; give an ARN of an SNS topic, "
                "Lambda function, SSM OpsItem/response plan or EC2/Auto Scaling action"
                + (f" ({why})" if why else ""),
            )
    if len(set(value)) != len(value):
        raise fail(argument, "lists an action twice")
    return tuple(value)


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


def check_alarms(
    value: Any, *, developer: bool, notifications: Notifications | None = None
) -> Alarms | None:
    """Check the ``alarms`` argument; None when it is left out.

    ``{"bounce_rate": float, "complaint_rate": float, "actions": [arn, ...]}`` (keys may
    be camelCase); every key is optional. DEVELOPER mode only. Without ``actions`` the
    alarms notify the notification topic, so ``notifications`` must then be set.
    A ``topic_arn`` you own must let ``cloudwatch.amazonaws.com`` publish.
    """
    if value is None:
        return None
    if not developer:
        raise fail(
            "alarms",
            "needs sending_account='DEVELOPER': in COGNITO_DEFAULT mode Cognito sends "
            "through its own SES account, and SES records bounces and complaints against "
            "the sender's account, so your account's reputation metrics do not measure "
            "this mail; use notifications to see its bounces and complaints",
        )
    items = _normalized("alarms", value, _ALARM_KEYS)
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
    elif notifications is None:
        raise fail(
            "alarms",
            "has no actions and there is no notification topic to notify; set "
            "alarms['actions'] to a list of ARNs, or set notifications",
        )
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
        "namespace": spec.namespace,
        "metric_name": spec.metric_name,
        "statistic": spec.statistic,
        "period": spec.period,
        "evaluation_periods": spec.evaluation_periods,
        "datapoints_to_alarm": spec.evaluation_periods,
        "threshold": spec.threshold,
        "comparison_operator": spec.comparison_operator,
        "treat_missing_data": spec.treat_missing_data,
        "alarm_description": spec.alarm_description,
        "alarm_actions": list(actions),
    }
    if name is not None:
        kwargs["name"] = name
    if region is not None:
        kwargs["region"] = region
    return kwargs
