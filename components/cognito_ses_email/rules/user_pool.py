"""The user pool's own arguments: the sending account, user_pool_args, deletion protection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import argument_error
from .keys import did_you_mean, snake_case

SENDING_ACCOUNTS = ("COGNITO_DEFAULT", "DEVELOPER")

#: Keys of ``user_pool_args`` the component sets itself, and the argument to use.
_OWNED_POOL_KEYS = {
    "email_configuration": "the component builds it from its own arguments",
    "name": "use the component's user_pool_name argument",
    "deletion_protection": "use the component's deletion_protection argument",
    "tags": "use the component's tags argument",
}


def normalize_user_pool_args(value: Any, allowed_keys: frozenset[str]) -> dict[str, Any]:
    """``user_pool_args`` with snake_case keys, checked against ``allowed_keys``.

    Keys may be camelCase (as a TypeScript or YAML program writes them) or
    snake_case; a key the component owns or ``aws.cognito.UserPool`` does not
    take is an error that names it.
    """
    if value is None:
        return {}
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
