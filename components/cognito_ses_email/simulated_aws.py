"""Pulumi's mock runtime with a simulated AWS account, for the offline plan and the benchmark.

Private: ``components.plan`` and ``bench`` import it; ``import components`` does not, so the
package stays light to import. Nothing here talks to AWS, the Pulumi CLI or the network.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks

#: The simulated AWS account every ARN is in.
ACCOUNT = "123456789012"

#: The Region of the simulated account when ``aws:region`` is not configured.
DEFAULT_REGION = "us-east-1"

STACK_TYPE = "pulumi:pulumi:Stack"


def urn_name(urn: str) -> str:
    """The resource name at the end of a URN."""
    return urn.rsplit("::", 1)[-1]


@dataclass
class Registration:
    """One RegisterResource call as the engine would see it."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    dependencies: list[str]
    inputs: dict[str, Any] = field(default_factory=dict)


class SimulatedAws(pulumi.runtime.Mocks):
    """Answers like AWS would, in account :data:`ACCOUNT` and the configured Region."""

    def __init__(self, region: str = DEFAULT_REGION) -> None:
        self.region = region
        self.invokes: list[str] = []
        self._local = threading.local()

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
        self._local.inputs = args.inputs
        state = dict(args.inputs)
        region = args.inputs.get("region") or self.region
        if args.typ == "aws:ses/emailIdentity:EmailIdentity":
            email = args.inputs.get("email", "")
            state["arn"] = f"arn:aws:ses:{region}:{ACCOUNT}:identity/{email}"
            return email, state
        if args.typ == "aws:ses/domainIdentity:DomainIdentity":
            domain = args.inputs.get("domain", "")
            state["arn"] = f"arn:aws:ses:{region}:{ACCOUNT}:identity/{domain}"
            state["verificationToken"] = "simulated-verification-token"
            return domain, state
        if args.typ == "aws:ses/domainDkim:DomainDkim":
            # Easy DKIM answers with three tokens; these are fixed, so plans are repeatable.
            state["dkimTokens"] = [f"simulateddkim{i}" for i in range(1, 4)]
            return args.inputs.get("domain", ""), state
        if args.typ == "aws:cognito/userPool:UserPool":
            pool_id = f"{region}_Sim{zlib.crc32(args.name.encode()) % 10**6:06d}"
            state["arn"] = f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{pool_id}"
            state.setdefault("name", args.name)
            return pool_id, state
        if args.typ == "aws:ses/identityPolicy:IdentityPolicy":
            return f"{args.inputs.get('identity', '')}|{args.inputs.get('name', '')}", state
        return f"{args.name}-id", state

    def last_inputs(self) -> dict[str, Any]:
        """The inputs of the last resource this thread created."""
        return getattr(self._local, "inputs", {})

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]] | None]:
        self.invokes.append(args.token)
        return self._answer(args), []

    def _answer(self, args: pulumi.runtime.MockCallArgs) -> dict:
        if args.token == "aws:index/getRegion:getRegion":
            region = args.args.get("region") or self.region
            return {"region": region, "name": region, "id": region}
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": ACCOUNT,
                "arn": f"arn:aws:iam::{ACCOUNT}:root",
                "id": ACCOUNT,
                "userId": ACCOUNT,
            }
        if args.token == "aws:index/getPartition:getPartition":
            return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
        raise NotImplementedError(f"the simulated AWS account does not answer {args.token}")


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The mock monitor, also recording each registration's parent and dependencies."""

    mocks: SimulatedAws

    def __init__(self, mocks: SimulatedAws, record_inputs: bool = True) -> None:
        super().__init__(mocks)
        self.record_inputs = record_inputs
        self.registrations: list[Registration] = []
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        is_stack = request.type == STACK_TYPE
        registration = Registration(
            urn=response.urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=urn_name(request.parent) if request.parent else None,
            dependencies=sorted({urn_name(u) for u in request.dependencies}),
            inputs=dict(self.mocks.last_inputs()) if self.record_inputs and not is_stack else {},
        )
        with self._lock:
            self.registrations.append(registration)
        return response


@dataclass
class Run:
    """What a program asked the (simulated) engine to do."""

    registrations: list[Registration]
    invokes: list[str]
    outputs: dict[str, Any]
    region: str


def _quiet_logger() -> logging.Logger:
    logger = logging.getLogger("components.mockruntime")
    logger.handlers[:] = [logging.NullHandler()]
    logger.propagate = False
    return logger


def run_program(
    program: Callable[[], Any],
    *,
    project: str,
    stack: str,
    config: Mapping[str, str] | None = None,
    region: str = DEFAULT_REGION,
    record_inputs: bool = True,
) -> Run:
    """Run ``program`` under the mock runtime and wait for every registration.

    ``config`` holds fully qualified keys (``project:key``, ``aws:region``). Exceptions the
    program raises, directly or inside an ``apply``, propagate after the runtime settles.
    """
    pulumi.runtime.set_all_config(dict(config or {}))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(lambda _loop, _context: None)
    mocks = SimulatedAws(region)
    monitor = RecordingMonitor(mocks, record_inputs=record_inputs)
    pulumi.runtime.set_mocks(
        mocks, project=project, stack=stack, preview=False, logger=_quiet_logger(), monitor=monitor
    )
    outputs: dict[str, Any] = {}
    try:

        @pulumi.runtime.test
        def body() -> Any:
            program()
            root = pulumi.runtime.get_root_resource()
            exported = dict(getattr(root, "outputs", {}) or {})
            return pulumi.Output.all(**exported).apply(outputs.update) if exported else None

        body()
    finally:
        # After an error, registrations may still be pending: let them finish before the
        # loop closes, or they are torn down noisily at exit.
        loop.run_until_complete(asyncio.gather(*asyncio.all_tasks(loop), return_exceptions=True))
        pulumi.runtime.settings.reset_options()
        pulumi.runtime.set_all_config({})
        asyncio.set_event_loop(None)
        loop.close()
    return Run(list(monitor.registrations), list(mocks.invokes), outputs, region)


def longest_chain(registrations: Iterable[Registration]) -> int:
    """The most custom resources that must be created one after another.

    Counts creates, so component resources (which the engine does not create in AWS) are
    left out; a dependency on a component counts as one on the custom resources it waits for.
    """
    by_name = {r.name: r for r in registrations}
    memo: dict[str, int] = {}

    def depth(name: str, visiting: frozenset[str]) -> int:
        if name in memo:
            return memo[name]
        registration = by_name.get(name)
        if registration is None or name in visiting:
            return 0
        below = max(
            (depth(dep, visiting | {name}) for dep in registration.dependencies),
            default=0,
        )
        memo[name] = below + (1 if registration.custom else 0)
        return memo[name]

    return max((depth(name, frozenset()) for name in by_name), default=0)
