"""The user pool's own arguments: the sending account, user_pool_args, deletion protection."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import argument_error
from .keys import did_you_mean, nested_fields, snake_case

SENDING_ACCOUNTS = ("COGNITO_DEFAULT", "DEVELOPER")

#: Keys of ``user_pool_args`` the component sets itself, and the argument to use.
_OWNED_POOL_KEYS = {
    "email_configuration": "the component builds it from its own arguments",
    "name": "use the component's user_pool_name argument",
    "deletion_protection": "use the component's deletion_protection argument",
    "tags": "use the component's tags argument",
}


def normalize_user_pool_args(value: Any, allowed_keys: frozenset[str]) -> dict[str, Any]:
    """``user_pool_args`` with snake_case keys; a key the component owns, or unknown, is refused."""
    if not isinstance(value, Mapping):
        raise argument_error(
            "user_pool_args", f"expected a dict of aws.cognito.UserPool arguments, got {value!r}"
        )
    normalized: dict[str, Any] = {}
    for key, item in value.items():
        snake = snake_case(str(key))
        if snake in _OWNED_POOL_KEYS:
            raise argument_error(
                "user_pool_args", f"may not set {key!r}: {_OWNED_POOL_KEYS[snake]}"
            )
        if snake not in allowed_keys:
            hint = did_you_mean(snake, allowed_keys - _OWNED_POOL_KEYS.keys())
            raise argument_error(
                "user_pool_args",
                f"{key!r} is not an aws.cognito.UserPool argument{hint}; "
                "see the UserPool arguments in the pulumi-aws docs",
            )
        if snake in normalized:
            raise argument_error(
                "user_pool_args", f"{key!r} is given twice (camelCase and snake_case)"
            )
        normalized[snake] = item
    return normalized


def check_deletion_protection(value: Any) -> str:
    """``True``/``False`` (or AWS's ``ACTIVE``/``INACTIVE``) as AWS's value."""
    if value is True or value == "ACTIVE":
        return "ACTIVE"
    if value is False or value == "INACTIVE":
        return "INACTIVE"
    raise argument_error("deletion_protection", f"expected True or False, got {value!r}")


def check_email_codes(
    pool_args: Mapping[str, Any], *, developer: bool, warn: Callable[[str], None]
) -> None:
    """Email MFA and EMAIL_OTP against the sending mode and feature plan (docs/arguments.md)."""
    policy = nested_fields("user_pool_args['sign_in_policy']", pool_args.get("sign_in_policy"))
    email_mfa = pool_args.get("email_mfa_configuration") is not None and pool_args.get(
        "mfa_configuration"
    ) in ("ON", "OPTIONAL")
    email_otp = "EMAIL_OTP" in (policy.get("allowed_first_auth_factors") or ())
    if (email_mfa or email_otp) and pool_args.get("user_pool_tier") == "LITE":
        what = "email MFA" if email_mfa else "sign-in with email codes (EMAIL_OTP)"
        raise argument_error(
            "user_pool_args['user_pool_tier']",
            f"is 'LITE', and {what} needs the ESSENTIALS or PLUS feature plan (Cognito API "
            'reference: "your user pool must be in the Essentials tier or higher"); set '
            "'ESSENTIALS' or 'PLUS', or leave user_pool_tier out (ESSENTIALS)",
        )
    if email_mfa and not developer:
        raise argument_error(
            "user_pool_args['email_mfa_configuration']",
            "email MFA needs sending_account='DEVELOPER': Cognito sends MFA codes by email only "
            'through Amazon SES in your account (Cognito developer guide, "SMS and email '
            'message MFA"), and CreateUserPool refuses it otherwise; set '
            "sending_account='DEVELOPER', or leave email_mfa_configuration out",
        )
    if email_otp and not developer:
        warn(
            "user_pool_args['sign_in_policy']: sign-in with email codes (EMAIL_OTP) in "
            "COGNITO_DEFAULT mode: AWS documents that email MFA needs sending_account="
            "'DEVELOPER' and says nothing either way of email codes at sign-in; if Cognito "
            "refuses them (or its 50 emails a day run short), use DEVELOPER"
        )
