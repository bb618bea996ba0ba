"""Construct, the way the engine calls the provider for a program in another language.

The inputs are serialized as the engine sends them (camelCase names; values from other
resources as output values or with dependencies), turned back into Python values by
the SDK's own ``ProviderServicer._construct_inputs``, and handed to
``ComponentProvider.construct`` under Pulumi's mock runtime. The response is built by
``ProviderServicer._construct_response``, as the engine would receive it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from google.protobuf import json_format  # type: ignore[import-untyped]
from pulumi.errors import InputPropertyError
from pulumi.provider.server import ComponentInitError, ProviderServicer
from pulumi.runtime import proto, rpc

from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs
from cognito_ses_email.arguments.checking import user_pool_arguments
from cognito_ses_email.provider import PACKAGE_NAME, CognitoSesEmailProvider
from cognito_ses_email.resources import notifications
from cognito_ses_email.rules.user_pool import normalize_user_pool_args
from tests.support import ACCOUNT, ADDRESS, POOL_ID, Deployment, Registration, identity, pool

TOKEN = f"{PACKAGE_NAME}:index:CognitoSesEmail"
IDENTITY_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{ADDRESS}"
POOL_ARN = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/{POOL_ID}"
#: A resource of the calling program whose output feeds the component.
UPSTREAM = "urn:pulumi:stack::project::aws:ssm/parameter:Parameter::sender"
LAMBDA = "urn:pulumi:stack::project::aws:lambda/function:Function::pre-sign-up"
LAMBDA_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:pre-sign-up"

#: The component and its children in COGNITO_DEFAULT mode.
DEFAULT_MODE_RESOURCES = {"mail", "mail-identity", "mail-sending-authorization", "mail-pool"}

PROVIDER = CognitoSesEmailProvider()

#: user_pool_args as a TypeScript or YAML program writes them, and as Python does.
POOL_ARGS_CAMEL = {
    "autoVerifiedAttributes": ["email"],
    "mfaConfiguration": "OFF",
    "passwordPolicy": {"minimumLength": 12, "requireSymbols": False},
    "schemas": [
        {
            "attributeDataType": "String",
            "name": "nickname",
            "stringAttributeConstraints": {"maxLength": "20"},
        }
    ],
    "adminCreateUserConfig": {"allowAdminCreateUserOnly": True},
}
POOL_ARGS_SNAKE = {
    "auto_verified_attributes": ["email"],
    "mfa_configuration": "OFF",
    "password_policy": {"minimum_length": 12, "require_symbols": False},
    "schemas": [
        {
            "attribute_data_type": "String",
            "name": "nickname",
            "string_attribute_constraints": {"max_length": "20"},
        }
    ],
    "admin_create_user_config": {"allow_admin_create_user_only": True},
}


def output_value(value: Any = None, *dependencies: str, known: bool = True) -> dict[str, Any]:
    """An output value as an SDK sends it in a ConstructRequest (rpc's wire form)."""
    wire: dict[str, Any] = {rpc._special_sig_key: rpc._special_output_value_sig}
    if known:
        wire["value"] = value
    if dependencies:
        wire["dependencies"] = list(dependencies)
    return wire


def engine_inputs(
    inputs: dict[str, Any], dependencies: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """``inputs`` through the wire and back, as the provider's Construct receives them."""
    loop = asyncio.get_event_loop()
    struct = loop.run_until_complete(rpc.serialize_properties(inputs, {}))
    deps = {
        key: proto.ConstructRequest.PropertyDependencies(urns=urns)
        for key, urns in (dependencies or {}).items()
    }
    return loop.run_until_complete(ProviderServicer._construct_inputs(struct, deps))


def construct(deployment: Deployment, inputs: dict[str, Any], name: str = "mail") -> Any:
    return deployment.run(lambda: PROVIDER.construct(name, TOKEN, inputs, pulumi.ResourceOptions()))


def response(result: Any) -> dict[str, Any]:
    """The ConstructResponse the engine gets, as plain JSON."""
    servicer = ProviderServicer(PROVIDER, [], engine_address="127.0.0.1:0")
    loop = asyncio.get_event_loop()
    message = loop.run_until_complete(servicer._construct_response(result))
    return json_format.MessageToDict(message)


def graph(deployment: Deployment) -> dict[str, Registration]:
    return dict(deployment.resources)


def error_chain(error: BaseException) -> list[str]:
    """Every message in an exception chain, outermost first (Pulumi wraps apply errors)."""
    seen: list[str] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 20:
        seen.append(str(current))
        current = current.__cause__ or current.__context__
    return seen


def _quiet_about_expected_task_failures(expected: str) -> None:
    """Mute asyncio's report of apply tasks that failed with the ``expected`` error.

    A construct that fails on purpose leaves tasks whose (expected) error nobody
    retrieves; asyncio would print each at exit, for whichever tasks lost the race.
    """
    loop = asyncio.get_event_loop()
    report = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if error is not None and any(expected in text for text in error_chain(error)):
            return
        if report is not None:
            report(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)


# --- camelCase inputs give what the same Python program gives --------------------------------

CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "default mode": (
        {"fromAddress": ADDRESS, "userPoolArgs": POOL_ARGS_CAMEL},
        {"from_address": ADDRESS, "user_pool_args": POOL_ARGS_SNAKE},
    ),
    "developer mode, every optional input": (
        {
            "fromAddress": ADDRESS,
            "sendingAccount": "DEVELOPER",
            "fromName": "Example Support",
            "replyToAddress": "help@example.com",
            "configurationSet": "cognito-mail",
            "userPoolName": "users",
            "deletionProtection": False,
            "tags": {"team": "identity"},
            "sesRegion": "us-east-1",
            "userPoolArgs": {"autoVerifiedAttributes": ["email"], "region": "us-east-1"},
        },
        {
            "from_address": ADDRESS,
            "sending_account": "DEVELOPER",
            "from_name": "Example Support",
            "reply_to_address": "help@example.com",
            "configuration_set": "cognito-mail",
            "user_pool_name": "users",
            "deletion_protection": False,
            "tags": {"team": "identity"},
            "ses_region": "us-east-1",
            "user_pool_args": {"auto_verified_attributes": ["email"], "region": "us-east-1"},
        },
    ),
    "adopted identity, pool-scoped policy": (
        {
            "fromAddress": ADDRESS,
            "identityArn": IDENTITY_ARN,
            "sourceArnScope": "user-pool",
            "policyName": "send-as-no-reply",
        },
        {
            "from_address": ADDRESS,
            "identity_arn": IDENTITY_ARN,
            "source_arn_scope": "user-pool",
            "policy_name": "send-as-no-reply",
        },
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_camel_case_construct_registers_what_python_registers(
    new_deployment: Callable[..., Deployment], case: str
) -> None:
    camel_inputs, python_args = CASES[case]
    from_python = new_deployment()
    from_python.run(lambda: CognitoSesEmail("mail", python_args))  # type: ignore[arg-type]
    expected = graph(from_python)

    from_engine = new_deployment()
    construct(from_engine, engine_inputs(camel_inputs))
    assert graph(from_engine) == expected
    assert expected["mail"].type == TOKEN
    assert len(expected) >= 3
    assert all(r.parent == "mail" for name, r in expected.items() if name != "mail")


def test_camel_case_user_pool_args_reach_the_pool(deployment: Deployment) -> None:
    construct(deployment, engine_inputs({"fromAddress": ADDRESS, "userPoolArgs": POOL_ARGS_CAMEL}))
    inputs = pool(deployment).inputs
    assert inputs["autoVerifiedAttributes"] == ["email"]
    assert inputs["mfaConfiguration"] == "OFF"
    assert inputs["passwordPolicy"] == {"minimumLength": 12, "requireSymbols": False}
    assert inputs["schemas"][0]["stringAttributeConstraints"] == {"maxLength": "20"}
    assert inputs["adminCreateUserConfig"] == {"allowAdminCreateUserOnly": True}


@pytest.mark.parametrize(
    "pool_args", [POOL_ARGS_CAMEL, POOL_ARGS_SNAKE], ids=["camelCase", "snake_case"]
)
def test_nested_user_pool_args_reach_the_engine_in_its_spelling(
    deployment: Deployment, pool_args: dict[str, Any]
) -> None:
    """aws.cognito.UserPool sends camelCase whichever spelling the nested dicts use."""
    construct(deployment, engine_inputs({"fromAddress": ADDRESS, "userPoolArgs": pool_args}))
    inputs = pool(deployment).inputs
    assert inputs["passwordPolicy"] == {"minimumLength": 12, "requireSymbols": False}
    assert inputs["schemas"] == [
        {
            "attributeDataType": "String",
            "name": "nickname",
            "stringAttributeConstraints": {"maxLength": "20"},
        }
    ]


def test_every_user_pool_argument_is_accepted_by_its_schema_name() -> None:
    """The camelCase names other languages use (aws's schema names) map to Python names."""
    schema_names = {
        name: getattr(member.fget, "_pulumi_name", None)
        for name, member in vars(aws.cognito.UserPoolArgs).items()
        if isinstance(member, property)
    }
    assert set(schema_names) == user_pool_arguments()
    owned = {"email_configuration", "name", "deletion_protection", "tags"}
    for python_name, schema_name in schema_names.items():
        if python_name in owned:
            with pytest.raises(ValueError, match=rf"^user_pool_args: may not set '{schema_name}'"):
                normalize_user_pool_args({schema_name: 1}, user_pool_arguments())
        else:
            assert normalize_user_pool_args({schema_name: 1}, user_pool_arguments()) == {
                python_name: 1
            }


def test_a_user_pool_arg_the_component_owns_is_refused_in_camel_case(
    deployment: Deployment,
) -> None:
    inputs = engine_inputs(
        {
            "fromAddress": ADDRESS,
            "userPoolArgs": {"emailConfiguration": {"emailSendingAccount": "x"}},
        }
    )
    with pytest.raises(ComponentInitError) as raised:
        construct(deployment, inputs)
    assert str(raised.value).startswith("user_pool_args: may not set 'emailConfiguration'")
    assert deployment.resources == {}


def test_missing_from_address_is_refused_by_its_schema_name(deployment: Deployment) -> None:
    with pytest.raises(InputPropertyError) as raised:
        construct(deployment, engine_inputs({"replyToAddress": "help@example.com"}))
    assert raised.value.property_path == "fromAddress"
    assert deployment.resources == {}


# --- the response the engine gets -------------------------------------------------------------


def test_construct_response_carries_the_outputs(deployment: Deployment) -> None:
    result = construct(deployment, engine_inputs({"fromAddress": ADDRESS}))
    answer = response(result)
    pool_urn = f"urn:pulumi:stack::project::{TOKEN}$aws:cognito/userPool:UserPool::mail-pool"
    assert answer["urn"].endswith(f"{TOKEN}::mail")
    state = answer["state"]
    assert state["userPool"] == {
        rpc._special_sig_key: rpc._special_resource_sig,
        "urn": pool_urn,
        "id": POOL_ID,
    }
    assert state["userPoolId"] == POOL_ID
    assert state["userPoolArn"] == POOL_ARN
    assert state["identityArn"] == IDENTITY_ARN
    assert f'"Resource":"{IDENTITY_ARN}"' in state["policyDocument"]
    assert pool_urn in answer["stateDependencies"]["userPoolId"]["urns"]


def test_developer_mode_response_has_no_policy_document(deployment: Deployment) -> None:
    result = construct(
        deployment, engine_inputs({"fromAddress": ADDRESS, "sendingAccount": "DEVELOPER"})
    )
    state = response(result)["state"]
    assert "policyDocument" not in state
    assert state["identityArn"] == IDENTITY_ARN


# --- inputs that come from other resources ----------------------------------------------------

#: The two forms an input from another resource takes in a ConstructRequest.
FROM_OTHER_RESOURCE: dict[str, Callable[[str], dict[str, Any]]] = {
    "output value": lambda address: engine_inputs({"fromAddress": output_value(address, UPSTREAM)}),
    "value with dependencies": lambda address: engine_inputs(
        {"fromAddress": address}, {"fromAddress": [UPSTREAM]}
    ),
}


@pytest.mark.parametrize("form", list(FROM_OTHER_RESOURCE))
def test_from_address_from_another_resource_works(
    new_deployment: Callable[..., Deployment], form: str
) -> None:
    inputs = FROM_OTHER_RESOURCE[form](ADDRESS)
    assert isinstance(inputs["fromAddress"], pulumi.Output)
    from_engine = new_deployment()
    construct(from_engine, inputs)
    with_output = graph(from_engine)

    plain = new_deployment()
    construct(plain, engine_inputs({"fromAddress": ADDRESS}))
    expected = graph(plain)

    assert set(with_output) == set(expected) == DEFAULT_MODE_RESOURCES
    for name, registration in with_output.items():
        assert registration.inputs == expected[name].inputs, name
    assert with_output["mail-identity"].inputs == {"email": ADDRESS}
    # The identity waits for the resource the address came from.
    assert "sender" in with_output["mail-identity"].property_dependencies["email"]


@pytest.mark.parametrize("form", list(FROM_OTHER_RESOURCE))
def test_bad_from_address_from_another_resource_stops_every_child(
    deployment: Deployment, form: str
) -> None:
    _quiet_about_expected_task_failures("from_address: ")
    inputs = FROM_OTHER_RESOURCE[form]("Example <no-reply@example.com>")
    assert isinstance(inputs["fromAddress"], pulumi.Output)
    with pytest.raises(Exception) as raised:
        result = construct(deployment, inputs)
        response(result)
    chain = error_chain(raised.value)
    assert chain[-1].startswith("from_address: it must be a plain address"), chain
    assert set(deployment.resources) == {"mail"}, "no child may be created"


def test_unknown_from_address_in_preview_registers_every_child(
    new_deployment: Callable[..., Deployment],
) -> None:
    # As in a real preview, the simulated account answers an identity for an unknown
    # address with an unknown ARN.
    deployment = new_deployment(preview=True)
    inputs = engine_inputs({"fromAddress": output_value(None, UPSTREAM, known=False)})
    construct(deployment, inputs)
    assert set(deployment.resources) == DEFAULT_MODE_RESOURCES
    assert "sender" in identity(deployment).property_dependencies["email"]


def test_outputs_inside_user_pool_args_reach_the_pool(deployment: Deployment) -> None:
    inputs = engine_inputs(
        {
            "fromAddress": ADDRESS,
            "userPoolArgs": {
                "autoVerifiedAttributes": ["email"],
                "lambdaConfig": {"preSignUp": output_value(LAMBDA_ARN, LAMBDA)},
            },
        }
    )
    construct(deployment, inputs)
    registration = pool(deployment)
    assert registration.inputs["lambdaConfig"] == {"preSignUp": LAMBDA_ARN}
    assert "pre-sign-up" in registration.property_dependencies["lambdaConfig"]


def test_a_structural_input_from_another_resource_is_refused(deployment: Deployment) -> None:
    inputs = engine_inputs(
        {"fromAddress": ADDRESS, "sendingAccount": "DEVELOPER"},
        {"sendingAccount": [UPSTREAM]},
    )
    with pytest.raises(ComponentInitError) as raised:
        construct(deployment, inputs)
    assert str(raised.value).startswith("sending_account: must be a plain value")
    assert deployment.resources == {}


def test_python_args_type_lists_every_input() -> None:
    """CognitoSesEmailArgs is what construct passes on: every schema input lands in it."""
    definition = PROVIDER._component_defs["CognitoSesEmail"]
    assert set(definition.inputs_mapping.values()) == set(CognitoSesEmailArgs.__annotations__)


# --- the newer arguments, as another language sends them ---------------------------------------


def test_bring_your_own_pool_answers_the_email_configuration(deployment: Deployment) -> None:
    result = construct(
        deployment,
        engine_inputs({"fromAddress": ADDRESS, "createUserPool": False, "replyToAddress": ADDRESS}),
    )
    state = response(result)["state"]
    assert state["emailConfiguration"] == {
        "emailSendingAccount": "COGNITO_DEFAULT",
        "sourceArn": IDENTITY_ARN,
        "replyToEmailAddress": ADDRESS,
    }
    assert "userPool" not in state and "userPoolId" not in state
    assert set(graph(deployment)) == DEFAULT_MODE_RESOURCES - {"mail-pool"}


def test_messages_in_camel_case_reach_the_pool(deployment: Deployment) -> None:
    construct(
        deployment,
        engine_inputs(
            {
                "fromAddress": ADDRESS,
                "sendingAccount": "DEVELOPER",
                "verificationMessage": {"subject": "Code", "body": "Code {####}"},
                "invitationMessage": {"subject": "Hi", "body": "Hi {username} {####}"},
            }
        ),
    )
    inputs = graph(deployment)["mail-pool"].inputs
    assert inputs["verificationMessageTemplate"] == {
        "defaultEmailOption": "CONFIRM_WITH_CODE",
        "emailSubject": "Code",
        "emailMessage": "Code {####}",
    }
    assert inputs["adminCreateUserConfig"]["inviteMessageTemplate"]["emailSubject"] == "Hi"


def test_notifications_in_camel_case_answer_the_topic(deployment: Deployment) -> None:
    result = construct(
        deployment,
        engine_inputs(
            {"fromAddress": ADDRESS, "notifications": {"types": ["Bounce"],
                                                      "includeOriginalHeaders": True}}
        ),
    )  # fmt: skip
    state = response(result)["state"]
    assert state["notificationTopicArn"].startswith("arn:aws:sns:us-east-1:")
    [notified] = [r for r in graph(deployment).values() if r.name.endswith("-notifications")]
    assert notified.inputs["notificationType"] == "Bounce"
    assert notified.inputs["includeOriginalHeaders"] is True


def test_a_provider_s_constructs_are_one_program(
    new_deployment: Callable[..., Deployment], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine starts the provider for one deployment, and each Construct resets the
    runtime (no root stack, a new monitor): two components there still share the claims."""
    # This test's provider process.
    monkeypatch.setattr(notifications, "_PROCESS", notifications._Process())
    inputs = {"fromAddress": ADDRESS, "notifications": {}}
    for name in ("a", "b"):
        deployment = new_deployment()  # a new monitor, as each Construct gets
        pulumi.runtime.settings.ROOT.set(None)  # and no root stack
        wired = engine_inputs(inputs)
        if name == "a":
            construct(deployment, wired, name)
            continue
        with pytest.raises(ComponentInitError) as raised:
            construct(deployment, wired, name)
    assert str(raised.value).startswith("notifications: components 'a' and 'b' both send")
