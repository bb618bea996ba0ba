"""What the offline plan's tests share: the plan run as a process, and project directories."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.support import ROOT, run_module

ACCOUNT = "123456789012"


IDENTITY = "cognito-email-identity"


POLICY = "cognito-email-sending-authorization"


POOL = "cognito-email-pool"


def plan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_module("cognito_ses_email.plan", *args, cwd=cwd)


def plan_json(*args: str) -> dict[str, Any]:
    result = plan("--json", *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {resource["name"]: resource for resource in data["resources"]}


def fails_with_one_line(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("error: ")
    for text in expected:
        assert text in line
    return line


HEADER = "name: cognito-ses-email\nruntime: python\n"


def make_project(
    directory: Path, manifest: str, files: dict[str, str | bytes] | None = None
) -> Path:
    """A project with this Pulumi.yaml, the example program and ``files`` (path: content)."""
    (directory / "Pulumi.yaml").write_text(HEADER + manifest, encoding="utf-8")
    shutil.copy(ROOT / "__main__.py", directory / "__main__.py")
    for name, content in (files or {}).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def own_program(directory: Path, program: str, manifest: str = "") -> Path:
    """A project named ``own`` holding ``program`` as its ``__main__.py``."""
    (directory / "Pulumi.yaml").write_text(
        "name: own\nruntime: python\n" + manifest, encoding="utf-8"
    )
    (directory / "__main__.py").write_text(program, encoding="utf-8")
    return directory
