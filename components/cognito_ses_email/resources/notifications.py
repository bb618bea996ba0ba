"""The identity's notifications and the reputation alarms: an SNS topic and its policy (unless
``topic_arn`` is given), one ``aws.ses.IdentityNotificationTopic`` per type, two
``aws.cloudwatch.MetricAlarm``s; and which component of the program sends which
notifications (SES keeps one topic per identity and type: docs/operations.md).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from functools import partial
from typing import Any

import pulumi
import pulumi_aws as aws

from ..model import Notifications
from ..outputs import SECRET, ChildOptions, given
from ..rules import notifications as rules
from ..rules import policies
from ..rules.arns import known_identity_arn, parse_identity_arn
from ..rules.errors import argument_error
from ..rules.names import METRIC_ALARM, SNS_TOPIC, child_name
from .identity import MadeIdentity


def create_notifications(
    name: str,
    settings: Notifications,
    identity: MadeIdentity,
    tags: pulumi.Input[Mapping[str, object]] | None,
    child: ChildOptions,
) -> pulumi.Output[str] | None:
    """The notifications and alarms ``settings`` asks for, in the identity's Region (SES
    publishes, and measures, per Region); the notification topic's ARN."""
    region = identity.region
    topic, topic_arn = None, None
    if settings.types and settings.topic_arn is not None:
        topic_arn = pulumi.Output.from_input(settings.topic_arn)
    elif settings.types:
        topic = aws.sns.Topic(
            child_name(name, "feedback", SNS_TOPIC), **given(region=region, tags=tags), opts=child()
        )
        topic_arn = topic.arn
    alarms = _alarms(name, settings, topic_arn, region, tags, child)
    if topic_arn is None:
        return None
    _claim_when_known(name, settings.types, identity.arn)
    waits = []
    if topic is not None:
        # Only SES, for this account and identity, publishes; and the alarms that notify it.
        notifying = alarms if settings.alarm_actions is None else []
        document = pulumi.Output.all(topic.arn, identity.arn, *(a.arn for a in notifying)).apply(
            lambda v: policies.topic_policy(v[0], known_identity_arn(v[1]).account, [v[1]], v[2:])
        )
        waits.append(
            aws.sns.TopicPolicy(
                f"{name}-feedback-policy",
                arn=topic.arn,
                policy=document,
                **given(region=region),
                opts=child(),
            )
        )
    # After the topic policy (SES removes a topic it cannot publish to: docs/operations.md)
    # and the domain's verification. A domain's topics apply to its addresses too.
    for kind in settings.types:
        aws.ses.IdentityNotificationTopic(
            f"{name}-{kind.lower()}-notifications",
            identity=identity.arn,
            notification_type=kind,
            topic_arn=topic_arn,
            include_original_headers=settings.include_original_headers,
            **given(region=region),
            opts=child(*waits, *identity.ready),
        )
    return topic_arn


def _alarms(
    name: str,
    settings: Notifications,
    topic_arn: pulumi.Output[str] | None,
    region: pulumi.Input[str] | None,
    tags: pulumi.Input[Mapping[str, object]] | None,
    child: ChildOptions,
) -> list[aws.cloudwatch.MetricAlarm]:
    """The two alarms (auto-named: unique per stack), with alarm actions only (an OK action
    would re-run actions such as a Lambda that pauses sending)."""
    if settings.alarm_thresholds is None:
        return []
    actions: Any = [topic_arn] if settings.alarm_actions is None else settings.alarm_actions
    made = []
    for key, metric, what, _, review, _ in rules.ALARMS:
        threshold = settings.alarm_thresholds[key]
        describe = partial(rules.alarm_description, what, review)
        description = (
            threshold.apply(describe)
            if isinstance(threshold, pulumi.Output)
            else describe(threshold)
        )
        made.append(
            aws.cloudwatch.MetricAlarm(
                child_name(name, key.replace("_", "-"), METRIC_ALARM),
                **rules.ALARM_SETTINGS,
                metric_name=metric,
                threshold=threshold,
                alarm_description=description,
                alarm_actions=actions,
                **given(region=region, tags=tags),
                opts=child(),
            )
        )
    return made


#: Each program's claims (by :func:`_program`, forgotten with it): (identity, Region, type)
#: -> the component that claimed it, and whether it gave the identity as a secret.
_Claims = dict[tuple[str, str, str], tuple[str, bool]]
_BY_PROGRAM: weakref.WeakKeyDictionary[object, _Claims] = weakref.WeakKeyDictionary()


class _Process:
    """The program where the process is one: a component provider, or no runtime at all
    (a class: a weak reference's key)."""


_PROCESS = _Process()


def _program() -> object:
    """What is new with each program of the process: its resource monitor. A component
    provider (no root stack, a monitor per Construct) serves one deployment: the process."""
    monitor = pulumi.runtime.settings.get_monitor()
    if monitor is None or pulumi.runtime.get_root_resource() is None:
        return _PROCESS
    return monitor


def _claim(
    component: str, types: tuple[str, ...], identity: str, region: str, secret: bool
) -> str | None:
    """Claims ``types`` of ``identity`` in ``region`` for ``component``: None, or why a
    component that claimed one of them first forbids it."""
    claims = _BY_PROGRAM.setdefault(_program(), {})
    # As SES compares names: a domain case-insensitively, an address's local part exactly.
    local, at, domain = identity.rpartition("@")
    keys = [(f"{local}{at}{domain.lower()}", region, kind) for kind in types]
    for key in keys:
        other, other_secret = claims.get(key, (component, False))
        if other != component:
            shown = SECRET if secret or other_secret else identity
            return rules.shared_identity_problem(shown, region, other, component)
    claims.update(dict.fromkeys(keys, (component, secret)))
    return None


def claim_notifications(component: str, settings: Notifications) -> None:
    """Refuses ``settings``' notifications, for an identity known now, when another component
    of the program sends them (:func:`create_notifications` checks again, and warns, later)."""
    if settings.types and settings.known_identity is not None:
        problem = _claim(component, settings.types, *settings.known_identity, False)
        if problem is not None:
            raise argument_error("notifications", problem)


def _claim_when_known(component: str, types: tuple[str, ...], arn: pulumi.Output[str]) -> None:
    async def claim() -> bool:
        try:
            value = await arn.future()
        except Exception:  # a failed identity is reported where it failed
            return False
        parsed = parse_identity_arn(value) if isinstance(value, str) else None
        if parsed is None:
            return False  # unknown in a preview
        secret = bool(await arn.is_secret())
        problem = _claim(component, types, parsed.name, parsed.region, secret)
        if problem is not None:
            pulumi.log.warn(f"notifications: {problem}")
        return problem is None

    # An Output, so that the runtime tracks it: the program waits for the claim.
    _: pulumi.Output[Any] = pulumi.Output.from_input(claim())
