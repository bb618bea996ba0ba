"""check_arguments: CognitoSesEmailArgs in, one :class:`..model.CheckedArgs` out."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection, Mapping
from functools import cache, partial
from operator import itemgetter
from typing import Any

import pulumi_aws as aws

from ..model import CheckedArgs, Identity, Notifications, Policy, Value
from ..outputs import Checks, is_output, warn
from ..rules import (
    addresses,
    errors,
    keys,
    messages,
    names,
    notifications,
    policies,
    regions,
    tags,
    user_pool,
)
from ..rules import verification as wait
from .identity import ProviderRegion, check_provider_region, checked_identity, known_identity

#: Arguments only DEVELOPER mode takes, and those only the policy (COGNITO_DEFAULT) uses.
DEVELOPER_ARGUMENTS = ("from_name", "configuration_set", "identity_domain")
POLICY_ARGUMENTS = ("policy_name", "source_arn_scope")
#: Arguments that configure the user pool this component creates.
POOL_ARGUMENTS = ("user_pool_name", "user_pool_args", "deletion_protection",
                  "verification_message", "invitation_message")  # fmt: skip
#: The arguments as given that name the identity (with the pool's Region).
IDENTITY_ARGUMENTS = ("from_address", "identity_arn", "identity_domain", "ses_region")
#: user_pool_args keys that ask for email one-time codes, or decide whether the pool may.
EMAIL_CODE_KEYS = ("email_mfa_configuration", "mfa_configuration", "sign_in_policy",
                   "user_pool_tier")  # fmt: skip

Rule = Callable[[str, Any], Any]

#: The checks of the items of ``notifications`` and of ``alarms``, by name.
NOTIFICATION_CHECKS: dict[str, Rule] = {
    "topic_arn": notifications.check_topic_arn,
    "types": notifications.check_types,
    "include_original_headers": notifications.check_flag,
}
ALARM_CHECKS: dict[str, Rule] = {
    "actions": notifications.check_alarm_actions,
    **{key: partial(notifications.check_rate, pause_rate=pause)
       for key, *_, pause in notifications.ALARMS},
}  # fmt: skip


def check_arguments(
    args: Mapping[str, Any],
    argument_names: Collection[str],
    provider: ProviderRegion | None = None,
    default_provider: bool = True,
) -> CheckedArgs:
    """Check every argument; a ValueError naming it for a bad plain value."""
    _check_names(args, argument_names)
    if args.get("from_address") is None:
        raise errors.argument_error("from_address", "is required, e.g. no-reply@example.com")
    sending_account = _choice(args, "sending_account", user_pool.SENDING_ACCOUNTS)
    developer = sending_account == "DEVELOPER"
    # The address names the identity (and so sits in SourceArn) unless it is a domain's.
    in_arn = args.get("identity_domain") is None and (
        args.get("identity_arn") is None or not developer
    )
    checks = Checks()
    optional = partial(_optional, args, checks)
    from_address = checks(partial(addresses.check_address, "from_address", in_arn=in_arn),
                          args["from_address"])  # fmt: skip
    scope = _choice(args, "source_arn_scope", policies.SOURCE_ARN_SCOPES)
    _check_mode(args, developer)
    create_pool = _wants_user_pool(args, scope)
    policy_name = None if developer else optional("policy_name", names.check_policy_name)
    policy = Policy(policy_name, "account" if scope == "account" else "user-pool")
    configuration = _email_configuration(args, developer, from_address, checks)
    tags_ = _tags(args.get("tags"), checks)
    pool = _pool(args, developer, tags_, checks) if create_pool else None
    argument = "user_pool_args['region']" if create_pool else "user_pool_region"
    region = pool.get("region") if pool is not None else args.get("user_pool_region")
    rule = partial(regions.check_region, argument, warn=warn, service=regions.COGNITO_IDP)
    pool_region = None if region is None else checks(rule, region)
    identity, region_argument = checked_identity(
        args, sending_account, from_address, (pool_region, argument),
        (*(args.get(key) for key in IDENTITY_ARGUMENTS), region), checks,
    )  # fmt: skip
    if pool_region is not None and identity.region is not None:
        pair = partial(regions.check_region_pair, argument=region_argument, pool_argument=argument)
        checks(pair, pool_region, identity.region)
    notifications = _notifications(args, developer, identity, checks, provider, default_provider)
    minutes = f"whole number of minutes (0-{wait.MAX_MINUTES}), not an Output: e.g. 15, or 0"
    timeout: int | None = _plain(args, wait.ARGUMENT, minutes, wait.check_timeout_minutes)
    if identity.region is None:
        check_provider_region(provider, [regions.SES, *[regions.COGNITO_IDP] * create_pool])
    return CheckedArgs(
        identity=identity,
        policy=None if developer else policy,
        email_configuration=configuration,
        pool=pool,
        notifications=notifications,
        tags=tags_,
        pool_region=pool_region,
        region_argument=region_argument,
        checks=tuple(checks.pending),
        verification_timeout_minutes=timeout,
    )


def _check_names(args: object, argument_names: Collection[str]) -> None:
    """``args`` is a dict of argument names (a misspelt one would be ignored: refused with
    the closest name)."""
    if not isinstance(args, Mapping):
        raise errors.argument_error(
            "args",
            f"expected a dict of CognitoSesEmailArgs, got {type(args).__name__} {args!r}; "
            "e.g. CognitoSesEmail(name, {'from_address': 'no-reply@example.com'})",
        )
    for key in args:
        if key not in argument_names:
            raise errors.argument_error(
                str(key),
                "is not an argument of CognitoSesEmail"
                f"{keys.did_you_mean(str(key), argument_names)}; "
                "see CognitoSesEmailArgs for the arguments",
            )


def _check_mode(args: Mapping[str, Any], developer: bool) -> None:
    """Arguments the other sending mode would need are refused, naming the mode."""
    refused = POLICY_ARGUMENTS if developer else DEVELOPER_ARGUMENTS
    why = (
        "applies to the sending authorization policy, which DEVELOPER mode does not use "
        "(Cognito sends through its service-linked role); leave it out"
        if developer
        else "can only be set with sending_account='DEVELOPER': in COGNITO_DEFAULT mode "
        "Cognito sends from the exact address of an email-address identity"
    )
    for key in refused:
        if args.get(key) is not None:
            raise errors.argument_error(key, why)


def _wants_user_pool(args: Mapping[str, Any], scope: str) -> bool:
    """``create_user_pool`` (plain; default True), and what bringing your own pool excludes."""
    value = args.get("create_user_pool")
    if value is None or value is True:
        if args.get("user_pool_region") is not None:
            raise errors.argument_error(
                "user_pool_region",
                "is for your own pool (create_user_pool=False); for the pool this component "
                "creates, set user_pool_args['region']",
            )
        return True
    if not isinstance(value, bool):
        raise errors.argument_error(
            "create_user_pool",
            f"must be a plain True or False (it decides which resources exist), got {value!r}",
        )
    for key in POOL_ARGUMENTS:
        if args.get(key) is not None:
            raise errors.argument_error(
                key,
                "configures the user pool this component creates, and create_user_pool is "
                "False; set it on your own aws.cognito.UserPool instead",
            )
    if scope == "user-pool":
        raise errors.argument_error(
            "source_arn_scope",
            "'user-pool' names the pool this component creates, and create_user_pool is "
            "False; leave it out (the policy then covers every pool of the account in its "
            "Region, so it can exist before your pool)",
        )
    return False


def _plain(
    args: Mapping[str, Any], key: str, what: str, rule: Callable[[Any], Any] | None = None
) -> Any:
    """An argument that must be plain (it decides which resources exist): refused as an
    Output, saying ``what`` it must be; else as given, or ``rule``'s answer (None when not
    given)."""
    value = args.get(key)
    if is_output(value):
        raise errors.argument_error(key, f"must be a plain {what}")
    return value if value is None or rule is None else rule(value)


def _choice(args: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    """A plain argument that decides which resources exist: one of ``choices`` (the first
    when not given)."""
    rule = partial(errors.check_choice, key, choices=choices)
    value = _plain(args, key, "value, not an Output: it decides which resources exist", rule)
    return choices[0] if value is None else value


def _optional(args: Mapping[str, Any], checks: Checks, key: str, rule: Callable[[Any], Any]) -> Any:
    value = args.get(key)
    return None if value is None else checks(rule, value)


def _email_configuration(
    args: Mapping[str, Any], developer: bool, from_address: Value[str], checks: Checks
) -> dict[str, Any]:
    """The pool's email configuration but its source_arn."""
    optional = partial(_optional, args, checks)
    configuration: dict[str, Any] = {
        "email_sending_account": "DEVELOPER" if developer else "COGNITO_DEFAULT"
    }
    if developer:
        from_name = optional("from_name", addresses.check_display_name)
        configuration["from_email_address"] = checks(addresses.from_header, from_address, from_name)
        configuration["configuration_set"] = optional(
            "configuration_set", names.check_configuration_set
        )
    reply_to = optional("reply_to_address", partial(addresses.check_address, "reply_to_address"))
    configuration["reply_to_email_address"] = reply_to
    return {key: value for key, value in configuration.items() if value is not None}


