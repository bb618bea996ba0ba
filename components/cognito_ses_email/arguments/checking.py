"""check_arguments: CognitoSesEmailArgs in, one typed :class:`.model.CheckedArgs` out."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import partial
from typing import Any

from ..rules import addresses, errors, names, policies, regions, tags, user_pool, verification
from .combinations import check_argument_names, check_mode_arguments, wants_user_pool
from .feedback import checked_alarms, checked_notifications
from .identity import ProviderRegion, check_provider_region, checked_identity
from .model import (
    CheckedArgs,
    CognitoDefault,
    Developer,
    Mode,
    Value,
)
from .pool import checked_pool, own_pool_region
from .values import Checks, choice, is_output, map_values, optional


def check_arguments(
    args: Mapping[str, Any],
    argument_names: Collection[str],
    provider: ProviderRegion | None = None,
) -> CheckedArgs:
    """Check every argument; raises ValueError (naming it) for a bad plain value.

    ``argument_names``: the names CognitoSesEmailArgs declares; any other is refused.
    ``provider``: the default provider's Region, where known (the resources go there
    unless an argument says otherwise).
    """
    check_argument_names(args, argument_names)
    checks = Checks()
    if args.get("from_address") is None:
        raise errors.argument_error("from_address", "is required, e.g. no-reply@example.com")
    sending_account = choice(args, "sending_account", user_pool.SENDING_ACCOUNTS)
    # The address names the identity (and so sits in SourceArn) unless it is a domain's.
    in_arn = args.get("identity_domain") is None and (
        args.get("identity_arn") is None or sending_account == "COGNITO_DEFAULT"
    )
    from_address = checks.one(
        args["from_address"],
        partial(addresses.check_address, "from_address", in_arn=in_arn),
    )
    scope = choice(args, "source_arn_scope", policies.SOURCE_ARN_SCOPES)
    developer = sending_account == "DEVELOPER"
    check_mode_arguments(args, developer)
    create_pool = wants_user_pool(args, scope)

    mode = _mode(args, developer, scope, from_address, checks)
    reply_to = optional(
        args, checks, "reply_to_address", partial(addresses.check_address, "reply_to_address")
    )
    pool = checked_pool(args, developer, checks) if create_pool else None
    pool_region = pool.region if pool is not None else own_pool_region(args, checks)
    pool_argument = "user_pool_args['region']" if pool is not None else "user_pool_region"
    identity, region_argument = checked_identity(
        args, sending_account, from_address, (pool_region, pool_argument), checks
    )
    if pool_region is not None and identity.region is not None:
        checks.many(
            [pool_region, identity.region],
            partial(
                regions.check_region_pair,
                argument=region_argument,
                pool_argument=pool_argument,
            ),
        )
    notifications = checked_notifications(args, identity, checks)
    # The alarms measure the identity's Region: an argument's, else the provider's.
    provider_region = provider.name if provider is not None else None
    alarm_region = identity.region if identity.region is not None else provider_region
    checked = CheckedArgs(
        from_address=from_address,
        reply_to=reply_to,
        identity=identity,
        mode=mode,
        pool=pool,
        notifications=notifications,
        alarms=checked_alarms(args, developer, notifications, alarm_region, checks),
        tags=_tags(args, checks),
        pool_region=pool_region,
        region_argument=region_argument,
        checks=tuple(checks.pending),
        identity_inputs=(
            args.get("from_address"),
            args.get("identity_arn"),
            args.get("identity_domain"),
            args.get("ses_region"),
            pool.extra.get("region") if pool is not None else args.get("user_pool_region"),
        ),
        domain_inputs=(args.get("mail_from_domain"), args.get("dmarc_policy")),
        verification_timeout_minutes=_verification_timeout(args),
    )
    check_provider_region(checked, provider)
    return checked


def _verification_timeout(args: Mapping[str, Any]) -> int | None:
    """``verification_timeout_minutes``: plain, 0-1440 (``30.0`` is 30); None when not given."""
    value = args.get(verification.ARGUMENT)
    return None if value is None else verification.check_timeout_minutes(errors.whole_number(value))


def _mode(
    args: Mapping[str, Any],
    developer: bool,
    scope: str,
    from_address: Value[str],
    checks: Checks,
) -> Mode:
    if not developer:
        policy_name = optional(args, checks, "policy_name", names.check_policy_name)
        return CognitoDefault(
            policy_name=policy_name, scope="account" if scope == "account" else "user-pool"
        )
    from_name = optional(args, checks, "from_name", addresses.check_display_name)
    return Developer(
        from_header=map_values([from_address, from_name], addresses.from_header),
        configuration_set=optional(
            args, checks, "configuration_set", names.check_configuration_set
        ),
    )


def _tags(args: Mapping[str, Any], checks: Checks) -> Any:
    """``tags``: the dict (plain, or an Output), and its values that arrive as Outputs."""
    value = args.get("tags")
    if value is None:
        return None
    checked = checks.one(value, partial(tags.check_tags, is_deferred=is_output))
    if isinstance(value, Mapping):
        for key, item in value.items():
            if is_output(item):
                checks.one(item, partial(tags.check_tag_value, key))
    return checked
