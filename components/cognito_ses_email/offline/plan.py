"""See before you deploy: an offline plan of the stack.

``python -m components.plan [--stack NAME] [--config KEY=VALUE ...] [--json] [--program DIR]``

Runs the project's program (``__main__.py`` of the repository by default) under Pulumi's mock
runtime with a simulated AWS account (account :data:`ACCOUNT`, the configured ``aws:region``,
default us-east-1) and prints what ``pulumi up`` would create: the resource tree, what each
resource waits for, the user pool's email configuration and the sending authorization policy.
``--json`` prints one JSON object instead, for ``aws accessanalyzer validate-policy`` or a
linter. No AWS credentials, Pulumi CLI or network are needed.

Configuration is read as the Pulumi CLI reads it, highest precedence first: ``--config`` (an
unqualified key is in the project's namespace: ``fromAddress``; ``aws:region`` is qualified);
``Pulumi.<NAME>.yaml`` when ``--stack`` is given (in ``stackConfigDir`` when Pulumi.yaml sets
one); Pulumi.yaml's ``config`` (defaults of the project's keys, values of others such as
``aws:region``). Files must be UTF-8 (a byte order mark is allowed). Pulumi ESC environments a
stack file imports cannot be opened offline: a note names them. The Region is ``aws:region``,
else ``AWS_REGION`` or ``AWS_DEFAULT_REGION`` as pulumi-aws reads them, else us-east-1. Without a
``fromAddress`` the placeholder :data:`PLACEHOLDER_ADDRESS` is used, so the plan runs with no
arguments.

Exit status: 0 with a plan, 2 with one ``error:`` line when the configuration is invalid.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import decimal
import json
import math
import os
import re
import runpy
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pulumi
import yaml

from ..rules import regions
from .simulated_aws import (
    ACCOUNT,
    DEFAULT_REGION,
    IDENTITY_POLICY,
    NOTIFICATION_TOPIC,
    STACK_TYPE,
    TOPIC_POLICY,
    USER_POOL,
    Registration,
    Run,
    run_program,
)

#: The FROM address the plan uses when none is configured (a placeholder: not yours).
PLACEHOLDER_ADDRESS = "no-reply@example.com"

#: The stack name when ``--stack`` is not given (no stack file is read then).
DEFAULT_STACK = "plan"


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
    #: The stack file read, as shown to a person (``config/Pulumi.dev.yaml``), if any.
    stack_file: str | None = None
    #: Pulumi ESC environments the stack file imports: their values are unknown here.
    environments: list[str] = field(default_factory=list)
    #: What the plan should tell about the configuration (printed as ``note:`` lines).
    notes: list[str] = field(default_factory=list)


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

    def to_json(self) -> dict[str, Any]:
        return {
            "resources": [
                {
                    "type": r.type,
                    "name": r.name,
                    "parent": r.parent,
                    "dependsOn": sorted(r.dependencies),
                }
                for r in self.ordered()
            ],
            "policyDocument": self.policy_document(),
            "notifications": self.notifications(),
            "topicPolicyDocument": self.topic_policy_document(),
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
#
# Read as the Pulumi CLI reads it. Sources: the project file reference
# (https://www.pulumi.com/docs/iac/concepts/projects/project-file/, "config" and
# "stackConfigDir"), and the CLI's own code in pulumi/pulumi sdk/go/common: workspace/loaders.go
# (BOM), workspace/project.go (project config forms and their checks), workspace/config.go
# (how project and stack values merge), resource/config/key.go and object.go (keys, values).

#: Project file names, in the order they are looked for; stack files take the same extension.
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")

#: Config types a project may declare (``ProjectConfigType`` in project.go).
CONFIG_TYPES = ("string", "integer", "boolean", "array", "object")

#: The attributes of a declaration in Pulumi.yaml's ``config`` (project.go, project.json).
_DECLARATION_ATTRIBUTES = ("default", "description", "items", "secret", "type", "value")

#: What Go's ``strconv.Atoi`` accepts, which Pulumi uses to check an ``integer``.
_GO_INT_RE = re.compile(r"[+-]?[0-9]+")

#: Byte order marks of encodings Pulumi files must not be in (PowerShell's ``>`` writes UTF-16).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

#: Environment variables pulumi-aws takes the Region from when ``aws:region`` is not set
#: (``pulumi_aws.config.region`` and ``Provider``: ``AWS_REGION``, then ``AWS_DEFAULT_REGION``).
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


class _PulumiYamlLoader(yaml.SafeLoader):
    """YAML typed as the Pulumi CLI (go-yaml) types it: a timestamp stays the text written."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_PulumiYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def decode_pulumi_file(path: Path, data: bytes) -> str:
    """The text of a Pulumi YAML file, which must be UTF-8.

    A UTF-8 byte order mark is dropped, as Pulumi's ``readFileStripUTF8BOM`` drops it. UTF-16
    and UTF-32 (what Windows PowerShell's ``>`` and ``Out-File`` write) are refused with one
    line that names the file and says to save it as UTF-8.
    """
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            raise PlanError(
                f"{path} is {encoding} text, not UTF-8 (Windows PowerShell's '>' writes "
                "UTF-16); save it as UTF-8"
            )
    if b"\x00" in data:
        raise PlanError(
            f"{path} holds NUL bytes: it is UTF-16 or UTF-32 text, not UTF-8; save it as UTF-8"
        )
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(data) - len(body)
        raise PlanError(
            f"{path} is not UTF-8 (byte 0x{body[error.start]:02x} at offset {offset}); "
            "save it as UTF-8"
        ) from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = decode_pulumi_file(path, path.read_bytes())
        data = yaml.load(text, Loader=_PulumiYamlLoader)
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


