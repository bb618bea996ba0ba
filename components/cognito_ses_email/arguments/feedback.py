"""The notifications and alarms arguments, and which component owns an identity's feedback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from ..rules import errors
from ..rules.arns import parse_identity_arn
from ..rules.keys import camel_case
from . import claims
from .model import (
    AdoptedIdentity,
    AlarmSettings,
    CheckedArgs,
    CreatedAddress,
    Identity,
    Value,
)

if TYPE_CHECKING:
    from ..rules.notifications import Notifications
    from .identity import ProviderRegion
from .values import Checks, is_output, plain_dict


def claim_notifications(
    component: str, config: CheckedArgs, provider: ProviderRegion | None, default_provider: bool
) -> None:
    """Refuses to send an identity's notifications that another component of this program
    already sends, when the identity (and its Region) are known now; :mod:`.feedback`
    checks again, with a warning, once the identity's ARN is known."""
    settings = config.notifications
    provider_region = provider.name if provider is not None else None
    known = _known_identity(config.identity, provider_region, default_provider)
    if settings is None or known is None:
        return
    identity, region = known
    conflict = claims.claim(identity, region, settings.types, component)
    if conflict is not None:
        from ..rules.notifications import shared_identity_problem

        shown = "[secret]" if conflict.secret else identity
        raise errors.argument_error(
            "notifications", shared_identity_problem(shown, region, conflict.other, component)
        )


def _known_identity(
    identity: Identity, provider_region: str | None, default_provider: bool
) -> tuple[str, str] | None:
    """The identity's name and Region when both are plain (None: known only later)."""
    if isinstance(identity, AdoptedIdentity):
        parsed = parse_identity_arn(identity.arn) if isinstance(identity.arn, str) else None
        return (parsed.name, parsed.region) if parsed is not None else None
    name = identity.address if isinstance(identity, CreatedAddress) else identity.domain
    region = identity.region
    if region is None and default_provider:
        region = provider_region or "the provider's Region"
    if isinstance(name, str) and isinstance(region, str):
        return name, region
    return None


def checked_notifications(
    args: Mapping[str, Any], identity: Identity, checks: Checks
) -> Notifications | None:
    """``notifications``: a plain dict (its types decide which resources exist); its
    ``topic_arn`` and ``include_original_headers`` may be Outputs."""
    value = args.get("notifications")
    if value is None:
        return None
    from ..rules import notifications

    plain_dict(
        args,
        "notifications",
        "its types decide which resources exist; topic_arn and include_original_headers "
        "may be Outputs",
    )
    # Outputs are kept aside and checked when they resolve; the rest is checked now.
    late = {}
    if isinstance(value, Mapping):
        if is_output(value.get("types")):
            raise errors.argument_error(
                "notifications['types']",
                "must be a plain list, not an Output: each type is a resource",
            )
        headers_keys = {"include_original_headers", camel_case("include_original_headers")}
        late = {key: v for key, v in value.items() if key in headers_keys and is_output(v)}
        value = {key: False if key in late else v for key, v in value.items()}
    checked = notifications.check_notifications(value, is_deferred=is_output)
    assert checked is not None  # value is not None
    headers: Value[bool] = checked.include_original_headers
    for key, item in late.items():
        headers = checks.one(item, partial(_check_flag, f"notifications[{key!r}]"))
    topic_arn = checked.topic_arn
    if topic_arn is not None and is_output(topic_arn):
        topic_arn = checks.one(
            topic_arn,
            partial(notifications.check_topic_arn, argument="notifications['topic_arn']"),
        )
    if topic_arn is not None and identity.region is not None:
        # SES publishes only to a topic in its own Region.
        checks.many(
            [topic_arn, identity.region],
            lambda arn, region: notifications.check_topic_arn(
                arn, ses_region=region, argument="notifications['topic_arn']"
            ),
        )
    return replace(checked, include_original_headers=headers, topic_arn=topic_arn)


def _check_flag(argument: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise errors.argument_error(argument, f"expected True or False, got {value!r}")
    return value


def checked_alarms(
    args: Mapping[str, Any],
    developer: bool,
    notifications: Notifications | None,
    region: Value[str] | None,
    checks: Checks,
) -> AlarmSettings | None:
    """``alarms``: a plain dict (DEVELOPER only); its rates and actions may be Outputs.
    ``region``: the alarms' (the identity's) Region, None when not known before the invoke."""
    value = args.get("alarms")
    if value is None:
        return None
    from ..rules import alarms as alarm_rules

    plain_dict(
        args,
        "alarms",
        "it decides which alarms exist; its bounce_rate, complaint_rate and actions may be Outputs",
    )
    # The mode, the keys and who is told now; the rates and actions once they resolve.
    items = alarm_rules.alarm_items(value, developer=developer, notifications=notifications)
    checked = checks.deep(dict(value), alarm_rules.checked_alarms)
    if "actions" in items and region is not None:
        key, actions = items["actions"]
        check = partial(alarm_rules.check_action_partition, f"alarms[{key!r}]")
        checks.many([actions, region], check, deep=True)
    return AlarmSettings(alarms=checked, notify_topic="actions" not in items)