def _tags(value: Any, checks: Checks) -> Any:
    """``tags``: the dict (plain, or an Output), and its values that arrive as Outputs."""
    if value is None:
        return None
    checked = checks(partial(tags.check_tags, is_deferred=is_output), value)
    for key, item in value.items() if isinstance(value, Mapping) else ():
        if is_output(item):
            checks(partial(tags.check_tag_value, key), item)
    return checked


@cache
def user_pool_arguments() -> frozenset[str]:
    """The keyword arguments aws.cognito.UserPool takes (pulumi-aws's ``UserPoolArgs``),
    read on first use: it costs milliseconds."""
    parameters = inspect.signature(aws.cognito.UserPoolArgs.__init__).parameters
    return frozenset(name for name in parameters if name not in {"self", "__self__"})


def _pool(args: Mapping[str, Any], developer: bool, tags_: Any, checks: Checks) -> dict[str, Any]:
    """aws.cognito.UserPool's arguments but email_configuration."""
    normalized = partial(user_pool.normalize_user_pool_args, allowed_keys=user_pool_arguments())
    what = ("dict, not an Output: its keys decide which UserPool arguments are set; its values "
            "may be Outputs (e.g. {'mfa_configuration': config_output})")  # fmt: skip
    pool: dict[str, Any] = _plain(args, "user_pool_args", what, normalized) or {}
    if pool.get("email_mfa_configuration") is not None or pool.get("sign_in_policy") is not None:
        asked = {key: pool.get(key) for key in EMAIL_CODE_KEYS}
        codes = partial(user_pool.check_email_codes, developer=developer, warn=warn)
        checks(codes, asked, deep=True)
    protection = args.get("deletion_protection")
    pool["name"] = _optional(args, checks, "user_pool_name", names.check_user_pool_name)
    pool["deletion_protection"] = checks(
        user_pool.check_deletion_protection, True if protection is None else protection
    )
    pool["tags"] = tags_
    pool.update(_messages(args, pool, developer, checks))
    return {key: value for key, value in pool.items() if value is not None}


