"""CognitoSesEmail under Pulumi's mock runtime: inputs each child receives, and the graph."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs
from cognito_ses_email.rules.addresses import from_header
from cognito_ses_email.rules.names import SES_NAME_RE
from cognito_ses_email.rules.policies import sending_authorization_policy
from tests.aws_checks import email_configuration_problems, policy_problems
from tests.support import (
    ACCOUNT,
    ADDRESS,
    POOL_ID,
    Deployment,
    build,
    decode_rfc2047,
    error_text,
    identity,
    of_type,
    policy,
    pool,
    unknown,
)

IDENTITY_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{ADDRESS}"
POOL_ARN = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/{POOL_ID}"
ACCOUNT_POOLS = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"
GET_REGION = "aws:index/getRegion:getRegion"


# --- COGNITO_DEFAULT, the case of AWS's example policy ------------------------------------


def test_default_mode_creates_identity_policy_and_pool_as_children(deployment: Deployment) -> None:
    email = build(deployment)
    assert {r.name: r.type for r in deployment.resources.values()} == {
        "mail": "cognito-ses-email:index:CognitoSesEmail",
        "mail-identity": "aws:ses/emailIdentity:EmailIdentity",
        "mail-sending-authorization": "aws:ses/identityPolicy:IdentityPolicy",
        "mail-pool": "aws:cognito/userPool:UserPool",
    }
    assert all(r.parent == "mail" for r in deployment.resources.values() if r.name != "mail")
    assert identity(deployment).inputs == {"email": ADDRESS}
    assert email.email_identity is not None and email.identity_policy is not None
    assert deployment.value(email.identity_arn) == IDENTITY_ARN
    assert deployment.value(email.user_pool_id) == POOL_ID
    assert deployment.value(email.user_pool_arn) == POOL_ARN


def test_default_mode_email_configuration_has_source_arn_and_no_from(
    deployment: Deployment,
) -> None:
    build(deployment, reply_to_address="support@example.com")
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration == {
        "emailSendingAccount": "COGNITO_DEFAULT",
        "sourceArn": IDENTITY_ARN,
        "replyToEmailAddress": "support@example.com",
    }
    assert email_configuration_problems(configuration) == []


def test_policy_trusts_cognito_for_every_pool_of_the_account(deployment: Deployment) -> None:
    email = build(deployment)
    attached = policy(deployment).inputs
    assert attached["identity"] == IDENTITY_ARN
    assert attached["policy"] == sending_authorization_policy(IDENTITY_ARN, ACCOUNT, ACCOUNT_POOLS)
    assert deployment.value(email.policy_document) == attached["policy"]
    assert policy_problems(attached["policy"]) == []
    assert SES_NAME_RE.fullmatch(attached["name"])


def test_account_scope_creates_the_policy_before_the_pool(deployment: Deployment) -> None:
    build(deployment)
    assert "mail-sending-authorization" in pool(deployment).dependencies
    assert "mail-identity" in policy(deployment).dependencies
    assert "mail-pool" not in policy(deployment).dependencies
    assert deployment.invokes(GET_REGION) == 0, "the Region is known from the identity ARN"


def test_user_pool_scope_names_the_exact_pool_and_waits_for_it(deployment: Deployment) -> None:
    build(deployment, source_arn_scope="user-pool")
    document = json.loads(policy(deployment).inputs["policy"])
    assert document["Statement"][0]["Condition"]["ArnLike"] == {"aws:SourceArn": POOL_ARN}
    assert "mail-pool" in policy(deployment).dependencies
    assert "mail-sending-authorization" not in pool(deployment).dependencies
    assert policy_problems(policy(deployment).inputs["policy"]) == []


def test_re_running_gives_byte_identical_policy(
    new_deployment: Callable[..., Deployment],
) -> None:
    documents = []
    for _ in range(2):
        deployment = new_deployment()
        build(deployment)
        documents.append(policy(deployment).inputs["policy"])
    assert documents[0] == documents[1]


# --- DEVELOPER -------------------------------------------------------------------------


def test_developer_mode_has_no_policy_and_a_formatted_from(deployment: Deployment) -> None:
    email = build(
        deployment,
        sending_account="DEVELOPER",
        from_name="Example, Inc.",
        configuration_set="cognito-mail_1",
        reply_to_address="help@example.com",
    )
    assert of_type(deployment, "aws:ses/identityPolicy:IdentityPolicy") == []
    assert email.identity_policy is None and email.policy_document is None
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration == {
        "emailSendingAccount": "DEVELOPER",
        "sourceArn": IDENTITY_ARN,
        "fromEmailAddress": '"Example, Inc." <no-reply@example.com>',
        "configurationSet": "cognito-mail_1",
        "replyToEmailAddress": "help@example.com",
    }
    assert email_configuration_problems(configuration) == []
    assert "mail-identity" in pool(deployment).dependencies


def test_developer_mode_encodes_a_non_ascii_name(deployment: Deployment) -> None:
    build(deployment, sending_account="DEVELOPER", from_name="Zoë")
    sent = pool(deployment).inputs["emailConfiguration"]["fromEmailAddress"]
    assert sent == from_header(ADDRESS, "Zoë") == "=?utf-8?b?Wm/Dqw==?= <no-reply@example.com>"


def test_developer_mode_without_a_name_sends_from_the_plain_address(
    deployment: Deployment,
) -> None:
    build(deployment, sending_account="DEVELOPER")
    assert pool(deployment).inputs["emailConfiguration"]["fromEmailAddress"] == ADDRESS


# --- adopting an identity, Regions ---------------------------------------------------------


def test_adopted_identity_is_not_created_and_gets_the_policy(deployment: Deployment) -> None:
    adopted = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/{ADDRESS}"
    email = build(deployment, identity_arn=adopted, user_pool_args={"region": "eu-west-1"})
    assert of_type(deployment, "aws:ses/emailIdentity:EmailIdentity") == []
    assert email.email_identity is None
    attached = policy(deployment).inputs
    assert attached["identity"] == adopted and attached["region"] == "eu-west-1"
    pools = f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/*"
    assert attached["policy"] == sending_authorization_policy(adopted, ACCOUNT, pools)
    assert pool(deployment).inputs["emailConfiguration"]["sourceArn"] == adopted
    assert pool(deployment).inputs["region"] == "eu-west-1"
    assert deployment.invokes(GET_REGION) == 0


def test_adopted_identity_in_unknown_pool_region_costs_one_invoke(deployment: Deployment) -> None:
    adopted = f"arn:aws:ses:us-west-2:{ACCOUNT}:identity/{ADDRESS}"
    build(deployment, identity_arn=adopted)
    assert deployment.invokes(GET_REGION) == 1
    document = json.loads(policy(deployment).inputs["policy"])
    assert document["Statement"][0]["Condition"]["ArnLike"] == {"aws:SourceArn": ACCOUNT_POOLS}


def test_developer_mode_adopts_a_domain_identity(deployment: Deployment) -> None:
    adopted = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"
    build(deployment, sending_account="DEVELOPER", identity_arn=adopted)
    assert pool(deployment).inputs["emailConfiguration"]["sourceArn"] == adopted
    assert len(deployment.resources) == 2  # the component and the pool


def test_identity_in_another_region(deployment: Deployment) -> None:
    build(deployment, ses_region="eu-west-1", user_pool_args={"region": "eu-central-1"})
    assert identity(deployment).inputs["region"] == "eu-west-1"
    assert policy(deployment).inputs["region"] == "eu-west-1"
    document = json.loads(policy(deployment).inputs["policy"])
    statement = document["Statement"][0]
    assert statement["Resource"] == f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/{ADDRESS}"
    assert statement["Condition"]["ArnLike"] == {
        "aws:SourceArn": f"arn:aws:cognito-idp:eu-central-1:{ACCOUNT}:userpool/*"
    }
    assert deployment.invokes(GET_REGION) == 0


def test_pool_region_from_user_pool_args_also_places_the_identity(deployment: Deployment) -> None:
    build(deployment, user_pool_args={"region": "eu-west-2"})
    assert identity(deployment).inputs["region"] == "eu-west-2"
    assert pool(deployment).inputs["region"] == "eu-west-2"
    assert deployment.invokes(GET_REGION) == 0


def test_unknown_pool_region_is_looked_up_once_through_the_components_provider(
    deployment: Deployment,
) -> None:
    def program() -> CognitoSesEmail:
        provider = pulumi.ProviderResource("aws", "explicit", {"region": "us-east-1"})
        return CognitoSesEmail(
            "mail",
            {"from_address": ADDRESS, "ses_region": "us-west-2"},
            pulumi.ResourceOptions(providers={"aws": provider}),
        )

    build_result = deployment.run(program)
    assert build_result is not None
    calls = [c for c in deployment.mocks.calls if c.token == GET_REGION]
    assert len(calls) == 1
    assert calls[0].provider is not None and "explicit" in calls[0].provider
    document = json.loads(policy(deployment).inputs["policy"])
    assert document["Statement"][0]["Condition"]["ArnLike"] == {"aws:SourceArn": ACCOUNT_POOLS}


def test_a_region_pair_cognito_refuses_stops_every_child(deployment: Deployment) -> None:
    deployment.mocks.region = "eu-north-1"  # the provider's Region, learnt by the invoke
    with pytest.raises(Exception) as raised:
        build(deployment, ses_region="us-east-1")
    assert "ses_region: a user pool in eu-north-1" in error_text(raised.value)
    assert set(deployment.resources) == {"mail"}


# --- the user pool itself ------------------------------------------------------------------


def test_user_pool_is_protected_by_default(deployment: Deployment) -> None:
    build(deployment)
    assert pool(deployment).inputs["deletionProtection"] == "ACTIVE"


def test_deletion_protection_can_be_turned_off(deployment: Deployment) -> None:
    build(deployment, deletion_protection=False)
    assert pool(deployment).inputs["deletionProtection"] == "INACTIVE"


def test_name_tags_and_user_pool_args_are_forwarded(deployment: Deployment) -> None:
    build(
        deployment,
        user_pool_name="customers",
        tags={"team": "identity"},
        user_pool_args={
            "autoVerifiedAttributes": ["email"],
            "username_attributes": ["email"],
            "mfa_configuration": "OFF",
        },
    )
    inputs = pool(deployment).inputs
    assert inputs["name"] == "customers"
    assert inputs["tags"] == {"team": "identity"}
    assert inputs["autoVerifiedAttributes"] == ["email"]
    assert inputs["usernameAttributes"] == ["email"]
    assert inputs["mfaConfiguration"] == "OFF"


def test_policy_name_default_is_valid_for_any_component_name(deployment: Deployment) -> None:
    deployment.run(
        lambda: CognitoSesEmail("My App/Email.Sender" + "x" * 80, {"from_address": ADDRESS})
    )
    name = policy(deployment).inputs["name"]
    assert SES_NAME_RE.fullmatch(name), name


def test_custom_policy_name(deployment: Deployment) -> None:
    build(deployment, policy_name="cognito_send-1")
    assert policy(deployment).inputs["name"] == "cognito_send-1"


def test_preview_with_unknown_outputs_registers_the_same_graph(
    new_deployment: Callable[..., Deployment],
) -> None:
    deployment = new_deployment(preview=True)
    build(deployment)
    assert "mail-sending-authorization" in pool(deployment).dependencies
    assert "mail-identity" in policy(deployment).dependencies
    assert pool(deployment).inputs["deletionProtection"] == "ACTIVE"


# --- bad input: a ValueError naming the argument, before anything is registered ----------

BAD_INPUTS: list[tuple[dict[str, Any], str]] = [
    ({"from_address": "Example <no-reply@example.com>"}, "from_address: "),
    ({"from_address": "no reply@example.com"}, "from_address: "),
    ({"from_address": "no-reply@example.com\r\nBcc: a@b.com"}, "from_address: "),
    ({"from_address": "no-reply.example.com"}, "from_address: "),
    ({"from_address": "a@@example.com"}, "from_address: "),
    ({"from_address": "@example.com"}, "from_address: "),
    ({"from_address": "no-reply@example"}, "from_address: "),
    ({"from_address": "no-reply@example.com."}, "from_address: the domain"),
    ({"reply_to_address": "Help <help@example.com>"}, "reply_to_address: "),
    ({"reply_to_address": "help@localhost"}, "reply_to_address: "),
    ({"sending_account": "developer"}, "sending_account: must be one of"),
    ({"source_arn_scope": "pool"}, "source_arn_scope: must be one of"),
    ({"from_name": "Example"}, "from_name: can only be set with sending_account='DEVELOPER'"),
    ({"configuration_set": "x"}, "configuration_set: can only be set with"),
    ({"sending_account": "DEVELOPER", "from_name": "Evil\r\nBcc: x@y.com"}, "from_name: "),
    ({"sending_account": "DEVELOPER", "from_name": " "}, "from_name: "),
    ({"sending_account": "DEVELOPER", "configuration_set": "has space"}, "configuration_set: "),
    ({"sending_account": "DEVELOPER", "configuration_set": "x" * 65}, "configuration_set: "),
    ({"policy_name": "has.dot"}, "policy_name: "),
    ({"policy_name": "x" * 65}, "policy_name: "),
    ({"identity_arn": "no-reply@example.com"}, "identity_arn: expected an SES identity ARN"),
    ({"identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"}, "identity_arn: "),
    ({"identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/x@example.com"}, "identity_arn: "),
    (
        {
            "sending_account": "DEVELOPER",
            "identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/other.com",
        },
        "identity_arn: ",
    ),
    (
        {
            "identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{ADDRESS}",
            "ses_region": "eu-west-1",
        },
        "ses_region: ",
    ),
    ({"ses_region": "EU-WEST-1"}, "ses_region: expected an AWS Region code"),
    ({"user_pool_args": {"region": "mars-1"}}, "user_pool_args['region']: "),
    (
        {"ses_region": "us-east-1", "user_pool_args": {"region": "eu-north-1"}},
        "ses_region: a user pool in eu-north-1",
    ),
    ({"user_pool_args": {"email_configuration": {}}}, "user_pool_args: may not set"),
    ({"user_pool_args": {"emailConfiguration": {}}}, "user_pool_args: may not set"),
    ({"user_pool_args": {"deletion_protection": "INACTIVE"}}, "user_pool_args: may not set"),
    (
        {"user_pool_args": {"autoVerifyAttributes": ["email"]}},
        "user_pool_args: 'autoVerifyAttributes' is not an aws.cognito.UserPool argument "
        "(did you mean 'auto_verified_attributes'?)",
    ),
    ({"deletion_protection": "yes"}, "deletion_protection: "),
    ({"user_pool_name": ""}, "user_pool_name: a user pool name is"),
    ({"user_pool_name": "bad/name"}, "user_pool_name: a user pool name is"),
    ({"user_pool_name": "x" * 129}, "user_pool_name: a user pool name is"),
    ({"tags": ["a"]}, "tags: "),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_is_refused_before_anything_is_registered(
    deployment: Deployment, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        build(deployment, **args)
    assert str(raised.value).startswith(message.split(" ")[0]), raised.value
    assert message in str(raised.value)
    assert deployment.resources == {}


def test_missing_from_address_is_named(deployment: Deployment) -> None:
    with pytest.raises(ValueError, match=r"^from_address: is required"):
        deployment.run(lambda: CognitoSesEmail("mail", {}))  # type: ignore[typeddict-item]


# --- values that arrive as Outputs ----------------------------------------------------------


def test_good_output_inputs_give_the_same_resources(deployment: Deployment) -> None:
    def program() -> CognitoSesEmail:
        args: CognitoSesEmailArgs = {
            "from_address": pulumi.Output.from_input(ADDRESS),
            "reply_to_address": pulumi.Output.from_input("help@example.com"),
            "policy_name": pulumi.Output.from_input("send-policy"),
        }
        return CognitoSesEmail("mail", args)

    deployment.run(program)
    assert identity(deployment).inputs == {"email": ADDRESS}
    assert policy(deployment).inputs["name"] == "send-policy"
    assert pool(deployment).inputs["emailConfiguration"]["replyToEmailAddress"] == (
        "help@example.com"
    )
    assert "mail-sending-authorization" in pool(deployment).dependencies


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"from_address": "Example <no-reply@example.com>"}, "from_address: it must be a plain"),
        ({"reply_to_address": "help@localhost"}, "reply_to_address: "),
        ({"policy_name": "bad name"}, "policy_name: "),
        (
            {"identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/other@example.com"},
            "identity_arn: the identity 'other@example.com' does not cover",
        ),
        ({"sending_account": "DEVELOPER", "from_name": "a\nb"}, "from_name: "),
    ],
)
def test_bad_output_inputs_stop_every_child(
    deployment: Deployment, args: dict[str, Any], message: str
) -> None:
    outputs = {key: pulumi.Output.from_input(value) for key, value in args.items()}
    outputs["sending_account"] = args.get("sending_account", "COGNITO_DEFAULT")
    with pytest.raises(Exception) as raised:
        build(deployment, **outputs)
    assert message in error_text(raised.value)
    assert set(deployment.resources) == {"mail"}, "no child may be created"


def test_structural_arguments_must_be_plain(deployment: Deployment) -> None:
    with pytest.raises(ValueError, match=r"^sending_account: must be a plain value"):
        build(deployment, sending_account=pulumi.Output.from_input("DEVELOPER"))
    assert deployment.resources == {}


# --- edge cases found in review ------------------------------------------------------------


def test_internationalised_domain_is_one_punycode_form_everywhere(deployment: Deployment) -> None:
    build(deployment, from_address="no-reply@bücher.example", sending_account="DEVELOPER")
    assert identity(deployment).inputs["email"] == "no-reply@xn--bcher-kva.example"
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"].endswith(":identity/no-reply@xn--bcher-kva.example")
    assert configuration["fromEmailAddress"] == "no-reply@xn--bcher-kva.example"
    assert email_configuration_problems(configuration) == []


def test_name_that_looks_like_an_encoded_word_is_encoded_not_decoded(
    deployment: Deployment,
) -> None:
    build(deployment, sending_account="DEVELOPER", from_name="=?utf-8?b?QWRtaW4=?=")
    sent = pool(deployment).inputs["emailConfiguration"]["fromEmailAddress"]
    assert decode_rfc2047(sent) == ("=?utf-8?b?QWRtaW4=?=", ADDRESS)


def test_deletion_protection_none_means_the_default(deployment: Deployment) -> None:
    build(deployment, deletion_protection=None)
    assert pool(deployment).inputs["deletionProtection"] == "ACTIVE"


def test_deletion_protection_as_an_output(deployment: Deployment) -> None:
    build(deployment, deletion_protection=pulumi.Output.from_input(False))
    assert pool(deployment).inputs["deletionProtection"] == "INACTIVE"


def test_a_refused_pair_of_an_adopted_identity_names_identity_arn(deployment: Deployment) -> None:
    with pytest.raises(ValueError, match=r"^identity_arn: a user pool in eu-north-1"):
        build(
            deployment,
            identity_arn=IDENTITY_ARN,
            user_pool_args={"region": "eu-north-1"},
        )
    assert deployment.resources == {}


@pytest.mark.parametrize("key", ["policy_name", "source_arn_scope"])
def test_policy_settings_are_refused_in_developer_mode(deployment: Deployment, key: str) -> None:
    value = {"policy_name": "p", "source_arn_scope": "account"}[key]
    with pytest.raises(ValueError, match=rf"^{key}: applies to the sending authorization policy"):
        build(deployment, sending_account="DEVELOPER", **{key: value})


def test_unknown_checked_input_in_preview_keeps_every_ordering_link(
    new_deployment: Callable[..., Deployment],
) -> None:
    """A checked value from a resource not created yet is unknown in a preview; the
    children must still wait for each other, not only for the check."""
    deployment = new_deployment(preview=True)

    def program() -> CognitoSesEmail:
        return CognitoSesEmail("mail", {"from_address": ADDRESS, "policy_name": unknown("p")})

    deployment.run(program)
    assert "mail-sending-authorization" in pool(deployment).dependencies
    assert "mail-identity" in policy(deployment).dependencies
