"""Running the project's program against the simulated AWS account, and the Plan it yields.

The run records which configuration keys the program reads, so the notes and warnings speak
only of settings that matter; errors the program raises become one line naming the setting.
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi.config

from ..rules import regions
from ..rules.verification import NotVerified
from .account import DEFAULT_REGION
from .answers import (
    DOMAIN_VERIFICATION,
    IDENTITY_POLICY,
    NOTIFICATION_TOPIC,
    TOPIC_POLICY,
    USER_POOL,
)
from .explain import (
    PLACEHOLDER_ADDRESS,
    chain,
    check_provider_keys,
    explain,
    one_line,
    unread_settings,
)
from .project import Project
from .pulumi_config import PlanError
from .simulated_aws import Registration, Run, run_program

#: The stack name when ``--stack`` is not given (no stack file is read then).
DEFAULT_STACK = "plan"

#: What ``--verification`` has the simulated SES answer each check with.
VERIFICATION_ANSWERS = {"verified": "SUCCESS", "pending": "PENDING", "failed": "FAILED"}


@dataclass
class VerificationStep:
    """A wait for SES to verify an identity: not a resource, a step of ``pulumi up``."""

    #: The address or domain SES verifies.
    identity: str
    #: The minutes ``up`` waits (verification_timeout_minutes); None: ``resource``'s own
    #: create timeout (``create_timeout``, "" for the provider's).
    minutes: int | None
    #: The DomainIdentityVerification that is the wait (a hosted zone), else None.
    resource: str | None = None
    create_timeout: str = ""
    #: What is created only after the wait, directly or not.
    waited_for_by: list[str] = field(default_factory=list)
    #: The resources ``up`` creates before it stops at the wait (pending or failed).
    made_before: list[str] = field(default_factory=list)
    #: The error ``up`` ends with, as the simulated answer has it; None: verified.
    up_error: str | None = None


@dataclass
class Plan:
    """What the program would create, ready to print."""

    project: str
    stack: str
    region: str
    run: Run
    notes: list[str]
    #: What may be a mistake in the configuration (printed as ``warning:`` lines).
    warnings: list[str] = field(default_factory=list)
    #: The waits for SES's verification, in the order they were met.
    verification_steps: list[VerificationStep] = field(default_factory=list)
    #: What the simulated SES answered (``--verification``).
    verification: str = "verified"

    def ordered(self) -> list[Registration]:
        """Registrations in tree order; siblings by creation order, then name."""
        rank = _ranks(self.run.registrations)
        children: dict[str | None, list[Registration]] = {}
        for registration in self.run.registrations:
            children.setdefault(registration.parent, []).append(registration)
        for siblings in children.values():
            siblings.sort(key=lambda r: (rank[r.name], r.name))
        ordered: list[Registration] = []

        def walk(parent: str | None) -> None:
            for child in children.get(parent, []):
                ordered.append(child)
                walk(child.name)

        walk(None)
        known = {r.name for r in ordered}
        ordered.extend(r for r in self.run.registrations if r.name not in known)
        return ordered

    def of_type(self, type_: str) -> list[Registration]:
        return [r for r in self.ordered() if r.type == type_]

    def policy_document(self) -> Any:
        policies = self.of_type(IDENTITY_POLICY)
        if not policies:
            return None
        return _parse_json(policies[0].inputs.get("policy"))

    def topic_policy_document(self) -> Any:
        """The notification topic's policy, when the component creates the topic."""
        policies = self.of_type(TOPIC_POLICY)
        return _parse_json(policies[0].inputs.get("policy")) if policies else None

    def notifications(self) -> list[dict[str, Any]]:
        """What each IdentityNotificationTopic sends where."""
        return [
            {
                "name": r.name,
                "type": r.inputs.get("notificationType"),
                "identity": r.inputs.get("identity"),
                "topicArn": r.inputs.get("topicArn"),
            }
            for r in self.of_type(NOTIFICATION_TOPIC)
        ]

    def email_configuration(self) -> Any:
        pools = self.of_type(USER_POOL)
        if not pools:
            return None
        return pools[0].inputs.get("emailConfiguration")


def _ranks(registrations: Sequence[Registration]) -> dict[str, int]:
    """How many resources must be created before each one (plus one)."""
    by_name = {r.name: r for r in registrations}
    rank: dict[str, int] = {}

    def of(name: str, seen: frozenset[str]) -> int:
        if name not in rank:
            registration = by_name.get(name)
            if registration is None or name in seen:
                return 0
            deps = [of(dep, seen | {name}) for dep in registration.dependencies]
            rank[name] = 1 + max(deps, default=0)
        return rank[name]

    for name in by_name:
        of(name, frozenset())
    return rank


def _parse_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# -- running -------------------------------------------------------------------------------


@contextlib.contextmanager
def _program_context(project: Project) -> Iterator[None]:
    """The program's directory as cwd and first on sys.path; its prints go to stderr."""
    cwd = os.getcwd()
    path = list(sys.path)
    sys.path.insert(0, str(project.program.parent))
    os.chdir(project.directory)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        os.chdir(cwd)
        sys.path[:] = path


@contextlib.contextmanager
def _recording_reads(read: set[str]) -> Iterator[None]:
    """Adds to ``read`` each configuration key the program asks for (``pulumi.Config``)."""
    get_config = pulumi.config.get_config

    def recording(key: str) -> Any:
        read.add(key)
        return get_config(key)

    pulumi.config.get_config = recording  # type: ignore[assignment]
    try:
        yield
    finally:
        pulumi.config.get_config = get_config


