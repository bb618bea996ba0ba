"""The package's layers, read from its source: rules import no pulumi, no import runs back up.

rules/ (pure AWS rules) -> nothing above it; model.py (the checked arguments) -> nothing;
outputs.py (a rule applied now or when an Output resolves) -> rules/; arguments/ (the checks)
and resources/ (the children) -> those three, never each other; the component (component.py,
provider.py, ...) -> any layer.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "components" / "cognito_ses_email"
RULES = sorted(path for path in (PACKAGE / "rules").glob("*.py"))
#: Each layer and the layers it may import from (besides itself).
MAY_IMPORT = {
    "rules": set(),
    "model": set(),
    "outputs": {"rules"},
    "arguments": {"rules", "model", "outputs"},
    "resources": {"rules", "model", "outputs"},
}
PULUMI = ("pulumi", "pulumi_aws")


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports (anywhere in it), as an absolute dotted name, with its line."""
    package = ["cognito_ses_email", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module is None:  # from . import x: each x is a module
                found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((module, node.lineno))
    return found


def _layer(module: str) -> str | None:
    """The layer of a module of this package (None: outside it, or the component's level)."""
    parts = module.split(".")
    if parts[0] != "cognito_ses_email" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in MAY_IMPORT else None


def test_the_import_reader_sees_relative_imports() -> None:
    # Guards the tests below: a relative import is resolved to the module it names.
    imports = dict(_imports(PACKAGE / "resources" / "notifications.py"))
    assert "cognito_ses_email.model" in imports
    assert "cognito_ses_email.rules.names" in imports
    assert "pulumi_aws" in imports
    assert "cognito_ses_email.rules.regions" in dict(_imports(PACKAGE / "rules" / "arns.py"))


@pytest.mark.parametrize("path", RULES, ids=lambda path: path.name)
def test_no_rules_module_imports_pulumi(path: Path) -> None:
    wrong = [
        f"{path.name}:{line} imports {module}"
        for module, line in _imports(path)
        if module.split(".")[0] in PULUMI
    ]
    assert wrong == []


def test_no_import_runs_back_up_a_layer() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = _layer(".".join(["cognito_ses_email", *path.relative_to(PACKAGE).parts]))
        if layer is None:
            continue
        for module, line in _imports(path):
            target = _layer(module)
            if module.startswith("cognito_ses_email") and target is None:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {module} (above it)")
            elif target is not None and target != layer and target not in MAY_IMPORT[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert wrong == []


def test_importing_each_rules_module_loads_no_pulumi() -> None:
    modules = [f"cognito_ses_email.rules.{path.stem}" for path in RULES if path.stem != "__init__"]
    code = (
        "import importlib, json, sys\n"
        "loaded = {}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"    loaded[name] = sorted(m for m in sys.modules if m.split('.')[0] in {PULUMI!r})\n"
        "print(json.dumps(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PACKAGE.parent)},
    )
    loaded = json.loads(result.stdout)
    assert set(loaded) == set(modules) and len(modules) >= 10
    assert {name: pulumi for name, pulumi in loaded.items() if pulumi} == {}


def _module_name(path: Path) -> str:
    parts = ["cognito_ses_email", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_two_modules_import_each_other() -> None:
    # Within a layer too, imports form no loop (a function-level import counts: it only hides one).
    graph = {
        _module_name(path): {module for module, _ in _imports(path)}
        for path in PACKAGE.rglob("*.py")
    }
    loops = []

    def visit(module: str, trail: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in trail:
                loops.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target in graph and target not in seen:
                seen.add(target)
                visit(target, [*trail, target])

    seen: set[str] = set()
    for start in sorted(graph):
        if start not in seen:
            seen.add(start)
            visit(start, [start])
    assert loops == []
