"""Input names from other languages: the provider refuses a misspelt one, as CognitoSesEmail
refuses a misspelt argument, and the camelCase names still reach the component."""

from __future__ import annotations

import asyncio
from typing import Any

import pulumi
import pytest
from pulumi.errors import InputPropertyError
from pulumi.provider.server import ProviderServicer
from pulumi.runtime import rpc

from cognito_ses_email.component import ARGUMENT_NAMES
from cognito_ses_email.provider import PACKAGE_NAME, CognitoSesEmailProvider
from tests.support import ADDRESS, Deployment

TOKEN = f"{PACKAGE_NAME}:index:CognitoSesEmail"
PROVIDER = CognitoSesEmailProvider()


def engine_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """``inputs`` through the wire and back, as the provider's Construct receives them."""
    loop = asyncio.get_event_loop()
    struct = loop.run_until_complete(rpc.serialize_properties(inputs, {}))
    return loop.run_until_complete(ProviderServicer._construct_inputs(struct, {}))


def construct(deployment: Deployment, inputs: dict[str, Any]) -> Any:
    wired = engine_inputs(inputs)  # before the program runs its event loop
    return deployment.run(
        lambda: PROVIDER.construct("mail", TOKEN, wired, pulumi.ResourceOptions())
    )


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("replyToAdress", "replyToAddress"),
        ("frmName", "fromName"),
        ("deletionProtecton", "deletionProtection"),
        ("reply_to_address", "replyToAddress"),
    ],
)
@pytest.mark.parametrize("mode", ["COGNITO_DEFAULT", "DEVELOPER"])
def test_a_misspelt_input_is_refused_with_its_schema_name(
    deployment: Deployment, given: str, meant: str, mode: str
) -> None:
    with pytest.raises(InputPropertyError) as raised:
        construct(deployment, {"fromAddress": ADDRESS, "sendingAccount": mode, given: "x"})
    assert raised.value.property_path == given
    assert raised.value.reason.startswith(
        f"{given!r} is not an input of CognitoSesEmail (did you mean {meant!r}?)"
    )
    assert deployment.resources == {}


def test_every_schema_input_is_an_argument_name(deployment: Deployment) -> None:
    """The schema's inputs and CognitoSesEmailArgs name the same arguments, so the provider
    passes on only names the component takes."""
    construct(deployment, {"fromAddress": ADDRESS, "replyToAddress": "help@example.com"})
    assert "mail-pool" in deployment.resources
    component_def = PROVIDER._component_defs["CognitoSesEmail"]
    assert set(component_def.inputs_mapping.values()) == set(ARGUMENT_NAMES)
