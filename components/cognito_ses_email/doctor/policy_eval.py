"""Does an SES sending authorization policy let Cognito send as an identity?

Pure: policy documents in, a verdict out; IAM's evaluation as far as these policies use it
(the rules and their sources: docs/doctor.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Request:
    """What Cognito's send looks like to SES's policy evaluation."""

    principal: str
    actions: tuple[str, ...]
    identity_arn: str
    source_account: str
    source_arn: str


@dataclass(frozen=True)
class Verdict:
    """The outcome for one action: allowed or not, and why (one line)."""

    action: str
    allowed: bool
    reason: str
    #: The allowing statement has no aws:SourceAccount / aws:SourceArn condition.
    unscoped: bool = False


@cache
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """``*`` is any run of characters and ``?`` any one character; nothing else is special."""
    body = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.compile(body, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM's ``*``/``?`` matching of a whole value."""
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


def arn_like(pattern: str, arn: str) -> bool:
    """``ArnLike``: each of the six colon-separated parts matched apart, with wildcards."""
    parts, wanted = arn.split(":", 5), pattern.split(":", 5)
    if len(parts) != 6 or len(wanted) != 6:
        return False
    return all(wildcard_match(w, p) for w, p in zip(wanted, parts, strict=True))


def _strings(value: object) -> list[str]:
    """A policy element that is one string or a list of strings, as a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _principal_matches(principal: object, service: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, Mapping):
        return False
    services = _strings(principal.get("Service"))
    return service in services or "*" in _strings(principal.get("AWS"))


def _element_matches(
    statement: Mapping[str, object], name: str, value: str, ignore_case: bool
) -> bool:
    """``Action``/``NotAction`` or ``Resource``/``NotResource`` against ``value``."""
    if name in statement:
        return any(wildcard_match(p, value, ignore_case) for p in _strings(statement[name]))
    negated = f"Not{name}"
    if negated in statement:
        return not any(wildcard_match(p, value, ignore_case) for p in _strings(statement[negated]))
    return False


#: Condition operators: their test of one policy value against the request's value.
_OPERATORS = {
    "StringEquals": lambda wanted, seen: wanted == seen,
    "StringLike": lambda wanted, seen: wildcard_match(wanted, seen),
    "StringEqualsIgnoreCase": lambda wanted, seen: wanted.lower() == seen.lower(),
    "ArnEquals": lambda wanted, seen: wanted == seen,
    "ArnLike": arn_like,
}
_NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}


def _condition_problem(condition: object, context: Mapping[str, str]) -> str | None:
    """Why the Condition does not hold for ``context``, or None; unknown operators never hold."""
    if condition is None:
        return None
    if not isinstance(condition, Mapping):
        return "its Condition is not an object"
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping):
            return f"its {operator} condition is not an object"
        for key, wanted in tests.items():
            problem = _test_problem(str(operator), str(key), _strings(wanted), context)
            if problem:
                return problem
    return None


def _test_problem(
    operator: str, key: str, wanted: list[str], context: Mapping[str, str]
) -> str | None:
    """One ``operator: {key: wanted}`` test, with IAM's rules for a missing key."""
    name = operator.removesuffix("IfExists")
    negated = name in _NEGATED
    test = _OPERATORS.get(_NEGATED.get(name, name))
    if test is None:
        return f"its condition operator {operator} is one the doctor does not evaluate"
    seen = next((v for k, v in context.items() if k.lower() == key.lower()), None)
    if seen is None:
        if negated or operator.endswith("IfExists"):
            return None
        return f"{operator} {key} names a key Cognito's request does not carry"
    if any(test(w, seen) for w in wanted) != negated:
        return None
    return f"{operator} {key} is {', '.join(wanted)}, which does not admit {seen}"


def _scoped(condition: object) -> bool:
    """True when the condition names both aws:SourceAccount and aws:SourceArn."""
    if not isinstance(condition, Mapping):
        return False
    keys = {
        str(k).lower() for tests in condition.values() if isinstance(tests, Mapping) for k in tests
    }
    return {"aws:sourceaccount", "aws:sourcearn"} <= keys


def _statements(documents: Mapping[str, str]) -> list[tuple[str, Mapping[str, object]]]:
    """(policy name, statement) for every statement of every parseable document."""
    found = []
    for name, text in sorted(documents.items()):
        try:
            document = json.loads(text)
        except ValueError:
            continue
        statements = document.get("Statement") if isinstance(document, Mapping) else None
        if isinstance(statements, Mapping):
            statements = [statements]
        for statement in statements if isinstance(statements, list) else []:
            if isinstance(statement, Mapping):
                found.append((name, statement))
    return found


def _statement_applies(statement: Mapping[str, object], request: Request, action: str) -> bool:
    """Principal, action and resource match (conditions apart)."""
    if "NotPrincipal" in statement:
        principal_ok = not _principal_matches(statement["NotPrincipal"], request.principal)
    else:
        principal_ok = _principal_matches(statement.get("Principal"), request.principal)
    return (
        principal_ok
        and _element_matches(statement, "Action", action, ignore_case=True)
        and _element_matches(statement, "Resource", request.identity_arn, ignore_case=False)
    )


def evaluate(documents: Mapping[str, str], request: Request) -> Sequence[Verdict]:
    """One verdict per action of the request."""
    return [_evaluate_action(documents, request, action) for action in request.actions]


def _evaluate_action(documents: Mapping[str, str], request: Request, action: str) -> Verdict:
    context = {"aws:SourceAccount": request.source_account, "aws:SourceArn": request.source_arn}
    statements = [
        (name, s) for name, s in _statements(documents) if _statement_applies(s, request, action)
    ]
    for name, statement in statements:
        denies = statement.get("Effect") == "Deny"
        if denies and _condition_problem(statement.get("Condition"), context) is None:
            return Verdict(action, False, f"policy {name!r} denies {action} to Cognito")
    reasons = []
    for name, statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        problem = _condition_problem(statement.get("Condition"), context)
        if problem is None:
            unscoped = not _scoped(statement.get("Condition"))
            return Verdict(action, True, f"policy {name!r} allows {action}", unscoped)
        reasons.append(f"policy {name!r}: {problem}")
    if not reasons:
        return Verdict(
            action,
            False,
            f"no statement allows {request.principal} {action} on {request.identity_arn}",
        )
    return Verdict(action, False, "; ".join(reasons))
