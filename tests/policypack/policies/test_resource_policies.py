"""The policies that judge one resource, as the engine runs them: identity policies (and the
remediation) and user pools."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from pulumi.runtime import proto
from pulumi_policy import (
    EnforcementLevel,
    ResourceValidationArgs,
)
from pulumi_policy.deserialize import (
    SPECIAL_SECRET_SIG,
    SPECIAL_SIG_KEY,
    deserialize_properties,
    serialize_properties,
)
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from cognito_ses_email_pack.policies import POLICIES
from cognito_ses_email_pack.policies.engine import (
    USER_POOL_TYPE,
)
from cognito_ses_email_pack.policies.resource_policies import (
    cognito_sending_authorization,
    identity_policy_no_wildcard_principal,
    user_pool_deletion_protection,
)
from tests.policypack.policies.support import (
    ACCOUNT,
    GOOD_POLICY,
    IDENTITY_ARN,
    OTHER_PRINCIPAL_POLICY,
    POOLS_OF_ACCOUNT,
    SES_POLICY,
    SESV2_POLICY,
    UPPER_CASE_POLICY,
    options,
    resource_args,
    urn,
    validate,
)

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
