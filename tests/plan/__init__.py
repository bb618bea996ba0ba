"""Tests of the offline plan and the benchmark, both run as a person runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_module(
    module: str, *args: str, cwd: Path = ROOT, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in a fresh process, with the repo importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("PULUMI_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
