"""The benchmark runs in its tiny mode and prints its tables (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support import run_module

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return run_module("bench", *args, timeout=120)


def test_quick_bench_prints_its_table() -> None:
    result = bench("--quick", "--n", "1", "--repeats", "1", "--no-imports")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "hand-wired" in text and "ratio" in text and "longest chain" in text
    row = next(line.split() for line in text.splitlines() if line.split()[:2] == ["1", "1"])
    assert row[8:11] == ["4", "(3+1)", "0"]  # resources/comp, invokes/comp
    assert row[-1] == "3"  # identity -> policy -> pool
    assert "ses_region, pool Region unknown" in text
    assert "Goals:" in text


def test_bench_json_counts(tmp_path: Path) -> None:
    result = bench("--n", "2", "--repeats", "1", "--no-imports", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    (size,) = figures["sizes"]
    assert size["n"] == 2
    assert size["resources_per_component"] == 4
    assert size["baseline_resources_per_copy"] == 3
    assert size["invokes_per_component"] == 0
    assert size["verification_checks_per_component"] == 1
    assert size["longest_chain"] == size["baseline_longest_chain"] == 3
    chains = {s["scenario"]: s for s in figures["scenarios"]}
    assert chains["DEVELOPER"]["longest_chain"] == 2
    assert chains["ses_region, pool Region unknown"]["invokes_per_component"] == 1
    assert all(
        s["invokes_per_component"] == 0 for name, s in chains.items() if "unknown" not in name
    )
