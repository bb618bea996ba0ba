"""Plain property values: identity references by name or ARN, and the feedback types."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_ses_email_pack.documents.identity_arns import identity_reference_matches
from cognito_ses_email_pack.documents.property_values import UNKNOWN, missing_feedback_types
from tests.policypack.documents.support import (
    ACCOUNT,
    IDENTITY_ARN,
)

DOMAIN_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"


@pytest.mark.parametrize(
    ("reference", "name", "arn", "expected"),
    [
        (IDENTITY_ARN, "no-reply@example.com", IDENTITY_ARN, True),
        ("no-reply@example.com", "no-reply@example.com", IDENTITY_ARN, True),
        ("No-Reply@Example.COM", None, IDENTITY_ARN, True),
        (
            IDENTITY_ARN,
            "no-reply@example.com",
            None,
            True,
        ),  # the ARN's name, before the ARN is known
        (IDENTITY_ARN, "no-reply@example.com", UNKNOWN, True),
        ("example.com", "example.com", DOMAIN_ARN, True),
        (DOMAIN_ARN, "no-reply@example.com", IDENTITY_ARN, False),  # the domain is another identity
        ("example.com", "no-reply@example.com", None, False),
        (IDENTITY_ARN.replace("us-east-1", "eu-west-1"), None, IDENTITY_ARN, False),
        ("no-reply@example.com", UNKNOWN, UNKNOWN, None),
        (IDENTITY_ARN, None, None, None),
    ],
)
def test_identity_reference_matches_by_name_or_arn(
    reference: str, name: Any, arn: Any, expected: bool | None
) -> None:
    assert identity_reference_matches(reference, name, arn) is expected


@pytest.mark.parametrize(
    ("types", "missing"),
    [
        ([], ["Bounce", "Complaint"]),
        (["Delivery"], ["Bounce", "Complaint"]),
        (["Bounce"], ["Complaint"]),
        (["Complaint", "Complaint"], ["Bounce"]),
        (["Complaint", "Delivery", "Bounce"], []),
        (["bounce", "complaint"], ["Bounce", "Complaint"]),  # SES's values are capitalised
        (["Bounce", UNKNOWN], []),  # the unknown one may be Complaint
    ],
)
def test_missing_feedback_types(types: list[Any], missing: list[str]) -> None:
    assert missing_feedback_types(types) == missing
