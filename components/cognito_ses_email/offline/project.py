"""The project in a directory with its configuration for a stack: Pulumi.yaml, the stack
file, ``--config`` and the Region's environment variables, merged as ``pulumi up`` merges them."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pulumi_config import (
    Declaration,
    PlanError,
    config_key,
    config_string,
    environment_imports,
    project_config,
    project_file,
    read_yaml,
    show,
    stack_directory,
    stack_values,
)

#: Environment variables pulumi-aws takes the Region from when ``aws:region`` is not set
#: (``pulumi_aws.config.region`` and ``Provider``: ``AWS_REGION``, then ``AWS_DEFAULT_REGION``).
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


@dataclass
class Project:
    """A Pulumi project directory: its name, program and configuration."""

    directory: Path
    name: str
    program: Path
    config: dict[str, str] = field(default_factory=dict)
    #: Keys (qualified) whose value is encrypted in a stack file and so unknown here.
    secure: set[str] = field(default_factory=set)
    #: The stack file read, as shown to a person (``config/Pulumi.dev.yaml``), if any.
    stack_file: str | None = None
    #: Pulumi ESC environments the stack file imports: their values are unknown here.
    environments: list[str] = field(default_factory=list)
    #: What the plan should tell about the configuration (printed as ``note:`` lines).
    notes: list[str] = field(default_factory=list)
    #: The keys Pulumi.yaml's ``config`` names (qualified), values or declarations.
    declared: set[str] = field(default_factory=set)
    #: The keys the stack file or ``--config`` set (qualified), and where each was set.
    given: dict[str, str] = field(default_factory=dict)


def load_project(
    directory: Path,
    stack: str | None,
    overrides: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> Project:
    """The project in ``directory`` with its configuration for ``stack`` and ``overrides``.

    Precedence, highest first: ``--config``; the stack file ``Pulumi.<stack>.yaml`` (in
    ``stackConfigDir`` when set); Pulumi.yaml's values and defaults. ESC environments a stack
    file imports cannot be opened offline: a note names them. Without ``aws:region`` the
    Region comes from ``AWS_REGION`` or ``AWS_DEFAULT_REGION`` in ``environ`` (the process's
    environment by default), as pulumi-aws takes it.
    """
    manifest_path = project_file(directory)
    manifest = read_yaml(manifest_path)
    project = _project(directory, manifest, manifest_path)
    declared = manifest.get("config")
    if declared is not None and not isinstance(declared, (dict, str)):
        raise PlanError(f"'config' in {manifest_path.name} must be a mapping; fix the file")
    types: dict[str, Declaration] = {}
    if isinstance(declared, dict):
        project.config, types = project_config(project.name, declared, manifest_path.name)
        project.declared = {
            config_key(project.name, key, manifest_path.name, bare=True) for key in declared
        }

    # Values from the stack file and --config, each checked against its declared type.
    given: dict[str, Any] = {}
    if stack is not None:
        given.update(_read_stack_file(project, stack, manifest, manifest_path, types))
        project.given = dict.fromkeys([*given, *project.secure], str(project.stack_file))
    overrides_given = _apply_overrides(project, overrides)
    project.given.update(dict.fromkeys(overrides_given, "--config"))
    given.update(overrides_given)
    for key, value in given.items():
        declaration = types.get(key)
        if declaration is not None and not declaration.accepts(value):
            shown = bare_key(project.name, key)
            raise PlanError(
                f"{shown} must be of type '{declaration}' as {manifest_path.name} declares "
                f"it, got {value!r}; fix it in the stack file or pass --config {shown}=VALUE"
            )

    if project.secure:
        key = bare_key(project.name, sorted(project.secure)[0])
        raise PlanError(
            f"{key} is encrypted in {project.stack_file} and the plan cannot "
            f"decrypt it; pass --config {key}=VALUE"
        )
    environ = os.environ if environ is None else environ
    project.notes.extend(_configuration_notes(project, set(given), environ))
    return project


def _project(directory: Path, manifest: Mapping[str, Any], manifest_path: Path) -> Project:
    """The project's name and program, from Pulumi.yaml."""
    name = manifest.get("name")
    if not name or not isinstance(name, str):
        raise PlanError(f"{manifest_path} has no 'name'; add the project name")
    main = directory / str(manifest.get("main") or ".")
    program = main / "__main__.py" if main.is_dir() else main
    if not program.is_file():
        raise PlanError(f"no program at {program}; add __main__.py or fix 'main' in Pulumi.yaml")
    return Project(directory, name, program)


