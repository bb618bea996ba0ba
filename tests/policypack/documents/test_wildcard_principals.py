"""Wildcard principals and NotPrincipal with Allow, on any statement."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cognito_ses_email_pack.documents.sending_authorization import cognito_statement_problems
from cognito_ses_email_pack.documents.wildcard_principals import wildcard_principal_problems
from tests.policypack.documents.support import (
    ACCOUNT,
    COMPONENT_POLICY,
    IDENTITY_ARN,
    cognito_statement,
    component_policy,
    document,
)

# --- Wildcard principals and NotPrincipal with Allow, on any statement ---

ANYONE = "every AWS account and service may send as this identity"

WILDCARD_PRINCIPALS = [
    "*",
    ["*"],
    {"AWS": "*"},
    {"AWS": ["*"]},
    {"AWS": [f"arn:aws:iam::{ACCOUNT}:root", "*"]},
    {"Service": "*"},
    {"Service": ["*"]},
    {"Federated": "*"},
    {"CanonicalUser": "*"},
    {"aws": "*"},  # the principal type in another case
    {"AWS": " * "},
]


def wildcard_problems(statement: dict[str, Any]) -> list[str]:
    return wildcard_principal_problems(document(statement))


@pytest.mark.parametrize("principal", WILDCARD_PRINCIPALS)
@pytest.mark.parametrize("with_conditions", [True, False])
def test_every_wildcard_principal_is_reported_with_or_without_conditions(
    principal: Any, with_conditions: bool
) -> None:
    statement = cognito_statement(Principal=principal)
    if not with_conditions:
        statement.pop("Condition")
    [problem] = wildcard_problems(statement)
    assert problem.startswith("statement 'stmnt1234567891234' allows Principal ")
    assert ANYONE in problem and "whatever the conditions" in problem
    assert '"*"' in problem or '" * "' in problem


@pytest.mark.parametrize(
    ("principal", "shown"),
    [
        ({"AWS": "arn:aws:iam::*:root"}, '{"AWS": "arn:aws:iam::*:root"}'),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:role/app-*"}, f"{ACCOUNT}:role/app-*"),
        ({"Service": "*.amazonaws.com"}, '{"Service": "*.amazonaws.com"}'),
    ],
)
def test_a_principal_pattern_is_a_wildcard_too(principal: Any, shown: str) -> None:
    [problem] = wildcard_problems(cognito_statement(Principal=principal))
    assert shown in problem
    assert "IAM does not match part of a principal by wildcard" in problem


def test_cognito_and_a_wildcard_in_one_principal_is_reported() -> None:
    both = {"Service": ["email.cognito-idp.amazonaws.com", "*"]}
    [problem] = wildcard_problems(cognito_statement(Principal=both))
    assert '{"Service": "*"}' in problem and ANYONE in problem
    # The Cognito check alone cannot see it: the statement is otherwise sound.
    assert cognito_statement_problems(document(cognito_statement(Principal=both))) == []
    beside = {"Service": "email.cognito-idp.amazonaws.com", "AWS": "*"}
    [problem] = wildcard_problems(cognito_statement(Principal=beside))
    assert '{"AWS": "*"}' in problem


def test_every_wildcard_of_a_statement_is_reported() -> None:
    principal = {"AWS": ["*", "arn:aws:iam::*:root"], "Service": "*"}
    problems = wildcard_problems(cognito_statement(Principal=principal))
    assert len(problems) == 3


@pytest.mark.parametrize(
    "not_principal",
    [{"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, {"Service": ["ses.amazonaws.com"]}, "*", {}],
)
@pytest.mark.parametrize("with_conditions", [True, False])
def test_not_principal_with_allow_is_reported(not_principal: Any, with_conditions: bool) -> None:
    statement = cognito_statement(Principal=None, NotPrincipal=not_principal)
    if not with_conditions:
        statement.pop("Condition")
    [problem] = wildcard_problems(statement)
    assert "allows NotPrincipal" in problem
    assert "every principal except those may send as this identity" in problem
    assert "IAM does not support NotPrincipal with Allow" in problem


@pytest.mark.parametrize("effect", ["Deny", "deny", " DENY "])
@pytest.mark.parametrize(
    "principal_element",
    [
        {"Principal": "*"},
        {"Principal": {"AWS": "*"}},
        {"Principal": {"Service": ["*"]}},
        {"NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}},
    ],
)
def test_deny_statements_with_wildcards_restrict_and_pass(
    effect: str, principal_element: dict[str, Any]
) -> None:
    statement = {
        "Effect": effect,
        "Action": "ses:*",
        "Resource": IDENTITY_ARN,
        **principal_element,
    }
    assert wildcard_problems(statement) == []


@pytest.mark.parametrize(
    "principal",
    [
        {"Service": "email.cognito-idp.amazonaws.com"},
        {"AWS": ACCOUNT},
        {"AWS": [f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws:iam::{ACCOUNT}:user/Jane"]},
    ],
)
def test_named_principals_pass(principal: dict[str, Any]) -> None:
    assert wildcard_problems(cognito_statement(Principal=principal)) == []


def test_the_component_policy_has_no_wildcard_principal() -> None:
    assert wildcard_principal_problems(component_policy()) == []
    assert wildcard_principal_problems(COMPONENT_POLICY) == []


@pytest.mark.parametrize(
    "doc",
    [
        # Element names and Effect in other cases: AWS may refuse them, but the check
        # must not let a spelling hide a grant.
        '{"statement": [{"effect": "allow", "principal": "*", "action": "ses:SendEmail"}]}',
        '{"Statement": [{"Effect": "ALLOW", "PRINCIPAL": {"AWS": "*"}}]}',
        # One Statement object, not a list.
        '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*"}}',
        # No Effect at all: not a Deny, so judged.
        '{"Statement": [{"Principal": {"Service": "*"}, "Action": "ses:SendEmail"}]}',
        # An Effect that is not a string, and a principal nested deeper than AWS allows.
        '{"Statement": [{"Effect": ["Deny"], "Principal": {"AWS": [["*"]]}}]}',
    ],
)
def test_odd_spellings_and_shapes_are_read(doc: str) -> None:
    [problem] = wildcard_principal_problems(doc)
    assert ANYONE in problem
    assert wildcard_principal_problems(json.loads(doc)) == [problem]  # a mapping too


def test_each_statement_is_labelled_and_judged_on_its_own() -> None:
    doc = document(
        cognito_statement(Sid="Cognito"),
        {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "ses:SendEmail"},
        {"Effect": "Deny", "Principal": "*", "Action": "ses:*"},
        {"Effect": "Allow", "NotPrincipal": {"AWS": ACCOUNT}, "Action": "ses:SendEmail"},
    )
    problems = wildcard_principal_problems(doc)
    assert len(problems) == 2
    assert problems[0].startswith("statement 'Public' allows Principal")
    assert problems[1].startswith("statement 3 allows NotPrincipal")


class _Opaque:
    def __repr__(self) -> str:
        return "<opaque>"


@pytest.mark.parametrize(
    "doc",
    [
        "",
        "{not json",
        "[]",
        "null",
        '"*"',
        "{}",
        '{"Statement": "*"}',
        '{"Statement": [1, null, "*", ["*"]]}',
        '{"Statement": [{"Effect": "Allow", "Principal": 5}]}',
        '{"Statement": [{"Effect": "Allow", "Principal": null}]}',
        '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [1, true, null]}}]}',
        42,
        b'{"Statement": [{"Effect": "Allow", "Principal": "*"}]}',
        None,
    ],
)
def test_bad_input_gives_no_problems_and_never_raises(doc: Any) -> None:
    assert wildcard_principal_problems(doc) == []


def test_a_mapping_with_values_json_cannot_hold_is_reported_without_raising() -> None:
    statement: dict[Any, Any] = {"Effect": "Allow", "NotPrincipal": _Opaque(), 1: "*"}
    [problem] = wildcard_principal_problems({"Statement": [statement]})
    assert problem.startswith('statement 0 allows NotPrincipal "<opaque>"')