def _messages(
    args: Mapping[str, Any], pool: Mapping[str, Any], developer: bool, checks: Checks
) -> dict[str, Any]:
    """Every email template checked; the pool's templates with the component's merged."""
    verification, invitation = args.get("verification_message"), args.get("invitation_message")
    in_pool = {key: pool[key] for key in messages.TEMPLATE_KEYS if pool.get(key) is not None}
    if not in_pool and verification is None and invitation is None:
        return {}
    rule = partial(messages.email_templates, developer=developer, warn=warn)
    merged = checks(rule, in_pool, verification, invitation, deep=True)
    if isinstance(merged, dict):
        return merged
    own = {"verification_message_template": verification, "admin_create_user_config": invitation}
    return {key: merged.apply(itemgetter(key)) for key, given in own.items() if given is not None}


def _notifications(
    args: Mapping[str, Any],
    developer: bool,
    identity: Identity,
    checks: Checks,
    provider: ProviderRegion | None,
    default_provider: bool,
) -> Notifications | None:
    """``notifications`` and ``alarms``: plain dicts (their keys and ``types`` decide which
    resources exist); every other value may be an Output."""
    value = _plain(args, "notifications", "dict, not an Output: its types decide which resources "
                   "exist; topic_arn and include_original_headers may be Outputs")  # fmt: skip
    alarms = _plain(args, "alarms", "dict, not an Output: it decides which alarms exist; its "
                    "bounce_rate, complaint_rate and actions may be Outputs")  # fmt: skip
    if value is None and alarms is None:
        return None
    given: dict[str, tuple[str, Any, Any]] = {}
    if value is not None:
        named = keys.items_by_name("notifications", value, NOTIFICATION_CHECKS)
        given = _items("notifications", named, NOTIFICATION_CHECKS, checks)
        if "topic_arn" in given and identity.region is not None:  # SES publishes in its Region
            where, _, topic = given["topic_arn"]
            checks(partial(notifications.check_topic_arn, where), topic, identity.region)
    default = () if value is None else notifications.DEFAULT_TYPES
    # The alarms measure the identity's Region: an argument's, else the provider's.
    region = identity.region if identity.region is not None else getattr(provider, "name", None)
    thresholds, actions = _alarms(alarms, developer, value is not None, region, checks)
    return Notifications(
        types=given["types"][2] if "types" in given else default,
        topic_arn=given["topic_arn"][2] if "topic_arn" in given else None,
        include_original_headers=given.get("include_original_headers", ("", "", False))[2],
        alarm_thresholds=thresholds,
        alarm_actions=actions,
        known_identity=known_identity(identity, provider, default_provider),
    )


