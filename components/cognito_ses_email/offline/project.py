"""A project directory and its configuration, merged as ``pulumi up`` does (docs/plan.md)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..rules.regions import REGION_VARIABLES


class PlanError(Exception):
    """Invalid configuration or project: reported as one ``error:`` line, exit status 2."""


class _Loader(yaml.SafeLoader):
    """YAML as the Pulumi CLI reads it: a date stays the text written."""


def _as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_written)


@dataclass
class Project:
    """A Pulumi project directory: its name, program and configuration."""

    directory: Path
    name: str
    program: Path
    #: Each setting by qualified key (``project:key``, ``aws:region``), as text.
    config: dict[str, str] = field(default_factory=dict)
    #: The keys Pulumi.yaml's ``config`` names (qualified).
    declared: set[str] = field(default_factory=set)
    #: The keys the stack file or ``--config`` set (qualified), and where each was set.
    given: dict[str, str] = field(default_factory=dict)
    #: What the plan could not read as ``pulumi up`` would (printed as ``note:`` lines).
    notes: list[str] = field(default_factory=list)


def read_yaml(path: Path) -> dict[str, Any]:
    """A Pulumi YAML file's mapping; a UTF-8 byte order mark is dropped, as Pulumi drops it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        if "\x00" in text:  # UTF-16 or UTF-32 without a byte order mark
            raise UnicodeError
        data = yaml.load(text, Loader=_Loader)
    except OSError as error:
        raise PlanError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeError:
        raise PlanError(f"{path} is not UTF-8 text (UTF-16?); save it as UTF-8") from None
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        raise PlanError(f"{path} is not valid YAML ({problem}); fix the file") from None
    if not isinstance(data, dict | None):
        raise PlanError(f"{path} must hold a YAML mapping; fix the file")
    return data or {}


def config_text(value: Any) -> str:
    """A config value as the program gets it: text as written, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def config_key(project: str, key: Any, source: str, *, bare: bool = True) -> str:
    """``key`` as ``namespace:name``; ``bare``: a bare name is the project's (not a stack's)."""
    text = config_text(key)
    parts = text.split(":")
    if len(parts) == 1 and bare and text:
        return f"{project}:{text}"
    if len(parts) != 2 or not all(parts):
        raise PlanError(
            f"{source}: config key {text!r} is not of the form <namespace>:<name>; "
            f"write {project}:{parts[-1] or 'NAME'} (or aws:region for the provider's)"
        )
    return text


def bare_key(project: str, key: str) -> str:
    """A config key as a user types it: unqualified in the project's namespace."""
    return key.removeprefix(f"{project}:")


