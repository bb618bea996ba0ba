"""Building what the engine passes the policies: properties in the SDK's own proxies, stack
resources, and a report_violation that keeps what it is told."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)
from pulumi_policy.proxy import unknown_checking_proxy

from cognito_ses_email_pack.policies.engine import (
    USER_POOL_TYPE,
)

ACCOUNT = "123456789012"
IDENTITY_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
POOLS_OF_ACCOUNT = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"
SES_POLICY = "aws:ses/identityPolicy:IdentityPolicy"
SESV2_POLICY = "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy"
SES_EMAIL_IDENTITY = "aws:ses/emailIdentity:EmailIdentity"

GOOD_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "email.cognito-idp.amazonaws.com"},
                "Action": ["ses:SendEmail", "ses:SendRawEmail"],
                "Resource": IDENTITY_ARN,
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": ACCOUNT},
                    "ArnLike": {"aws:SourceArn": POOLS_OF_ACCOUNT},
                },
            }
        ],
    }
)
UPPER_CASE_POLICY = GOOD_POLICY.replace('"aws:Source', '"AWS:Source')
OTHER_PRINCIPAL_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "ses:*",
                "Resource": "*",
            }
        ],
    }
)


class Violations:
    """A report_violation that keeps what it is told."""

    def __init__(self) -> None:
        self.reports: list[tuple[str, str | None]] = []

    def __call__(self, message: str, urn: str | None = None) -> None:
        self.reports.append((message, urn))

    @property
    def messages(self) -> list[str]:
        return [message for message, _ in self.reports]


def options() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


def urn(resource_type: str, name: str) -> str:
    return f"urn:pulumi:dev::app::{resource_type}::{name}"


def resource_args(
    resource_type: str,
    props: dict[str, Any],
    config: Mapping[str, Any] | None = None,
    name: str = "subject",
) -> ResourceValidationArgs:
    """What Analyze passes: the properties wrapped in the SDK's unknown-checking proxy."""
    return ResourceValidationArgs(
        resource_type,
        unknown_checking_proxy(props),
        urn(resource_type, name),
        name,
        options(),
        None,
        config,
    )


def validate(
    policy: ResourceValidationPolicy, resource_type: str, props: dict[str, Any], **kw: Any
) -> list[str]:
    violations = Violations()
    assert policy.validate(resource_args(resource_type, props, **kw), violations) is None
    return violations.messages


def stack_resource(
    resource_type: str,
    name: str,
    props: dict[str, Any],
    property_dependencies: dict[str, list[PolicyResource]] | None = None,
) -> PolicyResource:
    return PolicyResource(
        resource_type,
        unknown_checking_proxy(props),
        urn(resource_type, name),
        name,
        options(),
        None,
        None,
        [],
        property_dependencies or {},
    )


def identity(arn: str | None = IDENTITY_ARN) -> PolicyResource:
    props = {"email": "no-reply@example.com"}
    if arn is not None:
        props["arn"] = arn
    return stack_resource(SES_EMAIL_IDENTITY, "identity", props)


def pool(mode: str | None = "COGNITO_DEFAULT", source_arn: str = IDENTITY_ARN) -> PolicyResource:
    email_configuration = {"sourceArn": source_arn}
    if mode is not None:
        email_configuration["emailSendingAccount"] = mode
    props = {"deletionProtection": "ACTIVE", "emailConfiguration": email_configuration}
    return stack_resource(USER_POOL_TYPE, "pool", props)