def _alarms(
    value: Any,
    developer: bool,
    has_topic: bool,
    region: Value[str] | None,
    checks: Checks,
) -> tuple[dict[str, Any] | None, Any]:
    """The ``alarms`` thresholds by rate name (None: no alarms), and the actions (None: the
    notification topic)."""
    if value is None:
        return None, None
    if not developer:
        raise errors.argument_error("alarms", notifications.NEEDS_DEVELOPER)
    named = keys.items_by_name("alarms", value, ALARM_CHECKS)
    _, actions = named.get("actions", ("", None))
    if actions is None and not has_topic:  # an item set to None is left out
        raise errors.argument_error("alarms", notifications.NEEDS_ACTIONS)
    found = _items("alarms", named, ALARM_CHECKS, checks)
    thresholds = {key: found[key][2] if key in found else default
                  for key, _, _, default, *_ in notifications.ALARMS}  # fmt: skip
    if "actions" not in found:
        return thresholds, None
    where, actions, checked = found["actions"]
    if region is not None:  # CloudWatch takes actions of the alarms' own partition
        checks(partial(notifications.check_action_partition, where), actions, region, deep=True)
    return thresholds, checked


def _items(
    argument: str, named: Mapping[str, Any], checkers: Mapping[str, Rule], checks: Checks
) -> dict[str, tuple[str, Any, Any]]:
    """The items of a dict argument (``named``: by name, the key as typed and the item) that
    are set: the item's argument, its value and that value checked by its name's checker
    (now or once it resolves)."""
    found = {}
    for name, (key, item) in named.items():
        where = f"{argument}[{key!r}]"
        if name == "types" and is_output(item):
            raise errors.argument_error(
                where, "must be a plain list, not an Output: each type is a resource"
            )
        if item is not None:
            found[name] = (where, item, checks(partial(checkers[name], where), item, deep=True))
    return found
