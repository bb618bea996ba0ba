"""The real engine's share of the benchmark: ``pulumi preview`` of N components against N
hand-wired copies of their three resources with the same verification check (bench/worker.py's
``component`` and ``hand_wired_checked`` programs), for each N, in one run:
``python -m bench.engine [--n N ...] [--repeats R]``.

It needs e2e/bin/pulumi (``./dev e2e`` builds it) and drives it as the end-to-end tests do
(e2e/engine.py: the stand-in AWS provider, moto's server on loopback). A preview makes no AWS
call and no verification check on either side (the component asks nothing in a preview; the
hand-wired check waits for the identity's ARN, unknown until it is created), so both sides do
the same work. Wall time is all there is to measure across processes: it prints the median of
each and the median of the paired ratios (each pair run back to back, alternating which goes
first); nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from moto.server import ThreadedMotoServer

from e2e.conftest import free_port
from e2e.engine import BIN, Stack, new_stack, sandbox

KINDS = ("component", "hand_wired_checked")


def preview_seconds(stack: Stack) -> float:
    started = time.perf_counter()
    stack.preview()
    return time.perf_counter() - started


def bench_n(folder: Path, endpoint: str, n: int, repeats: int) -> dict[str, float]:
    # A sandbox each: both stacks are "dev" of the project "bench".
    stacks = {
        kind: new_stack(
            folder / kind / "program",
            "bench",
            sandbox(folder / kind, endpoint),
            kind=kind,
            n=str(n),
        )
        for kind in KINDS
    }
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    ratios = []
    for repeat in range(repeats):
        order = KINDS if repeat % 2 == 0 else KINDS[::-1]
        pair = {kind: preview_seconds(stacks[kind]) for kind in order}
        for kind in KINDS:
            times[kind].append(pair[kind])
        ratios.append(pair["component"] / pair["hand_wired_checked"])
    medians = {kind: statistics.median(times[kind]) for kind in KINDS}
    return {"n": n, **medians, "ratio": statistics.median(ratios)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine", description=__doc__)
    parser.add_argument("--n", type=int, action="append", help="default 1, 10, 50")
    parser.add_argument("--repeats", type=int, default=3, help="previews of each kind per N")
    args = parser.parse_args(argv)
    if not (BIN / "pulumi").exists():
        print("error: e2e/bin/pulumi is missing: run ./dev e2e once to build it", file=sys.stderr)
        return 2
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print("pulumi preview, real engine, stand-in AWS (median seconds; ratio: median of pairs)")
    print(f"{'N':>4} {'component':>10} {'hand-wired + the check':>23} {'ratio':>6}")
    try:
        with tempfile.TemporaryDirectory() as temporary:
            for n in args.n or [1, 10, 50]:
                folder = Path(temporary) / f"n{n}"
                row = bench_n(folder, f"http://127.0.0.1:{port}", n, args.repeats)
                seconds = f"{row['component']:>10.2f} {row['hand_wired_checked']:>23.2f}"
                print(f"{n:>4} {seconds} {row['ratio']:>6.2f}", flush=True)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
