"""Benchmark: what CognitoSesEmail costs against the same work written by hand.

``python -m bench [--quick] [--counts N ...] [--n N ...] [--repeats R] [--json] ...``

The headline is equal work, in counts, which a busy machine cannot move: for N = 1, 10, 100
and 1000 (:data:`COUNT_SIZES`), the Python function calls (cProfile) and, where valgrind is
installed, the machine instructions (callgrind) of N components against N copies of the same
three resources hand-wired with the same verification check (``bench.worker``'s
``hand_wired_checked``), and of N components with ``verification_timeout_minutes=0`` against
N plain hand-wired copies; each in a fresh process, instructions less a process that runs no
program (start-up and imports). Beside them: the floor (a bare ComponentResource around the
hand-wired three and the check), the old unequal ratio, the wall time of the component and
its equal-work copy at N = 1, 50 and 500 (alternating, medians), the resources registered,
invokes and longest chain of dependent creates per component, the same for one component
configured in different ways, and import times. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.worker import KINDS

ROOT = Path(__file__).resolve().parent.parent

#: Equal work: each component kind against the hand-wired kind that does what it does.
PAIRS = (("component", "hand_wired_checked"), ("component_no_wait", "hand_wired"))
#: The most a component may cost against its equal work (calls and instructions, N >= 100).
RATIO_GOAL = 1.10
IMPORT_GOAL_MS = 50.0

#: The sizes counted (calls and instructions), and with --quick.
COUNT_SIZES = (1, 10, 100, 1000)
QUICK_COUNT_SIZES = (1, 10)
#: What valgrind prints at exit: the instructions it counted ("==123== Collected : 4567").
_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.MULTILINE)

_IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
)
#: What is timed, in fresh processes. pulumi_aws loads its submodules lazily, so a bare
#: ``import pulumi_aws.cognito`` defers the work to the first attribute used; the "loaded"
#: variants touch the classes so that both sides are ready to create the three resources.
IMPORTS = {
    "cognito_ses_email": "from cognito_ses_email import CognitoSesEmail",
    "pulumi_aws.cognito + pulumi_aws.ses": "import pulumi_aws.cognito, pulumi_aws.ses",
    "cognito_ses_email, loaded": (
        "from cognito_ses_email import CognitoSesEmail; import pulumi_aws.ses; "
        "pulumi_aws.ses.EmailIdentity"
    ),
    "pulumi_aws.cognito + pulumi_aws.ses, loaded": (
        "import pulumi_aws.cognito, pulumi_aws.ses; pulumi_aws.cognito.UserPool; "
        "pulumi_aws.ses.EmailIdentity; pulumi_aws.ses.IdentityPolicy"
    ),
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The repository (bench) and the package's directory (cognito_ses_email).
    paths = [str(ROOT), str(ROOT / "components"), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    env.pop("PULUMI_CONFIG", None)
    # The same str hashes (so the same set and dict orders) in every run: counts repeat.
    env["PYTHONHASHSEED"] = "0"
    return env


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, cwd=ROOT, env=_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr}")
    return result


def _python(*args: str) -> str:
    return _run([sys.executable, *args]).stdout


def worker(*args: str) -> Any:
    return json.loads(_python("-m", "bench.worker", *args))


def bench_n(n: int, repeats: int, progress: bool) -> dict[str, Any]:
    """Alternate runs of N components and N equal-work copies; medians and paired ratios."""
    component, copy = PAIRS[0]
    seconds: dict[str, list[float]] = {component: [], copy: []}
    cpu_seconds: dict[str, list[float]] = {component: [], copy: []}
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    facts: dict[str, Any] = {}
    for repeat in range(repeats):
        order = (component, copy) if repeat % 2 == 0 else (copy, component)
        for kind in order:
            facts[kind] = worker(kind, str(n))
            seconds[kind].append(facts[kind]["seconds"])
            cpu_seconds[kind].append(facts[kind]["cpu_seconds"])
        ratios.append(seconds[component][-1] / seconds[copy][-1])
        cpu_ratios.append(cpu_seconds[component][-1] / cpu_seconds[copy][-1])
        if progress:
            print(
                f"  N={n} run {repeat + 1}/{repeats}: component {seconds[component][-1]:.3f} s,"
                f" hand-wired + the check {seconds[copy][-1]:.3f} s",
                file=sys.stderr,
            )
    mine, theirs = facts[component], facts[copy]
    return {
        "n": n,
        "repeats": repeats,
        "component_s": statistics.median(seconds[component]),
        "hand_wired_checked_s": statistics.median(seconds[copy]),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        "cpu_ratio": statistics.median(cpu_ratios),
        # The fastest run of each kind: on a shared machine, noise only ever adds time.
        "best_cpu_ratio": min(cpu_seconds[component]) / min(cpu_seconds[copy]),
        "resources_per_component": mine["resources_per_component"],
        "custom_per_component": mine["custom_per_component"],
        "hand_wired_resources_per_copy": theirs["resources_per_component"],
        "invokes_per_component": mine["invokes_per_component"],
        "verification_checks_per_component": mine["verification_checks_per_component"],
        "hand_wired_checks_per_copy": theirs["verification_checks_per_component"],
        "longest_chain": mine["longest_chain"],
        "hand_wired_longest_chain": theirs["longest_chain"],
    }


def instructions(valgrind: str, kind: str, n: int) -> int:
    """Machine instructions of one fresh ``bench.worker run kind n`` process, under callgrind."""
    command = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    result = _run([*command, sys.executable, "-m", "bench.worker", "run", kind, str(n)])
    match = _COLLECTED.search(result.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr}")
    return int(match.group(1))


def bench_counts(sizes: Sequence[int], valgrind: str | None, progress: bool) -> dict[str, Any]:
    """The calls and (with ``valgrind``) the instructions of N of every kind, for each N.

    Each count is a fresh process's. The calls are those of the program's run; the
    instructions those of the whole process less those of one that runs no program (the
    interpreter's start-up and the imports), so that both hold what N of a kind cost, the
    first one's one-time work (caches, lazily loaded modules) included. Counts do not mind
    sharing a core: the runs go as many at a time as there are cores.
    """
    runs = [(kind, n) for n in sorted(sizes, reverse=True) for kind in KINDS]  # longest first
    jobs = [("instructions", kind, n) for kind, n in runs] if valgrind else []
    jobs += [("calls", kind, n) for kind, n in runs]
    if valgrind:
        jobs.append(("instructions", "hand_wired", 0))

    def count(job: tuple[str, str, int]) -> int:
        what, kind, n = job
        if what == "calls":
            return int(worker("calls", kind, str(n))["calls"])
        assert valgrind is not None
        return instructions(valgrind, kind, n)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        done = dict(zip(jobs, pool.map(count, jobs), strict=True))
    if progress:
        print(f"  counts: {len(jobs)} runs done", file=sys.stderr)
    counted: dict[str, Any] = {
        "sizes": list(sizes),
        "calls": {kind: {str(n): done["calls", kind, n] for n in sizes} for kind in KINDS},
        "instructions": None,
    }
    if valgrind:
        empty = done["instructions", "hand_wired", 0]
        counted["empty_program_instructions"] = empty
        counted["instructions"] = {
            kind: {str(n): done["instructions", kind, n] - empty for n in sizes} for kind in KINDS
        }
    return counted


def _module_self_times(statement: str) -> dict[str, int]:
    """Each module's own import time (us) for ``statement``, from ``python -X importtime``."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    times = {}
    for line in result.stderr.splitlines():
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if line.startswith("import time:") and fields[0].isdigit():
            times[fields[2]] = int(fields[0])
    return times


def bench_imports(repeats: int) -> dict[str, Any]:
    """Import times (ms) of each statement, in fresh processes, in rotating order.

    Whole-process times swing by 100 ms on a shared machine, so it also sums the own
    (self) import time of every module that importing the component loads and the loaded
    hand-wired imports do not: what the package itself adds.
    """
    times: dict[str, list[float]] = {label: [] for label in IMPORTS}
    own: list[float] = []
    labels = list(IMPORTS)
    baseline = IMPORTS["pulumi_aws.cognito + pulumi_aws.ses, loaded"]
    for repeat in range(repeats):
        shift = repeat % len(labels)
        for label in labels[shift:] + labels[:shift]:
            snippet = _IMPORT_SNIPPET.format(statement=IMPORTS[label])
            times[label].append(float(_python("-c", snippet)) * 1000)
        ours, theirs = (
            _module_self_times("from cognito_ses_email import CognitoSesEmail"),
            _module_self_times(baseline),
        )
        own.append(sum(us for module, us in ours.items() if module not in theirs) / 1000)
    median = {label: statistics.median(values) for label, values in times.items()}
    best = {label: min(values) for label, values in times.items()}
    return {
        "repeats": repeats,
        "median_ms": median,
        "min_ms": best,
        "overhead_ms": median["cognito_ses_email"] - median["pulumi_aws.cognito + pulumi_aws.ses"],
        "loaded_overhead_ms": median["cognito_ses_email, loaded"]
        - median["pulumi_aws.cognito + pulumi_aws.ses, loaded"],
        "own_modules_ms": statistics.median(own),
    }


#: How the count tables name each kind.
LABELS = {
    "component": "CognitoSesEmail",
    "hand_wired_checked": "hand-wired + the check",
    "component_no_wait": "CognitoSesEmail, timeout 0",
    "hand_wired": "hand-wired",
    "floor": "floor: bare component + check",
}


def _count_table(sizes: Sequence[int], counts: dict[str, dict[str, int]]) -> list[str]:
    """Each pair's counts and ratio, the floor's, and the old unequal ratio, by N."""
    columns = [str(n) for n in sizes]

    def row(label: str, values: list[str]) -> str:
        return f"  {label:<34}" + "".join(f"{value:>15}" for value in values)

    def ratios(kind: str, against: str) -> list[str]:
        return [f"x{counts[kind][n] / counts[against][n]:.3f}" for n in columns]

    lines = [row("", [f"N={n}" for n in columns])]
    for kind, against in [*PAIRS, ("floor", PAIRS[0][1])]:
        for shown in (kind, against) if kind != "floor" else (kind,):
            lines.append(row(LABELS[shown], [f"{counts[shown][n]:,}" for n in columns]))
        lines.append(row(f"  x {LABELS[against]}", ratios(kind, against)))
    lines.append(row("unequal: component x hand-wired", ratios("component", "hand_wired")))
    return lines


def render_counts(counted: dict[str, Any], absent: str) -> str:
    """The headline: calls and, with valgrind, instructions (else ``absent``, which says
    why not), by N."""
    sizes = counted["sizes"]
    lines = [
        "CognitoSesEmail against equal work by hand, Pulumi mock runtime: counts, the same",
        "every run (unlike time). Equal work: the same three resources and the same",
        "verification check; with verification_timeout_minutes=0, the three alone.",
        "",
        "Python function calls of the program's run (cProfile, fresh processes):",
        *_count_table(sizes, counted["calls"]),
        "",
    ]
    if counted["instructions"] is None:
        return "\n".join([*lines, absent])
    lines.append(
        "Instructions (callgrind, fresh processes, less the "
        f"{counted['empty_program_instructions']:,} of a process that runs no program):"
    )
    return "\n".join([*lines, *_count_table(sizes, counted["instructions"])])


def render(rows: list[dict[str, Any]], scenarios: list[dict[str, Any]], imports: Any) -> str:
    lines = [
        "Time, beside the counts: CognitoSesEmail against hand-wired + the check",
        "(median wall time of the run; ratio = median of the paired runs' ratios;",
        " cpu = the same ratio of the process CPU time, less sensitive to a busy machine;",
        " best = fastest component CPU time / fastest hand-wired CPU time)",
        "",
        f"{'N':>5}  {'runs':>4}  {'component':>10}  {'hand-wired':>10}  {'ratio':>5}  {'cpu':>5}  "
        f"{'best':>5}  {'resources/comp':>14}  {'invokes/comp':>12}  {'longest chain':>13}",
    ]
    for row in rows:
        resources = (
            f"{row['resources_per_component']:g} ({row['custom_per_component']:g}+1)"
            if row["resources_per_component"] != row["custom_per_component"]
            else f"{row['resources_per_component']:g}"
        )
        lines.append(
            f"{row['n']:>5}  {row['repeats']:>4}  {row['component_s']:>9.3f}s  "
            f"{row['hand_wired_checked_s']:>9.3f}s  {row['ratio']:>5.2f}  "
            f"{row['cpu_ratio']:>5.2f}  {row['best_cpu_ratio']:>5.2f}  {resources:>14}  "
            f"{row['invokes_per_component']:>12g}  {row['longest_chain']:>13}"
        )
    lines += [
        "",
        "resources/comp counts the component itself (+1) and its custom resources; the",
        "hand-wired copy registers 3. invokes/comp leaves out the verification check (one",
        "per component, and one per hand-wired copy).",
        "",
        "One component, configured different ways:",
        f"  {'scenario':<40}  {'invokes':>7}  {'longest chain':>13}  {'resources':>9}",
    ]
    for scenario in scenarios:
        lines.append(
            f"  {scenario['scenario']:<40}  {scenario['invokes_per_component']:>7g}  "
            f"{scenario['longest_chain']:>13}  {scenario['resources_per_component']:>9g}"
        )
    if imports is not None:
        lines += [
            "",
            f"Import time, fresh processes (median and min of {imports['repeats']}):",
        ]
        for label, statement in IMPORTS.items():
            lines.append(
                f"  {label:<44} {imports['median_ms'][label]:>7.1f} ms "
                f"(min {imports['min_ms'][label]:>6.1f})  {statement}"
            )
        lines.append(
            f"  overhead of components: {imports['overhead_ms']:+.1f} ms against the bare "
            f"imports, {imports['loaded_overhead_ms']:+.1f} ms loaded against loaded"
        )
        lines.append(
            f"  modules only components loads (python -X importtime, own time, median): "
            f"{imports['own_modules_ms']:.1f} ms"
        )
    return "\n".join(lines)


def render_goals(counted: dict[str, Any], scenarios: list[dict[str, Any]], imports: Any) -> str:
    """Each goal, its figure and whether it is met; the ratio judged on the counts of each
    pair at N >= 100 (at the largest N when none is that large)."""
    lines = ["", "Goals:"]
    sizes = [n for n in counted["sizes"] if n >= 100] or [max(counted["sizes"])]
    for what in ("calls", "instructions"):
        counts = counted[what]
        if counts is None:
            continue
        for kind, against in PAIRS:
            ratios = {n: counts[kind][str(n)] / counts[against][str(n)] for n in sizes}
            verdict = "met" if max(ratios.values()) <= RATIO_GOAL else "NOT met"
            figures = ", ".join(f"{ratio:.3f} at N={n}" for n, ratio in ratios.items())
            lines.append(
                f"  {LABELS[kind]} <= {RATIO_GOAL:.2f} x {LABELS[against]} ({what}): "
                f"{figures} ({verdict})"
            )
    known = [s for s in scenarios if "unknown" not in s["scenario"]]
    invokes = max((s["invokes_per_component"] for s in known), default=0)
    verdict = "met" if invokes == 0 else "NOT met"
    lines.append(f"  no invokes when the Region is known: {invokes:g} ({verdict})")
    if imports is not None:
        for key, label in (
            ("overhead_ms", "bare"),
            ("loaded_overhead_ms", "loaded"),
            ("own_modules_ms", "own modules, -X importtime"),
        ):
            verdict = "met" if imports[key] < IMPORT_GOAL_MS else "NOT met"
            lines.append(
                f"  import overhead < {IMPORT_GOAL_MS:g} ms ({label}): {imports[key]:+.1f} ms "
                f"({verdict})"
            )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="CognitoSesEmail against the same work by hand (mock runtime).",
    )
    parser.add_argument(
        "--counts",
        type=int,
        action="append",
        metavar="N",
        help="components per counted run; repeatable (default 1, 10, 100, 1000; with --quick"
        " 1, 10)",
    )
    parser.add_argument(
        "--n",
        type=int,
        action="append",
        metavar="N",
        help="components per timed run; repeatable (default 1, 50, 500; with --quick 1, 50)",
    )
    parser.add_argument(
        "--repeats", type=int, help="timed runs of each kind per N (default 5; with --quick 2)"
    )
    parser.add_argument("--quick", action="store_true", help="fewer, smaller runs")
    parser.add_argument("--no-imports", action="store_true", help="skip the import timing")
    parser.add_argument("--no-instructions", action="store_true", help="skip the callgrind runs")
    parser.add_argument(
        "--valgrind",
        default=shutil.which("valgrind"),
        help="the valgrind program (default: the one on PATH)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    counts = args.counts or list(QUICK_COUNT_SIZES if args.quick else COUNT_SIZES)
    sizes = args.n or ([1, 50] if args.quick else [1, 50, 500])
    repeats = args.repeats or (2 if args.quick else 5)
    if repeats < 1 or any(n < 1 for n in [*sizes, *counts]):
        print("error: --counts, --n and --repeats must be at least 1", file=sys.stderr)
        return 2
    valgrind = args.valgrind if args.valgrind and os.access(args.valgrind, os.X_OK) else None
    progress = not args.json
    counted = bench_counts(counts, None if args.no_instructions else valgrind, progress)
    rows = [bench_n(n, repeats, progress) for n in sizes]
    scenarios = worker("scenarios")
    imports = None if args.no_imports else bench_imports(4 if args.quick else 9)
    if args.json:
        figures = {"counts": counted, "sizes": rows, "scenarios": scenarios, "imports": imports}
        print(json.dumps(figures, indent=2))
        return 0
    absent = "instructions: " + (
        "skipped (--no-instructions)" if valgrind else "valgrind not found"
    )
    print(render_counts(counted, absent))
    print()
    print(render(rows, scenarios, imports))
    print(render_goals(counted, scenarios, imports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