def _read_stack_file(
    project: Project,
    stack: str,
    manifest: Mapping[str, Any],
    manifest_path: Path,
    types: Mapping[str, Declaration],
) -> dict[str, Any]:
    """Reads ``Pulumi.<stack>.yaml`` into ``project``; returns the values it sets."""
    directory, name = project.directory, project.name
    stack_dir = stack_directory(manifest, manifest_path)
    # Go's filepath.Join: the directory is relative to the project even if it starts with /.
    folder = Path(os.path.normpath(f"{directory}{os.sep}{stack_dir}"))
    stack_path = folder / f"Pulumi.{stack}{manifest_path.suffix}"
    shown = show(stack_path, directory)
    if not stack_path.is_file():
        raise PlanError(f"no {stack_path.name} in {folder}; create it or leave --stack out")
    project.stack_file = shown
    stack_file = read_yaml(stack_path)
    stack_config = stack_file.get("config") or {}
    if not isinstance(stack_config, dict):
        raise PlanError(f"'config' in {stack_path} must be a mapping; fix the file")
    plain, secure = stack_values(name, stack_config, shown)
    for key in secure:
        project.config.pop(key, None)
    project.secure = secure
    given: dict[str, Any] = {}
    for key, value in plain.items():
        declaration = types.get(key)
        if declaration is not None and declaration.secret:
            raise PlanError(
                f"{bare_key(name, key)} is declared secret in {manifest_path.name} but is "
                f"plain text in {shown}; set it with pulumi config set --secret"
            )
        project.config[key] = config_string(value)
        # Pulumi checks a stack value as text, or as the object it holds.
        given[key] = value if isinstance(value, (dict, list)) else config_string(value)
    environments = environment_imports(stack_file)
    if environments:
        project.environments = environments
    return given


def _apply_overrides(project: Project, overrides: Sequence[str]) -> dict[str, Any]:
    """``--config KEY=VALUE`` into ``project``; returns the values they set."""
    given: dict[str, Any] = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise PlanError(f"--config {item!r}: expected KEY=VALUE, e.g. fromAddress=a@b.example")
        qualified = config_key(project.name, key.strip(), "--config", bare=True)
        project.config[qualified] = value
        project.secure.discard(qualified)
        given[qualified] = value
    return given


def _configuration_notes(
    project: Project, given: set[str], environ: Mapping[str, str]
) -> list[str]:
    """What the plan could not read as ``pulumi up`` would; sets aws:region from the environment."""
    notes: list[str] = []
    if project.environments:
        listed = ", ".join(project.environments)
        note = (
            f"{project.stack_file} imports the Pulumi ESC environment(s) {listed}: the plan "
            "cannot open them offline, so configuration they set is missing here; pass it "
            "with --config KEY=VALUE"
        )
        if "aws:region" not in given:
            note += " (aws:region too, if they set it)"
        notes.append(note)
    if "aws:region" not in project.config:
        for variable in REGION_VARIABLES:
            region = environ.get(variable)
            if region:
                project.config["aws:region"] = region
                notes.append(
                    f"aws:region is not configured: using {region} from {variable}, "
                    "as pulumi-aws does"
                )
                break
    return notes


def bare_key(project: str, key: str) -> str:
    """A config key as a user types it: unqualified in the project's namespace."""
    prefix = f"{project}:"
    return key[len(prefix) :] if key.startswith(prefix) else key
