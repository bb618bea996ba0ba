"""IAM's evaluation as the doctor applies it to sending authorization policies (pure)."""

from __future__ import annotations

import json

import pytest

from cognito_ses_email.doctor.policy_eval import Request, arn_like, evaluate, wildcard_match
from cognito_ses_email.rules.policies import (
    COGNITO_EMAIL_PRINCIPAL,
    SEND_ACTIONS,
    account_policy,
    user_pool_policy,
)

IDENTITY = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com"
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123"
REQUEST = Request(COGNITO_EMAIL_PRINCIPAL, SEND_ACTIONS, IDENTITY, "123456789012", POOL)


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


def allowed(documents: dict[str, str]) -> list[bool]:
    return [verdict.allowed for verdict in evaluate(documents, REQUEST)]


def test_the_component_s_own_policies_allow_both_actions() -> None:
    for document in (user_pool_policy(IDENTITY, POOL), account_policy(IDENTITY, None)):
        verdicts = evaluate({"cognito": document}, REQUEST)
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
    verdicts = evaluate(policies(statement(), deny), REQUEST)
    assert [v.allowed for v in verdicts] == [True, False]
    assert verdicts[1].reason == "policy 'p' denies ses:SendRawEmail to Cognito"


def test_a_deny_for_other_accounts_leaves_this_one_alone() -> None:
    deny = statement(
        Effect="Deny", Condition={"StringNotEquals": {"aws:SourceAccount": "123456789012"}}
    )
    assert allowed(policies(statement(), deny)) == [True, True]


def test_arn_equals_is_exact() -> None:
    pattern = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/*"
    exact = statement(Condition={"ArnEquals": {"aws:SourceArn": pattern}})
    [verdict, _] = evaluate(policies(exact), REQUEST)
    assert not verdict.allowed
    assert (
        verdict.reason
        == f"policy 'p': ArnEquals aws:SourceArn is {pattern}, which does not admit {POOL}"
    )


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
    verdicts = evaluate(policies(statement(Condition=None)), REQUEST)
    assert all(v.allowed and v.unscoped for v in verdicts)
    only_account = statement(Condition={"StringEquals": {"aws:SourceAccount": "123456789012"}})
    assert all(v.allowed and v.unscoped for v in evaluate(policies(only_account), REQUEST))


def test_a_key_the_request_lacks_refuses_unless_if_exists() -> None:
    org = statement(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-1"}})
    [verdict, _] = evaluate(policies(org), REQUEST)
    assert not verdict.allowed
    assert "aws:PrincipalOrgID names a key Cognito's request does not carry" in verdict.reason
    if_exists = statement(Condition={"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}})
    assert allowed(policies(if_exists)) == [True, True]


def test_an_unknown_operator_never_counts_as_allowing() -> None:
    odd = statement(Condition={"NumericLessThan": {"aws:SourceAccount": "5"}})
    [verdict, _] = evaluate(policies(odd), REQUEST)
    assert not verdict.allowed
    assert "NumericLessThan is one the doctor does not evaluate" in verdict.reason


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
    verdicts = evaluate(policies(statement(**fields)), REQUEST)
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
