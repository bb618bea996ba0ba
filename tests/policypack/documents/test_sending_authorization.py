"""The policy pack's pure document checks, without any pulumi_policy plumbing."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from cognito_ses_email_pack.documents.sending_authorization import (
    cognito_principals,
    cognito_statement_problems,
    document_trusts_cognito,
    lowercase_condition_key_prefixes,
    wildcard_principal_problems,
)

ACCOUNT = "123456789012"
IDENTITY_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
POOLS_OF_ACCOUNT = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"
POOL_ARN = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/us-east-1_AbCdEfGhI"

#: The component's own policy, exactly as components.policy builds it.
COMPONENT_POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"AllowCognitoToSendAsIdentity",'
    '"Effect":"Allow","Principal":{"Service":"email.cognito-idp.amazonaws.com"},'
    '"Action":["ses:SendEmail","ses:SendRawEmail"],'
    '"Resource":"arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com",'
    '"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},'
    '"ArnLike":{"aws:SourceArn":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/*"}}}]}'
)


def component_policy() -> str:
    """The component's policy from components.policy when it exists, else the literal."""
    try:
        from cognito_ses_email.policy import sending_authorization_policy
    except ImportError:
        return COMPONENT_POLICY
    return sending_authorization_policy(IDENTITY_ARN, ACCOUNT, POOLS_OF_ACCOUNT)


def cognito_statement(**changes: Any) -> dict[str, Any]:
    """The statement of AWS's sending authorization example, with AWS's corrections;
    ``changes`` replace keys (a value of None removes the key)."""
    statement: dict[str, Any] = {
        "Sid": "stmnt1234567891234",
        "Effect": "Allow",
        "Principal": {"Service": ["email.cognito-idp.amazonaws.com"]},
        "Action": ["SES:SendEmail", "SES:SendRawEmail"],
        "Resource": IDENTITY_ARN,
        "Condition": {
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "ArnLike": {"aws:SourceArn": POOL_ARN},
        },
    }
    for key, value in changes.items():
        if value is None:
            statement.pop(key, None)
        else:
            statement[key] = value
    return statement


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def conditions(source_account: dict[str, Any], source_arn: dict[str, Any]) -> dict[str, Any]:
    """A Condition block from two ``{operator: value}`` pairs."""
    block: dict[str, Any] = {}
    for key, tests in (("aws:SourceAccount", source_account), ("aws:SourceArn", source_arn)):
        for operator, value in tests.items():
            block.setdefault(operator, {})[key] = value
    return block


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


# --- The remediation's document rewrite ---


def upper_cased(text: str) -> str:
    return text.replace('"aws:Source', '"AWS:Source')


def test_fix_restores_the_component_policy_byte_for_byte() -> None:
    broken = upper_cased(COMPONENT_POLICY)
    assert broken != COMPONENT_POLICY
    assert lowercase_condition_key_prefixes(broken) == COMPONENT_POLICY


def test_fix_keeps_an_indented_layout() -> None:
    good = json.dumps(json.loads(COMPONENT_POLICY), indent=4)
    fixed = lowercase_condition_key_prefixes(upper_cased(good))
    assert fixed == good
    assert isinstance(fixed, str) and cognito_statement_problems(fixed) == []


def test_fix_changes_only_cognito_statement_keys() -> None:
    other = {
        "Sid": "Team",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "ses:SendEmail",
        "Resource": IDENTITY_ARN,
        "Condition": {"StringEquals": {"AWS:SourceAccount": ACCOUNT}},
    }
    cognito = cognito_statement(
        Condition={
            "StringEquals": {"AWS:SourceAccount": ACCOUNT, "aws:PrincipalTag/x": "AWS:value"},
            "ArnLike": {"Aws:SourceArn": POOL_ARN},
        }
    )
    original: dict[str, Any] = {"Version": "2012-10-17", "Statement": [other, cognito]}
    fixed = lowercase_condition_key_prefixes(json.dumps(original))
    assert isinstance(fixed, str)
    expected = copy.deepcopy(original)
    expected["Statement"][1]["Condition"] = {
        "StringEquals": {"aws:SourceAccount": ACCOUNT, "aws:PrincipalTag/x": "AWS:value"},
        "ArnLike": {"aws:SourceArn": POOL_ARN},
    }
    assert json.loads(fixed) == expected
    assert list(json.loads(fixed)["Statement"][1]) == list(cognito)  # key order kept


def test_fix_of_a_mapping_returns_a_new_dict() -> None:
    original = json.loads(upper_cased(COMPONENT_POLICY))
    before = copy.deepcopy(original)
    fixed = lowercase_condition_key_prefixes(original)
    assert fixed == json.loads(COMPONENT_POLICY)
    assert original == before


@pytest.mark.parametrize("text", [COMPONENT_POLICY, "{not json"])
def test_nothing_to_fix_gives_none(text: str) -> None:
    assert lowercase_condition_key_prefixes(text) is None


def test_a_key_written_both_ways_is_left_alone() -> None:
    # Which of the two values to keep is not mechanical; the other key is still fixed.
    text = upper_cased(COMPONENT_POLICY).replace(
        '"AWS:SourceAccount":"123456789012"',
        '"AWS:SourceAccount":"123456789012","aws:SourceAccount":"123456789012"',
    )
    fixed = lowercase_condition_key_prefixes(text)
    assert isinstance(fixed, str)
    assert '"AWS:SourceAccount"' in fixed and '"aws:SourceArn"' in fixed


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
