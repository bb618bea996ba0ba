"""IAM's evaluation as the doctor applies it to sending authorization policies (pure)."""

from __future__ import annotations

import json

import pytest

from cognito_ses_email.doctor.policy_eval import arn_like, evaluate, wildcard_match
from cognito_ses_email.rules.policies import (
    COGNITO_EMAIL_PRINCIPAL,
    account_policy,
    user_pool_policy,
)

IDENTITY = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com"
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123"
REQUEST = (IDENTITY, "123456789012", POOL)  # what Cognito sends as, for which account and pool


def statement(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "Effect": "Allow",
        "Principal": {"Service": COGNITO_EMAIL_PRINCIPAL},
        "Action": ["ses:SendEmail", "ses:SendRawEmail"],
        "Resource": IDENTITY,
        "Condition": {
            "StringEquals": {"aws:SourceAccount": "123456789012"},
            "ArnLike": {"aws:SourceArn": POOL},
        },
    }
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


def policies(*statements: dict[str, object]) -> dict[str, str]:
    return {"p": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


def allowed(documents: dict[str, str]) -> list[bool | None]:
    return [verdict.allowed for verdict in evaluate(documents, *REQUEST)]


def test_the_component_s_own_policies_allow_both_actions() -> None:
    for document in (user_pool_policy(IDENTITY, POOL), account_policy(IDENTITY, None)):
        verdicts = evaluate({"cognito": document}, *REQUEST)
        assert [(v.action, v.allowed, v.unscoped) for v in verdicts] == [
            ("ses:SendEmail", True, False),
            ("ses:SendRawEmail", True, False),
        ]


@pytest.mark.parametrize(
    ("pattern", "arn", "matches"),
    [
        (POOL, POOL, True),
        ("arn:aws:cognito-idp:us-east-1:123456789012:userpool/*", POOL, True),
        ("arn:aws:cognito-idp:*:123456789012:userpool/us-east-1_AbC12?", POOL, True),
        ("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC12", POOL, False),
        ("arn:aws:cognito-idp:us-east-1:210987654321:userpool/*", POOL, False),
        # each of the six parts apart: a * in the Region does not reach the account
        ("arn:aws:cognito-idp:*:userpool/*", POOL, False),
        ("ARN:AWS:COGNITO-IDP:us-east-1:123456789012:userpool/*", POOL, False),
        ("arn:aws:cognito-idp:us-east-1:123456789012:userpool/[a]*", POOL, False),
    ],
)
def test_arn_like(pattern: str, arn: str, matches: bool) -> None:
    assert arn_like(pattern, arn) is matches


def test_actions_match_case_insensitively_with_wildcards() -> None:
    assert wildcard_match("SES:send*", "ses:SendRawEmail", ignore_case=True)
    assert not wildcard_match("ses:Send?mail", "ses:SendRawEmail", ignore_case=True)
    assert allowed(policies(statement(Action="SES:SENDEMAIL"))) == [True, False]
    assert allowed(policies(statement(Action="ses:*"))) == [True, True]
    assert allowed(policies(statement(Action="ses:Send*Email"))) == [True, True]
    assert allowed(policies(statement(Action=None, NotAction="ses:SendRawEmail"))) == [True, False]


def test_a_deny_wins_over_an_allow() -> None:
    deny = statement(Effect="Deny", Action="ses:SendRawEmail", Condition=None)
    verdicts = evaluate(policies(statement(), deny), *REQUEST)
    assert [v.allowed for v in verdicts] == [True, False]
    assert verdicts[1].reason == "policy 'p' denies ses:SendRawEmail to Cognito"


def test_a_deny_for_other_accounts_leaves_this_one_alone() -> None:
    deny = statement(
        Effect="Deny", Condition={"StringNotEquals": {"aws:SourceAccount": "123456789012"}}
    )
    assert allowed(policies(statement(), deny)) == [True, True]


ACCOUNT_POOLS = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/*"
OTHER_POOLS = "arn:aws:cognito-idp:us-east-1:210987654321:userpool/*"


@pytest.mark.parametrize(
    ("operator", "pattern", "allows"),
    [
        # IAM: ArnEquals and ArnLike are the same test, wildcards per ARN part.
        ("ArnEquals", ACCOUNT_POOLS, True),
        ("ArnLike", ACCOUNT_POOLS, True),
        ("ArnEqualsIfExists", ACCOUNT_POOLS, True),
        ("ArnLikeIfExists", ACCOUNT_POOLS, True),
        ("ArnEquals", "arn:aws:cognito-idp:us-east-?:123456789012:userpool/*", True),
        ("ArnEquals", OTHER_POOLS, False),
        ("ArnNotEquals", OTHER_POOLS, True),
        ("ArnNotLike", OTHER_POOLS, True),
        ("ArnNotEquals", ACCOUNT_POOLS, False),
        ("ArnNotEqualsIfExists", ACCOUNT_POOLS, False),
    ],
)
def test_arn_equals_and_arn_like_are_one_test(operator: str, pattern: str, allows: bool) -> None:
    scoped = statement(
        Condition={
            "StringEquals": {"aws:SourceAccount": "123456789012"},
            operator: {"aws:SourceArn": pattern},
        }
    )
    verdicts = evaluate(policies(scoped), *REQUEST)
    assert [v.allowed for v in verdicts] == [allows, allows]
    if not allows:
        assert verdicts[0].reason == (
            f"policy 'p': {operator} aws:SourceArn is {pattern}, which does not admit {POOL}"
        )


def test_a_negated_arn_deny_for_other_pools_leaves_this_one_alone() -> None:
    deny = statement(Effect="Deny", Condition={"ArnNotEquals": {"aws:SourceArn": ACCOUNT_POOLS}})
    assert allowed(policies(statement(), deny)) == [True, True]
    deny_this = statement(Effect="Deny", Condition={"ArnNotLike": {"aws:SourceArn": OTHER_POOLS}})
    assert allowed(policies(statement(), deny_this)) == [False, False]


def test_condition_keys_match_case_insensitively_and_values_exactly() -> None:
    upper = statement(
        Condition={
            "StringEquals": {"AWS:SourceAccount": "123456789012"},
            "ArnLike": {"AWS:SOURCEARN": POOL},
        }
    )
    assert allowed(policies(upper)) == [True, True]
    other = statement(Condition={"StringEquals": {"aws:SourceAccount": ["1", "2"]}})
    assert allowed(policies(other)) == [False, False]
    any_of = statement(Condition={"StringEquals": {"aws:SourceAccount": ["1", "123456789012"]}})
    assert allowed(policies(any_of)) == [True, True]


def test_without_conditions_it_allows_but_unscoped() -> None:
    verdicts = evaluate(policies(statement(Condition=None)), *REQUEST)
    assert all(v.allowed and v.unscoped for v in verdicts)
    only_account = statement(Condition={"StringEquals": {"aws:SourceAccount": "123456789012"}})
    assert all(v.allowed and v.unscoped for v in evaluate(policies(only_account), *REQUEST))


@pytest.mark.parametrize("operator", ["StringEquals", "StringEqualsIfExists", "StringNotEquals"])
def test_a_key_whose_value_the_doctor_does_not_know_cannot_be_told(operator: str) -> None:
    org = statement(Condition={operator: {"aws:PrincipalOrgID": "o-1"}})
    [verdict, _] = evaluate(policies(org), *REQUEST)
    assert verdict.allowed is None
    assert verdict.reason == (
        "policy 'p': its condition key aws:PrincipalOrgID is not one the doctor knows "
        "Cognito's value of"
    )


def test_an_unknown_operator_never_counts_as_allowing() -> None:
    odd = statement(Condition={"NumericLessThan": {"aws:SourceAccount": "5"}})
    [verdict, _] = evaluate(policies(odd), *REQUEST)
    assert verdict.allowed is None
    assert "NumericLessThan is one the doctor does not evaluate" in verdict.reason


DATE_DENY = statement(
    Effect="Deny", Condition={"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}
)


def test_a_deny_the_doctor_cannot_evaluate_is_never_ignored() -> None:
    verdicts = evaluate(policies(statement(), DATE_DENY), *REQUEST)
    assert [v.allowed for v in verdicts] == [None, None]
    assert verdicts[0].reason == (
        "policy 'p' has a Deny: its condition operator DateGreaterThan is one the doctor "
        "does not evaluate"
    )
    # A Deny that holds still decides, and without any Allow nothing is allowed either way.
    plain_deny = statement(Effect="Deny", Condition=None)
    assert allowed(policies(statement(), DATE_DENY, plain_deny)) == [False, False]
    assert allowed(policies(DATE_DENY)) == [False, False]
    # A condition failing for sure decides even beside one the doctor cannot tell.
    other_account = {"StringEquals": {"aws:SourceAccount": "1"}, "DateLessThan": {"k": "v"}}
    assert allowed(policies(statement(Condition=other_account))) == [False, False]


@pytest.mark.parametrize(
    ("values", "allows"),
    [
        (123456789012, True),  # a JSON number: IAM compares its text
        ([True, 123456789012], True),
        ([123456789013, False], False),
        ({"nested": "123456789012"}, None),  # a type IAM does not compare: cannot tell
        ([None], None),
    ],
)
def test_condition_values_written_as_numbers_or_booleans(
    values: object, allows: bool | None
) -> None:
    numeric = statement(
        Condition={
            "StringEquals": {"aws:SourceAccount": values},
            "ArnLike": {"aws:SourceArn": POOL},
        }
    )
    assert allowed(policies(numeric)) == [allows, allows]


def test_a_number_is_compared_as_its_json_text() -> None:
    document = json.dumps({"Statement": statement(Condition={"StringEquals": {"k": 0}})})
    for text in ("123456789012.0", "1.23456789012e11"):  # not 123456789012 as written
        written = document.replace('{"k": 0}', f'{{"aws:SourceAccount": {text}}}')
        [verdict, _] = evaluate({"p": written}, *REQUEST)
        assert verdict.reason == (
            f"policy 'p': StringEquals aws:SourceAccount is {text}, which does not admit "
            "123456789012"
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"Principal": {"Service": "ses.amazonaws.com"}},
        {"Principal": {"AWS": "arn:aws:iam::123456789012:root"}},
        {"Resource": "arn:aws:ses:us-east-1:123456789012:identity/other@example.com"},
        {"Action": "ses:SendTemplatedEmail"},
        {"Effect": "Audit"},
    ],
)
def test_statements_for_something_else_allow_nothing(fields: dict[str, object]) -> None:
    verdicts = evaluate(policies(statement(**fields)), *REQUEST)
    assert not any(v.allowed for v in verdicts)
    assert verdicts[0].reason.startswith("no statement allows email.cognito-idp.amazonaws.com")


def test_wildcard_principal_and_resource_allow() -> None:
    assert allowed(policies(statement(Principal="*", Resource="arn:aws:ses:*:*:identity/*"))) == [
        True,
        True,
    ]


def test_documents_that_are_not_policies_are_skipped() -> None:
    assert allowed({"broken": "{not json", "empty": "{}", "odd": '{"Statement": 3}'}) == [
        False,
        False,
    ]
    single = {"p": json.dumps({"Statement": statement()})}  # one statement, not a list
    assert allowed(single) == [True, True]