def _go_float(value: float) -> str:
    """``value`` as Go's encoding/json writes a float64 (no ``.0``, exponent only if huge/tiny)."""
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        mantissa, _, exponent = repr(value).partition("e")
        return f"{mantissa}e{int(exponent):+d}"
    text = format(decimal.Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _go_json_string(text: str) -> str:
    """``text`` as a JSON string the way Go's encoding/json escapes it (HTML-safe)."""
    encoded = json.dumps(text, ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        encoded = encoded.replace(char, escape)
    return encoded


def _go_json(value: Any) -> str:
    """``value`` as Go's ``json.Marshal`` writes it: compact, map keys sorted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, dict):
        items = sorted(((config_string(k), v) for k, v in value.items()), key=lambda kv: kv[0])
        return "{" + ",".join(f"{_go_json_string(k)}:{_go_json(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_go_json(item) for item in value) + "]"
    return _go_json_string(str(value))


def config_string(value: Any) -> str:
    """A YAML config value as Pulumi passes it to the program: always a string.

    Text as written; ``true``/``false``; numbers as Go prints them; a list or mapping (a
    ``value:`` object) as compact JSON with sorted keys, which ``Config.get_object`` parses.
    """
    return value if isinstance(value, str) else _go_json(value)


def config_key(project: str, key: Any, source: str, *, bare: bool) -> str:
    """``key`` as ``namespace:name``, read as Pulumi's ``config.ParseKey`` reads it.

    ``namespace:config:name`` is the old spelling of ``namespace:name``. A bare name is in the
    project's namespace where Pulumi allows one (``bare``: Pulumi.yaml and ``--config``); a
    stack file must name the namespace.
    """
    text = config_string(key)
    parts = text.split(":")
    if len(parts) == 1 and bare and text:
        return f"{project}:{text}"
    if len(parts) == 2 and all(parts):
        return text
    if len(parts) == 3 and parts[1] == "config" and parts[0] and parts[2]:
        return f"{parts[0]}:{parts[2]}"
    raise PlanError(
        f"{source}: config key {text!r} is not of the form <namespace>:<name>; "
        f"write {project}:{parts[-1] or 'NAME'} (or aws:region for the provider's)"
    )


def matches_type(type_name: str, items: Any, value: Any) -> bool:
    """Whether ``value`` is of a declared config type (Pulumi's ``ValidateConfigValue``).

    As Pulumi checks: an ``integer`` may be written as text of digits and a ``boolean`` as
    ``"true"``/``"false"``, because stack values reach the check as text.
    """
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, str) and _GO_INT_RE.fullmatch(value) is not None
    if type_name == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if type_name == "object":
        return isinstance(value, dict)
    if not isinstance(value, list) or not isinstance(items, dict):
        return False
    return all(matches_type(str(items.get("type")), items.get("items"), item) for item in value)


def type_name(type_: str, items: Any) -> str:
    """A declared type as Pulumi names it in errors: ``array<string>``."""
    if isinstance(items, dict):
        return f"array<{type_name(str(items.get('type')), items.get('items'))}>"
    return type_


@dataclass(frozen=True)
class Declaration:
    """A project config key's declared ``type`` (with ``items``) and ``secret``."""

    type: str
    items: Any = None
    secret: bool = False

    def accepts(self, value: Any) -> bool:
        return matches_type(self.type, self.items, value)

    def __str__(self) -> str:
        return type_name(self.type, self.items)


def project_config(
    project: str, declared: Mapping[Any, Any], source: str
) -> tuple[dict[str, str], dict[str, Declaration]]:
    """The values and declared types of Pulumi.yaml's ``config``, checked as Pulumi checks them.

    A key in the project's own namespace (``fromAddress`` or ``<project>:fromAddress``) is a
    declaration: ``type``, ``description``, ``items``, ``secret`` and a ``default``, or a plain
    value, which is its default. Any other key (``aws:region``) takes a plain value or
    ``{value: ...}``, never ``type`` or ``default``. An object value goes under ``value:``.
    Raises PlanError where Pulumi refuses the project file (project.go ``Validate``).
    """
    values: dict[str, str] = {}
    types: dict[str, Declaration] = {}
    for key, spec in declared.items():
        qualified = config_key(project, key, source, bare=True)
        own = qualified.startswith(f"{project}:")
        where = f"{source}: config {config_string(key)!r}"
        spec = _config_spec(where, spec, own)
        if own and spec.get("type") is not None:
            types[qualified] = _checked_declaration(where, spec)
        elif not own:
            _check_namespaced(where, spec)
        chosen = spec["value"] if spec.get("value") is not None else spec.get("default")
        if chosen is not None:
            values[qualified] = config_string(chosen)
    return values, types


def _config_spec(where: str, spec: Any, own: bool) -> dict[Any, Any]:
    """A config entry as a mapping of attributes: a plain value is a default (own) or value."""
    if spec is None:
        spec = {}
    elif not isinstance(spec, dict):
        spec = {"default": spec} if own else {"value": spec}
    unknown = sorted(map(str, set(spec) - set(_DECLARATION_ATTRIBUTES)))
    if unknown:
        raise PlanError(
            f"{where} has unknown attribute(s) {', '.join(unknown)}; the attributes are "
            f"{', '.join(_DECLARATION_ATTRIBUTES)}, and an object value goes under 'value:'"
        )
    if spec.get("default") is not None and spec.get("value") is not None:
        raise PlanError(f"{where} has both 'default' and 'value'; keep one")
    return spec


def _checked_declaration(where: str, spec: Mapping[Any, Any]) -> Declaration:
    """The declared type of a key in the project's namespace; its default must be of it."""
    declaration = _declaration(where, spec["type"], spec)
    default = spec.get("default")
    if default is not None and not declaration.accepts(default):
        raise PlanError(
            f"{where}: the default {default!r} is not of its type '{declaration}'; "
            "fix the default or the type"
        )
    return declaration


def _check_namespaced(where: str, spec: Mapping[Any, Any]) -> None:
    """Another namespace's key (``aws:region``) takes ``value:`` only."""
    if spec.get("type") is not None:
        raise PlanError(
            f"{where} is not in the project's namespace, so it cannot declare a 'type'; remove it"
        )
    if spec.get("default") is not None:
        raise PlanError(
            f"{where} is not in the project's namespace, so it takes 'value:', not 'default:'"
        )
    if spec.get("value") is None:
        raise PlanError(f"{where} is not in the project's namespace and needs a 'value:'")


def _declaration(where: str, declared_type: Any, spec: Mapping[str, Any]) -> Declaration:
    if declared_type not in CONFIG_TYPES:
        raise PlanError(
            f"{where}: type {declared_type!r} is not one of {', '.join(CONFIG_TYPES)}; fix it"
        )
    items = spec.get("items")
    if declared_type == "array" and not isinstance(items, dict):
        raise PlanError(f"{where} declares an array without 'items'; add items: {{type: ...}}")
    return Declaration(str(declared_type), items, spec.get("secret") is True)


def _is_secure(value: Any) -> bool:
    """Whether a stack value is, or holds, an encrypted ``{secure: ...}`` value."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get("secure"), str):
            return True
        return any(_is_secure(item) for item in value.values())
    if isinstance(value, list):
        return any(_is_secure(item) for item in value)
    return False


def stack_values(
    project: str, config: Mapping[Any, Any], source: str
) -> tuple[dict[str, Any], set[str]]:
    """A stack file's ``config``: its plain values by qualified key, and its encrypted keys."""
    plain: dict[str, Any] = {}
    secure: set[str] = set()
    for key, value in config.items():
        qualified = config_key(project, key, source, bare=False)
        if _is_secure(value):
            secure.add(qualified)
        else:
            plain[qualified] = value
    return plain, secure


def environment_imports(stack_file: Mapping[str, Any]) -> list[str]:
    """The Pulumi ESC environments a stack file draws configuration from.

    ``environment:`` is a list of names or an inline definition ``{imports: [...], values:
    ...}`` whose imports are names or ``{name: {...}}`` (project.go ``Environment``; ESC guide
    https://www.pulumi.com/docs/esc/guides/pulumi-iac/). ``mainEnvironment: project/env`` names
    one more. Inline ``values`` are listed as "an inline environment".
    """
    names: list[str] = []
    environment = stack_file.get("environment")
    if isinstance(environment, str):
        names.append(environment)
    elif isinstance(environment, list):
        names.extend(config_string(name) for name in environment)
    elif isinstance(environment, dict):
        imports = environment.get("imports") or []
        for item in imports if isinstance(imports, list) else [imports]:
            if isinstance(item, dict):
                names.extend(config_string(name) for name in item)
            else:
                names.append(config_string(item))
        if environment.get("values"):
            names.append("an inline environment")
    main = stack_file.get("mainEnvironment")
    if main:
        names.append(config_string(main))
    return names


def _project_file(directory: Path) -> Path:
    for name in PROJECT_FILES:
        if (directory / name).is_file():
            return directory / name
    raise PlanError(f"no Pulumi.yaml in {directory}; pass --program with a project directory")


def _stack_directory(manifest: Mapping[str, Any], manifest_path: Path) -> str:
    """Where stack files live, relative to the project: ``stackConfigDir``.

    ``config: <directory>`` is its old spelling (project.go
    ``RewriteConfigPathIntoStackConfigDir``); Pulumi refuses both at once.
    """
    legacy = manifest.get("config")
    directory = manifest.get("stackConfigDir")
    if isinstance(legacy, str):
        if directory is not None:
            raise PlanError(
                f"{manifest_path.name} sets the stack directory with both 'config' and "
                "'stackConfigDir'; keep only stackConfigDir"
            )
        directory = legacy
    if directory is None:
        return ""
    if not isinstance(directory, str):
        raise PlanError(f"{manifest_path.name}: stackConfigDir must be a directory path")
    return directory


def _show(path: Path, directory: Path) -> str:
    """``path`` as a person finds it: relative to the project directory when inside it."""
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)


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
    manifest_path = _project_file(directory)
    manifest = _read_yaml(manifest_path)
    project = _project(directory, manifest, manifest_path)
    declared = manifest.get("config")
    if declared is not None and not isinstance(declared, (dict, str)):
        raise PlanError(f"'config' in {manifest_path.name} must be a mapping; fix the file")
    types: dict[str, Declaration] = {}
    if isinstance(declared, dict):
        project.config, types = project_config(project.name, declared, manifest_path.name)

    # Values from the stack file and --config, each checked against its declared type.
    given: dict[str, Any] = {}
    if stack is not None:
        given.update(_read_stack_file(project, stack, manifest, manifest_path, types))
    given.update(_apply_overrides(project, overrides))
    for key, value in given.items():
        declaration = types.get(key)
        if declaration is not None and not declaration.accepts(value):
            setting = _setting(project.name, key)
            raise PlanError(
                f"{setting} must be of type '{declaration}' as {manifest_path.name} declares "
                f"it, got {value!r}; fix it in the stack file or pass --config {setting}=VALUE"
            )

    if project.secure:
        key = _setting(project.name, sorted(project.secure)[0])
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
    stack_dir = _stack_directory(manifest, manifest_path)
    # Go's filepath.Join: the directory is relative to the project even if it starts with /.
    folder = Path(os.path.normpath(f"{directory}{os.sep}{stack_dir}"))
    stack_path = folder / f"Pulumi.{stack}{manifest_path.suffix}"
    shown = _show(stack_path, directory)
    if not stack_path.is_file():
        raise PlanError(f"no {stack_path.name} in {folder}; create it or leave --stack out")
    project.stack_file = shown
    stack_file = _read_yaml(stack_path)
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
                f"{_setting(name, key)} is declared secret in {manifest_path.name} but is "
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
    """What the plan could not read as ``pulumi up`` would, and where the Region came from.

    ``given`` are the keys the stack file or ``--config`` set: an ESC environment's values
    yield to those but override Pulumi.yaml's. Sets ``aws:region`` from the environment
    variables when no configuration sets it.
    """
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
    notes: list[str] = list(project.notes)
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
        lines.append(f"  {registration.name} <- {', '.join(sorted(registration.dependencies))}")
    if not waiting:
        lines.append("  nothing: every resource can be created at once")

    pools = plan.of_type(USER_POOL)
    lines += ["", f"Email configuration of {pools[0].name}:" if pools else "Email configuration:"]
    configuration = plan.email_configuration()
    if isinstance(configuration, dict):
        width = max((len(key) for key in configuration), default=0)
        lines += [f"  {key:<{width}}  {value}" for key, value in configuration.items()]
    else:
        lines.append("  (no user pool)")

    policies = plan.of_type(IDENTITY_POLICY)
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

    notified = plan.notifications()
    if notified:
        lines += ["", "Notifications (SES -> SNS):"]
        lines += [f"  {n['type']}: {n['identity']} -> {n['topicArn']}" for n in notified]
    topic_policy = plan.topic_policy_document()
    if topic_policy is not None:
        lines += ["", "Notification topic policy:", json.dumps(topic_policy, indent=2)]

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
        default=Path(),
        metavar="DIR",
        help="the project directory (Pulumi.yaml, program, stack files); default: the current one",
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
