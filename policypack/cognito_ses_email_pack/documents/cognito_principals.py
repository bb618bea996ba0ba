"""Which statements of a policy document trust a Cognito service principal."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cognito_ses_email_pack.documents.json_values import (
    elements,
    load_policy_document,
    statements,
    strings,
)

_COGNITO_PRINCIPAL_RE = re.compile(
    r"(email\.)?cognito-idp(\.[a-z]{2}(-[a-z]+)+-\d+)?\.amazonaws\.com(\.cn)?", re.IGNORECASE
)


def cognito_principals(statement: Any) -> list[str]:
    """The Cognito service principals an Allow statement trusts (empty if none)."""
    if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
        return []
    principal = statement.get("Principal")
    if not isinstance(principal, Mapping):
        return []
    services = [s for value in elements(principal, "Service") for s in strings(value) or []]
    return [s for s in services if _COGNITO_PRINCIPAL_RE.fullmatch(s)]


def document_trusts_cognito(document: str | Mapping[str, Any]) -> bool:
    """Whether a policy document has an Allow statement for a Cognito service principal."""
    parsed, _ = load_policy_document(document)
    return any(cognito_principals(s) for s in statements(parsed))
