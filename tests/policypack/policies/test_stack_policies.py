"""The stack policies as the engine runs them, on hand-built stacks and on the component's own
resources recorded under the mock runtime."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from pulumi.runtime import proto
from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationArgs,
)
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from cognito_ses_email_pack.policies import POLICIES
from cognito_ses_email_pack.policies.engine import (
    IDENTITY_NOTIFICATION_TOPIC_TYPE,
    USER_POOL_TYPE,
)
from cognito_ses_email_pack.policies.resource_policies import (
    cognito_sending_authorization,
)
from cognito_ses_email_pack.policies.stack_policies import (
    identity_has_cognito_policy,
    identity_has_feedback_notifications,
)
from tests.policypack.policies.support import (
    ACCOUNT,
    GOOD_POLICY,
    IDENTITY_ARN,
    OTHER_PRINCIPAL_POLICY,
    SES_EMAIL_IDENTITY,
    SES_POLICY,
    SESV2_POLICY,
    Violations,
    identity,
    pool,
    resource_args,
    stack_resource,
    urn,
    validate,
)
from tests.support import Deployment

# --- cognito-default-identity-has-sending-authorization ---


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
