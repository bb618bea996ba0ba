"""Run Python with some top-level packages hidden, as if they were not installed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: A sitecustomize that makes importing the hidden packages fail like a missing one.
_SITECUSTOMIZE = """
import sys
from importlib.abc import MetaPathFinder

HIDDEN = {hidden!r}


class Hide(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}} (hidden)", name=name)
        return None


sys.meta_path.insert(0, Hide())
"""


def run_python(
    arguments: Iterable[str],
    tmp_path: Path,
    hidden: Iterable[str] = (),
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python ARGUMENTS`` with the package importable and ``hidden`` not."""
    site = tmp_path / "hide-site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE.format(hidden=sorted(hidden)))
    env = dict(os.environ if environment is None else environment)
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT / "components")])
    return subprocess.run(
        [sys.executable, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
