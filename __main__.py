"""Example stack: a Cognito user pool that sends its emails from your SES identity.

Settings (``pulumi config set KEY VALUE``): ``fromAddress`` (required), ``sendingAccount``,
``fromName``, ``replyToAddress``, ``identityArn``, ``sesRegion``, ``configurationSet``,
``sourceArnScope``, ``policyName``, ``userPoolName``, ``deletionProtection``, for a domain
identity ``identityDomain``, ``hostedZoneId``, ``mailFromDomain``, ``dmarcPolicy``, and
``createUserPool`` (false: the stack defines its own pool and passes it the component's
``email_configuration``), ``notifications`` (true: bounce and complaint notifications to a new
SNS topic), ``alarms`` (true: reputation alarms that notify that topic; DEVELOPER mode) and
``verificationTimeoutMinutes`` (how long ``pulumi up`` waits for SES to verify the identity;
0: not at all; default 15).
"""

import sys
from pathlib import Path

import pulumi
import pulumi_aws as aws

# This repository's package (components/cognito_ses_email); a program of your own installs it.
sys.path.insert(0, str(Path(__file__).resolve().parent / "components"))
from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs

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
create_user_pool = config.get_bool("createUserPool") is not False
if not create_user_pool:
    args["create_user_pool"] = False
elif deletion_protection is not None:
    args["deletion_protection"] = deletion_protection

timeout = config.get("verificationTimeoutMinutes")  # a string; "" is not set (15 minutes)
if timeout:
    # A whole number as such; anything else as given, for the component to name what is wrong.
    minutes = timeout.strip()
    args["verification_timeout_minutes"] = int(minutes) if minutes.isdigit() else timeout  # type: ignore[typeddict-item]

if config.get_bool("notifications"):
    args["notifications"] = {}
if config.get_bool("alarms"):
    args["alarms"] = {}

email = CognitoSesEmail("cognito-email", args)

if create_user_pool:
    pool_id, pool_arn = email.user_pool_id, email.user_pool_arn
else:
    # Your own pool: it takes the component's email configuration and waits for the
    # identity, the policy and any verification. The alias names the pool the component
    # made before createUserPool was false, so a stack that switches keeps that pool and
    # its users instead of replacing it (docs/own-pool.md).
    users = aws.cognito.UserPool(
        "users",
        email_configuration=email.email_configuration,
        deletion_protection="INACTIVE" if deletion_protection is False else "ACTIVE",
        opts=pulumi.ResourceOptions(
            depends_on=[email], aliases=[pulumi.Alias(name="cognito-email-pool", parent=email)]
        ),
    )
    pool_id, pool_arn = users.id, users.arn

pulumi.export("userPoolId", pool_id)
pulumi.export("userPoolArn", pool_arn)
pulumi.export("identityArn", email.identity_arn)
pulumi.export("policyDocument", email.policy_document)
if email.dns_records is not None:
    pulumi.export("dnsRecords", email.dns_records)
if email.notification_topic_arn is not None:
    pulumi.export("notificationTopicArn", email.notification_topic_arn)
