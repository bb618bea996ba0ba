"""Benchmark: what CognitoSesEmail costs over the same three resources written by hand.

``python -m bench [--quick] [--n N ...] [--repeats R] [--instructions N1 N2] [--json]``

The headline figures are counts, which a busy machine cannot move: the Python function calls
of each kind at one N (cProfile), and, where valgrind is installed, the machine instructions
per component (callgrind): (instructions(N2) - instructions(N1)) / (N2 - N1), each total from
a fresh process, so that start-up and one-time costs cancel. Beside them, for each N (default
1, 50 and 500) it times N components and N hand-wired copies of the same three resources
(EmailIdentity -> IdentityPolicy -> UserPool, same policy JSON) under Pulumi's mock runtime,
each run in a fresh process, alternating which goes first, and prints the median wall time
of each and the median of the paired ratios. It also prints the resources registered and
provider invokes per component (the check that SES verified the identity counted apart),
the longest chain of dependent creates, and the import time
of the component (``from cognito_ses_email import CognitoSesEmail``) against
``pulumi_aws.cognito`` + ``pulumi_aws.ses`` (fresh processes, alternated). Goals: ratio
<= 1.2, no invokes when the Region is known, import overhead < 50 ms. Nothing here asserts on time.
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

ROOT = Path(__file__).resolve().parent.parent

RATIO_GOAL = 1.2

#: The kinds bench.worker runs: the component, hand-wired, hand-wired in a bare component.
KINDS = ("component", "baseline", "wrapped")
IMPORT_GOAL_MS = 50.0

#: The two sizes whose difference gives instructions per component (callgrind is ~50x slower
#: than Python alone; start-up, about 1.6 billion instructions, is most of a small run).
INSTRUCTION_SIZES = (20, 50)
QUICK_INSTRUCTION_SIZES = (2, 5)
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
    """Alternate component and hand-wired runs of size ``n``; medians and paired ratio."""
    kinds = list(KINDS)
    seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpu_seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    floor_ratios: list[float] = []
    facts: dict[str, Any] = {}
    for repeat in range(repeats):
        shift = repeat % len(kinds)  # rotate who goes first
        pair: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for kind in kinds[shift:] + kinds[:shift]:
            result = worker(kind, str(n))
            pair[kind] = result["seconds"]
            cpu[kind] = result["cpu_seconds"]
            seconds[kind].append(result["seconds"])
            cpu_seconds[kind].append(result["cpu_seconds"])
            facts[kind] = result
        ratios.append(pair["component"] / pair["baseline"])
        cpu_ratios.append(cpu["component"] / cpu["baseline"])
        floor_ratios.append(pair["wrapped"] / pair["baseline"])
        if progress:
            print(
                f"  N={n} run {repeat + 1}/{repeats}: component {pair['component']:.3f} s, "
                f"hand-wired {pair['baseline']:.3f} s, bare component {pair['wrapped']:.3f} s",
                file=sys.stderr,
            )
    component = facts["component"]
    return {
        "n": n,
        "repeats": repeats,
        "component_s": statistics.median(seconds["component"]),
        "baseline_s": statistics.median(seconds["baseline"]),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        "cpu_ratio": statistics.median(cpu_ratios),
        # The fastest run of each kind: on a shared machine, noise only ever adds time.
        "best_cpu_ratio": min(cpu_seconds["component"]) / min(cpu_seconds["baseline"]),
        "floor_ratio": statistics.median(floor_ratios),
        "resources_per_component": component["resources_per_component"],
        "custom_per_component": component["custom_per_component"],
        "baseline_resources_per_copy": facts["baseline"]["resources_per_component"],
        "invokes_per_component": component["invokes_per_component"],
        "verification_checks_per_component": component["verification_checks_per_component"],
        "longest_chain": component["longest_chain"],
        "baseline_longest_chain": facts["baseline"]["longest_chain"],
    }


def instructions(valgrind: str, kind: str, n: int) -> int:
    """Machine instructions of one fresh ``bench.worker kind n`` process, under callgrind."""
    command = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    result = _run([*command, sys.executable, "-m", "bench.worker", kind, str(n)])
    match = _COLLECTED.search(result.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr}")
    return int(match.group(1))


def bench_instructions(valgrind: str, sizes: tuple[int, int], progress: bool) -> dict[str, Any]:
    """Instructions per component of each kind: the difference of two sizes over their gap.

    Every total holds the interpreter's start-up, the imports and the first instance's
    one-time work (caches, lazily loaded modules); the difference of two sizes cancels
    them and leaves what each further component costs.
    """
    small, large = sizes
    runs = [(kind, n) for kind in KINDS for n in sizes]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # counts, not time
        totals = list(pool.map(lambda run: instructions(valgrind, *run), runs))
    by_run = dict(zip(runs, totals, strict=True))
    per_component = {
        kind: (by_run[kind, large] - by_run[kind, small]) / (large - small) for kind in KINDS
    }
    if progress:
        print(f"  instructions: {len(runs)} callgrind runs done", file=sys.stderr)
    return {
        "sizes": [small, large],
        "totals": {kind: {str(n): by_run[kind, n] for n in sizes} for kind in KINDS},
        "per_component": per_component,
        "ratio": per_component["component"] / per_component["baseline"],
        "floor_ratio": per_component["wrapped"] / per_component["baseline"],
    }


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


#: The three kinds in the order the count tables show them.
_LABELS = (
    ("baseline", "hand-wired"),
    ("wrapped", "hand-wired in a bare component"),
    ("component", "CognitoSesEmail"),
)


def render_counts(calls_n: int, calls: dict[str, int], counted: Any, absent: str) -> str:
    """The headline: Python calls and, with valgrind, instructions per component (else
    ``absent``, the line that says why not)."""
    base = calls["baseline"]
    lines = [
        "CognitoSesEmail against the same three resources hand-wired, Pulumi mock runtime.",
        "Counts (the same every run, unlike time):",
        "",
        f"Python function calls for N={calls_n} (cProfile):",
        *(
            f"  {label:<30} {calls[kind]:>14,}  x{calls[kind] / base:.3f}"
            for kind, label in _LABELS
        ),
        "",
    ]
    if counted is None:
        return "\n".join([*lines, absent])
    small, large = counted["sizes"]
    per = counted["per_component"]
    lines.append(
        f"Instructions per component (callgrind; (total(N={large}) - total(N={small})) / "
        f"{large - small}, fresh processes):"
    )
    lines += [
        f"  {label:<30} {per[kind]:>14,.0f}  x{per[kind] / per['baseline']:.3f}"
        for kind, label in _LABELS
    ]
    return "\n".join(lines)


def render(rows: list[dict[str, Any]], scenarios: list[dict[str, Any]], imports: Any) -> str:
    lines = [
        "Time, beside the counts",
        "(median wall time of the run; ratio = median of the paired component/hand-wired runs;",
        " cpu = the same ratio of the process CPU time, less sensitive to a busy machine;",
        " best = fastest component CPU time / fastest hand-wired CPU time;",
        " floor = the hand-wired three under a bare ComponentResource / hand-wired: what any",
        " component costs in the Pulumi SDK)",
        "",
        f"{'N':>5}  {'runs':>4}  {'component':>10}  {'hand-wired':>10}  {'ratio':>5}  {'cpu':>5}  "
        f"{'best':>5}  {'floor':>5}  "
        f"{'resources/comp':>14}  {'invokes/comp':>12}  {'longest chain':>13}",
    ]
    for row in rows:
        resources = (
            f"{row['resources_per_component']:g} ({row['custom_per_component']:g}+1)"
            if row["resources_per_component"] != row["custom_per_component"]
            else f"{row['resources_per_component']:g}"
        )
        lines.append(
            f"{row['n']:>5}  {row['repeats']:>4}  {row['component_s']:>9.3f}s  "
            f"{row['baseline_s']:>9.3f}s  {row['ratio']:>5.2f}  {row['cpu_ratio']:>5.2f}  "
            f"{row['best_cpu_ratio']:>5.2f}  {row['floor_ratio']:>5.2f}  "
            f"{resources:>14}  "
            f"{row['invokes_per_component']:>12g}  {row['longest_chain']:>13}"
        )
    lines += [
        "",
        "resources/comp counts the component itself (+1) and its custom resources; the "
        "hand-wired copy registers 3.",
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


def render_goals(
    rows: list[dict[str, Any]],
    scenarios: list[dict[str, Any]],
    imports: Any,
    count_ratio: tuple[str, float],
) -> str:
    """Each goal, its figure and whether it is met; the ratio judged on a count."""
    lines = ["", "Goals:"]
    largest = max(rows, key=lambda row: row["n"])
    what, ratio = count_ratio
    verdict = "met" if ratio <= RATIO_GOAL else "NOT met"
    lines.append(
        f"  ratio <= {RATIO_GOAL} ({what}): {ratio:.3f} ({verdict}); "
        f"wall time at N={largest['n']}: {largest['ratio']:.2f}"
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
        description="Time CognitoSesEmail against three hand-wired resources (mock runtime).",
    )
    parser.add_argument(
        "--n",
        type=int,
        action="append",
        metavar="N",
        help="components per run; repeatable (default 1, 50, 500; with --quick 1, 50)",
    )
    parser.add_argument(
        "--repeats", type=int, help="runs of each kind per N (default 5; with --quick 2)"
    )
    parser.add_argument("--quick", action="store_true", help="fewer, smaller runs")
    parser.add_argument("--no-imports", action="store_true", help="skip the import timing")
    parser.add_argument(
        "--instructions",
        type=int,
        nargs=2,
        metavar=("N1", "N2"),
        help="the two sizes for instructions per component (default 20 50; with --quick 2 5)",
    )
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
    sizes = args.n or ([1, 50] if args.quick else [1, 50, 500])
    repeats = args.repeats or (2 if args.quick else 5)
    small, large = args.instructions or (
        QUICK_INSTRUCTION_SIZES if args.quick else INSTRUCTION_SIZES
    )
    if repeats < 1 or any(n < 1 for n in sizes) or not 1 <= small < large:
        print(
            "error: --n and --repeats must be at least 1, --instructions N1 < N2",
            file=sys.stderr,
        )
        return 2
    valgrind = args.valgrind if args.valgrind and os.access(args.valgrind, os.X_OK) else None
    progress = not args.json
    counted = None
    if valgrind is not None and not args.no_instructions:
        counted = bench_instructions(valgrind, (small, large), progress)
    calls_n = 10 if args.quick else 100
    calls = {kind: worker("calls", kind, str(calls_n))["calls"] for kind in KINDS}
    rows = [bench_n(n, repeats, progress) for n in sizes]
    scenarios = worker("scenarios")
    imports = None if args.no_imports else bench_imports(4 if args.quick else 9)
    if args.json:
        figures = {"calls": {"n": calls_n, **calls}, "instructions": counted, "sizes": rows}
        print(json.dumps({**figures, "scenarios": scenarios, "imports": imports}, indent=2))
        return 0
    count_ratio = ("calls", calls["component"] / calls["baseline"])
    if counted is not None:
        count_ratio = ("instructions per component", counted["ratio"])
    absent = "instructions: " + (
        "skipped (--no-instructions)" if valgrind else "valgrind not found"
    )
    print(render_counts(calls_n, calls, counted, absent))
    print()
    print(render(rows, scenarios, imports))
    print(render_goals(rows, scenarios, imports, count_ratio))
    return 0


if __name__ == "__main__":
    sys.exit(main())
