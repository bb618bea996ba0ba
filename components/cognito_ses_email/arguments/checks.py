"""Where the arguments are checked: CognitoSesEmailArgs in, a :class:`.config.Config` out.

Each argument is checked before any resource (the component included) is registered; a
value that arrives as a ``pulumi.Output`` is checked when it resolves, with the same
message (see :mod:`.outputs`). The rules for single values live in :mod:`.validation`;
this module combines them, one small function per part of the model.
"""

import inspect
from collections.abc import Callable, Collection, Mapping
from functools import cache, partial
from typing import TYPE_CHECKING, Any

import pulumi_aws as aws

from ..rules import addresses, regions, validation, verification
from ..rules.arns import parse_identity_arn
from . import claims
from .model import (
    AdoptedIdentity,
    AlarmSettings,
    CognitoDefault,
    Config,
    CreatedAddress,
    CreatedDomain,
    Developer,
    Identity,
    Mode,
    NotificationSettings,
    PoolSettings,
    Value,
)
from .values import Checks, is_output, map_value, map_values, warn

if TYPE_CHECKING:
    from ..rules import notifications

#: Arguments that only DEVELOPER mode takes, and those only the policy (COGNITO_DEFAULT) uses.
_DEVELOPER_ONLY = ("from_name", "configuration_set", "identity_domain")
_POLICY_ONLY = ("policy_name", "source_arn_scope")
#: Arguments that configure identity_domain.
_DOMAIN_ONLY = ("hosted_zone_id", "mail_from_domain", "dmarc_policy")
#: Arguments that configure the user pool this component creates.
_POOL_ONLY = (
    "user_pool_name",
    "user_pool_args",
    "deletion_protection",
    "verification_message",
    "invitation_message",
)
#: user_pool_args keys that hold email templates.
_MESSAGE_KEYS = (
    "verification_message_template",
    "admin_create_user_config",
    "email_verification_message",
    "email_verification_subject",
)


@cache
def user_pool_arguments() -> frozenset[str]:
    """The keyword arguments aws.cognito.UserPool takes, for checking user_pool_args.

    Read from the installed pulumi-aws's public ``UserPoolArgs`` on first use (not at
    import: it costs milliseconds).
    """
    parameters = inspect.signature(aws.cognito.UserPoolArgs.__init__).parameters
    return frozenset(name for name in parameters if name not in {"self", "__self__"})


