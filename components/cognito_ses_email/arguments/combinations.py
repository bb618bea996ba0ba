"""Which arguments are given, and which go together (the sending mode, the own pool)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..rules import errors, keys
from .values import is_output

#: Arguments that only DEVELOPER mode takes, and those only the policy (COGNITO_DEFAULT) uses.
DEVELOPER_ONLY = ("from_name", "configuration_set", "identity_domain")


POLICY_ONLY = ("policy_name", "source_arn_scope")


#: Arguments that configure identity_domain.
DOMAIN_ONLY = ("hosted_zone_id", "mail_from_domain", "dmarc_policy")


#: Arguments that configure the user pool this component creates.
POOL_ONLY = (
    "user_pool_name",
    "user_pool_args",
    "deletion_protection",
    "verification_message",
    "invitation_message",
)


def check_argument_names(args: object, argument_names: Collection[str]) -> None:
    """``args`` is a dict whose keys are all argument names (a misspelt one would be
    ignored: refused with the closest name)."""
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


def check_mode_arguments(args: Mapping[str, Any], developer: bool) -> None:
    """Arguments the other sending mode would need are refused, naming the mode."""
    for key in DEVELOPER_ONLY:
        if not developer and args.get(key) is not None:
            raise errors.argument_error(
                key,
                "can only be set with sending_account='DEVELOPER': in COGNITO_DEFAULT mode "
                "Cognito sends from the exact address of an email-address identity",
            )
    for key in POLICY_ONLY:
        if developer and args.get(key) is not None:
            raise errors.argument_error(
                key,
                "applies to the sending authorization policy, which DEVELOPER mode does "
                "not use (Cognito sends through its service-linked role); leave it out",
            )


def wants_user_pool(args: Mapping[str, Any], scope: str) -> bool:
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
    if is_output(value) or not isinstance(value, bool):
        raise errors.argument_error(
            "create_user_pool",
            f"must be a plain True or False (it decides which resources exist), got {value!r}",
        )
    for key in POOL_ONLY:
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
