"""Running the project's program against the simulated AWS account, and the Plan it yields."""

from __future__ import annotations

import contextlib
import json
import runpy
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..rules import regions
from ..rules.errors import one_line
from ..rules.verification import NotVerified
from .account import DEFAULT_REGION, DOMAIN_VERIFICATION, NOTIFICATION_TOPIC, SimulatedAws
from .explain import PLACEHOLDER_ADDRESS, chain, check_provider_keys, explain, unread_settings
from .project import PlanError, Project
from .simulated_aws import Deployment, Registration, run_program

#: The stack name when ``--stack`` is not given (no stack file is read then).
DEFAULT_STACK = "plan"

#: What ``--verification`` has the simulated SES answer each check with.
VERIFICATION_ANSWERS = {"verified": "SUCCESS", "pending": "PENDING", "failed": "FAILED"}


@dataclass
class VerificationStep:
    """A wait for SES to verify an identity: not a resource, a step of ``pulumi up``."""

    #: The address or domain SES verifies.
    identity: str
    #: The minutes ``up`` waits; None: ``resource``'s create timeout (``""``: the provider's).
    minutes: int | None
    #: The DomainIdentityVerification that is the wait (a hosted zone), else None.
    resource: str | None = None
    create_timeout: str = ""
    #: What is created only after the wait, directly or not.
    waited_for_by: list[str] = field(default_factory=list)
    #: What ``up`` creates before it stops at the wait, and the error it ends with, when SES
    #: does not verify (``--verification pending|failed``).
    made_before: list[str] = field(default_factory=list)
    up_error: str | None = None

    @property
    def name(self) -> str:
        return f"SES verifies {self.identity}"


@dataclass
class Plan:
    """What the program would create, ready to print."""

    project: str
    stack: str
    region: str
    run: Deployment
    notes: list[str]
    #: What may be a mistake in the configuration (printed as ``warning:`` lines).
    warnings: list[str] = field(default_factory=list)
    verification_steps: list[VerificationStep] = field(default_factory=list)
    #: What the simulated SES answered (``--verification``).
    verification: str = "verified"

    def ordered(self) -> list[Registration]:
        """Registrations in tree order; siblings by how many must be created before, then name."""
        rank: dict[str, int] = {}  # one pass: a resource is registered after what it waits for
        children: dict[str | None, list[Registration]] = {}
        for r in self.run.registrations:
            rank[r.name] = 1 + max((rank.get(d, 0) for d in r.dependencies), default=0)
            children.setdefault(r.parent, []).append(r)
        ordered: list[Registration] = []

        def walk(parent: str | None) -> None:
            for child in sorted(children.get(parent, []), key=lambda r: (rank[r.name], r.name)):
                ordered.append(child)
                walk(child.name)

        walk(None)
        known = {r.name for r in ordered}
        return ordered + [r for r in self.run.registrations if r.name not in known]

    def of_type(self, type_: str) -> list[Registration]:
        return [r for r in self.ordered() if r.type == type_]

    def input_of(self, type_: str, name: str, parse: bool = False) -> Any:
        """Input ``name`` of the first resource of ``type_`` (JSON parsed), or None."""
        found = self.of_type(type_)
        value: Any = found[0].inputs.get(name) if found else None
        with contextlib.suppress(TypeError, ValueError):
            return json.loads(value) if parse else value
        return value

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


def make_plan(
    project: Project,
    stack: str,
    verification_answer: str = "verified",
    stack_outputs: Mapping[str, Mapping[str, str]] | None = None,
) -> Plan:
    """Run the project's program under the mocks."""
    notes = list(project.notes)
    address_key = f"{project.name}:fromAddress"
    config = dict(project.config)
    placeholder = address_key not in config
    config.setdefault(address_key, PLACEHOLDER_ADDRESS)
    check_provider_keys(project)
    try:  # the provider's Region, checked by the package's Region rule
        region = regions.check_region(
            "aws:region", config.get("aws:region") or DEFAULT_REGION, notes.append
        )
    except ValueError as error:
        raise PlanError(str(error)) from None
    config["aws:region"] = region
    read: set[str] = set()  # the configuration keys the program read

    def runner(mocks: SimulatedAws) -> Deployment:
        """The program run from its directory, first on sys.path; its prints go to stderr."""
        path = list(sys.path)
        sys.path.insert(0, str(project.program.parent))
        try:
            with contextlib.chdir(project.directory), contextlib.redirect_stdout(sys.stderr):
                return run_program(
                    lambda: runpy.run_path(str(project.program), run_name="__main__"),
                    project=project.name, stack=stack, config=config, mocks=mocks, read=read,
                )  # fmt: skip
        finally:
            sys.path[:] = path

    try:
        run = runner(SimulatedAws(region, verification="SUCCESS", stack_outputs=stack_outputs))
    except Exception as error:
        placeholder_read = placeholder and address_key in read
        message = explain(error, project, placeholder=placeholder_read, stack_outputs=stack_outputs)
        if message is None:
            raise
        # A misspelt key is often why the program failed: say so on the same line.
        also = unread_settings(project, read)
        raise PlanError("; also: ".join([message, *also])) from error
    if placeholder and address_key in read:
        notes.append(
            f"fromAddress is not set: using the placeholder {PLACEHOLDER_ADDRESS} "
            "(pass --config fromAddress=YOUR_ADDRESS)"
        )
    steps = [  # a domain with a hosted zone: its DomainIdentityVerification is the wait
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
    if run.mocks.waits:
        steps += _checked_waits(runner, run, verification_answer)
    elif verification_answer != "verified":  # why the answer changes nothing in this plan
        why = (
            "the domain's DomainIdentityVerification resource is the wait (its records are in the"
            " hosted zone); the simulated account verifies it at once, so the plan shows it"
            " verified"
            if steps
            else "the program does not wait for SES's verification (verification_timeout_minutes"
            " is 0, or nothing checks it), so SES's answer changes nothing here"
        )
        notes.append(f"--verification {verification_answer}: {why}")
    warnings = unread_settings(project, read)
    plan = Plan(project.name, stack, region, run, notes, warnings, steps, verification_answer)
    order = {r.name: index for index, r in enumerate(plan.ordered())}
    for step in steps:  # in tree order: the program's registrations race one another
        step.waited_for_by.sort(key=order.__getitem__)
        step.made_before.sort(key=order.__getitem__)
    return plan


def _checked_waits(
    runner: Callable[[SimulatedAws], Deployment], run: Deployment, answer: str
) -> list[VerificationStep]:
    """The waits the program checks SES for, and what ``up`` does when SES does not verify."""
    stopped: dict[str, NotVerified] = {}
    status = "FAILED" if answer == "verified" else VERIFICATION_ANSWERS[answer]
    mocks = SimulatedAws(run.mocks.region, verification=status,
                         stack_outputs=run.mocks.stack_outputs)  # fmt: skip
    try:
        runner(mocks)
    except Exception as error:
        stopped = {e.identity: e for e in chain(error) if isinstance(e, NotVerified)}
        if not stopped:
            raise
    made = {r.name for r in mocks.resources}  # what the run made before it stopped
    waiting = [r.name for r in run.registrations if r.name not in made and r.custom]
    shown = answer != "verified"  # what up does when SES does not verify was asked for
    made_here = [r.name for r in run.registrations if r.name in made and r.custom] if shown else []
    return [
        VerificationStep(
            identity=wait.identity,
            minutes=wait.minutes,
            waited_for_by=waiting,
            made_before=made_here,
            up_error=one_line(str(stopped[wait.identity]))
            if shown and wait.identity in stopped
            else None,
        )
        for wait in run.mocks.waits
    ]