def check_arguments(args: Mapping[str, Any], argument_names: Collection[str]) -> Config:
    """Check every argument; raises ValueError (naming it) for a bad plain value.

    ``argument_names``: the names CognitoSesEmailArgs declares; any other is refused.
    """
    check_argument_names(args, argument_names)
    checks = Checks()
    if args.get("from_address") is None:
        raise validation.fail("from_address", "is required, e.g. no-reply@example.com")
    sending_account = _choice(args, "sending_account", validation.SENDING_ACCOUNTS)
    # The address names the identity (and so sits in SourceArn) unless it is a domain's.
    in_arn = args.get("identity_domain") is None and (
        args.get("identity_arn") is None or sending_account == "COGNITO_DEFAULT"
    )
    from_address = checks.one(
        args["from_address"],
        partial(validation.check_address, "from_address", in_arn=in_arn),
    )
    scope = _choice(args, "source_arn_scope", validation.SOURCE_ARN_SCOPES)
    developer = sending_account == "DEVELOPER"
    _check_mode_arguments(args, developer)
    create_pool = _create_user_pool(args, scope)

    mode = _mode(args, developer, scope, from_address, checks)
    reply_to = _optional(
        args, checks, "reply_to_address", partial(validation.check_address, "reply_to_address")
    )
    pool = _pool(args, developer, checks) if create_pool else None
    pool_region = pool.region if pool is not None else _own_pool_region(args, checks)
    pool_argument = "user_pool_args['region']" if pool is not None else "user_pool_region"
    identity, region_argument = _identity(
        args, sending_account, from_address, (pool_region, pool_argument), checks
    )
    if pool_region is not None and identity.region is not None:
        checks.many(
            [pool_region, identity.region],
            partial(
                validation.check_region_pair,
                argument=region_argument,
                pool_argument=pool_argument,
            ),
        )
    feedback = _notifications(args, identity, checks)
    return Config(
        from_address=from_address,
        reply_to=reply_to,
        identity=identity,
        mode=mode,
        pool=pool,
        notifications=feedback[0] if feedback else None,
        alarms=_alarms(args, developer, feedback[1] if feedback else None, checks),
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


def _verification_timeout(args: Mapping[str, Any]) -> int | None:
    """``verification_timeout_minutes``: plain, 0-1440; None when not given."""
    value = args.get(verification.ARGUMENT)
    return None if value is None else verification.check_timeout_minutes(value)


def _tags(args: Mapping[str, Any], checks: Checks) -> Any:
    """``tags``: the dict (plain, or an Output), and its values that arrive as Outputs."""
    value = args.get("tags")
    if value is None:
        return None
    tags = checks.one(value, partial(validation.check_tags, is_deferred=is_output))
    if isinstance(value, Mapping):
        for key, item in value.items():
            if is_output(item):
                checks.one(item, partial(validation.check_tag_value, key))
    return tags


#: What puts the resources in the provider's Region when no Region argument does.
PROVIDER_REGION = "aws:region"


def check_provider_region(config: Config, provider_region: str | None) -> None:
    """With no Region argument the identity (and pool) go to the provider's Region; where
    that is known (``aws:region``), SES and Cognito must be offered there, as for a
    Region argument."""
    if provider_region is None or config.identity_region is not None:
        return
    services = [regions.SES, *([regions.COGNITO_IDP] if config.pool is not None else [])]
    for service in services:
        problem = regions.service_problem(provider_region, service)
        if problem:
            raise validation.fail(
                PROVIDER_REGION,
                f"{problem}. No ses_region, user_pool_args['region'] or user_pool_region is "
                "given, so the SES identity goes to the provider's Region (the stack's "
                "aws:region setting); set ses_region to a Region Cognito can use",
            )


def claim_notifications(
    component: str, config: Config, provider_region: str | None, default_provider: bool
) -> None:
    """Refuses to send an identity's notifications that another component of this program
    already sends, when the identity (and its Region) are known now; :mod:`.feedback`
    checks again, with a warning, once the identity's ARN is known."""
    settings = config.notifications
    known = _known_identity(config.identity, provider_region, default_provider)
    if settings is None or known is None:
        return
    identity, region = known
    conflict = claims.claim(identity, region, settings.types, component)
    if conflict is not None:
        shown = "[secret]" if conflict.secret else identity
        raise validation.fail(
            "notifications", shared_identity_problem(shown, region, conflict.other, component)
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


def check_argument_names(args: object, argument_names: Collection[str]) -> None:
    """``args`` is a dict whose keys are all argument names (a misspelt one would be
    ignored: refused with the closest name)."""
    if not isinstance(args, Mapping):
        raise validation.fail(
            "args",
            f"expected a dict of CognitoSesEmailArgs, got {type(args).__name__} {args!r}; "
            "e.g. CognitoSesEmail(name, {'from_address': 'no-reply@example.com'})",
        )
    for key in args:
        if key not in argument_names:
            raise validation.fail(
                str(key),
                "is not an argument of CognitoSesEmail"
                f"{validation.did_you_mean(str(key), argument_names)}; "
                "see CognitoSesEmailArgs for the arguments",
            )


def _optional(
    args: Mapping[str, Any], checks: Checks, key: str, check: Callable[[Any], Any]
) -> Any:
    """The checked value of ``args[key]``, or None when it is not given."""
    value = args.get(key)
    return None if value is None else checks.one(value, check)


def _choice(args: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    """A plain argument that decides which resources exist: one of ``choices``."""
    value = args.get(key)
    if value is None:
        return choices[0]
    if is_output(value):
        raise validation.fail(
            key, "must be a plain value, not an Output: it decides which resources exist"
        )
    return validation.check_choice(key, value, choices)


def _own_pool_region(args: Mapping[str, Any], checks: Checks) -> Value[str] | None:
    """``user_pool_region``: where your own pool is (create_user_pool=False)."""
    return _optional(
        args,
        checks,
        "user_pool_region",
        lambda v: validation.check_region("user_pool_region", v, warn, service=regions.COGNITO_IDP),
    )


def _create_user_pool(args: Mapping[str, Any], scope: str) -> bool:
    """``create_user_pool`` (plain; default True), and what bringing your own pool excludes."""
    value = args.get("create_user_pool")
    if value is None or value is True:
        if args.get("user_pool_region") is not None:
            raise validation.fail(
                "user_pool_region",
                "is for your own pool (create_user_pool=False); for the pool this component "
                "creates, set user_pool_args['region']",
            )
        return True
    if is_output(value) or not isinstance(value, bool):
        raise validation.fail(
            "create_user_pool",
            f"must be a plain True or False (it decides which resources exist), got {value!r}",
        )
    for key in _POOL_ONLY:
        if args.get(key) is not None:
            raise validation.fail(
                key,
                "configures the user pool this component creates, and create_user_pool is "
                "False; set it on your own aws.cognito.UserPool instead",
            )
    if scope == "user-pool":
        raise validation.fail(
            "source_arn_scope",
            "'user-pool' names the pool this component creates, and create_user_pool is "
            "False; leave it out (the policy then covers every pool of the account in its "
            "Region, so it can exist before your pool)",
        )
    return False


def _plain_dict(args: Mapping[str, Any], key: str, why: str) -> None:
    """A dict argument whose keys shape the resources: refused as an Output, saying ``why``."""
    if is_output(args.get(key)):
        raise validation.fail(key, f"must be a plain dict, not an Output: {why}")


def _check_mode_arguments(args: Mapping[str, Any], developer: bool) -> None:
    """Arguments the other sending mode would need are refused, naming the mode."""
    for key in _DEVELOPER_ONLY:
        if not developer and args.get(key) is not None:
            raise validation.fail(
                key,
                "can only be set with sending_account='DEVELOPER': in COGNITO_DEFAULT mode "
                "Cognito sends from the exact address of an email-address identity",
            )
    for key in _POLICY_ONLY:
        if developer and args.get(key) is not None:
            raise validation.fail(
                key,
                "applies to the sending authorization policy, which DEVELOPER mode does "
                "not use (Cognito sends through its service-linked role); leave it out",
            )


def _mode(
    args: Mapping[str, Any],
    developer: bool,
    scope: str,
    from_address: Value[str],
    checks: Checks,
) -> Mode:
    if not developer:
        policy_name = _optional(args, checks, "policy_name", validation.check_policy_name)
        return CognitoDefault(
            policy_name=policy_name, scope="account" if scope == "account" else "user-pool"
        )
    from_name = _optional(args, checks, "from_name", validation.check_display_name)
    return Developer(
        from_header=map_values([from_address, from_name], addresses.from_header),
        configuration_set=_optional(
            args, checks, "configuration_set", validation.check_configuration_set
        ),
    )


def _pool(args: Mapping[str, Any], developer: bool, checks: Checks) -> PoolSettings:
    _plain_dict(
        args,
        "user_pool_args",
        "its keys decide which UserPool arguments are set; its values may be Outputs "
        "(e.g. {'mfa_configuration': config_output})",
    )
    extra = validation.normalize_user_pool_args(args.get("user_pool_args"), user_pool_arguments())
    region = extra.get("region")
    if region is not None:
        region = checks.one(
            region,
            lambda v: validation.check_region(
                "user_pool_args['region']", v, warn, service=regions.COGNITO_IDP
            ),
        )
    deletion_protection = args.get("deletion_protection")
    return PoolSettings(
        name=_optional(args, checks, "user_pool_name", validation.check_user_pool_name),
        deletion_protection=checks.one(
            True if deletion_protection is None else deletion_protection,
            validation.check_deletion_protection,
        ),
        region=region,
        extra=extra,
        **_messages(args, extra, developer, checks),
    )


def _messages(
    args: Mapping[str, Any], extra: Mapping[str, Any], developer: bool, checks: Checks
) -> dict[str, Any]:
    """The email templates, from the component's arguments and from user_pool_args."""
    verification, invitation = args.get("verification_message"), args.get("invitation_message")
    in_pool_args = {key: extra[key] for key in _MESSAGE_KEYS if extra.get(key) is not None}
    if verification is None and invitation is None and not in_pool_args:
        return {}
    from ..rules import messages

    if in_pool_args:
        checks.deep(
            in_pool_args,
            partial(
                messages.check_pool_args_messages,
                developer=developer,
                verification_given=verification is not None,
                invitation_given=invitation is not None,
                warn=warn,
            ),
        )
    found: dict[str, Any] = {}
    if verification is not None:
        found["verification_template"] = checks.deep(
            verification,
            partial(messages.check_verification_message, developer=developer, warn=warn),
        )
    if invitation is not None:
        found["invitation_template"] = checks.deep(
            invitation,
            partial(messages.check_invitation_message, developer=developer, warn=warn),
        )
    return found


def _identity(
    args: Mapping[str, Any],
    sending_account: str,
    from_address: Value[str],
    pool: tuple[Value[str] | None, str],
    checks: Checks,
) -> tuple[Identity, str]:
    """The identity, and the argument to blame when its Region is refused: the one that
    put it there (without ses_region, the pool's Region argument, ``pool[1]``)."""
    pool_region, pool_argument = pool
    ses_region = _optional(
        args,
        checks,
        "ses_region",
        lambda v: validation.check_region("ses_region", v, warn, service=regions.SES),
    )
    if args.get("identity_domain") is None:
        for key in _DOMAIN_ONLY:
            if args.get(key) is not None:
                raise validation.fail(key, "needs identity_domain: it configures that domain")
    if args.get("identity_arn") is not None:
        return _adopted(args, sending_account, from_address, ses_region, checks), "identity_arn"
    region = ses_region if ses_region is not None else pool_region
    blamed = "ses_region" if ses_region is not None else pool_argument
    if args.get("identity_domain") is None:
        return CreatedAddress(address=from_address, region=region), blamed
    return _domain(args, from_address, region, checks), blamed


def _adopted(
    args: Mapping[str, Any],
    sending_account: str,
    from_address: Value[str],
    ses_region: Value[str] | None,
    checks: Checks,
) -> AdoptedIdentity:
    if args.get("identity_domain") is not None:
        raise validation.fail(
            "identity_domain",
            "cannot be combined with identity_arn: adopt an existing identity, or let "
            "the component create and verify identity_domain, not both",
        )
    arn = checks.many(
        [args["identity_arn"], from_address],
        lambda arn, address: _checked_identity_arn(arn, address, sending_account),
    )
    if ses_region is not None:
        checks.many([arn, ses_region], _check_same_region)
    return AdoptedIdentity(arn=arn, region=map_value(arn, _region_of))


def _checked_identity_arn(arn: object, from_address: str, sending_account: str) -> str:
    validation.check_identity_arn(arn, from_address, sending_account)
    return str(arn)


def _region_of(identity_arn: str) -> str:
    parsed = parse_identity_arn(identity_arn)
    assert parsed is not None  # checked by _checked_identity_arn
    return parsed.region


def _check_same_region(identity_arn: str, ses_region: str) -> None:
    region = _region_of(identity_arn)
    if region != ses_region:
        raise validation.fail(
            "ses_region",
            f"is {ses_region!r} but identity_arn is in {region!r}; "
            "leave ses_region out when adopting an identity, or make them match",
        )


def _domain(
    args: Mapping[str, Any],
    from_address: Value[str],
    region: Value[str] | None,
    checks: Checks,
) -> CreatedDomain:
    domain = checks.one(
        args["identity_domain"], partial(validation.check_domain, "identity_domain")
    )
    checks.many([from_address, domain], validation.check_address_at_domain)
    mail_from_domain = None
    if args.get("mail_from_domain") is not None:
        mail_from_domain = checks.many(
            [args["mail_from_domain"], domain], validation.check_mail_from_domain
        )
    return CreatedDomain(
        domain=domain,
        region=region,
        hosted_zone_id=_optional(args, checks, "hosted_zone_id", validation.check_hosted_zone_id),
        mail_from_domain=mail_from_domain,
        dmarc_policy=_optional(args, checks, "dmarc_policy", validation.check_dmarc_policy),
    )


_HEADERS_KEYS = ("include_original_headers", "includeOriginalHeaders")


def _notifications(
    args: Mapping[str, Any], identity: Identity, checks: Checks
) -> tuple[NotificationSettings, "notifications.Notifications"] | None:
    """``notifications``: a plain dict (its types decide which resources exist); its
    ``topic_arn`` and ``include_original_headers`` may be Outputs."""
    value = args.get("notifications")
    if value is None:
        return None
    from ..rules import notifications

    _plain_dict(
        args,
        "notifications",
        "its types decide which resources exist; topic_arn and include_original_headers "
        "may be Outputs",
    )
    # Outputs are kept aside and checked when they resolve; the rest is checked now.
    late = {}
    if isinstance(value, Mapping):
        if is_output(value.get("types")):
            raise validation.fail(
                "notifications['types']",
                "must be a plain list, not an Output: each type is a resource",
            )
        late = {key: v for key, v in value.items() if key in _HEADERS_KEYS and is_output(v)}
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
    settings = NotificationSettings(
        types=checked.types, include_original_headers=headers, topic_arn=topic_arn
    )
    return settings, checked


def _check_flag(argument: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise validation.fail(argument, f"expected True or False, got {value!r}")
    return value


def _alarms(
    args: Mapping[str, Any],
    developer: bool,
    checked: "notifications.Notifications | None",
    checks: Checks,
) -> AlarmSettings | None:
    """``alarms``: a plain dict (DEVELOPER only); its rates and actions may be Outputs."""
    value = args.get("alarms")
    if value is None:
        return None
    from ..rules import notifications

    _plain_dict(
        args,
        "alarms",
        "it decides which alarms exist; its bounce_rate, complaint_rate and actions may be Outputs",
    )
    if not developer or not isinstance(value, Mapping):
        # Refused whatever the values: COGNITO_DEFAULT mode, or not a dict.
        notifications.check_alarms(value, developer=developer, notifications=checked)
    given = dict(value)
    if "actions" not in given and checked is None:
        # Refused now: with neither actions nor a notification topic, nothing is told.
        notifications.check_alarms({}, developer=True, notifications=None)
    alarms = checks.deep(
        given, partial(notifications.check_alarms, developer=developer, notifications=checked)
    )
    return AlarmSettings(alarms=alarms, notify_topic="actions" not in given)
