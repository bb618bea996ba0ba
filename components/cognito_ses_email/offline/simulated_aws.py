"""One simulated AWS account under Pulumi's mock runtime, recording what the engine was asked."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pulumi
import pulumi.runtime.config
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime.rpc import deserialize_properties

from .account import STACK_TYPE, SimulatedAws, urn_name

# asyncio's words for a future or task whose error nobody awaited (any future class).
_EXPECTED_AFTER_A_FAILED_DEPLOYMENT = ("exception was never retrieved", "but it is pending!")

T = TypeVar("T")


@dataclass
class Registration:
    """One RegisterResource call as the engine would see it."""

    urn: str
    type: str
    name: str
    custom: bool
    #: The parent's name; None for the stack.
    parent: str | None
    #: Names of the resources it waits for.
    dependencies: frozenset[str]
    #: Input -> names of the resources its value came from.
    property_dependencies: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Deserialized inputs; secret ones keep their marker (see :func:`revealed`).
    inputs: dict[str, Any] = field(default_factory=dict)
    #: The URNs its aliases name, as the engine computes them from the alias specs.
    aliases: tuple[str, ...] = ()
    #: Its create timeout (custom_timeouts), "" when the provider's.
    create_timeout: str = ""
    #: Outputs the engine stores encrypted whatever their value (additional_secret_outputs).
    secret_outputs: tuple[str, ...] = ()


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The mock monitor, also recording each registration (see :class:`Registration`)."""

    def __init__(self, mocks: SimulatedAws, record_inputs: bool = True) -> None:
        super().__init__(mocks)
        #: False skips deserializing inputs a second time (the benchmark times the runtime).
        self.record_inputs = record_inputs
        self.registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        registration = Registration(
            urn=response.urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=urn_name(request.parent) if request.parent else None,
            dependencies=frozenset(urn_name(u) for u in request.dependencies),
            property_dependencies={
                key: frozenset(urn_name(u) for u in deps.urns)
                for key, deps in request.propertyDependencies.items()
            },
            inputs=(
                deserialize_properties(request.object)
                if self.record_inputs and request.type != STACK_TYPE
                else {}
            ),
            aliases=tuple(_alias_urn(alias, request) for alias in request.aliases),
            create_timeout=request.customTimeouts.create,
            secret_outputs=tuple(request.additionalSecretOutputs),
        )
        self.registrations.append(registration)  # atomic: the engine's threads may call
        return response


class Deployment:
    """A simulated account installed as Pulumi's (global) mocks: run programs, see what they ask."""

    def __init__(self, mocks: SimulatedAws, record_inputs: bool = True, **options: Any) -> None:
        """``options``: ``pulumi.runtime.set_mocks``'s (project, stack, logger; preview: False)."""
        self.mocks = mocks
        self.monitor = RecordingMonitor(mocks, record_inputs)
        pulumi.runtime.set_mocks(mocks, monitor=self.monitor, **{"preview": False, **options})
        #: Every registration in order, the stack and those that share a name included.
        self.registrations = self.monitor.registrations
        #: The stack's outputs (``pulumi.export``) once :func:`run_program` ran.
        self.outputs: dict[str, Any] = {}

    @property
    def resources(self) -> dict[str, Registration]:
        """The program's resources by name (not the stack); a later one of a name wins."""
        return {r.name: r for r in self.registrations if r.type != STACK_TYPE}

    def run(self, program: Callable[[], T]) -> T:
        """Run ``program`` and wait for every registration; returns what it returned."""
        result: list[T] = []

        @pulumi.runtime.test
        def body() -> None:
            result.append(program())

        try:
            body()
        finally:
            settle(asyncio.get_event_loop())
        return result[0]

    def value(self, output: Any) -> Any:
        """The resolved value of an Output (or plain value) made by a ``run``."""
        loop = asyncio.get_event_loop()
        return loop.run_until_complete(pulumi.Output.from_input(output).future())

    def invokes(self, token: str) -> int:
        """How many times ``token`` was invoked."""
        return sum(1 for call in self.mocks.calls if call.token == token)


def _alias_urn(alias: Any, request: Any) -> str:
    """The URN an alias names, as the engine computes it from a spec (or given)."""
    if alias.urn:
        return str(alias.urn)
    spec = alias.spec
    stack, project = spec.stack or pulumi.get_stack(), spec.project or pulumi.get_project()
    parent = spec.parentUrn or ("" if spec.noParent else request.parent)
    chain = parent.split("::")[2] if parent else ""
    chain = "" if chain == STACK_TYPE else chain.removeprefix(f"{STACK_TYPE}$")
    qualified = f"{chain}${spec.type or request.type}" if chain else (spec.type or request.type)
    return f"urn:pulumi:{stack}::{project}::{qualified}::{spec.name or request.name}"


def settle(loop: asyncio.AbstractEventLoop) -> None:
    """Let every pending task finish, failed or not."""
    loop.run_until_complete(asyncio.gather(*asyncio.all_tasks(loop), return_exceptions=True))


def _quiet_about_expected_failures(
    loop: asyncio.AbstractEventLoop, context: dict[str, Any]
) -> None:
    if not str(context.get("message", "")).endswith(_EXPECTED_AFTER_A_FAILED_DEPLOYMENT):
        loop.default_exception_handler(context)


@contextlib.contextmanager
def fresh_runtime(config: Mapping[str, str] | None = None) -> Iterator[None]:
    """A new event loop and ``config`` for the mock runtime, reset afterwards."""
    pulumi.runtime.settings.reset_options()
    pulumi.runtime.set_all_config(dict(config or {}))
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_quiet_about_expected_failures)
    asyncio.set_event_loop(loop)
    try:
        yield
    finally:
        settle(loop)
        pulumi.runtime.settings.reset_options()
        pulumi.runtime.set_all_config({})
        asyncio.set_event_loop(None)
        loop.close()


_QUIET = logging.getLogger("cognito_ses_email.offline.simulated_aws")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


def run_program(
    program: Callable[[], Any],
    *,
    project: str,
    stack: str,
    config: Mapping[str, str] | None = None,
    mocks: SimulatedAws | None = None,
    record_inputs: bool = True,
    read: set[str] | None = None,
) -> Deployment:
    """Run ``program`` as ``pulumi up`` would against ``mocks`` (a new account if None)."""

    def program_and_exports() -> Any:
        program()
        root = pulumi.runtime.get_root_resource()
        exported = dict(getattr(root, "outputs", {}) or {})
        return pulumi.Output.all(**exported) if exported else None

    with fresh_runtime(config):
        if read is not None:  # every read of pulumi.Config asks the context's mapping
            pulumi.runtime.config.CONFIG.set(_Recording(config or {}, read))
        deployment = Deployment(
            mocks or SimulatedAws(), record_inputs, project=project, stack=stack, logger=_QUIET
        )
        exports = deployment.run(program_and_exports)
        deployment.outputs = deployment.value(exports) if exports is not None else {}
    return deployment


class _Recording(dict[str, str]):
    """The configuration, adding to ``read`` each key the program asks for."""

    def __init__(self, config: Mapping[str, str], read: set[str]) -> None:
        super().__init__(config)
        self.read = read

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)
