"""The checks of the statements that let Cognito send, on plain documents."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_ses_email_pack.documents.cognito_principals import (
    cognito_principals,
    document_trusts_cognito,
)
from cognito_ses_email_pack.documents.sending_authorization import cognito_statement_problems
from tests.policypack.documents.support import (
    ACCOUNT,
    COMPONENT_POLICY,
    IDENTITY_ARN,
    POOL_ARN,
    POOLS_OF_ACCOUNT,
    cognito_statement,
    component_policy,
    conditions,
    document,
)

# --- Documents that pass ---


def test_component_policy_has_no_problems() -> None:
    assert cognito_statement_problems(component_policy(), IDENTITY_ARN) == []


def test_component_policy_literal_has_no_problems_by_identity_name() -> None:
    assert cognito_statement_problems(COMPONENT_POLICY, "no-reply@example.com") == []


def test_corrected_example_document_has_no_problems() -> None:
    # Service as a list, upper-case action names (IAM names are case-insensitive),
    # an exact pool ARN.
    assert cognito_statement_problems(document(cognito_statement()), IDENTITY_ARN) == []


@pytest.mark.parametrize(
    "condition",
    [
        conditions({"StringEquals": ACCOUNT}, {"ArnEquals": POOL_ARN}),
        conditions({"StringEquals": [ACCOUNT]}, {"ArnLike": [POOL_ARN, POOLS_OF_ACCOUNT]}),
        conditions({"ForAnyValue:StringEquals": ACCOUNT}, {"ArnLike": POOL_ARN}),
    ],
)
def test_other_sound_condition_forms_pass(condition: dict[str, Any]) -> None:
    statement = cognito_statement(Condition=condition)
    assert cognito_statement_problems(document(statement)) == []


def test_a_single_statement_object_is_read() -> None:
    doc = {"Version": "2012-10-17", "Statement": cognito_statement(Action="ses:*")}
    assert any("ses:*" in p for p in cognito_statement_problems(doc))


@pytest.mark.parametrize(
    "principal",
    [
        {"Service": "email.cognito-idp.amazonaws.com"},
        {"Service": ["ses.amazonaws.com", "cognito-idp.amazonaws.com"]},
        {"Service": "cognito-idp.eu-west-1.amazonaws.com"},
        {"Service": "email.cognito-idp.us-gov-west-1.amazonaws.com"},
    ],
)
def test_cognito_principals_are_recognised(principal: dict[str, Any]) -> None:
    assert cognito_principals(cognito_statement(Principal=principal))
    assert document_trusts_cognito(document(cognito_statement(Principal=principal)))


@pytest.mark.parametrize(
    "statement",
    [
        cognito_statement(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        cognito_statement(Principal={"Service": "lambda.amazonaws.com"}),
        cognito_statement(Principal={"Service": "notcognito-idp.amazonaws.com.evil"}),
        cognito_statement(Effect="Deny"),
    ],
)
def test_statements_for_other_principals_are_left_alone(statement: dict[str, Any]) -> None:
    sloppy = {**statement, "Action": "ses:*", "Resource": "*", "Condition": None}
    sloppy.pop("Condition")
    assert not cognito_principals(sloppy)
    assert cognito_statement_problems(document(sloppy)) == []


def test_only_the_cognito_statement_is_reported_in_a_mixed_document() -> None:
    other = {
        "Sid": "Team",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "ses:*",
        "Resource": "*",
    }
    bad = cognito_statement(Sid="Cognito", Condition=None)
    problems = cognito_statement_problems(document(other, bad))
    assert problems
    assert all(p.startswith("statement 'Cognito'") for p in problems)


# --- Each mistake is reported ---


def only_problems(statement: dict[str, Any], identity: str | None = IDENTITY_ARN) -> list[str]:
    return cognito_statement_problems(document(statement), identity)


def test_missing_source_account_is_the_confused_deputy() -> None:
    statement = cognito_statement(Condition={"ArnLike": {"aws:SourceArn": POOL_ARN}})
    [problem] = only_problems(statement)
    assert "aws:SourceAccount" in problem and "confused deputy" in problem


def test_missing_source_arn_is_the_confused_deputy() -> None:
    statement = cognito_statement(Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}})
    [problem] = only_problems(statement)
    assert "aws:SourceArn" in problem and "confused deputy" in problem


def test_no_condition_at_all_reports_both_keys() -> None:
    problems = only_problems(cognito_statement(Condition=None))
    assert len(problems) == 2
    assert any("aws:SourceAccount" in p for p in problems)
    assert any("aws:SourceArn" in p for p in problems)


def test_upper_case_condition_keys_are_reported() -> None:
    statement = cognito_statement(
        Condition={
            "StringEquals": {"AWS:SourceAccount": ACCOUNT},
            "ArnLike": {"AWS:SourceArn": POOL_ARN},
        }
    )
    problems = only_problems(statement)
    assert len(problems) == 2
    assert "'AWS:SourceAccount' as 'aws:SourceAccount'" in problems[0]
    assert "'AWS:SourceArn' as 'aws:SourceArn'" in problems[1]
    assert all("Unknown or unapplicable condition field" in p for p in problems)


@pytest.mark.parametrize(
    ("action", "named"),
    [
        ("ses:*", "ses:*"),
        ("*", "*"),
        (["ses:SendEmail", "ses:SendTemplatedEmail"], "ses:SendTemplatedEmail"),
        (["ses:SendRawEmail", "ses:Send*"], "ses:Send*"),
    ],
)
def test_actions_beyond_sending_are_reported(action: Any, named: str) -> None:
    [problem] = only_problems(cognito_statement(Action=action))
    assert f"allows {named}" in problem


def test_not_action_and_missing_action_are_reported() -> None:
    [not_action] = only_problems(cognito_statement(Action=None, NotAction="ses:DeleteIdentity"))
    assert "NotAction" in not_action
    [missing] = only_problems(cognito_statement(Action=None))
    assert "must list Action" in missing


@pytest.mark.parametrize(
    "resource",
    [
        "*",
        "arn:aws:ses:us-east-1:123456789012:identity/*",
        [IDENTITY_ARN, "arn:aws:ses:us-east-1:123456789012:identity/example.com"],
        "arn:aws:ses:us-east-1:123456789012:configuration-set/x",
        None,
    ],
)
def test_resource_that_is_not_one_identity_arn_is_reported(resource: Any) -> None:
    [problem] = only_problems(cognito_statement(Resource=resource), identity=None)
    assert "Resource" in problem


def test_resource_of_another_identity_is_reported() -> None:
    other = "arn:aws:ses:us-east-1:123456789012:identity/other@example.com"
    [by_arn] = only_problems(cognito_statement(), identity=other)
    assert f"attached to {other}" in by_arn
    [by_name] = only_problems(cognito_statement(), identity="example.com")
    assert "attached to example.com" in by_name


@pytest.mark.parametrize(
    ("source_arn", "expected"),
    [
        ("*", "is not a Cognito user pool ARN"),
        ("arn:aws:cognito-idp:us-east-1:*:userpool/*", "must name one account id"),
        ("arn:aws:cognito-idp:us-east-1:9999*:userpool/*", "must name one account id"),
        ("arn:aws:cognito-identity:us-east-1:123456789012:identitypool/x", "not a Cognito user"),
        ("arn:aws:cognito-idp:us-east-1:210987654321:userpool/*", "names account 210987654321"),
    ],
)
def test_source_arn_must_name_pools_of_the_source_account(source_arn: str, expected: str) -> None:
    statement = cognito_statement(
        Condition=conditions({"StringEquals": ACCOUNT}, {"ArnLike": source_arn})
    )
    [problem] = only_problems(statement)
    assert expected in problem


def test_arn_equals_with_a_wildcard_matches_no_pool() -> None:
    statement = cognito_statement(
        Condition=conditions({"StringEquals": ACCOUNT}, {"ArnEquals": POOLS_OF_ACCOUNT})
    )
    [problem] = only_problems(statement)
    assert "ArnEquals compares" in problem and "use ArnLike" in problem


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (conditions({"StringEqualsIfExists": ACCOUNT}, {"ArnLike": POOL_ARN}), "drop IfExists"),
        (conditions({"StringEquals": ACCOUNT}, {"ArnLikeIfExists": POOL_ARN}), "drop IfExists"),
        (
            conditions({"ForAllValues:StringEquals": ACCOUNT}, {"ArnLike": POOL_ARN}),
            "ForAllValues",
        ),
        (conditions({"StringLike": ACCOUNT}, {"ArnLike": POOL_ARN}), "use StringEquals"),
        (conditions({"StringNotEquals": ACCOUNT}, {"ArnLike": POOL_ARN}), "use StringEquals"),
        (conditions({"StringEquals": ACCOUNT}, {"StringLike": POOL_ARN}), "use ArnLike"),
        (conditions({"StringEquals": "12345"}, {"ArnLike": POOL_ARN}), "12-digit account id"),
    ],
)
def test_weak_or_wrong_condition_operators_are_reported(
    condition: dict[str, Any], expected: str
) -> None:
    problems = only_problems(cognito_statement(Condition=condition))
    assert any(expected in p for p in problems), problems


def test_source_account_other_than_the_identity_owner_is_reported_unless_allowed() -> None:
    other = "210987654321"
    statement = cognito_statement(
        Condition=conditions(
            {"StringEquals": other},
            {"ArnLike": f"arn:aws:cognito-idp:us-east-1:{other}:userpool/*"},
        )
    )
    [problem] = only_problems(statement)
    assert f"aws:SourceAccount {other} is not the account that owns the identity" in problem
    assert cognito_statement_problems(document(statement), allow_cross_account=True) == []


# --- Documents that are not policies at all ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"Version": "2012-10-17", "Statement": [', "not valid JSON"),
        ("", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"Version": "2012-10-17"}', "no Statement"),
    ],
)
def test_malformed_documents_are_problems_not_crashes(text: str, expected: str) -> None:
    [problem] = cognito_statement_problems(text)
    assert expected in problem
    assert not document_trusts_cognito(text)


def test_a_statement_that_is_not_an_object_is_reported() -> None:
    problems = cognito_statement_problems('{"Statement": ["Allow everything"]}')
    assert problems == ["statement 0 is not a JSON object"]


def test_the_literal_policy_is_the_one_the_component_builds() -> None:
    assert component_policy() == COMPONENT_POLICY
