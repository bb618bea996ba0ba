"""Two components in one stack; the first one's FROM address is a secret."""

import pulumi

from cognito_ses_email import CognitoSesEmail

config = pulumi.Config()
common = {"deletion_protection": False, "verification_timeout_minutes": 0}
staff = CognitoSesEmail("staff", {"from_address": config.require_secret("staffFrom"), **common})
customers = CognitoSesEmail("customers", {"from_address": "hello@example.org", **common})
pulumi.export("staffPool", staff.user_pool_id)
pulumi.export("customersPool", customers.user_pool_id)
pulumi.export("staffIdentity", staff.identity_arn)
