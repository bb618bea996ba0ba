"""The CrossGuard policies, read from the properties the engine sends: ``POLICIES``."""

from __future__ import annotations

from typing import Final

from pulumi_policy import Policy

from cognito_ses_email_pack.policies.resource_policies import (
    cognito_sending_authorization,
    identity_policy_no_wildcard_principal,
    user_pool_deletion_protection,
)
from cognito_ses_email_pack.policies.stack_policies import (
    identity_has_cognito_policy,
    identity_has_feedback_notifications,
)

POLICIES: Final[list[Policy]] = [
    cognito_sending_authorization,
    identity_policy_no_wildcard_principal,
    user_pool_deletion_protection,
    identity_has_cognito_policy,
    identity_has_feedback_notifications,
]
