"""After the move: docs/own-pool.md's program, word for word, and the same export."""

import pulumi
import pulumi_aws as aws

from cognito_ses_email import CognitoSesEmail

email = CognitoSesEmail(
    "auth-email",
    {"from_address": "no-reply@example.com", "create_user_pool": False},
)
users = aws.cognito.UserPool(
    "users",  # any name
    name="customers",  # the pool's current name, exactly
    email_configuration=email.email_configuration,
    deletion_protection="ACTIVE",
    auto_verified_attributes=["email"],  # everything that was in user_pool_args
    username_attributes=["email"],
    opts=pulumi.ResourceOptions(
        depends_on=[email],
        aliases=[pulumi.Alias(name="auth-email-pool", parent=email)],
    ),
)
pulumi.export("userPoolId", users.id)
