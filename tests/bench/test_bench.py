"""The benchmark runs in its tiny mode and prints its tables (no timing is asserted)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import instructions
from bench.worker import KINDS
from tests.support import run_module

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

#: The rows of each count table: a kind's counts, or a ratio (label, "x" against which).
ROWS = (
    "CognitoSesEmail",
    "hand-wired + the check",
    "x hand-wired + the check",
    "CognitoSesEmail, timeout 0",
    "hand-wired",
    "x hand-wired",
    "floor: bare component + check",
    "x hand-wired + the check",
    "unequal: component x hand-wired",
)


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return run_module("bench", *args, timeout=600)


#: Stands in for valgrind where the real one would take minutes: runs the command and prints
#: the line callgrind prints at exit, with 1,000 instructions per component over 10**9.
_FAKE_VALGRIND = """
import subprocess, sys
command = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
code = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
print(f"==1== Collected : {10**9 + 1000 * int(command[-1])}", file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture
def fake_valgrind(tmp_path: Path) -> str:
    program = tmp_path / "valgrind"
    program.write_text(f"#!{sys.executable}\n{_FAKE_VALGRIND}")
    program.chmod(0o755)
    return str(program)


def count_table(text: str, heading: str) -> list[tuple[str, list[float]]]:
    """The table under the line starting ``heading``: (label, a count or ratio for each N)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 2 : start + 2 + len(ROWS)]:  # after the N=... line
        label, *values = re.split(r"\s{2,}", line.strip())
        rows.append((label, [float(v.removeprefix("x").replace(",", "")) for v in values]))
    return rows


def test_quick_bench_prints_its_tables(fake_valgrind: str) -> None:
    """Counts first (calls, instructions for each N), then the timings and the goals."""
    result = bench(
        *("--quick", "--counts", "1", "--counts", "3", "--n", "1", "--repeats", "1"),
        *("--no-imports", "--valgrind", fake_valgrind),
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    calls = count_table(text, "Python function calls of the program's run")
    assert [label for label, _ in calls] == list(ROWS)
    assert all(len(values) == 2 and min(values) > 0 for _, values in calls)
    instructions = count_table(text, "Instructions (callgrind, fresh processes, less the")
    # The stand-in counts 1,000 instructions per component over 10**9: the same for each kind.
    assert instructions == [
        (label, [1.0, 1.0] if label.startswith(("x ", "unequal")) else [1000.0, 3000.0])
        for label in ROWS
    ]
    assert "less the 1,000,000,000 of a process that runs no program" in text
    goal = "CognitoSesEmail <= 1.10 x hand-wired + the check (instructions): 1.000 at N=3 (met)"
    assert goal in text
    assert text.index("Python function calls") < text.index("Time, beside the counts")
    row = next(line.split() for line in text.splitlines() if line.split()[:2] == ["1", "1"])
    assert row[7:10] == ["4", "(3+1)", "0"]  # resources/comp, invokes/comp
    assert row[-1] == "3"  # identity -> policy -> pool
    assert "ses_region, pool Region unknown" in text


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind not installed")
def test_callgrind_counts_the_instructions_of_a_run() -> None:
    """The real valgrind's count is found (start-up alone is over a billion instructions)."""
    valgrind = shutil.which("valgrind")
    assert valgrind is not None
    assert instructions(valgrind, "hand_wired", 1) > 10**9


def test_bench_without_valgrind_says_so(tmp_path: Path) -> None:
    missing = str(tmp_path / "valgrind")
    result = bench(
        *("--counts", "1", "--n", "1", "--repeats", "1", "--no-imports", "--valgrind", missing)
    )
    assert result.returncode == 0, result.stderr
    assert "instructions: valgrind not found" in result.stdout
    assert "CognitoSesEmail <= 1.10 x hand-wired + the check (calls): " in result.stdout


def test_bench_json_counts(fake_valgrind: str) -> None:
    result = bench(
        *("--counts", "2", "--n", "2", "--repeats", "1", "--no-imports", "--json"),
        *("--valgrind", fake_valgrind),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    counted = figures["counts"]
    assert counted["sizes"] == [2]
    assert counted["empty_program_instructions"] == 10**9
    assert counted["instructions"] == {kind: {"2": 2000} for kind in KINDS}
    calls = counted["calls"]
    assert set(calls) == set(KINDS) and all(calls[kind]["2"] > 0 for kind in KINDS)
    (size,) = figures["sizes"]
    assert size["n"] == 2
    assert size["resources_per_component"] == 4
    assert size["hand_wired_resources_per_copy"] == 3
    assert size["invokes_per_component"] == 0
    assert size["verification_checks_per_component"] == size["hand_wired_checks_per_copy"] == 1
    assert size["longest_chain"] == size["hand_wired_longest_chain"] == 3
    chains = {s["scenario"]: s for s in figures["scenarios"]}
    assert chains["DEVELOPER"]["longest_chain"] == 2
    assert chains["ses_region, pool Region unknown"]["invokes_per_component"] == 1
    assert all(
        s["invokes_per_component"] == 0 for name, s in chains.items() if "unknown" not in name
    )
