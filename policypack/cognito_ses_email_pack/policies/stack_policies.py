"""The policies that judge the stack as a whole: what an identity Cognito uses needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from cognito_ses_email_pack.documents.cognito_principals import document_trusts_cognito
from cognito_ses_email_pack.documents.identity_arns import (
    identity_arn_name,
    identity_reference_matches,
    same_identity,
)
from cognito_ses_email_pack.documents.property_values import (
    UNKNOWN,
    is_set,
    missing_feedback_types,
)
from cognito_ses_email_pack.policies.engine import (
    CONFIGURATION_SET,
    IDENTITY_NOTIFICATION_TOPIC_TYPE,
    IDENTITY_POLICY_TYPES,
    IDENTITY_TYPES,
    SENDING_ACCOUNT,
    SESV2_IDENTITY_TYPE,
    SOURCE_ARN,
    USER_POOL_TYPE,
    computed_from,
    known,
    of_types,
)


def _is_identity_named_by(resource: PolicyResource, identity_arn: str) -> bool:
    """Whether the identity ``resource`` is the one ``identity_arn`` names (by ARN, else name)."""
    arn = known(resource.props, "arn")
    if isinstance(arn, str):
        return arn == identity_arn
    name = known(resource.props, IDENTITY_TYPES[resource.resource_type])
    target = identity_arn_name(identity_arn)
    return isinstance(name, str) and target is not None and name.lower() == target.lower()


def _policy_trusts_cognito_on(
    policy: PolicyResource, identity: PolicyResource, identity_arn: str
) -> bool:
    """Whether ``policy`` is on ``identity`` and trusts Cognito (an unknown document does)."""
    identity_property = IDENTITY_POLICY_TYPES[policy.resource_type]
    target = known(policy.props, identity_property)
    if isinstance(target, str):
        if not same_identity(target, identity_arn):
            return False
    else:
        # Not known in a preview: the policy is on the identity if its identity property
        # was computed from that resource.
        if not computed_from(policy, identity_property, identity):
            return False
    document = known(policy.props, "policy")
    if document is UNKNOWN:
        return True  # Cannot be known before `pulumi up`: do not report it.
    return isinstance(document, (str, Mapping)) and document_trusts_cognito(document)


def _validate_identity_has_policy(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    """Report each COGNITO_DEFAULT pool whose identity of the stack has no policy for Cognito."""
    identities = of_types(args.resources, IDENTITY_TYPES)
    policies = of_types(args.resources, IDENTITY_POLICY_TYPES)
    for pool in of_types(args.resources, [USER_POOL_TYPE]):
        mode = known(pool.props, *SENDING_ACCOUNT)
        source_arn = known(pool.props, *SOURCE_ARN)
        # COGNITO_DEFAULT is also what AWS uses when a SourceArn comes without a mode.
        if mode not in (None, "COGNITO_DEFAULT") or not isinstance(source_arn, str):
            continue
        identity = next((i for i in identities if _is_identity_named_by(i, source_arn)), None)
        if identity is None:
            continue  # Not created in this stack: its policy may live elsewhere.
        if any(_policy_trusts_cognito_on(p, identity, source_arn) for p in policies):
            continue
        report_violation(
            f"user pool {pool.name!r} sends as {source_arn} in COGNITO_DEFAULT mode, but no "
            f"identity policy in this stack lets Cognito use identity {identity.name!r}; "
            "Cognito refuses the pool (InvalidEmailRoleAccessPolicyException). Attach an "
            "aws.ses.IdentityPolicy allowing email.cognito-idp.amazonaws.com (with "
            "aws:SourceAccount and aws:SourceArn), or use DEVELOPER mode.",
            pool.urn,
        )


def _refers_to(
    resource: PolicyResource, path: tuple[str, ...], identity: PolicyResource
) -> bool | None:
    """Whether the property at ``path`` of ``resource`` names ``identity``; None when a
    preview cannot tell.

    An unknown value computed only from other resources (the engine's property
    dependencies of ``path[0]``) does not name it.
    """
    value = known(resource.props, *path)
    if isinstance(value, str):
        return identity_reference_matches(
            value,
            known(identity.props, IDENTITY_TYPES[identity.resource_type]),
            known(identity.props, "arn"),
        )
    if value is not UNKNOWN:
        return False
    if resource.property_dependencies.get(path[0]) and not computed_from(
        resource, path[0], identity
    ):
        return False
    return None


def _cognito_uses(
    identity: PolicyResource, pools: list[PolicyResource], policies: list[PolicyResource]
) -> bool:
    """Whether a user pool sends as ``identity`` or a policy in the stack lets Cognito use
    it. Only what is known counts: an unknown never makes an identity "used"."""
    if any(_refers_to(pool, SOURCE_ARN, identity) is True for pool in pools):
        return True
    for policy in policies:
        prop = IDENTITY_POLICY_TYPES[policy.resource_type]
        on_identity = _refers_to(policy, (prop,), identity)
        # An identity property still unknown in a preview but computed from this identity
        # is this identity (as for cognito-default-identity-has-sending-authorization).
        if on_identity is False or (
            on_identity is None and not computed_from(policy, prop, identity)
        ):
            continue
        document = known(policy.props, "policy")
        if isinstance(document, (str, Mapping)) and document_trusts_cognito(document):
            return True
    return False


def _has_configuration_set(identity: PolicyResource, pools: list[PolicyResource]) -> bool:
    """Whether the sesv2 ``identity`` sends through a configuration set: its own default
    (``configurationSetName``) or one a user pool that may send as it names."""
    if is_set(known(identity.props, "configurationSetName")):
        return True
    return any(
        _refers_to(pool, SOURCE_ARN, identity) is not False
        and is_set(known(pool.props, *CONFIGURATION_SET))
        for pool in pools
    )


def _notification_types_of(identity: PolicyResource, topics: list[PolicyResource]) -> list[Any]:
    """The ``notificationType`` of every topic that may publish for ``identity`` (one
    without a ``topicArn`` publishes nothing)."""
    return [
        known(topic.props, "notificationType")
        for topic in topics
        if _refers_to(topic, ("identity",), identity) is not False
        and is_set(known(topic.props, "topicArn"))
    ]


def _validate_feedback_notifications(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    """Report each SES identity Cognito uses that has no Bounce or no Complaint topic in
    the stack; what is not judged, and why: docs/policy-pack.md."""
    identities = of_types(args.resources, IDENTITY_TYPES)
    pools = of_types(args.resources, [USER_POOL_TYPE])
    policies = of_types(args.resources, IDENTITY_POLICY_TYPES)
    topics = of_types(args.resources, [IDENTITY_NOTIFICATION_TOPIC_TYPE])
    for identity in identities:
        if not _cognito_uses(identity, pools, policies):
            continue
        if identity.resource_type == SESV2_IDENTITY_TYPE and _has_configuration_set(
            identity, pools
        ):
            continue
        missing = missing_feedback_types(_notification_types_of(identity, topics))
        if not missing:
            continue
        name = known(identity.props, IDENTITY_TYPES[identity.resource_type])
        shown = f"{identity.name!r} ({name})" if isinstance(name, str) else repr(identity.name)
        report_violation(
            f"SES identity {shown} is used by Cognito but no "
            f"aws.ses.IdentityNotificationTopic in this stack sends its "
            f"{' or '.join(missing)} notifications anywhere, so nobody sees them. SES "
            "reviews an account whose bounce rate reaches 5% or complaint rate 0.1%, and may "
            "pause its sending at 10% / 0.5%. Add a topic for each missing type (with "
            "CognitoSesEmail: notifications={...}).",
            identity.urn,
        )


identity_has_cognito_policy = StackValidationPolicy(
    name="cognito-default-identity-has-sending-authorization",
    description=(
        "A user pool in COGNITO_DEFAULT mode whose SourceArn is an SES identity of this "
        "stack needs an identity policy on it that lets Cognito send. Attach one."
    ),
    validate=_validate_identity_has_policy,
    enforcement_level=EnforcementLevel.ADVISORY,
)


identity_has_feedback_notifications = StackValidationPolicy(
    name="ses-cognito-identity-has-feedback-notifications",
    description=(
        "An SES identity of this stack that Cognito sends as should have Bounce and "
        "Complaint notification topics (aws.ses.IdentityNotificationTopic): SES reviews, "
        "and may pause, an account by its bounce and complaint rates. Add the topics."
    ),
    validate=_validate_feedback_notifications,
    enforcement_level=EnforcementLevel.ADVISORY,
)
