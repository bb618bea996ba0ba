"""Turns CognitoSesEmailArgs into checked settings, before any resource exists.

Plain values are checked at once; a value that arrives as a ``pulumi.Output`` is
checked when it resolves, with the same message. Every such Output check is kept in
:class:`Checks` so that each child resource can wait on all of them: a bad value
that arrives late still stops every resource from being created.
"""

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any, TypeVar

import pulumi
import pulumi_aws as aws

from . import addresses, regions, validation
from .policy import IdentityArn

R = TypeVar("R")


@cache
def user_pool_arguments() -> frozenset[str]:
    """The keyword arguments aws.cognito.UserPool takes, for checking user_pool_args.

    Read from the installed pulumi-aws on first use (not at import: it costs milliseconds).
    """
    return frozenset(
        name
        for name in inspect.signature(aws.cognito.UserPool._internal_init).parameters
        if name not in {"__self__", "resource_name", "opts", "__props__"}
    )


def is_output(value: Any) -> bool:
    """True for a value that is not known yet (an Output or another awaitable)."""
    return isinstance(value, (pulumi.Output, Awaitable))


def map_value(value: Any, fn: Callable[[Any], R]) -> Any:
    """``fn(value)``, through ``apply`` when ``value`` is an Output."""
    return pulumi.Output.from_input(value).apply(fn) if is_output(value) else fn(value)


def map_values(values: list[Any], fn: Callable[..., R]) -> Any:
    """``fn(*values)``, through ``Output.all(...).apply`` when any value is an Output."""
    if any(is_output(v) for v in values):
        return pulumi.Output.all(*values).apply(lambda resolved: fn(*resolved))
    return fn(*values)


@dataclass
class Checks:
    """Checks plain values now and Output values when they resolve."""

    pending: list[pulumi.Output[Any]] = field(default_factory=list)

    def one(self, value: Any, check: Callable[[Any], R]) -> Any:
        return self.many([value], check)

    def many(self, values: list[Any], check: Callable[..., R]) -> Any:
        checked = map_values(values, check)
        if isinstance(checked, pulumi.Output):
            self.pending.append(checked)
        return checked

    def gate(self) -> pulumi.Output[list[Any]] | None:
        """An (empty) dependency list that resolves once every Output check passed."""
        if not self.pending:
            return None
        return pulumi.Output.all(*self.pending).apply(lambda _: [])


@dataclass
class Settings:
    """Checked arguments: plain values, or Outputs that are checked on resolution."""

    from_address: Any
    developer: bool
    account_scope: bool
    from_header: Any
    configuration_set: Any
    reply_to: Any
    policy_name: Any  # None: the component derives one from its URN
    user_pool_name: Any
    deletion_protection: Any
    tags: Any
    pool_args: dict[str, Any]
    pool_region: Any
    identity_region: Any
    identity_region_argument: str  # what to name when the identity's Region is refused
    adopted: Any  # IdentityArn (plain or Output), or None when the identity is created
    identity_domain: Any
    hosted_zone_id: Any
    mail_from_domain: Any
    dmarc_policy: Any
    checks: Checks
    #: The arguments as given that name the identity, and those that configure a domain:
    #: what the component derives from them is secret when any of them is.
    identity_inputs: tuple[Any, ...] = ()
    domain_inputs: tuple[Any, ...] = ()


def _plain(args: Mapping[str, Any], key: str, default: str) -> Any:
    value = args.get(key)
    if value is None:
        return default
    if is_output(value):
        raise validation.fail(
            key, "must be a plain value, not an Output: it decides which resources exist"
        )
    return value  # checked against its choices by the caller


