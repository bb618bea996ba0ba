"""See before you deploy: an offline plan of the stack.

``python -m components.plan [--stack NAME] [--config KEY=VALUE ...] [--json] [--program DIR]``

Runs the project's program (``__main__.py`` of the repository by default) under Pulumi's mock
runtime with a simulated AWS account (account :data:`ACCOUNT`, the configured ``aws:region``,
default us-east-1) and prints what ``pulumi up`` would create: the resource tree, what each
resource waits for, the user pool's email configuration and the sending authorization policy.
``--json`` prints one JSON object instead, for ``aws accessanalyzer validate-policy`` or a
linter. No AWS credentials, Pulumi CLI or network are needed.

Configuration comes from ``Pulumi.yaml`` (defaults), ``Pulumi.<NAME>.yaml`` when ``--stack`` is
given, then ``--config`` (an unqualified key is in the project's namespace: ``fromAddress``;
``aws:region`` is qualified). Without a ``fromAddress`` the placeholder
:data:`PLACEHOLDER_ADDRESS` is used, so the plan runs with no arguments.

Exit status: 0 with a plan, 2 with one ``error:`` line when the configuration is invalid.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import runpy
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pulumi
import yaml

from . import regions
from ._mockruntime import ACCOUNT, DEFAULT_REGION, STACK_TYPE, Registration, Run, run_program

#: The FROM address the plan uses when none is configured (a placeholder: not yours).
PLACEHOLDER_ADDRESS = "no-reply@example.com"

#: The stack name when ``--stack`` is not given (no stack file is read then).
DEFAULT_STACK = "plan"

#: The repository root: the default ``--program`` directory.
REPO_ROOT = Path(__file__).resolve().parent.parent

_POOL_TYPE = "aws:cognito/userPool:UserPool"
_POLICY_TYPE = "aws:ses/identityPolicy:IdentityPolicy"
_ARGUMENT_ERROR_RE = re.compile(r"^(?P<argument>[a-z][a-z0-9_]*(?:\[[^\]]*\])?): (?P<problem>.+)$")


class PlanError(Exception):
    """Invalid configuration or project: reported as one ``error:`` line, exit status 2."""


@dataclass
class Project:
    """A Pulumi project directory: its name, program and configuration."""

    directory: Path
    name: str
    program: Path
    config: dict[str, str] = field(default_factory=dict)
    #: Keys (qualified) whose value is encrypted in a stack file and so unknown here.
    secure: set[str] = field(default_factory=set)


@dataclass
class Plan:
    """What the program would create, ready to print."""

    project: str
    stack: str
    region: str
    run: Run
    notes: list[str]

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
        policies = self.of_type(_POLICY_TYPE)
        if not policies:
            return None
        return _parse_json(policies[0].inputs.get("policy"))

    def email_configuration(self) -> Any:
        pools = self.of_type(_POOL_TYPE)
        if not pools:
            return None
        return pools[0].inputs.get("emailConfiguration")

    def to_json(self) -> dict[str, Any]:
        return {
            "resources": [
                {
                    "type": r.type,
                    "name": r.name,
                    "parent": r.parent,
                    "dependsOn": r.dependencies,
                }
                for r in self.ordered()
            ],
            "policyDocument": self.policy_document(),
            "emailConfiguration": self.email_configuration(),
            "outputs": self.run.outputs,
            "stack": self.stack,
            "account": ACCOUNT,
            "region": self.region,
            "invokes": self.run.invokes,
            "notes": self.notes,
        }


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


# -- configuration -------------------------------------------------------------------------


def _config_string(value: Any) -> str:
    """A YAML config value as Pulumi passes it to the program (always a string)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _qualify(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlanError(f"cannot read {path}: {error.strerror}") from None
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        raise PlanError(f"{path} is not valid YAML ({problem}); fix the file") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlanError(f"{path} must hold a YAML mapping; fix the file")
    return data


def load_project(directory: Path, stack: str | None, overrides: Sequence[str]) -> Project:
    """The project in ``directory`` with its configuration for ``stack`` and ``overrides``."""
    manifest_path = directory / "Pulumi.yaml"
    if not manifest_path.is_file():
        raise PlanError(f"no Pulumi.yaml in {directory}; pass --program with a project directory")
    manifest = _read_yaml(manifest_path)
    name = str(manifest.get("name") or "")
    if not name:
        raise PlanError(f"{manifest_path} has no 'name'; add the project name")
    main = directory / str(manifest.get("main") or ".")
    program = main / "__main__.py" if main.is_dir() else main
    if not program.is_file():
        raise PlanError(f"no program at {program}; add __main__.py or fix 'main' in Pulumi.yaml")
    project = Project(directory, name, program)

    # Project-level configuration: a declared default, or a plain value.
    declared = manifest.get("config") or {}
    if isinstance(declared, dict):
        for key, spec in declared.items():
            if isinstance(spec, dict):
                if "default" in spec:
                    project.config[_qualify(name, key)] = _config_string(spec["default"])
            elif spec is not None:
                project.config[_qualify(name, key)] = _config_string(spec)

    if stack is not None:
        stack_path = directory / f"Pulumi.{stack}.yaml"
        if not stack_path.is_file():
            raise PlanError(
                f"no Pulumi.{stack}.yaml in {directory}; create it or leave --stack out"
            )
        stack_config = _read_yaml(stack_path).get("config") or {}
        if not isinstance(stack_config, dict):
            raise PlanError(f"'config' in {stack_path} must be a mapping; fix the file")
        for key, value in stack_config.items():
            qualified = _qualify(name, str(key))
            if isinstance(value, dict) and set(value) == {"secure"}:
                project.secure.add(qualified)
                project.config.pop(qualified, None)
            else:
                project.secure.discard(qualified)
                project.config[qualified] = _config_string(value)

    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise PlanError(f"--config {item!r}: expected KEY=VALUE, e.g. fromAddress=a@b.example")
        qualified = _qualify(name, key.strip())
        project.config[qualified] = value
        project.secure.discard(qualified)

    if project.secure:
        key = sorted(project.secure)[0]
        raise PlanError(
            f"{_setting(name, key)} is encrypted in Pulumi.{stack}.yaml and the plan cannot "
            f"decrypt it; pass --config {_setting(name, key)}=VALUE"
        )
    return project


def _setting(project: str, key: str) -> str:
    """A config key as a user types it: unqualified in the project's namespace."""
    prefix = f"{project}:"
    return key[len(prefix) :] if key.startswith(prefix) else key


def _camel(argument: str) -> str:
    head, *rest = argument.split("_")
    return head + "".join(part.title() for part in rest)


# -- errors --------------------------------------------------------------------------------


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


def explain(error: BaseException, project: Project) -> str | None:
    """One line naming the setting at fault and what to do, or None if not a config error."""
    settings = {_setting(project.name, key) for key in project.config}
    for current in _chain(error):
        if isinstance(current, pulumi.ConfigMissingError):
            key = _setting(project.name, current.key)
            return f"{key} is required; pass --config {key}=VALUE or set it in the stack file"
        if isinstance(current, pulumi.ConfigTypeError):
            key = _setting(project.name, current.key)
            return _one_line(
                f"{key}: {current.value!r} is not a valid {current.expect_type}; "
                f"pass --config {key}=VALUE with a {current.expect_type}"
            )
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


def fail(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


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


def make_plan(project: Project, stack: str) -> Plan:
    """Run the project's program under the mocks. Raises what the program raised."""
    notes: list[str] = []
    address_key = f"{project.name}:fromAddress"
    config = dict(project.config)
    if address_key not in config:
        config[address_key] = PLACEHOLDER_ADDRESS
        notes.append(
            f"fromAddress is not set: using the placeholder {PLACEHOLDER_ADDRESS} "
            "(pass --config fromAddress=YOUR_ADDRESS)"
        )
    region = config.get("aws:region") or DEFAULT_REGION
    if not regions.is_region(region):
        raise PlanError(
            f"aws:region: expected an AWS Region code such as eu-west-1, got {region!r}"
        )
    config["aws:region"] = region
    with _program_context(project):
        run = run_program(
            lambda: runpy.run_path(str(project.program), run_name="__main__"),
            project=project.name,
            stack=stack,
            config=config,
            region=region,
        )
    return Plan(project.name, stack, region, run, notes)


# -- printing ------------------------------------------------------------------------------


def _tree(ordered: Sequence[Registration]) -> list[str]:
    """``name  (type)`` lines drawn as a tree under each parent."""
    children: dict[str | None, list[Registration]] = {}
    names = {r.name for r in ordered}
    for registration in ordered:
        parent = registration.parent if registration.parent in names else None
        children.setdefault(parent, []).append(registration)
    lines: list[str] = []

    def walk(parent: str | None, prefix: str) -> None:
        siblings = children.get(parent, [])
        for index, child in enumerate(siblings):
            last = index == len(siblings) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            lines.append(f"{prefix}{branch}{child.name}  ({child.type})")
            below = "" if parent is None else ("   " if last else "│  ")
            walk(child.name, prefix + below)

    walk(None, "")
    return lines


def render(plan: Plan) -> str:
    """The plan for a reader."""
    lines = [
        f"Plan of stack {plan.stack!r} of project {plan.project!r}: simulated AWS account "
        f"{ACCOUNT}, Region {plan.region} (offline: nothing was created)",
    ]
    lines += [f"note: {note}" for note in plan.notes]
    ordered = plan.ordered()
    lines += ["", f"Resources ({sum(1 for r in ordered if r.type != STACK_TYPE)} + the stack):"]
    lines += [f"  {line}" for line in _tree(ordered)]

    lines += ["", "Waits for (created only after):"]
    waiting = [r for r in ordered if r.dependencies]
    for registration in waiting:
        lines.append(f"  {registration.name} <- {', '.join(registration.dependencies)}")
    if not waiting:
        lines.append("  nothing: every resource can be created at once")

    pools = plan.of_type(_POOL_TYPE)
    lines += ["", f"Email configuration of {pools[0].name}:" if pools else "Email configuration:"]
    configuration = plan.email_configuration()
    if isinstance(configuration, dict):
        width = max((len(key) for key in configuration), default=0)
        lines += [f"  {key:<{width}}  {value}" for key, value in configuration.items()]
    else:
        lines.append("  (no user pool)")

    policies = plan.of_type(_POLICY_TYPE)
    lines.append("")
    if policies:
        policy = policies[0]
        lines.append(
            f"Sending authorization policy {policy.inputs.get('name')!r} "
            f"({policy.name}) on {policy.inputs.get('identity')}:"
        )
        lines.append(json.dumps(plan.policy_document(), indent=2))
    else:
        lines.append("Sending authorization policy: none (DEVELOPER mode needs none)")

    lines += ["", "Outputs:"]
    for key, value in plan.run.outputs.items():
        shown = json.dumps(value) if not isinstance(value, str) else value
        lines.append(f"  {key}: {shown}")
    if not plan.run.outputs:
        lines.append("  (none)")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m components.plan",
        description="Render the stack offline under Pulumi's mock runtime (no AWS, no CLI).",
    )
    parser.add_argument("--stack", help="read Pulumi.STACK.yaml for configuration")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a configuration value (fromAddress=..., aws:region=...); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--program",
        type=Path,
        default=REPO_ROOT,
        metavar="DIR",
        help="the project directory (Pulumi.yaml, program, stack files); default: the repo",
    )
    return parser.parse_args(argv)


def _ignore_event_loop_teardown(unraisable: Any) -> None:
    """Drop the one report at exit that is not ours.

    Pulumi's mock monitor leaves an event loop in each of its worker threads; at exit
    Python may collect one after its self-pipe is closed and print "Exception ignored in
    BaseEventLoop.__del__". Nothing is lost then; anything else is reported as usual.
    """
    if getattr(unraisable.object, "__qualname__", "") != "BaseEventLoop.__del__":
        sys.__unraisablehook__(unraisable)


def main(argv: Sequence[str] | None = None) -> int:
    sys.unraisablehook = _ignore_event_loop_teardown
    args = parse_args(argv)
    project: Project | None = None
    try:
        project = load_project(args.program.resolve(), args.stack, args.config)
        plan = make_plan(project, args.stack or DEFAULT_STACK)
    except PlanError as error:
        fail(str(error))
    except Exception as error:
        message = explain(error, project) if project is not None else None
        if message is None:
            raise
        fail(message)
    if args.json:
        print(json.dumps(plan.to_json(), indent=2))
    else:
        print(render(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
