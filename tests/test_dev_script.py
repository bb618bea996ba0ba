"""./dev, the one entry point: it refuses a Python older than 3.11 before making a virtualenv."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("version", ["3.10", "3.9", "2.7"])
@pytest.mark.parametrize("command", ["plan", "check"])
def test_an_old_python_is_refused_before_any_virtualenv(
    tmp_path: Path, version: str, command: str
) -> None:
    # A stand-in interpreter: it answers the version question and records any other use.
    fake = tmp_path / "python-old"
    used = tmp_path / "used"
    fake.write_text(
        f'#!/bin/sh\ncase "$*" in *version_info*) echo {version} ;; *) echo "$*" >>{used} ;; esac\n'
    )
    fake.chmod(0o755)
    venv = tmp_path / "venv"
    env = {**os.environ, "PYTHON": str(fake), "VENV": str(venv)}
    result = subprocess.run(
        [str(ROOT / "dev"), command],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert f"is Python {version}; cognito-ses-email needs Python 3.11 or newer" in result.stderr
    assert not venv.exists() and not used.exists()  # no virtualenv, no pip
