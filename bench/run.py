"""Benchmark: what CognitoSesEmail costs over the same three resources written by hand.

``python -m bench [--quick] [--n N ...] [--repeats R] [--json]``

For each N (default 1, 50 and 500) it times N components and N hand-wired copies of the
same three resources (EmailIdentity -> IdentityPolicy -> UserPool, same policy JSON) under
Pulumi's mock runtime, each run in a fresh process, alternating which goes first, and prints
the median wall time of each and the median of the paired ratios. It also prints the
resources registered and provider invokes per component (the check that SES verified the
identity counted apart), the longest chain of dependent creates, and the import time of
``components`` against ``pulumi_aws.cognito`` + ``pulumi_aws.ses`` (fresh processes,
alternated). Goals: ratio <= 1.2 at N=500, no invokes
when the Region is known, import overhead < 50 ms. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

RATIO_GOAL = 1.2

#: The kinds bench.worker runs: the component, hand-wired, hand-wired in a bare component.
KINDS = ("component", "baseline", "wrapped")
IMPORT_GOAL_MS = 50.0

_IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
)
#: What is timed, in fresh processes. pulumi_aws loads its submodules lazily, so a bare
#: ``import pulumi_aws.cognito`` defers the work to the first attribute used; the "loaded"
#: variants touch the classes so that both sides are ready to create the three resources.
IMPORTS = {
    "components": "import components",
    "pulumi_aws.cognito + pulumi_aws.ses": "import pulumi_aws.cognito, pulumi_aws.ses",
    "components, loaded": "import components, pulumi_aws.ses; pulumi_aws.ses.EmailIdentity",
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
    return env


def _python(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


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
    (self) import time of every module that ``import components`` loads and the loaded
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
        ours, theirs = _module_self_times("import components"), _module_self_times(baseline)
        own.append(sum(us for module, us in ours.items() if module not in theirs) / 1000)
    median = {label: statistics.median(values) for label, values in times.items()}
    best = {label: min(values) for label, values in times.items()}
    return {
        "repeats": repeats,
        "median_ms": median,
        "min_ms": best,
        "overhead_ms": median["components"] - median["pulumi_aws.cognito + pulumi_aws.ses"],
        "loaded_overhead_ms": median["components, loaded"]
        - median["pulumi_aws.cognito + pulumi_aws.ses, loaded"],
        "own_modules_ms": statistics.median(own),
    }


def render(rows: list[dict[str, Any]], scenarios: list[dict[str, Any]], imports: Any) -> str:
    lines = [
        "CognitoSesEmail against the same three resources hand-wired, Pulumi mock runtime",
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
    lines += ["", "Goals:"]
    largest = max(rows, key=lambda row: row["n"])
    verdict = "met" if largest["ratio"] <= RATIO_GOAL else "NOT met"
    lines.append(f"  ratio <= {RATIO_GOAL} at N={largest['n']}: {largest['ratio']:.2f} ({verdict})")
    known = [s for s in scenarios if "unknown" not in s["scenario"]]
    invokes = max((s["invokes_per_component"] for s in known), default=0)
    verdict = "met" if invokes == 0 else "NOT met"
    lines.append(f"  no invokes when the Region is known: {invokes:g} ({verdict})")
    if imports is not None:
        for key, what in (
            ("overhead_ms", "bare"),
            ("loaded_overhead_ms", "loaded"),
            ("own_modules_ms", "own modules, -X importtime"),
        ):
            verdict = "met" if imports[key] < IMPORT_GOAL_MS else "NOT met"
            lines.append(
                f"  import overhead < {IMPORT_GOAL_MS:g} ms ({what}): {imports[key]:+.1f} ms "
                f"({verdict})"
            )
    return "\n".join(lines)


def render_calls(n: int, calls: dict[str, int]) -> str:
    base = calls["baseline"]
    return "\n".join(
        [
            "",
            f"Python function calls for N={n} (cProfile; the same every run, unlike time):",
            *(
                f"  {label:<30} {calls[kind]:>10,}  x{calls[kind] / base:.3f}"
                for kind, label in (
                    ("baseline", "hand-wired"),
                    ("wrapped", "hand-wired in a bare component"),
                    ("component", "CognitoSesEmail"),
                )
            ),
        ]
    )


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
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = args.n or ([1, 50] if args.quick else [1, 50, 500])
    repeats = args.repeats or (2 if args.quick else 5)
    if repeats < 1 or any(n < 1 for n in sizes):
        print("error: --n and --repeats must be at least 1", file=sys.stderr)
        return 2
    progress = not args.json
    rows = [bench_n(n, repeats, progress) for n in sizes]
    calls_n = 10 if args.quick else 100
    calls = {kind: worker("calls", kind, str(calls_n))["calls"] for kind in KINDS}
    scenarios = worker("scenarios")
    imports = None if args.no_imports else bench_imports(4 if args.quick else 9)
    if args.json:
        figures = {"sizes": rows, "calls": {"n": calls_n, **calls}}
        print(json.dumps({**figures, "scenarios": scenarios, "imports": imports}, indent=2))
    else:
        print(render(rows, scenarios, imports))
        print(render_calls(calls_n, calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
