"""Statements of a policy document that let principals nobody named use the identity."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cognito_ses_email_pack.documents.json_values import (
    elements,
    load_policy_document,
    nested_strings,
    statement_label,
    statements,
)

# Why a wildcard is reported even with conditions: docs/policy-pack.md.
_NAME_PRINCIPALS_EXACTLY = (
    'name each principal exactly instead: an account id or IAM ARN under "AWS", or a '
    'service (e.g. email.cognito-idp.amazonaws.com) under "Service"'
)


def _principal_entries(principal: Any) -> list[tuple[str | None, str]]:
    """``(principal type, value)`` for every value a Principal element names; the type is
    None when the element is not an object (``"Principal": "*"``)."""
    if isinstance(principal, Mapping):
        return [(str(kind), s) for kind, value in principal.items() for s in nested_strings(value)]
    return [(None, s) for s in nested_strings(principal)]


def _shown(kind: str | None, value: Any) -> str:
    """A principal as JSON for a message; never raises, whatever a mapping document holds."""
    return json.dumps(value if kind is None else {kind: value}, default=repr)


def _is_deny(statement: Mapping[str, Any]) -> bool:
    """Whether the statement only denies: every Effect it has is "Deny" (in any case)."""
    effects = elements(statement, "Effect")
    return bool(effects) and all(
        isinstance(effect, str) and effect.strip().lower() == "deny" for effect in effects
    )


def _wildcard_problem(label: str, kind: str | None, value: str) -> str:
    shown = _shown(kind, value)
    if value.strip() == "*":
        return (
            f"{label} allows Principal {shown}: every AWS account and service may send as "
            f"this identity, whatever the conditions; {_NAME_PRINCIPALS_EXACTLY}"
        )
    return (
        f"{label} allows Principal {shown}, a wildcard, but IAM does not match part of a "
        f"principal by wildcard; {_NAME_PRINCIPALS_EXACTLY} (and narrow it with an ArnLike "
        "aws:PrincipalArn condition if need be)"
    )


def wildcard_principal_problems(document: str | Mapping[str, Any]) -> list[str]:
    """The statements of ``document`` that let principals nobody named use the identity.

    Reported, for every statement that is not a Deny: a Principal value holding ``*``
    (``"*"``, ``{"AWS": "*"}``, ``{"Service": ["*"]}``, ``{"Federated": "*"}``,
    ``{"CanonicalUser": "*"}``, a list with ``"*"`` in it, or a pattern such as
    ``arn:aws:iam::*:root``), with or without conditions; and any NotPrincipal, which with
    Allow grants everyone except the ones it names. Deny statements restrict, so they are
    left alone. Element names and Effect are read in any case.

    Never raises. A document that is not a JSON object gives no problems here:
    ``cognito_statement_problems`` reports it, and SES refuses it.
    """
    parsed, problem = load_policy_document(document)
    if problem:
        return []
    # One Statement object or a list of them, under any spelling of "Statement".
    every_statement = [
        s for raw in elements(parsed, "Statement") for s in statements({"Statement": raw})
    ]
    problems: list[str] = []
    for index, statement in enumerate(every_statement):
        if not isinstance(statement, Mapping) or _is_deny(statement):
            continue
        label = statement_label(statement, index)
        for principal in elements(statement, "Principal"):
            problems += [
                _wildcard_problem(label, kind, value)
                for kind, value in _principal_entries(principal)
                if "*" in value
            ]
        for not_principal in elements(statement, "NotPrincipal"):
            named = ", ".join(_shown(k, v) for k, v in _principal_entries(not_principal))
            problems.append(
                f"{label} allows NotPrincipal {named or _shown(None, not_principal)}: every "
                "principal except those may send as this identity, and IAM does not support "
                f"NotPrincipal with Allow; use Principal and {_NAME_PRINCIPALS_EXACTLY}"
            )
    return problems