def load_project(
    directory: Path,
    stack: str | None,
    overrides: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> Project:
    """The project in ``directory``, configured for ``stack``, ``overrides`` and ``environ``."""
    project, manifest, manifest_path = _read_manifest(directory)
    name = project.name
    declared = manifest.get("config")
    # A key's value, or its default; an object goes under ``value:``.
    for key, spec in declared.items() if isinstance(declared, dict) else ():
        qualified = config_key(name, key, manifest_path.name)
        project.declared.add(qualified)
        value = spec.get("value", spec.get("default")) if isinstance(spec, dict) else spec
        if value is not None:
            project.config[qualified] = config_text(value)
    stack_file, encrypted, environments = "", list[str](), list[str]()
    if stack is not None:
        # ``config: <directory>`` is the old spelling of stackConfigDir.
        folder = manifest.get("stackConfigDir") or (declared if isinstance(declared, str) else "")
        stack_file, encrypted, environments = _read_stack_file(
            project, stack, str(folder), manifest_path.suffix
        )
    for item in overrides:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise PlanError(f"--config {item!r}: expected KEY=VALUE, e.g. fromAddress=a@b.example")
        qualified = config_key(name, key.strip(), "--config")
        project.config[qualified] = value
        project.given[qualified] = "--config"
    for key in encrypted:
        if project.given[key] != "--config":
            shown = bare_key(name, key)
            raise PlanError(
                f"{shown} is encrypted in {project.given[key]} and the plan cannot "
                f"decrypt it; pass --config {shown}=VALUE"
            )
    if environments:
        project.notes.append(
            f"{stack_file} imports the Pulumi ESC environment(s) {', '.join(environments)}: the "
            "plan cannot open them offline, so configuration they set is missing here; pass it "
            "with --config KEY=VALUE"
            + ("" if "aws:region" in project.given else " (aws:region too, if they set it)")
        )
    # Without aws:region, the Region pulumi-aws takes from the environment, with a note.
    environ = os.environ if environ is None else environ
    variable = next((v for v in REGION_VARIABLES if environ.get(v)), None)
    if variable and "aws:region" not in project.config:
        project.config["aws:region"] = environ[variable]
        project.notes.append(
            f"aws:region is not configured: using {environ[variable]} from {variable}, "
            "as pulumi-aws does"
        )
    return project


def _read_manifest(directory: Path) -> tuple[Project, dict[str, Any], Path]:
    """The project Pulumi.yaml describes, the file's mapping and its path."""
    manifest_path = directory / "Pulumi.yaml"
    if not manifest_path.is_file() and (directory / "Pulumi.yml").is_file():
        manifest_path = directory / "Pulumi.yml"
    if not manifest_path.is_file():
        raise PlanError(f"no Pulumi.yaml in {directory}; pass --program with a project directory")
    manifest = read_yaml(manifest_path)
    name = manifest.get("name")
    if not name or not isinstance(name, str):
        raise PlanError(f"{manifest_path} has no 'name'; add the project name")
    main = directory / str(manifest.get("main") or ".")
    program = main / "__main__.py" if main.is_dir() else main
    if not program.is_file():
        raise PlanError(f"no program at {program}; add __main__.py or fix 'main' in Pulumi.yaml")
    return Project(directory, name, program), manifest, manifest_path


def _read_stack_file(
    project: Project, stack: str, folder: str, suffix: str
) -> tuple[str, list[str], list[str]]:
    """Reads ``Pulumi.<stack>.yaml`` into ``project``: its name shown, encrypted keys, imports."""
    # Go's filepath.Join: the folder is relative to the project even if it starts with /.
    path = (
        Path(os.path.normpath(f"{project.directory}{os.sep}{folder}")) / f"Pulumi.{stack}{suffix}"
    )
    if not path.is_file():
        raise PlanError(f"no {path.name} in {path.parent}; create it or leave --stack out")
    shown = str(
        path.relative_to(project.directory) if path.is_relative_to(project.directory) else path
    )
    stack_file = read_yaml(path)
    config = stack_file.get("config") or {}
    if not isinstance(config, dict):
        raise PlanError(f"'config' in {path} must be a mapping; fix the file")
    encrypted = []
    for key, value in config.items():
        qualified = config_key(project.name, key, shown, bare=False)
        project.given[qualified] = shown
        if _encrypted(value):
            encrypted.append(qualified)
            project.config.pop(qualified, None)
        else:
            project.config[qualified] = config_text(value)
    return shown, encrypted, _environments(stack_file)


def _encrypted(value: Any) -> bool:
    """Whether a stack value is, or holds, an encrypted ``{secure: ...}`` value."""
    if isinstance(value, dict):
        return set(value) == {"secure"} or any(map(_encrypted, value.values()))
    return isinstance(value, list) and any(map(_encrypted, value))


def _environments(stack_file: Mapping[str, Any]) -> list[str]:
    """The Pulumi ESC environments a stack file imports."""
    environment = stack_file.get("environment") or []
    if isinstance(environment, dict):
        imports = environment.get("imports") or []
        names = [n for item in imports for n in (item if isinstance(item, dict) else [item])]
        names += ["an inline environment"] if environment.get("values") else []
    else:
        names = [environment] if isinstance(environment, str) else list(environment)
    if stack_file.get("mainEnvironment"):
        names.append(stack_file["mainEnvironment"])
    return [config_text(name) for name in names]
