"""The user pool arguments: user_pool_args, its name, deletion protection, the emails."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from functools import cache, partial
from typing import Any

import pulumi_aws as aws

from ..rules import names, regions, user_pool
from .model import (
    PoolSettings,
    Value,
)
from .values import Checks, optional, plain_dict, warn

#: user_pool_args keys that hold email templates.
_MESSAGE_KEYS = (
    "verification_message_template",
    "admin_create_user_config",
    "email_verification_message",
    "email_verification_subject",
)

#: user_pool_args keys that ask for email one-time codes, or decide whether the pool may send them.
_EMAIL_CODE_KEYS = (
    "email_mfa_configuration",
    "mfa_configuration",
    "sign_in_policy",
    "user_pool_tier",
)


@cache
def user_pool_arguments() -> frozenset[str]:
    """The keyword arguments aws.cognito.UserPool takes, for checking user_pool_args.

    Read from the installed pulumi-aws's public ``UserPoolArgs`` on first use (not at
    import: it costs milliseconds).
    """
    parameters = inspect.signature(aws.cognito.UserPoolArgs.__init__).parameters
    return frozenset(name for name in parameters if name not in {"self", "__self__"})


def own_pool_region(args: Mapping[str, Any], checks: Checks) -> Value[str] | None:
    """``user_pool_region``: where your own pool is (create_user_pool=False)."""
    return optional(
        args,
        checks,
        "user_pool_region",
        lambda v: regions.check_region("user_pool_region", v, warn, service=regions.COGNITO_IDP),
    )


def checked_pool(args: Mapping[str, Any], developer: bool, checks: Checks) -> PoolSettings:
    plain_dict(
        args,
        "user_pool_args",
        "its keys decide which UserPool arguments are set; its values may be Outputs "
        "(e.g. {'mfa_configuration': config_output})",
    )
    extra = user_pool.normalize_user_pool_args(args.get("user_pool_args"), user_pool_arguments())
    region = extra.get("region")
    if region is not None:
        region = checks.one(
            region,
            lambda v: regions.check_region(
                "user_pool_args['region']", v, warn, service=regions.COGNITO_IDP
            ),
        )
    if extra.get("email_mfa_configuration") is not None or extra.get("sign_in_policy") is not None:
        asked = {key: extra.get(key) for key in _EMAIL_CODE_KEYS}
        checks.deep(asked, partial(user_pool.check_email_codes, developer=developer, warn=warn))
    deletion_protection = args.get("deletion_protection")
    return PoolSettings(
        name=optional(args, checks, "user_pool_name", names.check_user_pool_name),
        deletion_protection=checks.one(
            True if deletion_protection is None else deletion_protection,
            user_pool.check_deletion_protection,
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
    from ..rules import messages, pool_args_messages

    if in_pool_args:
        checks.deep(
            in_pool_args,
            partial(
                pool_args_messages.check_pool_args_messages,
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
