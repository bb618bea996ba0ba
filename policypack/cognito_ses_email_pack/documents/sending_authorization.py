"""What is wrong with the statements of an SES identity policy that let Cognito send."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from cognito_ses_email_pack.documents.cognito_principals import cognito_principals
from cognito_ses_email_pack.documents.condition_key_case import wrong_case_prefix
from cognito_ses_email_pack.documents.identity_arns import (
    ACCOUNT_ID_RE,
    IDENTITY_ARN_RE,
    same_identity,
)
from cognito_ses_email_pack.documents.json_values import (
    has_wildcard,
    load_policy_document,
    statement_label,
    statements,
    strings,
)

#: The only actions Cognito needs on the identity (IAM action names are case-insensitive).
ALLOWED_ACTIONS: Final = frozenset({"ses:sendemail", "ses:sendrawemail"})

#: A Cognito user pool ARN, or a pattern of them (wildcards allowed in Region and pool id).
_USER_POOL_ARN_RE = re.compile(
    r"arn:(?P<partition>aws[a-z-]*|\*):cognito-idp:(?P<region>[a-z0-9*?-]+):"
    r"(?P<account>[^:]*):userpool/(?P<pool>[\w*?-]+)"
)


class _Condition(NamedTuple):
    """One key tested by one operator of a statement's Condition block."""

    operator: str  # as written, e.g. "ForAnyValue:StringEqualsIfExists"
    base: str  # e.g. "StringEquals"
    qualifier: str  # "", "ForAnyValue" or "ForAllValues"
    if_exists: bool
    key: str  # as written, e.g. "AWS:SourceAccount"
    values: list[str]


def _split_operator(operator: str) -> tuple[str, str, bool]:
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    if if_exists:
        base = base[: -len("IfExists")]
    return base, qualifier, if_exists


def _conditions(statement: Mapping[str, Any], label: str) -> tuple[list[_Condition], list[str]]:
    block = statement.get("Condition")
    if block is None:
        return [], []
    if not isinstance(block, Mapping):
        return [], [f"{label}: Condition must be a JSON object"]
    found: list[_Condition] = []
    problems: list[str] = []
    for operator, tests in block.items():
        if not isinstance(tests, Mapping):
            problems.append(f"{label}: Condition {operator!r} must map condition keys to values")
            continue
        base, qualifier, if_exists = _split_operator(str(operator))
        for key, value in tests.items():
            values = strings(value)
            if values is None:
                values = [json.dumps(v) for v in value] if isinstance(value, list) else []
                values = values or [json.dumps(value)]
            found.append(_Condition(str(operator), base, qualifier, if_exists, str(key), values))
    return found, problems


def _weak_operator(condition: _Condition, label: str) -> list[str]:
    problems = []
    if condition.if_exists:
        problems.append(
            f"{label}: {condition.operator} {condition.key} also passes when the request "
            f"carries no {condition.key}; drop IfExists"
        )
    if condition.qualifier.lower() == "forallvalues":
        problems.append(
            f"{label}: {condition.operator} {condition.key} passes when the key is absent; "
            f"drop the ForAllValues: qualifier ({condition.key} is single-valued)"
        )
    return problems


def _action_problems(statement: Mapping[str, Any], label: str) -> list[str]:
    if "NotAction" in statement:
        return [
            f"{label} uses NotAction, which allows every action it does not list; "
            "list only ses:SendEmail and ses:SendRawEmail in Action"
        ]
    actions = strings(statement.get("Action"))
    if not actions:
        return [f"{label} must list Action ses:SendEmail and/or ses:SendRawEmail"]
    extra = [a for a in actions if a.lower() not in ALLOWED_ACTIONS]
    if extra:
        return [
            f"{label} allows {', '.join(extra)}; Cognito needs only ses:SendEmail and "
            "ses:SendRawEmail, so limit Action to those"
        ]
    return []


def _resource_problems(
    statement: Mapping[str, Any], label: str, identity: str | None
) -> tuple[list[str], str | None]:
    """Problems with Resource, and the account of the identity it names (if it is known)."""
    if "NotResource" in statement:
        return [f"{label} uses NotResource; name the identity's ARN as Resource instead"], None
    resources = strings(statement.get("Resource"))
    if resources is None or len(resources) != 1:
        return [
            f"{label} must name exactly one identity ARN as Resource (the identity the "
            f"policy is attached to), not {json.dumps(statement.get('Resource'))}"
        ], None
    resource = resources[0]
    match = IDENTITY_ARN_RE.fullmatch(resource)
    if match is None or has_wildcard(resource):
        return [
            f"{label}: Resource {resource!r} is not one SES identity ARN "
            "(arn:aws:ses:REGION:ACCOUNT:identity/NAME, no wildcards)"
        ], None
    account = match["account"] if ACCOUNT_ID_RE.fullmatch(match["account"]) else None
    if account is None:
        return [f"{label}: the account in Resource {resource!r} must be a 12-digit id"], None
    if identity and not same_identity(identity, resource):
        return [
            f"{label}: Resource names {resource} but the policy is attached to {identity}; "
            "Resource must be the ARN of that identity"
        ], account
    return [], account


