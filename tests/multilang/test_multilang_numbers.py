"""Numbers as the engine sends them: every number of a ConstructRequest is a protobuf double
(``struct_pb2.Struct`` ``number_value``), so a TypeScript, Go or YAML program's ``0`` reaches
the provider as ``0.0``. A whole number so given is that number, for every numeric argument;
``2.5``, a bool or a string is still refused by the argument's own check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from google.protobuf import struct_pb2  # type: ignore[import-untyped]
from pulumi.provider.server import ComponentInitError, ProviderServicer
from pulumi.runtime import proto

from cognito_ses_email.offline.account import DOMAIN_VERIFICATION, METRIC_ALARM
from cognito_ses_email.provider import PACKAGE_NAME, CognitoSesEmailProvider
from tests.support import ADDRESS, Deployment, Registration, build, of_type

TOKEN = f"{PACKAGE_NAME}:index:CognitoSesEmail"
PROVIDER = CognitoSesEmailProvider()
DOMAIN = {"identityDomain": "example.com", "hostedZoneId": "Z0123456789ABC"}
TOPIC = "arn:aws:sns:us-east-1:123456789012:alarms"
UPSTREAM = "urn:pulumi:stack::project::aws:ssm/parameter:Parameter::minutes"


def from_engine(inputs: dict[str, Any], from_resource: str | None = None) -> dict[str, Any]:
    """``inputs`` as the engine encodes them (a Struct: each number a double), turned back
    into Python values by the SDK's own Construct code path; ``from_resource``: the input
    that depends on another resource (the SDK then makes it an Output)."""
    struct = struct_pb2.Struct()
    struct.update({"fromAddress": ADDRESS, "sendingAccount": "DEVELOPER", **inputs})
    dependencies = {
        key: proto.ConstructRequest.PropertyDependencies(urns=[UPSTREAM])
        for key in ([from_resource] if from_resource else [])
    }
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(ProviderServicer._construct_inputs(struct, dependencies))


def construct(
    deployment: Deployment, inputs: dict[str, Any], from_resource: str | None = None
) -> dict[str, Registration]:
    wired = from_engine(inputs, from_resource)  # before the program runs its event loop
    deployment.run(lambda: PROVIDER.construct("mail", TOKEN, wired, pulumi.ResourceOptions()))
    return dict(deployment.resources)


def refusal(run: Callable[[], object]) -> str:
    with pytest.raises((ValueError, ComponentInitError)) as raised:
        run()
    return str(raised.value)


def _alarms(**rates: Any) -> dict[str, Any]:
    return {"alarms": {**rates, "actions": [TOPIC]}}


#: Every numeric argument, with whole numbers: (the engine's camelCase inputs, Python's args).
WHOLE: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "timeout 0": ({"verificationTimeoutMinutes": 0}, {"verification_timeout_minutes": 0}),
    "timeout 30, a domain": (
        {"verificationTimeoutMinutes": 30, **DOMAIN},
        {
            "verification_timeout_minutes": 30,
            "identity_domain": "example.com",
            "hosted_zone_id": DOMAIN["hostedZoneId"],
        },
    ),
    "timeout 1440": ({"verificationTimeoutMinutes": 1440}, {"verification_timeout_minutes": 1440}),
    "rates": (
        _alarms(bounceRate=0.04, complaintRate=0.001),
        {"alarms": {"bounce_rate": 0.04, "complaint_rate": 0.001, "actions": [TOPIC]}},
    ),
}


@pytest.mark.parametrize("case", list(WHOLE))
def test_a_number_from_the_engine_registers_what_python_s_registers(
    new_deployment: Callable[..., Deployment], case: str
) -> None:
    engine, python = WHOLE[case]
    expected = new_deployment()
    build(expected, sending_account="DEVELOPER", **python)
    assert construct(new_deployment(), engine) == dict(expected.resources)


def test_a_timeout_from_the_engine_is_whole_minutes(deployment: Deployment) -> None:
    construct(deployment, {"verificationTimeoutMinutes": 30, **DOMAIN})
    [wait] = of_type(deployment, DOMAIN_VERIFICATION)
    assert wait.create_timeout == "30m"  # not "30.0m"


def test_rates_from_the_engine_are_the_alarm_thresholds(deployment: Deployment) -> None:
    construct(deployment, _alarms(bounceRate=0.04, complaintRate=0.001))
    thresholds = sorted(alarm.inputs["threshold"] for alarm in of_type(deployment, METRIC_ALARM))
    assert thresholds == [0.001, 0.04]


#: Whole numbers every check refuses: the engine's double gets Python's int's message.
REFUSED_WHOLE: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "timeout 1441": ({"verificationTimeoutMinutes": 1441}, {"verification_timeout_minutes": 1441}),
    "timeout -1": ({"verificationTimeoutMinutes": -1}, {"verification_timeout_minutes": -1}),
    "bounce rate 0": (_alarms(bounceRate=0), {"alarms": {"bounce_rate": 0, "actions": [TOPIC]}}),
    "complaint rate 1": (
        _alarms(complaintRate=1),
        {"alarms": {"complaint_rate": 1, "actions": [TOPIC]}},
    ),
}


@pytest.mark.parametrize("case", list(REFUSED_WHOLE))
def test_a_refused_number_from_the_engine_gets_python_s_message(
    new_deployment: Callable[..., Deployment], case: str
) -> None:
    engine, python = REFUSED_WHOLE[case]
    expected = refusal(lambda: build(new_deployment(), sending_account="DEVELOPER", **python))
    deployment = new_deployment()
    assert refusal(lambda: construct(deployment, engine)) == expected
    assert deployment.resources == {}


@pytest.mark.parametrize(
    ("inputs", "argument"),
    [
        (
            {"verificationTimeoutMinutes": 2.5},
            "verification_timeout_minutes: must be a plain whole",
        ),
        (
            {"verificationTimeoutMinutes": True},
            "verification_timeout_minutes: must be a plain whole",
        ),
        (
            {"verificationTimeoutMinutes": "30"},
            "verification_timeout_minutes: must be a plain whole",
        ),
        (_alarms(bounceRate=True), "alarms['bounce_rate']: expected a ratio"),
        (_alarms(complaintRate="0.001"), "alarms['complaint_rate']: expected a ratio"),
    ],
)
def test_what_is_no_whole_number_is_still_refused(
    deployment: Deployment, inputs: dict[str, Any], argument: str
) -> None:
    assert refusal(lambda: construct(deployment, inputs)).startswith(argument)
    assert deployment.resources == {}


def test_an_integer_input_from_another_resource_is_refused_by_its_argument(
    deployment: Deployment,
) -> None:
    """Not the SDK's TypeError (``int(Output)``): the argument's own check, by its name."""
    inputs = {"verificationTimeoutMinutes": 30}
    text = refusal(lambda: construct(deployment, inputs, "verificationTimeoutMinutes"))
    assert text.startswith("verification_timeout_minutes: must be a plain whole number")
    assert deployment.resources == {}
