"""Does an SES sending authorization policy let Cognito send? IAM's rules (docs/doctor.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from ..rules.policies import COGNITO_EMAIL_PRINCIPAL, SEND_ACTIONS


@dataclass(frozen=True)
class Verdict:
    """One action's outcome (None: the doctor cannot tell) and why."""

    action: str
    allowed: bool | None
    reason: str
    unscoped: bool = False  # allowed without both aws:SourceAccount and aws:SourceArn


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM's ``*``/``?`` matching of a whole value."""
    body = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(body, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def arn_like(pattern: str, arn: str) -> bool:
    """Each of the six colon-separated parts matched apart."""
    parts, wanted = arn.split(":", 5), pattern.split(":", 5)
    if len(parts) != 6 or len(wanted) != 6:
        return False
    return all(wildcard_match(w, p) for w, p in zip(wanted, parts, strict=True))


def _listed(value: object) -> list[object]:
    """A policy element's value: one value or a list of them."""
    return value if isinstance(value, list) else [value]


def _strings(value: object) -> list[str]:
    return [v for v in _listed(value) if isinstance(v, str)]


def _element_matches(statement: Mapping[str, object], name: str, value: str) -> bool:
    """``name`` or ``Not{name}`` (Action or Resource); IAM's action names ignore case."""
    for key, negated in ((name, False), (f"Not{name}", True)):
        if key in statement:
            patterns = _strings(statement[key])
            return negated != any(wildcard_match(p, value, name == "Action") for p in patterns)
    return False


# Condition operators (their negations: "Not" after the type); ArnEquals is ArnLike in IAM.
_OPERATORS = {
    "StringEquals": lambda wanted, seen: wanted == seen,
    "StringLike": lambda wanted, seen: wildcard_match(wanted, seen),
    "StringEqualsIgnoreCase": lambda wanted, seen: wanted.lower() == seen.lower(),
    "ArnEquals": arn_like,
    "ArnLike": arn_like,
}
#: Whether a condition holds (None: the doctor cannot tell), and why not.
Outcome: TypeAlias = tuple[bool | None, str]


def _condition(condition: object, context: Mapping[str, str]) -> Outcome:
    """All the tests of a Condition: one that fails decides, else one the doctor cannot tell."""
    if condition is None:
        return True, ""
    if not isinstance(condition, Mapping):
        return None, "its Condition is not an object"
    unknown = ""
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping):
            unknown = unknown or f"its {operator} condition is not an object"
            continue
        for key, wanted in tests.items():
            holds, why = _test(str(operator), str(key), wanted, context)
            if holds is False:
                return False, why
            unknown = unknown or why
    return (None, unknown) if unknown else (True, "")


def _values(wanted: object) -> list[str] | None:
    """As strings (numbers are parsed as their text); None for other types."""
    items = _listed(wanted)
    if not all(isinstance(item, str | bool) for item in items):
        return None
    return [item if isinstance(item, str) else json.dumps(item) for item in items]


def _test(operator: str, key: str, wanted: object, context: Mapping[str, str]) -> Outcome:
    name = operator.removesuffix("IfExists")
    base = name.replace("StringNot", "String").replace("ArnNot", "Arn")
    test = _OPERATORS.get(base)
    if test is None:
        return None, f"its condition operator {operator} is one the doctor does not evaluate"
    seen = next((v for k, v in context.items() if k.lower() == key.lower()), None)
    if seen is None:
        return None, f"its condition key {key} is not one the doctor knows Cognito's value of"
    values = _values(wanted)
    if values is None:
        return None, f"its {operator} {key} value {json.dumps(wanted)} is no string or number"
    if any(test(w, seen) for w in values) != (base != name):
        return True, ""
    return False, f"{operator} {key} is {', '.join(values)}, which does not admit {seen}"


def _scoped(condition: object) -> bool:
    operators = condition.values() if isinstance(condition, Mapping) else []
    keys = {str(k).lower() for tests in operators if isinstance(tests, Mapping) for k in tests}
    return {"aws:sourceaccount", "aws:sourcearn"} <= keys


def _statements(documents: Mapping[str, str]) -> Iterator[tuple[str, Mapping[str, object]]]:
    for name, text in sorted(documents.items()):
        try:
            document = json.loads(text, parse_int=str, parse_float=str)  # IAM: as text
        except ValueError:
            continue
        statements = document.get("Statement") if isinstance(document, Mapping) else None
        yield from ((name, s) for s in _listed(statements) if isinstance(s, Mapping))


def _statement_applies(statement: Mapping[str, object], identity_arn: str, action: str) -> bool:
    negated = "NotPrincipal" in statement
    principal = statement["NotPrincipal"] if negated else statement.get("Principal")
    if isinstance(principal, Mapping):
        services, accounts = _strings(principal.get("Service")), _strings(principal.get("AWS"))
        named = COGNITO_EMAIL_PRINCIPAL in services or "*" in accounts
    else:
        named = principal == "*"
    return (
        statement.get("Effect") in {"Allow", "Deny"}
        and negated != named
        and _element_matches(statement, "Action", action)
        and _element_matches(statement, "Resource", identity_arn)
    )


def evaluate(
    documents: Mapping[str, str], identity_arn: str, source_account: str, source_arn: str
) -> Sequence[Verdict]:
    """Whether the policies let Cognito send as ``identity_arn`` for that pool, per action."""
    context = {"aws:SourceAccount": source_account, "aws:SourceArn": source_arn}
    return [_evaluate_action(documents, identity_arn, context, action) for action in SEND_ACTIONS]


def _evaluate_action(
    documents: Mapping[str, str], identity_arn: str, context: Mapping[str, str], action: str
) -> Verdict:
    """A Deny that holds wins; an Allow allows unless an unevaluable Deny might win."""
    allowing: tuple[str, bool] | None = None  # the first Allow that holds, and if unscoped
    refusals: list[str] = []
    deny_unknown: list[str] = []
    allow_unknown: list[str] = []
    for name, statement in _statements(documents):
        if not _statement_applies(statement, identity_arn, action):
            continue
        effect = statement["Effect"]
        holds, why = _condition(statement.get("Condition"), context)
        if effect == "Deny" and holds:
            return Verdict(action, False, f"policy {name!r} denies {action} to Cognito")
        if effect == "Deny" and holds is None:
            deny_unknown.append(f"policy {name!r} has a Deny: {why}")
        elif effect == "Allow" and holds:
            allowing = allowing or (name, not _scoped(statement.get("Condition")))
        elif effect == "Allow":
            (allow_unknown if holds is None else refusals).append(f"policy {name!r}: {why}")
    if allowing is not None and not deny_unknown:
        return Verdict(action, True, f"policy {allowing[0]!r} allows {action}", allowing[1])
    if allowing is not None or allow_unknown:
        return Verdict(action, None, "; ".join(deny_unknown + allow_unknown))
    if refusals:
        return Verdict(action, False, "; ".join(refusals))
    nothing = f"no statement allows {COGNITO_EMAIL_PRINCIPAL} {action} on {identity_arn}"
    return Verdict(action, False, nothing)
