"""Tags as the tagging APIs take them (pure, no Pulumi)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import argument_error, check_text

#: The tagging APIs' limits (botocore TagKeysType/TagValueType, TagKey/TagValue) and prefix.
MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, RESERVED_TAG_PREFIX = 128, 256, "aws:"


def check_tags(value: Any, is_deferred: Callable[[Any], bool] | None = None) -> dict[str, Any]:
    """Tags as the tagging APIs take them; a value ``is_deferred`` (an Output) is left to check."""
    if not isinstance(value, Mapping):
        raise argument_error("tags", f"expected a dict of tag names to values, got {value!r}")
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise argument_error("tags", f"a tag key is a non-empty string, got {key!r}")
        check_text(f"tags[{key!r}]", key)
        if len(key) > MAX_TAG_KEY_LENGTH:
            raise argument_error(
                "tags",
                f"the key {key!r} is {len(key)} characters; AWS takes at most {MAX_TAG_KEY_LENGTH}",
            )
        if key.lower().startswith(RESERVED_TAG_PREFIX):
            raise argument_error(
                "tags",
                f"the key {key!r} starts with {key[:4]!r}: AWS keeps the aws: prefix (in any "
                "case) for its own tags; choose another key",
            )
        if is_deferred is None or not is_deferred(item):
            check_tag_value(key, item)
    return dict(value)


def check_tag_value(key: str, value: Any) -> str:
    """The value of tag ``key``: a string of 0-256 characters, not starting with ``aws:``."""
    argument = f"tags[{key!r}]"
    if not isinstance(value, str):
        raise argument_error(argument, f"a tag value is a string, got {value!r}")
    check_text(argument, value)
    if len(value) > MAX_TAG_VALUE_LENGTH:
        raise argument_error(
            argument, f"is {len(value)} characters; AWS takes at most {MAX_TAG_VALUE_LENGTH}"
        )
    if value.lower().startswith(RESERVED_TAG_PREFIX):
        raise argument_error(
            argument,
            f"starts with {value[:4]!r}: AWS keeps the aws: prefix (in any case) for its own "
            "tag keys and values; choose another value",
        )
    return value
