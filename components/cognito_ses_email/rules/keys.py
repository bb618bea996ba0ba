"""Argument keys: camelCase or snake_case, and pulumi-aws Args objects (pure, no Pulumi)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from typing import Any

from .errors import argument_error


def snake_case(key: str) -> str:
    """``key`` in snake_case (``topicArn`` -> ``topic_arn``)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def camel_case(name: str) -> str:
    """A snake_case ``name`` in camelCase (``topic_arn`` -> ``topicArn``)."""
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def is_pulumi_args(value: Any) -> bool:
    """True for a pulumi-aws Args object (its @input_type decorator marks the class)."""
    return hasattr(type(value), "_pulumi_input_type")


def items_by_name(argument: str, value: Any, names: Collection[str]) -> dict[str, Any]:
    """``{name: (key as typed, item)}`` of ``value``, each key one of ``names`` or its camelCase."""
    if not isinstance(value, Mapping):
        raise argument_error(argument, f"expected a dict, got {value!r}")
    spellings = {spelling: name for name in names for spelling in (name, camel_case(name))}
    found: dict[str, Any] = {}
    for key, item in value.items():
        name = spellings.get(key) if isinstance(key, str) else None
        if name is None:
            raise argument_error(
                argument, f"unknown key {key!r}; the keys are {', '.join(sorted(names))}"
            )
        if name in found:
            raise argument_error(argument, f"{key!r} is given twice (camelCase and snake_case)")
        found[name] = (key, item)
    return found


def nested_fields(argument: str, value: Any) -> dict[str, Any]:
    """A nested ``user_pool_args`` value (a dict of either case, or Args object) in snake_case."""
    if value is None:
        return {}
    if is_pulumi_args(value):
        return {key: item for key, item in vars(value).items() if item is not None}
    if not isinstance(value, Mapping):
        raise argument_error(
            argument, f"expected a dict or a pulumi-aws Args object, got {value!r}"
        )
    fields: dict[str, Any] = {}
    for key, item in value.items():
        snake = snake_case(str(key))
        if snake in fields:
            raise argument_error(argument, f"{key!r} is given twice (camelCase and snake_case)")
        fields[snake] = item
    return fields


def closest(name: str, names: Collection[str], cutoff: float = 0.6) -> str | None:
    """The one did-you-mean: an anagram of ``name`` (or its snake_case), else difflib's best."""
    for text in dict.fromkeys((name, snake_case(name))):
        ranked = sorted(
            (sorted(c) != sorted(text), -difflib.SequenceMatcher(None, text, c).ratio(), c)
            for c in names
        )
        if ranked and (not ranked[0][0] or -ranked[0][1] >= cutoff):
            return ranked[0][2]
    return None


def did_you_mean(name: str, names: Collection[str]) -> str:
    """`` (did you mean 'x'?)`` for the :func:`closest` of ``names``, or nothing."""
    match = closest(name, names)
    return f" (did you mean {match!r}?)" if match else ""
