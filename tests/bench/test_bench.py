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
from tests.support import run_module

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

#: The kinds the count tables show, in order.
LABELS = ("hand-wired", "hand-wired in a bare component", "CognitoSesEmail")


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


def count_rows(text: str, heading: str) -> dict[str, tuple[int, float]]:
    """The table under the line starting ``heading``: label -> (count, ratio)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = {}
    for line in lines[start + 1 : start + 1 + len(LABELS)]:
        match = re.fullmatch(r"  (.+?)\s+([\d,]+)  x(\d+\.\d{3})", line)
        assert match, line
        rows[match.group(1)] = (int(match.group(2).replace(",", "")), float(match.group(3)))
    return rows


def test_quick_bench_prints_its_table(fake_valgrind: str) -> None:
    """Counts first (calls, instructions per component), then the timings."""
    result = bench(
        "--quick", "--n", "1", "--repeats", "1", "--no-imports", "--valgrind", fake_valgrind
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    calls = count_rows(text, "Python function calls for N=10 (cProfile)")
    assert list(calls) == list(LABELS)
    assert calls["hand-wired"][1] == 1.0 and all(count > 0 for count, _ in calls.values())
    heading = "Instructions per component (callgrind; (total(N=5) - total(N=2)) / 3"
    assert count_rows(text, heading) == {label: (1000, 1.0) for label in LABELS}
    assert "ratio <= 1.2 (instructions per component): 1.000 (met)" in text
    assert text.index("Python function calls") < text.index("Time, beside the counts")
    assert "hand-wired" in text and "ratio" in text and "longest chain" in text
    row = next(line.split() for line in text.splitlines() if line.split()[:2] == ["1", "1"])
    assert row[8:11] == ["4", "(3+1)", "0"]  # resources/comp, invokes/comp
    assert row[-1] == "3"  # identity -> policy -> pool
    assert "ses_region, pool Region unknown" in text
    assert "Goals:" in text


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind not installed")
def test_callgrind_counts_the_instructions_of_a_run() -> None:
    """The real valgrind's count is found (start-up alone is over a billion instructions)."""
    valgrind = shutil.which("valgrind")
    assert valgrind is not None
    assert instructions(valgrind, "baseline", 1) > 10**9


def test_bench_without_valgrind_says_so(tmp_path: Path) -> None:
    missing = str(tmp_path / "valgrind")
    result = bench("--n", "1", "--repeats", "1", "--no-imports", "--valgrind", missing)
    assert result.returncode == 0, result.stderr
    assert "instructions: valgrind not found" in result.stdout
    assert "ratio <= 1.2 (calls)" in result.stdout


def test_bench_json_counts(fake_valgrind: str) -> None:
    result = bench(
        *("--n", "2", "--repeats", "1", "--no-imports", "--json"),
        *("--valgrind", fake_valgrind, "--instructions", "1", "3"),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    counted = figures["instructions"]
    kinds = ("component", "baseline", "wrapped")
    assert counted["sizes"] == [1, 3]
    assert counted["totals"] == {kind: {"1": 10**9 + 1000, "3": 10**9 + 3000} for kind in kinds}
    assert counted["per_component"] == dict.fromkeys(kinds, 1000)
    assert counted["ratio"] == counted["floor_ratio"] == 1
    calls = figures["calls"]
    assert calls["n"] == 100
    assert all(
        isinstance(calls[kind], int) and calls[kind] > 0
        for kind in ("component", "baseline", "wrapped")
    )
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
