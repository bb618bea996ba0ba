"""Reading policy JSON as IAM does: a statement object or a list, element names in any case."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def load_policy_document(document: str | Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    """The document as a JSON object, and "" ; or ``({}, problem)`` when it is not one."""
    if isinstance(document, Mapping):
        return document, ""
    if not isinstance(document, str):
        return {}, f"the policy must be a JSON string, not {type(document).__name__}"
    try:
        parsed = json.loads(document)
    except json.JSONDecodeError as error:
        return {}, (
            f"the policy is not valid JSON ({error.msg} at line {error.lineno} column "
            f"{error.colno}); SES refuses it"
        )
    if not isinstance(parsed, dict):
        return {}, "the policy must be a JSON object with a Statement list"
    return parsed, ""


def statements(document: Mapping[str, Any]) -> list[Any]:
    """The ``Statement`` of ``document`` as a list (one object counts as a list of one)."""
    raw = document.get("Statement")
    if isinstance(raw, Mapping):
        return [raw]
    return list(raw) if isinstance(raw, list) else []


def strings(value: Any) -> list[str] | None:
    """A string or list of strings as a list; None for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def nested_strings(value: Any) -> list[str]:
    """Every string in ``value``, however lists and objects nest it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in nested_strings(item)]
    if isinstance(value, Mapping):
        return [s for item in value.values() for s in nested_strings(item)]
    return []


def elements(container: Mapping[str, Any], name: str) -> list[Any]:
    """Every value of ``container`` whose key is ``name`` in any case.

    AWS may refuse ``"principal"`` or ``"Effect": "allow"``; a security check must not let
    such a spelling hide a grant, so it reads every spelling.
    """
    return [value for key, value in container.items() if str(key).lower() == name.lower()]


def statement_label(statement: Mapping[str, Any], index: int) -> str:
    """How messages name a statement: its Sid, else its position."""
    sid = statement.get("Sid")
    return f"statement {sid!r}" if isinstance(sid, str) and sid else f"statement {index}"


def has_wildcard(value: str) -> bool:
    """Whether an ARN or pattern holds an IAM wildcard (``*`` or ``?``)."""
    return "*" in value or "?" in value
