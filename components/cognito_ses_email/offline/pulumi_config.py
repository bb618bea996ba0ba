"""Pulumi's project and stack configuration, read offline as the Pulumi CLI reads it.

Pure rules (no program run): the files' encoding, keys, value forms and declared types.
Sources: docs/plan.md#sources.
"""

from __future__ import annotations

import codecs
import decimal
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class PlanError(Exception):
    """Invalid configuration or project: reported as one ``error:`` line, exit status 2."""


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


def read_yaml(path: Path) -> dict[str, Any]:
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
    ...}`` whose imports are names or ``{name: {...}}`` (project.go ``Environment``; the ESC
    guide). ``mainEnvironment: project/env`` names one more. Inline ``values`` are listed as
    "an inline environment".
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


def project_file(directory: Path) -> Path:
    for name in PROJECT_FILES:
        if (directory / name).is_file():
            return directory / name
    raise PlanError(f"no Pulumi.yaml in {directory}; pass --program with a project directory")


def stack_directory(manifest: Mapping[str, Any], manifest_path: Path) -> str:
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


def show(path: Path, directory: Path) -> str:
    """``path`` as a person finds it: relative to the project directory when inside it."""
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)
