"""The policies as the engine runs them: ResourceValidationArgs / StackValidationArgs built
with the SDK's own property proxies, a report_violation collector, the remediation, and
the component's resources recorded under the mock runtime."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pytest
from pulumi.runtime import proto
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.deserialize import (
    SPECIAL_SECRET_SIG,
    SPECIAL_SIG_KEY,
    deserialize_properties,
    serialize_properties,
)
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

from cognito_ses_email_pack.documents.sending_authorization import (
    IDENTITY_NOTIFICATION_TOPIC_TYPE,
    POLICIES,
    UNKNOWN,
    USER_POOL_TYPE,
    cognito_sending_authorization,
    identity_has_cognito_policy,
    identity_has_feedback_notifications,
    identity_policy_no_wildcard_principal,
    identity_reference_matches,
    missing_feedback_types,
    user_pool_deletion_protection,
)
from tests.support import Deployment

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


# --- ses-cognito-sending-authorization ---


@pytest.mark.parametrize(
    ("resource_type", "props"),
    [
        (SES_POLICY, {"identity": IDENTITY_ARN, "name": "cognito", "policy": GOOD_POLICY}),
        (SES_POLICY, {"identity": "no-reply@example.com", "name": "c", "policy": GOOD_POLICY}),
        (
            SESV2_POLICY,
            {
                "emailIdentity": "no-reply@example.com",
                "policyName": "cognito",
                "policy": GOOD_POLICY,
            },
        ),
        (SES_POLICY, {"identity": IDENTITY_ARN, "name": "team", "policy": OTHER_PRINCIPAL_POLICY}),
    ],
)
def test_good_and_unrelated_identity_policies_pass(
    resource_type: str, props: dict[str, Any]
) -> None:
    assert validate(cognito_sending_authorization, resource_type, props) == []


@pytest.mark.parametrize("resource_type", [SES_POLICY, SESV2_POLICY])
@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (UPPER_CASE_POLICY, "write condition key 'AWS:SourceAccount'"),
        (GOOD_POLICY.replace('"ArnLike"', '"StringLike"'), "use ArnLike"),
        (GOOD_POLICY.replace('"ses:SendRawEmail"', '"ses:*"'), "allows ses:*"),
        (GOOD_POLICY.replace(f'"{IDENTITY_ARN}"', '"*"'), "Resource '*'"),
        (GOOD_POLICY.replace(f'"{POOLS_OF_ACCOUNT}"', '"*"'), "not a Cognito user pool ARN"),
        (
            GOOD_POLICY.replace('"StringEquals": {"aws:SourceAccount": "123456789012"}, ', ""),
            "confused deputy",
        ),
        ("{'Version': '2012-10-17'}", "not valid JSON"),
    ],
)
def test_each_mistake_is_reported(resource_type: str, policy: str, expected: str) -> None:
    identity_property = "identity" if resource_type == SES_POLICY else "emailIdentity"
    props = {identity_property: "no-reply@example.com", "policy": policy}
    messages = validate(cognito_sending_authorization, resource_type, props)
    assert any(expected in m for m in messages), messages


def test_policy_attached_to_another_identity_is_reported() -> None:
    props = {"identity": "other@example.com", "name": "cognito", "policy": GOOD_POLICY}
    [message] = validate(cognito_sending_authorization, SES_POLICY, props)
    assert "attached to other@example.com" in message


def test_cross_account_is_accepted_when_configured() -> None:
    other = GOOD_POLICY.replace(ACCOUNT, "210987654321").replace(
        "210987654321:identity", f"{ACCOUNT}:identity"
    )
    props = {"identity": IDENTITY_ARN, "name": "cognito", "policy": other}
    assert validate(cognito_sending_authorization, SES_POLICY, props)
    allowed = {"allowCrossAccount": True}
    assert validate(cognito_sending_authorization, SES_POLICY, props, config=allowed) == []


def test_unknown_values_in_a_preview_are_not_judged() -> None:
    unknown_document = {"identity": IDENTITY_ARN, "policy": UNKNOWN_STRING_VALUE}
    assert validate(cognito_sending_authorization, SES_POLICY, unknown_document) == []
    # An unknown identity still leaves the document to check.
    unknown_identity = {"identity": UNKNOWN_STRING_VALUE, "policy": UPPER_CASE_POLICY}
    messages = validate(cognito_sending_authorization, SES_POLICY, unknown_identity)
    assert len(messages) == 2 and all("AWS:Source" in m for m in messages)


def test_other_resource_types_are_ignored() -> None:
    props = {"bucket": "b", "policy": "{not json"}
    assert validate(cognito_sending_authorization, "aws:s3/bucketPolicy:BucketPolicy", props) == []


# --- ses-identity-policy-no-wildcard-principal ---


def sending_policy(principal: Any, with_conditions: bool = True, **element: Any) -> str:
    """GOOD_POLICY's statement with ``principal`` (None: no Principal) and any other
    ``element``s in it."""
    statement = {**json.loads(GOOD_POLICY)["Statement"][0], "Principal": principal, **element}
    if principal is None:
        statement.pop("Principal")
    if not with_conditions:
        statement.pop("Condition")
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def identity_policy_props(resource_type: str, policy: str) -> dict[str, Any]:
    identity_property = "identity" if resource_type == SES_POLICY else "emailIdentity"
    return {identity_property: "no-reply@example.com", "name": "p", "policy": policy}


@pytest.mark.parametrize("resource_type", [SES_POLICY, SESV2_POLICY])
@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["*"]}, {"Service": ["*"]}])
@pytest.mark.parametrize("with_conditions", [True, False])
def test_a_wildcard_principal_fails_the_stack(
    resource_type: str, principal: Any, with_conditions: bool
) -> None:
    props = identity_policy_props(resource_type, sending_policy(principal, with_conditions))
    [message] = validate(identity_policy_no_wildcard_principal, resource_type, props)
    assert "every AWS account and service may send as this identity" in message
    assert identity_policy_no_wildcard_principal.enforcement_level is EnforcementLevel.MANDATORY


@pytest.mark.parametrize("resource_type", [SES_POLICY, SESV2_POLICY])
def test_cognito_and_a_wildcard_fails_though_the_cognito_checks_pass(resource_type: str) -> None:
    policy = sending_policy({"Service": ["email.cognito-idp.amazonaws.com", "*"]})
    props = identity_policy_props(resource_type, policy)
    assert validate(cognito_sending_authorization, resource_type, props) == []
    [message] = validate(identity_policy_no_wildcard_principal, resource_type, props)
    assert '{"Service": "*"}' in message


@pytest.mark.parametrize("with_conditions", [True, False])
def test_not_principal_with_allow_fails_the_stack(with_conditions: bool) -> None:
    policy = sending_policy(None, with_conditions, NotPrincipal={"AWS": ACCOUNT})
    props = identity_policy_props(SES_POLICY, policy)
    [message] = validate(identity_policy_no_wildcard_principal, SES_POLICY, props)
    assert "NotPrincipal" in message and "except" in message


@pytest.mark.parametrize(
    "policy",
    [
        GOOD_POLICY,
        OTHER_PRINCIPAL_POLICY,
        sending_policy("*", Effect="Deny"),
        sending_policy({"AWS": "*"}, Effect="Deny", Action="ses:*"),
        "{not json",  # ses-cognito-sending-authorization reports it, once
        UNKNOWN_STRING_VALUE,  # judged at `pulumi up`
    ],
)
def test_named_principals_denials_and_unknowns_pass_the_wildcard_policy(policy: str) -> None:
    props = identity_policy_props(SES_POLICY, policy)
    assert validate(identity_policy_no_wildcard_principal, SES_POLICY, props) == []


def test_the_wildcard_policy_ignores_other_resource_types() -> None:
    props = {"bucket": "b", "policy": sending_policy("*")}
    bucket_policy = "aws:s3/bucketPolicy:BucketPolicy"
    assert validate(identity_policy_no_wildcard_principal, bucket_policy, props) == []


def test_the_engine_gets_a_mandatory_diagnostic_for_a_wildcard_principal() -> None:
    # pulumi_policy's own Analyze handler, as `pulumi preview --policy-pack` calls it: a
    # MANDATORY diagnostic is what fails the preview or update.
    servicer = _PolicyAnalyzerServicer(
        "cognito-ses-email", "0.0.1", POLICIES, EnforcementLevel.ADVISORY
    )
    props = identity_policy_props(SES_POLICY, sending_policy({"AWS": "*"}, False))
    request = proto.AnalyzeRequest(type=SES_POLICY, urn=urn(SES_POLICY, "public"), name="public")
    request.properties.update(props)
    response = servicer.Analyze(request, None)
    [diagnostic] = response.diagnostics
    assert diagnostic.policyName == "ses-identity-policy-no-wildcard-principal"
    assert diagnostic.enforcementLevel == proto.MANDATORY
    assert '{"AWS": "*"}' in diagnostic.message


# --- The remediation ---


def test_remediation_lower_cases_the_keys_and_keeps_everything_else() -> None:
    props = {
        "identity": IDENTITY_ARN,
        "name": "cognito",
        "region": "us-east-1",
        "policy": UPPER_CASE_POLICY,
    }
    result = cognito_sending_authorization.remediate(resource_args(SES_POLICY, dict(props)))
    assert isinstance(result, Mapping)
    assert dict(result) == {**props, "policy": GOOD_POLICY}
    assert validate(cognito_sending_authorization, SES_POLICY, dict(result)) == []


@pytest.mark.parametrize(
    "props",
    [
        {"identity": IDENTITY_ARN, "name": "cognito", "policy": GOOD_POLICY},
        {"identity": IDENTITY_ARN, "name": "cognito", "policy": "{not json"},
        {"identity": IDENTITY_ARN, "name": "cognito", "policy": UNKNOWN_STRING_VALUE},
    ],
)
def test_remediation_offers_nothing_when_there_is_nothing_mechanical(
    props: dict[str, Any],
) -> None:
    assert cognito_sending_authorization.remediate(resource_args(SES_POLICY, props)) is None


def test_remediation_keeps_a_secret_policy_secret() -> None:
    # The engine's Remediate deserialises with secrets preserved; do the same.
    wire = {
        "identity": IDENTITY_ARN,
        "policy": {SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG, "value": UPPER_CASE_POLICY},
    }
    props = deserialize_properties(wire, True)
    args = ResourceValidationArgs(SES_POLICY, props, urn(SES_POLICY, "p"), "p", options(), None)
    result = cognito_sending_authorization.remediate(args)
    assert isinstance(result, Mapping)
    assert serialize_properties(result)["policy"] == {
        SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG,
        "value": GOOD_POLICY,
    }


# --- cognito-user-pool-deletion-protection ---


def test_user_pool_with_deletion_protection_passes() -> None:
    props = {"deletionProtection": "ACTIVE"}
    assert validate(user_pool_deletion_protection, USER_POOL_TYPE, props) == []


@pytest.mark.parametrize(
    ("props", "expected"),
    [({"deletionProtection": "INACTIVE"}, "is 'INACTIVE'"), ({}, "defaults to INACTIVE")],
)
def test_user_pool_without_deletion_protection_is_reported(
    props: dict[str, Any], expected: str
) -> None:
    [message] = validate(user_pool_deletion_protection, USER_POOL_TYPE, props)
    assert expected in message and "deletes every user" in message


def test_deletion_protection_unknown_or_other_types_are_not_reported() -> None:
    unknown = {"deletionProtection": UNKNOWN_STRING_VALUE}
    assert validate(user_pool_deletion_protection, USER_POOL_TYPE, unknown) == []
    assert validate(user_pool_deletion_protection, SES_POLICY, {}) == []


# --- cognito-default-identity-has-sending-authorization ---


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


def validate_stack(*resources: PolicyResource) -> Violations:
    violations = Violations()
    assert (
        identity_has_cognito_policy.validate(StackValidationArgs(list(resources)), violations)
        is None
    )
    return violations


@pytest.mark.parametrize("mode", ["COGNITO_DEFAULT", None])
def test_pool_whose_identity_has_no_cognito_policy_is_reported(mode: str | None) -> None:
    the_pool = pool(mode)
    team_policy = stack_resource(
        SES_POLICY, "team", {"identity": IDENTITY_ARN, "policy": OTHER_PRINCIPAL_POLICY}
    )
    violations = validate_stack(identity(), the_pool, team_policy)
    [(message, reported_urn)] = violations.reports
    assert reported_urn == the_pool.urn
    assert "no identity policy in this stack lets Cognito use identity 'identity'" in message


@pytest.mark.parametrize(
    "policy",
    [
        stack_resource(SES_POLICY, "p", {"identity": IDENTITY_ARN, "policy": GOOD_POLICY}),
        stack_resource(
            SES_POLICY, "p", {"identity": "no-reply@example.com", "policy": GOOD_POLICY}
        ),
        stack_resource(
            SESV2_POLICY, "p", {"emailIdentity": "no-reply@example.com", "policy": GOOD_POLICY}
        ),
        # Unknown in a preview: not reported.
        stack_resource(SES_POLICY, "p", {"identity": IDENTITY_ARN, "policy": UNKNOWN_STRING_VALUE}),
    ],
)
def test_pool_whose_identity_has_a_cognito_policy_passes(policy: PolicyResource) -> None:
    assert validate_stack(identity(), pool(), policy).reports == []


def test_policy_on_an_unknown_identity_counts_when_it_depends_on_the_identity() -> None:
    the_identity = identity(arn=None)
    props = {"identity": UNKNOWN_STRING_VALUE, "policy": GOOD_POLICY}
    unrelated = stack_resource(SES_POLICY, "p", props)
    related = stack_resource(SES_POLICY, "p", props, {"identity": [the_identity]})
    assert validate_stack(the_identity, pool(), unrelated).reports
    assert validate_stack(the_identity, pool(), related).reports == []


@pytest.mark.parametrize(
    "resources",
    [
        [identity(), pool(mode="DEVELOPER")],
        [pool()],  # the identity is not in this stack
        [identity(), pool(source_arn=UNKNOWN_STRING_VALUE)],
        [identity(), pool(source_arn=IDENTITY_ARN.replace("no-reply", "other"))],
    ],
)
def test_pools_the_stack_policy_cannot_or_need_not_judge(resources: list[PolicyResource]) -> None:
    assert validate_stack(*resources).reports == []


# --- The component's own resources, recorded under the mock runtime ---


def test_the_components_resources_pass_every_policy(deployment: Deployment) -> None:
    from cognito_ses_email import CognitoSesEmail

    deployment.run(lambda: CognitoSesEmail("mail", {"from_address": "no-reply@example.com"}))
    recorded = [r for r in deployment.resources.values() if r.type.startswith("aws:")]
    assert {SES_EMAIL_IDENTITY, SES_POLICY, USER_POOL_TYPE} <= {r.type for r in recorded}

    violations = Violations()
    stack: list[PolicyResource] = []
    for registration in recorded:
        _, outputs = deployment.mocks.new_resource(
            pulumi.runtime.MockResourceArgs(
                registration.type, registration.name, registration.inputs
            )
        )
        args = resource_args(registration.type, dict(registration.inputs), name=registration.name)
        for policy in POLICIES:
            if isinstance(policy, ResourceValidationPolicy):
                policy.validate(args, violations)
        stack.append(stack_resource(registration.type, registration.name, outputs))
    identity_has_cognito_policy.validate(StackValidationArgs(stack), violations)
    assert violations.reports == []

    # And the same run catches the mistake when the document is broken.
    [recorded_policy] = [r for r in recorded if r.type == SES_POLICY]
    document = recorded_policy.inputs["policy"]
    assert json.loads(document)["Statement"][0]["Principal"]["Service"].startswith("email.")
    broken = {**recorded_policy.inputs, "policy": document.replace('"aws:', '"AWS:')}
    assert len(validate(cognito_sending_authorization, SES_POLICY, broken)) == 2


# --- ses-cognito-identity-has-feedback-notifications ---

SES_DOMAIN_IDENTITY = "aws:ses/domainIdentity:DomainIdentity"
SESV2_EMAIL_IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity"
DOMAIN_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"
SNS_TOPIC_ARN = f"arn:aws:sns:us-east-1:{ACCOUNT}:ses-feedback"
COGNITO_POLICY = stack_resource(
    SES_POLICY, "cognito", {"identity": IDENTITY_ARN, "policy": GOOD_POLICY}
)


@pytest.mark.parametrize(
    ("reference", "name", "arn", "expected"),
    [
        (IDENTITY_ARN, "no-reply@example.com", IDENTITY_ARN, True),
        ("no-reply@example.com", "no-reply@example.com", IDENTITY_ARN, True),
        ("No-Reply@Example.COM", None, IDENTITY_ARN, True),
        (
            IDENTITY_ARN,
            "no-reply@example.com",
            None,
            True,
        ),  # the ARN's name, before the ARN is known
        (IDENTITY_ARN, "no-reply@example.com", UNKNOWN, True),
        ("example.com", "example.com", DOMAIN_ARN, True),
        (DOMAIN_ARN, "no-reply@example.com", IDENTITY_ARN, False),  # the domain is another identity
        ("example.com", "no-reply@example.com", None, False),
        (IDENTITY_ARN.replace("us-east-1", "eu-west-1"), None, IDENTITY_ARN, False),
        ("no-reply@example.com", UNKNOWN, UNKNOWN, None),
        (IDENTITY_ARN, None, None, None),
    ],
)
def test_identity_reference_matches_by_name_or_arn(
    reference: str, name: Any, arn: Any, expected: bool | None
) -> None:
    assert identity_reference_matches(reference, name, arn) is expected


@pytest.mark.parametrize(
    ("types", "missing"),
    [
        ([], ["Bounce", "Complaint"]),
        (["Delivery"], ["Bounce", "Complaint"]),
        (["Bounce"], ["Complaint"]),
        (["Complaint", "Complaint"], ["Bounce"]),
        (["Complaint", "Delivery", "Bounce"], []),
        (["bounce", "complaint"], ["Bounce", "Complaint"]),  # SES's values are capitalised
        (["Bounce", UNKNOWN], []),  # the unknown one may be Complaint
    ],
)
def test_missing_feedback_types(types: list[Any], missing: list[str]) -> None:
    assert missing_feedback_types(types) == missing


def topic(
    notification_type: str,
    identity_reference: str = IDENTITY_ARN,
    topic_arn: str | None = SNS_TOPIC_ARN,
    property_dependencies: dict[str, list[PolicyResource]] | None = None,
) -> PolicyResource:
    props = {"identity": identity_reference, "notificationType": notification_type}
    if topic_arn is not None:
        props["topicArn"] = topic_arn
    name = f"{identity_reference}-{notification_type}".replace(":", "-").replace("/", "-")
    return stack_resource(IDENTITY_NOTIFICATION_TOPIC_TYPE, name, props, property_dependencies)


def validate_feedback(*resources: PolicyResource) -> Violations:
    violations = Violations()
    args = StackValidationArgs(list(resources))
    assert identity_has_feedback_notifications.validate(args, violations) is None
    return violations


@pytest.mark.parametrize(
    "users",
    [
        [pool(), COGNITO_POLICY],
        [pool()],  # a pool's sourceArn names it
        [pool(mode="DEVELOPER")],  # the account's own sending is reviewed just the same
        [COGNITO_POLICY],  # a policy trusts Cognito on it
        [
            stack_resource(
                SES_POLICY, "c", {"identity": "no-reply@example.com", "policy": GOOD_POLICY}
            )
        ],
        [
            stack_resource(
                SESV2_POLICY, "c", {"emailIdentity": "no-reply@example.com", "policy": GOOD_POLICY}
            )
        ],
    ],
)
def test_an_identity_cognito_uses_without_topics_is_reported(users: list[PolicyResource]) -> None:
    the_identity = identity()
    unrelated = topic("Delivery")  # not a bounce or complaint topic
    [(message, reported_urn)] = validate_feedback(the_identity, *users, unrelated).reports
    assert reported_urn == the_identity.urn
    assert "'identity' (no-reply@example.com)" in message
    assert "its Bounce or Complaint notifications" in message
    assert "5%" in message and "0.1%" in message


@pytest.mark.parametrize(
    ("topics", "missing"),
    [
        ([topic("Bounce")], "Complaint"),
        ([topic("Complaint", "no-reply@example.com")], "Bounce"),
        ([topic("Bounce"), topic("Complaint", topic_arn=None)], "Complaint"),  # publishes nothing
        ([topic("Bounce"), topic("Complaint", topic_arn="")], "Complaint"),
        ([topic("Bounce"), topic("Complaint", "other@example.com")], "Complaint"),
        ([topic("Bounce"), topic("Complaint", DOMAIN_ARN)], "Complaint"),
    ],
)
def test_the_report_names_the_missing_type(topics: list[PolicyResource], missing: str) -> None:
    [message] = validate_feedback(identity(), pool(), *topics).messages
    assert f"its {missing} notifications" in message


@pytest.mark.parametrize(
    "topics",
    [
        [topic("Bounce"), topic("Complaint")],  # by ARN
        [topic("Bounce", "no-reply@example.com"), topic("Complaint", "no-reply@example.com")],
        [topic("Bounce", "NO-REPLY@example.com"), topic("Complaint")],  # either, any case
    ],
)
def test_an_identity_with_both_topics_passes(topics: list[PolicyResource]) -> None:
    assert validate_feedback(identity(), pool(), COGNITO_POLICY, *topics).reports == []
    # By name, also when the identity's ARN is not known yet.
    assert validate_feedback(identity(arn=None), pool(), *topics).reports == []


@pytest.mark.parametrize(
    ("identity_type", "props", "reference"),
    [
        (SES_DOMAIN_IDENTITY, {"domain": "example.com", "arn": DOMAIN_ARN}, "example.com"),
        (
            SESV2_EMAIL_IDENTITY,
            {"emailIdentity": "no-reply@example.com", "arn": IDENTITY_ARN},
            "no-reply@example.com",
        ),
    ],
)
def test_domain_and_sesv2_identities_are_judged_too(
    identity_type: str, props: dict[str, Any], reference: str
) -> None:
    the_identity = stack_resource(identity_type, "identity", props)
    the_pool = pool(source_arn=props["arn"])
    [(_, reported_urn)] = validate_feedback(
        the_identity, the_pool, topic("Bounce", reference)
    ).reports
    assert reported_urn == the_identity.urn
    both = [topic("Bounce", reference), topic("Complaint", props["arn"])]
    assert validate_feedback(the_identity, the_pool, *both).reports == []


@pytest.mark.parametrize(
    "resources",
    [
        [identity()],
        [
            identity(),
            stack_resource(
                SES_POLICY, "team", {"identity": IDENTITY_ARN, "policy": OTHER_PRINCIPAL_POLICY}
            ),
        ],
        [identity(), pool(source_arn=IDENTITY_ARN.replace("no-reply", "other"))],
        [
            identity(),
            stack_resource(
                SES_POLICY, "c", {"identity": "other@example.com", "policy": GOOD_POLICY}
            ),
        ],
        [pool()],  # the identity is not in this stack
    ],
)
def test_identities_cognito_does_not_use_are_not_reported(resources: list[PolicyResource]) -> None:
    assert validate_feedback(*resources).reports == []


@pytest.mark.parametrize(
    "resources",
    [
        [identity(), pool(source_arn=UNKNOWN_STRING_VALUE)],
        [
            identity(),
            stack_resource(
                SES_POLICY, "c", {"identity": IDENTITY_ARN, "policy": UNKNOWN_STRING_VALUE}
            ),
        ],
        [
            identity(),
            stack_resource(
                SES_POLICY, "c", {"identity": UNKNOWN_STRING_VALUE, "policy": GOOD_POLICY}
            ),
        ],
        [identity(), pool(), topic("Bounce"), topic(UNKNOWN_STRING_VALUE)],
        [identity(), pool(), topic("Bounce"), topic("Complaint", UNKNOWN_STRING_VALUE)],
        [identity(), pool(), topic("Bounce"), topic("Complaint", topic_arn=UNKNOWN_STRING_VALUE)],
        [stack_resource(SES_EMAIL_IDENTITY, "identity", {"email": UNKNOWN_STRING_VALUE}), pool()],
    ],
)
def test_unknown_values_in_a_preview_are_not_reported(resources: list[PolicyResource]) -> None:
    assert validate_feedback(*resources).reports == []


def test_unknown_references_follow_the_engines_property_dependencies() -> None:
    # In a preview of a new stack the identity's ARN is unknown, and so is every
    # reference computed from it; the engine still says what each was computed from.
    the_identity = identity(arn=None)
    other = stack_resource(SES_EMAIL_IDENTITY, "other", {"email": "other@example.com"})
    policy = stack_resource(
        SES_POLICY,
        "c",
        {"identity": UNKNOWN_STRING_VALUE, "policy": GOOD_POLICY},
        {"identity": [the_identity]},
    )
    bounce = topic(
        "Bounce", UNKNOWN_STRING_VALUE, property_dependencies={"identity": [the_identity]}
    )
    complaint_of_other = topic(
        "Complaint", UNKNOWN_STRING_VALUE, property_dependencies={"identity": [other]}
    )
    [message] = validate_feedback(the_identity, other, policy, bounce, complaint_of_other).messages
    assert "its Complaint notifications" in message
    complaint = topic(
        "Complaint", UNKNOWN_STRING_VALUE, property_dependencies={"identity": [the_identity]}
    )
    assert validate_feedback(the_identity, other, policy, bounce, complaint).reports == []


def sesv2_identity(**props: Any) -> PolicyResource:
    return stack_resource(
        SESV2_EMAIL_IDENTITY,
        "identity",
        {"emailIdentity": "no-reply@example.com", "arn": IDENTITY_ARN, **props},
    )


def pool_with_configuration_set(
    configuration_set: str, source_arn: str = IDENTITY_ARN
) -> PolicyResource:
    email_configuration = {
        "emailSendingAccount": "DEVELOPER",
        "sourceArn": source_arn,
        "configurationSet": configuration_set,
    }
    return stack_resource(USER_POOL_TYPE, "pool", {"emailConfiguration": email_configuration})


@pytest.mark.parametrize(
    "resources",
    [
        [sesv2_identity(), pool_with_configuration_set("transactional")],
        [sesv2_identity(), pool_with_configuration_set(UNKNOWN_STRING_VALUE)],
        [sesv2_identity(configurationSetName="transactional"), pool()],
        [sesv2_identity(configurationSetName=UNKNOWN_STRING_VALUE), pool()],
        # The configuration set's pool may send as the identity: not known yet.
        [sesv2_identity(), pool_with_configuration_set("t", UNKNOWN_STRING_VALUE), COGNITO_POLICY],
    ],
)
def test_sesv2_identities_with_a_configuration_set_are_not_judged(
    resources: list[PolicyResource],
) -> None:
    assert validate_feedback(*resources).reports == []


@pytest.mark.parametrize(
    "resources",
    [
        [sesv2_identity(), pool_with_configuration_set("")],
        [sesv2_identity(), pool_with_configuration_set("t", DOMAIN_ARN), COGNITO_POLICY],
        # A configuration set is the sesv2 way only: classic identities need their topics.
        [identity(), pool_with_configuration_set("transactional")],
    ],
)
def test_configuration_sets_that_do_not_apply_are_ignored(resources: list[PolicyResource]) -> None:
    [(_, reported_urn)] = validate_feedback(*resources).reports
    assert reported_urn == urn(resources[0].resource_type, "identity")


def test_the_engine_gets_an_advisory_stack_diagnostic_on_the_identity() -> None:
    # pulumi_policy's own AnalyzeStack handler, as the engine calls it after an update.
    servicer = _PolicyAnalyzerServicer(
        "cognito-ses-email", "0.0.1", POLICIES, EnforcementLevel.ADVISORY
    )
    request = proto.AnalyzeStackRequest()
    stack = [
        (SES_EMAIL_IDENTITY, "identity", {"email": "no-reply@example.com", "arn": IDENTITY_ARN}),
        (USER_POOL_TYPE, "pool", {"emailConfiguration": {"sourceArn": IDENTITY_ARN}}),
        (
            IDENTITY_NOTIFICATION_TOPIC_TYPE,
            "bounce",
            {"identity": IDENTITY_ARN, "notificationType": "Bounce", "topicArn": SNS_TOPIC_ARN},
        ),
    ]
    for resource_type, name, props in stack:
        wire = request.resources.add(type=resource_type, urn=urn(resource_type, name), name=name)
        wire.properties.update(props)
    response = servicer.AnalyzeStack(request, None)
    [diagnostic] = [
        d
        for d in response.diagnostics
        if d.policyName == "ses-cognito-identity-has-feedback-notifications"
    ]
    assert diagnostic.enforcementLevel == proto.ADVISORY
    assert diagnostic.urn == urn(SES_EMAIL_IDENTITY, "identity")
    assert "its Complaint notifications" in diagnostic.message


def stack_of_component(deployment: Deployment, **args: Any) -> list[PolicyResource]:
    """The AWS resources of a CognitoSesEmail, with the outputs the simulated account gives."""
    from cognito_ses_email import CognitoSesEmail

    full = {"from_address": "no-reply@example.com", **args}
    deployment.run(lambda: CognitoSesEmail("mail", full))  # type: ignore[arg-type]
    stack = []
    for registration in deployment.resources.values():
        if not registration.type.startswith("aws:"):
            continue
        _, outputs = deployment.mocks.new_resource(
            pulumi.runtime.MockResourceArgs(
                registration.type, registration.name, registration.inputs
            )
        )
        stack.append(stack_resource(registration.type, registration.name, outputs))
    return stack


def test_the_component_without_notifications_is_reported(deployment: Deployment) -> None:
    stack = stack_of_component(deployment)
    [(message, reported_urn)] = validate_feedback(*stack).reports
    [the_identity] = [r for r in stack if r.resource_type == SES_EMAIL_IDENTITY]
    assert reported_urn == the_identity.urn
    assert "its Bounce or Complaint notifications" in message


def test_the_components_notifications_pass(deployment: Deployment) -> None:
    stack = stack_of_component(deployment, notifications={"topic_arn": SNS_TOPIC_ARN})
    topics = [r for r in stack if r.resource_type == IDENTITY_NOTIFICATION_TOPIC_TYPE]
    assert sorted(r.props["notificationType"] for r in topics) == ["Bounce", "Complaint"]
    assert validate_feedback(*stack).reports == []
