"""Where bounce and complaint notifications and the reputation alarms are created.

The rules (types, thresholds, the topic policy) live in :mod:`.notifications`; this module
makes the resources: an SNS topic and its policy (unless ``topic_arn`` is given), one
``aws.ses.IdentityNotificationTopic`` per type, and two ``aws.cloudwatch.MetricAlarm``s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

import pulumi
import pulumi_aws as aws

from ..arguments import claims
from ..arguments.model import AlarmSettings, CheckedArgs
from ..arguments.values import map_value
from ..rules import alarms as alarm_rules
from ..rules import notifications, policies
from ..rules.arns import known_identity_arn, parse_identity_arn
from ..rules.names import METRIC_ALARM, SNS_TOPIC, child_name
from ..rules.notifications import Notifications, shared_identity_problem
from .identity import MadeIdentity
from .options import ChildOptions, given


@dataclass(frozen=True)
class MadeFeedback:
    """What was made for bounce and complaint feedback."""

    topic_arn: pulumi.Output[str] | None = None
    topic: aws.sns.Topic | None = None
    notification_topics: tuple[aws.ses.IdentityNotificationTopic, ...] = ()
    alarms: tuple[aws.cloudwatch.MetricAlarm, ...] = ()


def create_feedback(
    name: str, checked: CheckedArgs, identity: MadeIdentity, child: ChildOptions
) -> MadeFeedback:
    """Notifications and alarms, as ``checked`` asks; nothing when it asks for neither."""
    settings, alarm_settings = checked.notifications, checked.alarms
    if settings is None and alarm_settings is None:
        return MadeFeedback()
    region = checked.identity_region  # SES publishes to topics, and measures, per Region
    topic = None
    topic_arn: pulumi.Output[str] | None = None
    if settings is not None and settings.topic_arn is not None:
        topic_arn = pulumi.Output.from_input(settings.topic_arn)
    elif settings is not None:
        topic = aws.sns.Topic(
            child_name(name, "feedback", SNS_TOPIC),
            **given(region=region, tags=checked.tags),
            opts=child(),
        )
        topic_arn = topic.arn
    alarms = _alarms(name, alarm_settings, topic_arn, region, checked.tags, child)
    if settings is None:
        return MadeFeedback(alarms=alarms)
    assert topic_arn is not None
    _claim_when_known(name, settings.types, identity.arn)
    waits = []
    if topic is not None:
        waits.append(_topic_policy(name, topic, identity, alarms, alarm_settings, region, child))
    return MadeFeedback(
        topic_arn=topic_arn,
        topic=topic,
        notification_topics=_notification_topics(
            name, settings, identity, topic_arn, region, waits, child
        ),
        alarms=alarms,
    )


def _claim_when_known(
    component: str, types: tuple[str, ...], identity_arn: pulumi.Output[str]
) -> None:
    """Warn (not fail: children are on their way) when another component sends these too."""

    async def claim() -> bool:
        try:
            arn = await identity_arn.future()
        except Exception:  # a failed identity is reported where it failed
            return False
        parsed = parse_identity_arn(arn) if isinstance(arn, str) else None
        if parsed is None:
            return False  # unknown in a preview
        secret = await identity_arn.is_secret()
        conflict = claims.claim(parsed.name, parsed.region, types, component, secret)
        if conflict is not None:
            shown = "[secret]" if conflict.secret else parsed.name
            problem = shared_identity_problem(shown, parsed.region, conflict.other, component)
            pulumi.log.warn(f"notifications: {problem}")
        return conflict is None

    # An Output, so that the runtime tracks it: the program waits for the claim.
    _: pulumi.Output[bool] = pulumi.Output.from_input(claim())


def _topic_policy(
    name: str,
    topic: aws.sns.Topic,
    identity: MadeIdentity,
    alarms: tuple[aws.cloudwatch.MetricAlarm, ...],
    alarm_settings: AlarmSettings | None,
    region: pulumi.Input[str] | None,
    child: ChildOptions,
) -> aws.sns.TopicPolicy:
    """Only SES, for this account and identity, publishes; and the alarms that notify it."""
    notifying = list(alarms) if alarm_settings is not None and alarm_settings.notify_topic else []
    document = pulumi.Output.all(topic.arn, identity.arn, *(a.arn for a in notifying)).apply(
        lambda v: policies.topic_policy(v[0], _account_of(v[1]), [v[1]], v[2:])
    )
    return aws.sns.TopicPolicy(
        f"{name}-feedback-policy",
        arn=topic.arn,
        policy=document,
        **given(region=region),
        opts=child(),
    )


def _notification_topics(
    name: str,
    settings: Notifications,
    identity: MadeIdentity,
    topic_arn: pulumi.Output[str],
    region: pulumi.Input[str] | None,
    waits: list[aws.sns.TopicPolicy],
    child: ChildOptions,
) -> tuple[aws.ses.IdentityNotificationTopic, ...]:
    """One per type, after the topic policy and the domain's verification (SES needs both)."""
    each = notifications.notification_topic_kwargs(
        settings.types,
        include_original_headers=settings.include_original_headers,
        identity=identity.arn,
        topic_arn=topic_arn,
        region=region,
    )
    return tuple(
        aws.ses.IdentityNotificationTopic(
            f"{name}-{kind.lower()}-notifications",
            **kwargs,
            opts=child(*waits, *identity.ready),
        )
        for kind, kwargs in each.items()
    )


def _alarms(
    name: str,
    settings: AlarmSettings | None,
    topic_arn: pulumi.Output[str] | None,
    region: pulumi.Input[str] | None,
    tags: pulumi.Input[Mapping[str, object]] | None,
    child: ChildOptions,
) -> tuple[aws.cloudwatch.MetricAlarm, ...]:
    """The bounce-rate and complaint-rate alarms (auto-named: unique per stack)."""
    if settings is None:
        return ()
    checked = settings.alarms
    actions: Any = [topic_arn] if settings.notify_topic else map_value(checked, _actions)
    made = []
    for index, key in enumerate(("bounce-rate", "complaint-rate")):
        spec = map_value(checked, partial(_spec, index=index))
        fields = {
            argument: map_value(spec, attrgetter(field))
            for argument, field in alarm_rules.METRIC_ALARM_FIELDS.items()
        }
        made.append(
            aws.cloudwatch.MetricAlarm(
                child_name(name, key, METRIC_ALARM),
                **fields,
                alarm_actions=actions,
                **given(region=region, tags=tags),
                opts=child(),
            )
        )
    return tuple(made)


def _spec(alarms: alarm_rules.Alarms, index: int) -> alarm_rules.AlarmSpec:
    return alarms.specs[index]


def _actions(alarms: alarm_rules.Alarms) -> list[str]:
    return list(alarms.actions) if alarms.actions is not None else []


def _account_of(identity_arn: str) -> str:
    return known_identity_arn(identity_arn).account
