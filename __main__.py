"""Example stack: a Cognito user pool that sends its emails from your SES identity.

Settings (``pulumi config set KEY VALUE``): ``fromAddress`` (required), ``sendingAccount``,
``fromName``, ``replyToAddress``, ``identityArn``, ``sesRegion``, ``configurationSet``,
``sourceArnScope``, ``policyName``, ``userPoolName``, ``deletionProtection``, and for a domain
identity
``identityDomain``, ``hostedZoneId``, ``mailFromDomain``, ``dmarcPolicy``.
"""

import pulumi

from components import CognitoSesEmail, CognitoSesEmailArgs

config = pulumi.Config()

args: CognitoSesEmailArgs = {"from_address": config.require("fromAddress")}
for key, setting in {
    "sending_account": "sendingAccount",
    "from_name": "fromName",
    "reply_to_address": "replyToAddress",
    "identity_arn": "identityArn",
    "ses_region": "sesRegion",
    "configuration_set": "configurationSet",
    "source_arn_scope": "sourceArnScope",
    "policy_name": "policyName",
    "user_pool_name": "userPoolName",
    "identity_domain": "identityDomain",
    "hosted_zone_id": "hostedZoneId",
    "mail_from_domain": "mailFromDomain",
    "dmarc_policy": "dmarcPolicy",
}.items():
    value = config.get(setting)
    if value:  # Pulumi.yaml declares each optional setting with the default "" (not set)
        args[key] = value  # type: ignore[literal-required]
deletion_protection = config.get_bool("deletionProtection")
if deletion_protection is not None:
    args["deletion_protection"] = deletion_protection

email = CognitoSesEmail("cognito-email", args)

pulumi.export("userPoolId", email.user_pool_id)
pulumi.export("userPoolArn", email.user_pool_arn)
pulumi.export("identityArn", email.identity_arn)
pulumi.export("policyDocument", email.policy_document)
if email.dns_records is not None:
    pulumi.export("dnsRecords", email.dns_records)
