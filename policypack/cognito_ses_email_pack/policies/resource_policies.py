"""The policies that judge one resource: identity policies and user pools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceRemediation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from cognito_ses_email_pack.documents.condition_key_case import lowercase_condition_key_prefixes
from cognito_ses_email_pack.documents.property_values import UNKNOWN
from cognito_ses_email_pack.documents.sending_authorization import cognito_statement_problems
from cognito_ses_email_pack.documents.wildcard_principals import wildcard_principal_problems
from cognito_ses_email_pack.policies.engine import (
    IDENTITY_POLICY_TYPES,
    USER_POOL_TYPE,
    known,
    with_prop,
)


def _validate_sending_authorization(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    identity_property = IDENTITY_POLICY_TYPES.get(args.resource_type)
    if identity_property is None:
        return
    document = known(args.props, "policy")
    if document is None or document is UNKNOWN:
        return  # Absent: the provider refuses it. Unknown: judged at `pulumi up`.
    identity = known(args.props, identity_property)
    allow_cross_account = bool(args.get_config().get("allowCrossAccount", False))
    for problem in cognito_statement_problems(
        document,
        identity if isinstance(identity, str) else None,
        allow_cross_account=allow_cross_account,
    ):
        report_violation(problem, None)


def _validate_no_wildcard_principal(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    if args.resource_type not in IDENTITY_POLICY_TYPES:
        return
    document = known(args.props, "policy")
    if not isinstance(document, (str, Mapping)):
        return  # Absent: the provider refuses it. Unknown: judged at `pulumi up`.
    for problem in wildcard_principal_problems(document):
        report_violation(problem, None)


def _remediate_condition_key_case(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    if args.resource_type not in IDENTITY_POLICY_TYPES:
        return None
    document = known(args.props, "policy")
    if not isinstance(document, (str, Mapping)):
        return None
    fixed = lowercase_condition_key_prefixes(document)
    return None if fixed is None else with_prop(args.props, "policy", fixed)


def _validate_deletion_protection(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    if args.resource_type != USER_POOL_TYPE:
        return
    setting = known(args.props, "deletionProtection")
    if setting is UNKNOWN or setting == "ACTIVE":
        return
    current = f"is {setting!r}" if setting else "is not set (AWS defaults to INACTIVE)"
    report_violation(
        f"deletionProtection {current}: deleting or replacing this user pool deletes every "
        'user in it. Set deletion_protection="ACTIVE".',
        None,
    )


cognito_sending_authorization = ResourceValidationPolicy(
    name="ses-cognito-sending-authorization",
    description=(
        "An SES identity policy that lets Cognito send must allow only ses:SendEmail and "
        "ses:SendRawEmail on the one identity ARN it is attached to, with StringEquals "
        "aws:SourceAccount and ArnLike aws:SourceArn naming that account's user pools, "
        "condition keys written in lower case (aws:)."
    ),
    validate=_validate_sending_authorization,
    # The runtime takes a plain (non-awaitable) return value too; the SDK's alias says
    # Awaitable only.
    remediate=cast(ResourceRemediation, _remediate_condition_key_case),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "allowCrossAccount": {
                "type": "boolean",
                "default": False,
                "description": (
                    "Accept an aws:SourceAccount other than the account that owns the identity."
                ),
            }
        }
    ),
)


identity_policy_no_wildcard_principal = ResourceValidationPolicy(
    name="ses-identity-policy-no-wildcard-principal",
    description=(
        'An SES identity policy must not allow a wildcard principal ("*", {"AWS": "*"}, '
        '{"Service": ["*"]}, ...), with or without conditions, nor use NotPrincipal with '
        "Allow: either lets principals nobody named send as the identity. Name each account, "
        "IAM ARN or service in Principal."
    ),
    validate=_validate_no_wildcard_principal,
    enforcement_level=EnforcementLevel.MANDATORY,
)


user_pool_deletion_protection = ResourceValidationPolicy(
    name="cognito-user-pool-deletion-protection",
    description=(
        "A Cognito user pool should have deletion protection ACTIVE: deleting or replacing "
        'it deletes every user. Set deletion_protection="ACTIVE".'
    ),
    validate=_validate_deletion_protection,
    enforcement_level=EnforcementLevel.ADVISORY,
)