def provider_region(project: Project, notes: list[str]) -> str:
    """``aws:region`` (default us-east-1), checked by the package's Region rule."""
    region = project.config.get("aws:region") or DEFAULT_REGION
    try:
        return regions.check_region("aws:region", region, warn=notes.append)
    except ValueError as error:
        raise PlanError(str(error)) from None


@dataclass
class _Runner:
    """Runs the project's program with one configuration, SES answering as told."""

    project: Project
    stack: str
    config: dict[str, str]
    region: str
    stack_outputs: Mapping[str, Mapping[str, str]]
    read: set[str] = field(default_factory=set)

    def run(self, answer: str, failed: list[Run] | None = None) -> Run:
        with _program_context(self.project), _recording_reads(self.read):
            return run_program(
                lambda: runpy.run_path(str(self.project.program), run_name="__main__"),
                project=self.project.name,
                stack=self.stack,
                config=self.config,
                region=self.region,
                verification=answer,
                stack_outputs=self.stack_outputs,
                failed=failed,
            )


def make_plan(
    project: Project,
    stack: str,
    verification_answer: str = "verified",
    stack_outputs: Mapping[str, Mapping[str, str]] | None = None,
) -> Plan:
    """Run the project's program under the mocks; ``verification_answer``: a key of
    :data:`VERIFICATION_ANSWERS`, what SES answers the checks with; ``stack_outputs``: the
    outputs of each stack the program references (``pulumi.StackReference``).

    Raises PlanError with one line for a configuration error, else what the program raised.
    """
    notes: list[str] = list(project.notes)
    address_key = f"{project.name}:fromAddress"
    config = dict(project.config)
    placeholder = address_key not in config
    if placeholder:
        config[address_key] = PLACEHOLDER_ADDRESS
    check_provider_keys(project)
    region = provider_region(project, notes)
    config["aws:region"] = region
    runner = _Runner(project, stack, config, region, stack_outputs or {})
    try:
        run = runner.run("SUCCESS")
    except Exception as error:
        used = placeholder and address_key in runner.read
        message = explain(error, project, placeholder=used, stack_outputs=stack_outputs)
        if message is None:
            raise
        # A misspelt key is often why the program failed: say so on the same line.
        raise PlanError(
            "; also: ".join([message, *unread_settings(project, runner.read)])
        ) from error
    if placeholder and address_key in runner.read:
        notes.append(
            f"fromAddress is not set: using the placeholder {PLACEHOLDER_ADDRESS} "
            "(pass --config fromAddress=YOUR_ADDRESS)"
        )
    steps = _domain_verifications(run)
    if run.waits:
        steps += _checked_waits(runner, run, verification_answer)
    if verification_answer != "verified" and not run.waits:
        notes.append(_nothing_checked_note(verification_answer, steps))
    warnings = unread_settings(project, runner.read)
    return Plan(project.name, stack, region, run, notes, warnings, steps, verification_answer)


def _checked_waits(runner: _Runner, run: Run, answer: str) -> list[VerificationStep]:
    """The waits the program checks SES for, and what ``up`` does when SES does not verify.

    The program runs again with SES never verifying (``answer``, or FAILED, which ends at
    once): what the first run made and this one did not waits for the verification.
    """
    stopped: dict[str, NotVerified] = {}
    failed: list[Run] = []
    try:
        runner.run("FAILED" if answer == "verified" else VERIFICATION_ANSWERS[answer], failed)
    except Exception as error:
        stopped = {e.identity: e for e in chain(error) if isinstance(e, NotVerified)}
        if not stopped:
            raise
    made = [r.name for r in (failed[0].registrations if failed else run.registrations)]
    waiting = [r.name for r in run.registrations if r.name not in made and r.custom]
    made_here = [r.name for r in run.registrations if r.name in made and r.custom]
    shown = answer != "verified"  # what up does when SES does not verify was asked for
    errors = {identity: one_line(str(e)) for identity, e in stopped.items()} if shown else {}
    return [
        VerificationStep(
            identity=wait.identity,
            minutes=wait.minutes,
            waited_for_by=waiting,
            made_before=made_here if shown else [],
            up_error=errors.get(wait.identity),
        )
        for wait in run.waits
    ]


def _domain_verifications(run: Run) -> list[VerificationStep]:
    """The DomainIdentityVerification resources (a domain with a hosted zone): the wait."""
    return [
        VerificationStep(
            identity=str(r.inputs.get("domain")),
            minutes=None,
            resource=r.name,
            create_timeout=r.create_timeout,
            waited_for_by=[w.name for w in run.registrations if r.name in w.dependencies],
        )
        for r in run.registrations
        if r.type == DOMAIN_VERIFICATION
    ]


def _nothing_checked_note(answer: str, steps: list[VerificationStep]) -> str:
    """Why ``--verification pending|failed`` changes nothing in this plan."""
    if steps:
        return (
            f"--verification {answer}: the domain's DomainIdentityVerification resource is the"
            " wait (its records are in the hosted zone); the simulated account verifies it at"
            " once, so the plan shows it verified"
        )
    return (
        f"--verification {answer}: the program does not wait for SES's verification"
        " (verification_timeout_minutes is 0, or nothing checks it), so SES's answer changes"
        " nothing here"
    )
