"""The example stack and Pulumi.yaml agree: every setting it reads is declared."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def settings_read_by_the_example() -> set[str]:
    """String constants the example passes to pulumi.Config or maps to arguments."""
    tree = ast.parse((ROOT / "__main__.py").read_text(encoding="utf-8"))
    read: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "require", "get_bool", "require_bool"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            read.add(node.args[0].value)
        if isinstance(node, ast.Dict):  # {"argument": "settingName", ...}
            read.update(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
    return read


def test_every_setting_the_example_reads_is_declared() -> None:
    declared = set(yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))["config"])
    read = settings_read_by_the_example()
    assert {"fromAddress", "policyName", "deletionProtection"} <= read
    assert read - declared == set()
    assert declared - read == set(), "declared settings the example ignores"
