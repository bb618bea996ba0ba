"""The rewrite of ``AWS:`` condition keys that the remediation applies."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from cognito_ses_email_pack.documents.condition_key_case import lowercase_condition_key_prefixes
from cognito_ses_email_pack.documents.sending_authorization import cognito_statement_problems
from tests.policypack.documents.support import (
    ACCOUNT,
    COMPONENT_POLICY,
    IDENTITY_ARN,
    POOL_ARN,
    cognito_statement,
)

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
