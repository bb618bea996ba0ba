"""Pulumi's own mock runtime, with a monitor that also records parents and dependencies.

Mocks are process-global, so every test gets a fresh event loop and fresh mocks and
the runtime settings are reset afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime.rpc import unwrap_rpc_secret

ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
POOL_ID = "us-east-1_Abc123XyZ"


@dataclass
class Registration:
    """One RegisterResource call as the engine would see it."""

    type: str
    name: str
    inputs: dict[str, Any]
    parent: str
    dependencies: set[str]
    property_dependencies: dict[str, set[str]]


def revealed(value: Any) -> Any:
    """``value`` with every secret marker (at any depth) taken off."""
    value = unwrap_rpc_secret(value)
    if isinstance(value, dict):
        return {key: revealed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [revealed(item) for item in value]
    return value


def urn_name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


class AwsMocks(pulumi.runtime.Mocks):
    """Answers like AWS would for the resources the component makes."""

    def __init__(self, region: str = DEFAULT_REGION) -> None:
        self.region = region
        self.calls: list[pulumi.runtime.MockCallArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
        # A provider receives secret inputs as their values (the engine keeps the secrecy).
        inputs = revealed(args.inputs)
        state = dict(inputs)
        region = inputs.get("region") or self.region
        if not all(isinstance(v, str) for v in (inputs.get("email", ""), region)):
            return None, {}  # unknown during a preview: AWS's answer is unknown too
        if args.typ == "aws:ses/emailIdentity:EmailIdentity":
            state["arn"] = f"arn:aws:ses:{region}:{ACCOUNT}:identity/{inputs['email']}"
            return inputs["email"], state
        if args.typ == "aws:ses/domainIdentity:DomainIdentity":
            state["arn"] = f"arn:aws:ses:{region}:{ACCOUNT}:identity/{inputs['domain']}"
            state["verificationToken"] = "VeRiFiCaTiOnToKeN+abc/123="
            return inputs["domain"], state
        if args.typ == "aws:cognito/userPool:UserPool":
            pool_id = POOL_ID.replace("us-east-1", region)
            state["arn"] = f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{pool_id}"
            return pool_id, state
        return f"{args.name}-id", state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
        self.calls.append(args)
        if args.token == "aws:index/getRegion:getRegion":
            return {"region": self.region, "name": self.region, "id": self.region}, []
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root"}, []
        raise NotImplementedError(args.token)


class RecordingMonitor(pulumi_mocks.MockMonitor):
    def __init__(self, mocks: AwsMocks) -> None:
        super().__init__(mocks)
        self.registrations: dict[str, Registration] = {}
        #: Every registration in order, also those that share a name (under two parents).
        self.all_registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            registration = Registration(
                type=request.type,
                name=request.name,
                inputs=pulumi.runtime.rpc.deserialize_properties(request.object),
                parent=urn_name(request.parent),
                dependencies={urn_name(u) for u in request.dependencies},
                property_dependencies={
                    key: {urn_name(u) for u in deps.urns}
                    for key, deps in request.propertyDependencies.items()
                },
            )
            self.registrations[request.name] = registration
            self.all_registrations.append(registration)
        return response


@dataclass
class Deployment:
    """Runs a program under the mocks and gives what the engine was asked to do."""

    mocks: AwsMocks
    monitor: RecordingMonitor
    errors: list[BaseException] = field(default_factory=list)

    @property
    def resources(self) -> dict[str, Registration]:
        return self.monitor.registrations

    def run(self, program: Callable[[], Any]) -> Any:
        """Run ``program`` and wait for every registration; returns what it returned."""
        result: list[Any] = []

        @pulumi.runtime.test
        def body() -> Any:
            value = program()
            result.append(value)
            return None

        try:
            body()
        finally:
            # pulumi.runtime.test raises at the first error while other registrations may
            # still be pending: let them all finish, so that a child that does not wait for
            # the failed check is recorded and a test of "nothing was created" can see it.
            loop = asyncio.get_event_loop()
            loop.run_until_complete(
                asyncio.gather(*asyncio.all_tasks(loop), return_exceptions=True)
            )
        return result[0]

    def value(self, output: Any) -> Any:
        """The resolved value of an Output created by the last ``run``."""
        loop = asyncio.get_event_loop()
        return loop.run_until_complete(pulumi.Output.from_input(output).future())

    def invokes(self, token: str) -> int:
        return sum(1 for call in self.mocks.calls if call.token == token)


def make_deployment(region: str = DEFAULT_REGION, preview: bool = False) -> Deployment:
    mocks = AwsMocks(region)
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, preview=preview, monitor=monitor)
    return Deployment(mocks, monitor)


# asyncio's words for a future or task whose error nobody awaited (any future class).
_EXPECTED_AFTER_A_FAILED_DEPLOYMENT = ("exception was never retrieved", "but it is pending!")


def _quiet_about_expected_failures(
    loop: asyncio.AbstractEventLoop, context: dict[str, Any]
) -> None:
    if not str(context.get("message", "")).endswith(_EXPECTED_AFTER_A_FAILED_DEPLOYMENT):
        loop.default_exception_handler(context)


@pytest.fixture
def new_deployment() -> Iterator[Callable[..., Deployment]]:
    """A factory of fresh mock deployments, on a fresh event loop, reset afterwards."""
    loop = asyncio.new_event_loop()
    # A deployment that a test makes fail on purpose leaves futures holding the error;
    # asyncio would print each of them at exit as "never retrieved". Those are expected.
    loop.set_exception_handler(_quiet_about_expected_failures)
    asyncio.set_event_loop(loop)

    def fresh(region: str = DEFAULT_REGION, preview: bool = False) -> Deployment:
        pulumi.runtime.settings.reset_options()
        return make_deployment(region, preview)

    try:
        yield fresh
    finally:
        pulumi.runtime.settings.reset_options()
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def deployment(new_deployment: Callable[..., Deployment]) -> Deployment:
    return new_deployment()
