"""The pack as a whole: its five policies at their levels."""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    StackValidationPolicy,
)

from cognito_ses_email_pack.policies import POLICIES
from cognito_ses_email_pack.policies.resource_policies import (
    cognito_sending_authorization,
)
from cognito_ses_email_pack.policies.stack_policies import (
    identity_has_cognito_policy,
    identity_has_feedback_notifications,
)


def test_the_pack_has_the_five_policies_at_their_levels() -> None:
    levels = {p.name: p.enforcement_level for p in POLICIES}
    assert levels == {
        "ses-cognito-sending-authorization": EnforcementLevel.MANDATORY,
        "ses-identity-policy-no-wildcard-principal": EnforcementLevel.MANDATORY,
        "cognito-user-pool-deletion-protection": EnforcementLevel.ADVISORY,
        "cognito-default-identity-has-sending-authorization": EnforcementLevel.ADVISORY,
        "ses-cognito-identity-has-feedback-notifications": EnforcementLevel.ADVISORY,
    }
    assert len(POLICIES) == len(levels)  # no name twice
    assert isinstance(identity_has_cognito_policy, StackValidationPolicy)
    assert isinstance(identity_has_feedback_notifications, StackValidationPolicy)
    assert cognito_sending_authorization.has_remediation()
    assert all("." in p.description for p in POLICIES)  # a sentence saying what to do