def _source_account_problems(
    conditions: list[_Condition], label: str
) -> tuple[list[str], set[str]]:
    tests = [c for c in conditions if c.key.lower() == "aws:sourceaccount"]
    if not tests:
        return [
            f"{label} trusts Cognito without a StringEquals aws:SourceAccount condition, so "
            "a user pool in any account may send as this identity (confused deputy); add "
            '"StringEquals": {"aws:SourceAccount": "<your account id>"}'
        ], set()
    problems: list[str] = []
    accounts: set[str] = set()
    for test in tests:
        if test.base != "StringEquals":
            problems.append(
                f"{label} tests {test.key} with {test.operator}; use StringEquals with "
                "your account id"
            )
        problems.extend(_weak_operator(test, label))
        for value in test.values:
            if ACCOUNT_ID_RE.fullmatch(value):
                accounts.add(value)
            else:
                problems.append(f"{label}: {test.key} {value!r} is not a 12-digit account id")
    return problems, accounts


def _source_arn_problems(conditions: list[_Condition], label: str, accounts: set[str]) -> list[str]:
    tests = [c for c in conditions if c.key.lower() == "aws:sourcearn"]
    if not tests:
        return [
            f"{label} trusts Cognito without an ArnLike aws:SourceArn condition naming your "
            "user pools (confused deputy); add "
            '"ArnLike": {"aws:SourceArn": "arn:aws:cognito-idp:REGION:ACCOUNT:userpool/*"} '
            "or the pool's own ARN"
        ]
    problems: list[str] = []
    for test in tests:
        if test.base not in ("ArnLike", "ArnEquals"):
            problems.append(f"{label} tests {test.key} with {test.operator}; use ArnLike")
        problems.extend(_weak_operator(test, label))
        for value in test.values:
            match = _USER_POOL_ARN_RE.fullmatch(value)
            if match is None:
                problems.append(
                    f"{label}: {test.key} {value!r} is not a Cognito user pool ARN "
                    "(arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID or userpool/*)"
                )
                continue
            account = match["account"]
            if not ACCOUNT_ID_RE.fullmatch(account):
                problems.append(
                    f"{label}: {test.key} {value!r} must name one account id, not {account!r}"
                )
            elif accounts and account not in accounts:
                problems.append(
                    f"{label}: {test.key} {value!r} names account {account} but "
                    f"aws:SourceAccount is {', '.join(sorted(accounts))}; name the same account"
                )
            if test.base == "ArnEquals" and has_wildcard(value):
                problems.append(
                    f"{label}: ArnEquals compares {value!r} literally, so no user pool "
                    "matches it; use ArnLike for a wildcard"
                )
    return problems


def _statement_problems(
    statement: Mapping[str, Any], label: str, identity: str | None, allow_cross_account: bool
) -> list[str]:
    problems = _action_problems(statement, label)
    resource_problems, identity_account = _resource_problems(statement, label, identity)
    problems += resource_problems
    conditions, condition_problems = _conditions(statement, label)
    problems += condition_problems
    for condition in conditions:
        fixed = wrong_case_prefix(condition.key)
        if fixed is not None:
            problems.append(
                f"{label}: write condition key {condition.key!r} as {fixed!r}; SES refuses "
                "upper-case keys (InvalidPolicy: Unknown or unapplicable condition field). "
                "The remediation does this."
            )
    account_problems, accounts = _source_account_problems(conditions, label)
    problems += account_problems
    problems += _source_arn_problems(conditions, label, accounts)
    if identity_account and not allow_cross_account:
        for account in sorted(accounts - {identity_account}):
            problems.append(
                f"{label}: aws:SourceAccount {account} is not the account that owns the "
                f"identity ({identity_account}); trust the user pools of that account, or set "
                "allowCrossAccount in this policy's config if this is intended"
            )
    return problems


def cognito_statement_problems(
    document: str | Mapping[str, Any],
    identity: str | None = None,
    allow_cross_account: bool = False,
) -> list[str]:
    """What is wrong with the statements of ``document`` that allow Cognito to send.

    ``identity`` is the name or ARN of the identity the policy is attached to, when known.
    Statements for other principals are not examined. Never raises: a document that
    is not JSON is itself a problem.
    """
    parsed, problem = load_policy_document(document)
    if problem:
        return [problem]
    raw = parsed.get("Statement")
    if not isinstance(raw, (Mapping, list)):
        return ["the policy has no Statement list"]
    problems: list[str] = []
    for index, statement in enumerate(statements(parsed)):
        if not isinstance(statement, Mapping):
            problems.append(f"statement {index} is not a JSON object")
        elif cognito_principals(statement):
            label = statement_label(statement, index)
            problems += _statement_problems(statement, label, identity, allow_cross_account)
    return problems
