"""Before the move: the component creates the pool."""

import pulumi

from cognito_ses_email import CognitoSesEmail

email = CognitoSesEmail(
    "auth-email",
    {
        "from_address": "no-reply@example.com",
        "user_pool_name": "customers",
        "user_pool_args": {"auto_verified_attributes": ["email"], "username_attributes": ["email"]},
    },
)
pulumi.export("userPoolId", email.user_pool_id)