def check_arguments(args: Mapping[str, Any]) -> Settings:
    """Check every argument; raises ValueError (naming it) for a bad plain value."""
    checks = Checks()

    def optional(key: str, check: Callable[[Any], Any]) -> Any:
        value = args.get(key)
        return None if value is None else checks.one(value, check)

    if args.get("from_address") is None:
        raise validation.fail("from_address", "is required, e.g. no-reply@example.com")
    from_address = checks.one(
        args["from_address"], lambda v: validation.check_address("from_address", v)
    )
    sending_account = _plain(args, "sending_account", "COGNITO_DEFAULT")
    validation.check_choice("sending_account", sending_account, validation.SENDING_ACCOUNTS)
    scope = _plain(args, "source_arn_scope", "account")
    validation.check_choice("source_arn_scope", scope, validation.SOURCE_ARN_SCOPES)
    developer = sending_account == "DEVELOPER"

    developer_only = ["from_name", "configuration_set", "identity_domain"]
    for key in developer_only:
        if not developer and args.get(key) is not None:
            raise validation.fail(
                key,
                "can only be set with sending_account='DEVELOPER': in COGNITO_DEFAULT mode "
                "Cognito sends from the exact address of an email-address identity",
            )
    if developer:
        for key in ("policy_name", "source_arn_scope"):
            if args.get(key) is not None:
                raise validation.fail(
                    key,
                    "applies to the sending authorization policy, which DEVELOPER mode does "
                    "not use (Cognito sends through its service-linked role); leave it out",
                )
    from_name = optional("from_name", validation.check_display_name)
    from_header = (
        map_values([from_address, from_name], addresses.from_header) if developer else None
    )
    reply_to = optional(
        "reply_to_address", lambda v: validation.check_address("reply_to_address", v)
    )
    policy_name = optional("policy_name", validation.check_policy_name)
    if is_output(args.get("user_pool_args")):
        raise validation.fail(
            "user_pool_args",
            "must be a plain dict, not an Output: its keys decide which UserPool arguments "
            "are set; its values may be Outputs (e.g. {'mfa_configuration': config_output})",
        )
    pool_args = validation.normalize_user_pool_args(
        args.get("user_pool_args"), user_pool_arguments()
    )
    pool_region = pool_args.get("region")
    if pool_region is not None:
        pool_region = checks.one(
            pool_region,
            lambda v: validation.check_region(
                "user_pool_args['region']", v, pulumi.log.warn, service=regions.COGNITO_IDP
            ),
        )
    ses_region = optional(
        "ses_region",
        lambda v: validation.check_region("ses_region", v, pulumi.log.warn, service=regions.SES),
    )

    adopted = None
    if args.get("identity_arn") is not None:
        if args.get("identity_domain") is not None:
            raise validation.fail(
                "identity_domain",
                "cannot be combined with identity_arn: adopt an existing identity, or let "
                "the component create and verify identity_domain, not both",
            )
        adopted = checks.many(
            [args["identity_arn"], from_address],
            lambda arn, address: validation.check_identity_arn(arn, address, sending_account),
        )
        if ses_region is not None:
            checks.many([adopted, ses_region], _check_same_region)
        identity_region = map_value(adopted, lambda parsed: parsed.region)
    else:
        identity_region = ses_region if ses_region is not None else pool_region
    region_argument = "identity_arn" if adopted is not None else "ses_region"
    if pool_region is not None and identity_region is not None:
        checks.many(
            [pool_region, identity_region],
            partial(validation.check_region_pair, argument=region_argument),
        )

    identity_domain = optional(
        "identity_domain", lambda v: validation.check_domain("identity_domain", v)
    )
    domain_only = ["hosted_zone_id", "mail_from_domain", "dmarc_policy"]
    for key in domain_only:
        if identity_domain is None and args.get(key) is not None:
            raise validation.fail(key, "needs identity_domain: it configures that domain")
    if identity_domain is not None:
        checks.many([from_address, identity_domain], validation.check_address_at_domain)
    mail_from_domain = None
    if args.get("mail_from_domain") is not None:
        mail_from_domain = checks.many(
            [args["mail_from_domain"], identity_domain], validation.check_mail_from_domain
        )

    return Settings(
        from_address=from_address,
        developer=developer,
        account_scope=scope == "account",
        from_header=from_header,
        configuration_set=optional("configuration_set", validation.check_configuration_set),
        reply_to=reply_to,
        policy_name=policy_name,
        user_pool_name=optional("user_pool_name", validation.check_user_pool_name),
        deletion_protection=checks.one(
            True if args.get("deletion_protection") is None else args["deletion_protection"],
            validation.check_deletion_protection,
        ),
        tags=optional("tags", validation.check_tags),
        pool_args=pool_args,
        pool_region=pool_region,
        identity_region=identity_region,
        identity_region_argument=region_argument,
        adopted=adopted,
        identity_domain=identity_domain,
        hosted_zone_id=optional("hosted_zone_id", validation.check_hosted_zone_id),
        mail_from_domain=mail_from_domain,
        dmarc_policy=optional("dmarc_policy", validation.check_dmarc_policy),
        checks=checks,
        identity_inputs=(
            args.get("from_address"),
            args.get("identity_arn"),
            args.get("identity_domain"),
            args.get("ses_region"),
            pool_args.get("region"),
        ),
        domain_inputs=(args.get("mail_from_domain"), args.get("dmarc_policy")),
    )


def _check_same_region(parsed: IdentityArn, ses_region: str) -> None:
    if parsed.region != ses_region:
        raise validation.fail(
            "ses_region",
            f"is {ses_region!r} but identity_arn is in {parsed.region!r}; "
            "leave ses_region out when adopting an identity, or make them match",
        )
