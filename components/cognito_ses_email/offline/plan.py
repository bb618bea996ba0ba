"""Running the project's program against the simulated AWS account, and the Plan it yields.

The run records which configuration keys the program reads, so the notes and warnings speak
only of settings that matter; errors the program raises become one line naming the setting.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import runpy
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi.config

from ..rules import keys, regions
from .account import (
    DEFAULT_REGION,
    IDENTITY_POLICY,
    NOTIFICATION_TOPIC,
    TOPIC_POLICY,
    USER_POOL,
    UnansweredInvoke,
)
from .project import Project, bare_key
from .pulumi_config import PlanError
from .simulated_aws import Registration, Run, run_program

#: The FROM address the plan uses when none is configured (a placeholder: not yours).
PLACEHOLDER_ADDRESS = "no-reply@example.com"

#: The stack name when ``--stack`` is not given (no stack file is read then).
DEFAULT_STACK = "plan"

_ARGUMENT_ERROR_RE = re.compile(r"^(?P<argument>[a-z][a-z0-9_]*(?:\[[^\]]*\])?): (?P<problem>.+)$")

_UNANSWERED_RE = re.compile(r"the simulated AWS account does not answer (?P<token>\S+)")


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


def _camel(argument: str) -> str:
    head, *rest = argument.split("_")
    return head + "".join(part.title() for part in rest)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it was raised from or during."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        pending.extend(a for a in current.args if isinstance(a, BaseException))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def explain(error: BaseException, project: Project, *, placeholder: bool = False) -> str | None:
    """One line naming the setting at fault and what to do, or None if not a config error.

    ``placeholder``: the program ran on :data:`PLACEHOLDER_ADDRESS`, so an error about the
    FROM address says it is the placeholder.
    """
    message = _config_error(error, project) or _unanswered_invoke(error)
    if message is None:
        message = _argument_error(error, project, placeholder=placeholder)
        if message is not None and placeholder and _about_the_address(message):
            message += (
                f" ({PLACEHOLDER_ADDRESS} is the plan's placeholder, as fromAddress is not "
                "set: pass --config fromAddress=YOUR_ADDRESS)"
            )
    return message


def _config_error(error: BaseException, project: Project) -> str | None:
    for current in _chain(error):
        if isinstance(current, pulumi.ConfigMissingError):
            key = bare_key(project.name, current.key)
            return f"{key} is required; pass --config {key}=VALUE or set it in the stack file"
        if isinstance(current, pulumi.ConfigTypeError):
            key = bare_key(project.name, current.key)
            return _one_line(
                f"{key}: {current.value!r} is not a valid {current.expect_type}; "
                f"pass --config {key}=VALUE with a {current.expect_type}"
            )
    return None


def _unanswered_invoke(error: BaseException) -> str | None:
    """The line for an invoke the simulated account does not answer, naming the function."""
    for current in _chain(error):
        token = current.token if isinstance(current, UnansweredInvoke) else None
        match = _UNANSWERED_RE.search(str(current))
        token = token or (match["token"] if match else None)
        if token:
            return (
                f"the program calls {token}, which the plan's simulated AWS account does not "
                "answer, so the program cannot be planned offline; in your own tests, answer it "
                "in a subclass of cognito_ses_email.testing.Mocks"
            )
    return None


def _argument_error(error: BaseException, project: Project, *, placeholder: bool) -> str | None:
    settings = {bare_key(project.name, key) for key in project.config}
    if placeholder:
        settings.add("fromAddress")
    for current in _chain(error):
        if isinstance(current, ValueError):
            match = _ARGUMENT_ERROR_RE.match(_one_line(str(current)))
            if match is None:
                continue
            argument = match["argument"]
            setting = _camel(argument)
            named = f"{setting} ({argument})" if setting in settings else argument
            return f"{named}: {match['problem']}"
    return None


def _about_the_address(message: str) -> bool:
    return message.startswith("fromAddress") or PLACEHOLDER_ADDRESS in message


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


def make_plan(project: Project, stack: str) -> Plan:
    """Run the project's program under the mocks.

    Raises PlanError with one line for a configuration error, else what the program raised.
    """
    notes: list[str] = list(project.notes)
    address_key = f"{project.name}:fromAddress"
    config = dict(project.config)
    placeholder = address_key not in config
    if placeholder:
        config[address_key] = PLACEHOLDER_ADDRESS
    region = provider_region(project, notes)
    config["aws:region"] = region
    read: set[str] = set()
    try:
        with _program_context(project), _recording_reads(read):
            run = run_program(
                lambda: runpy.run_path(str(project.program), run_name="__main__"),
                project=project.name,
                stack=stack,
                config=config,
                region=region,
            )
    except Exception as error:
        message = explain(error, project, placeholder=placeholder and address_key in read)
        if message is None:
            raise
        # A misspelt key is often why the program failed: say so on the same line.
        raise PlanError("; also: ".join([message, *unread_settings(project, read)])) from error
    if placeholder and address_key in read:
        notes.append(
            f"fromAddress is not set: using the placeholder {PLACEHOLDER_ADDRESS} "
            "(pass --config fromAddress=YOUR_ADDRESS)"
        )
    return Plan(project.name, stack, region, run, notes, unread_settings(project, read))


def unread_settings(project: Project, read: set[str]) -> list[str]:
    """Warnings for keys of the project's namespace that were set, not declared and not read.

    Pulumi passes an undeclared key to the program without complaint (its config merge checks
    declared keys only), so this is a warning, not an error.
    """
    declared = sorted(bare_key(project.name, key) for key in project.declared)
    warnings: list[str] = []
    for key, where in project.given.items():
        if not key.startswith(f"{project.name}:") or key in project.declared or key in read:
            continue
        shown = bare_key(project.name, key)
        warnings.append(
            f"{shown} (set in {where}) is not declared in Pulumi.yaml's config and the "
            f"program does not read it{keys.did_you_mean(shown, declared)}"
        )
    return warnings
