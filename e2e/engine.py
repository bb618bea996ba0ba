"""The real Pulumi engine, offline: e2e/bin/pulumi (built by ``./dev e2e``) in a sandbox of its
own (a ``file://`` backend and ``PULUMI_HOME`` in a temporary folder, a fixed passphrase, no
update check, no plugin download: nothing in the user's home is read or written), with the
stand-in AWS provider (e2e/aws-standin) in every project. The tests and ``python -m
bench.engine`` both drive it from here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "e2e" / "bin"
STANDIN = ROOT / "e2e" / "aws-standin"
PROGRAMS = ROOT / "e2e" / "programs"
REGION = "us-east-1"


def sandbox(folder: Path, endpoint: str) -> dict[str, str]:
    """The environment of every pulumi command: its home and state under ``folder``, AWS at
    ``endpoint``."""
    home = folder / "home"
    (folder / "state").mkdir(parents=True)
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "AWS_"))}
    env.update(
        HOME=str(home),
        PATH=os.pathsep.join([str(BIN), str(Path(sys.executable).parent), env["PATH"]]),
        PYTHONPATH=os.pathsep.join([str(ROOT / "components"), str(ROOT)]),
        PULUMI_HOME=str(home / ".pulumi"),
        PULUMI_BACKEND_URL=f"file://{folder / 'state'}",
        PULUMI_CONFIG_PASSPHRASE="real engine, stand-in AWS",
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        PULUMI_SKIP_CONFIRMATIONS="true",
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
    )
    return env


class Stack:
    """One program and its stack, driven through e2e/bin/pulumi."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env = folder, env

    def pulumi(self, *args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        """``pulumi ARGS`` in the program's folder; ``ok`` says whether it must succeed."""
        done = subprocess.run(
            [str(BIN / "pulumi"), *args],
            cwd=self.folder,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=900,
        )
        if ok != (done.returncode == 0):
            raise AssertionError(
                f"pulumi {' '.join(args)} exited {done.returncode}\n"
                f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
            )
        return done

    def up(self, *args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        return self.pulumi("up", "--yes", "--skip-preview", *args, ok=ok, **env)

    def preview(self, *args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        return self.pulumi("preview", *args, ok=ok, **env)

    def config(self, **values: str) -> None:
        for key, value in values.items():
            secret = ["--secret"] if key.startswith("secret_") else []
            self.pulumi("config", "set", *secret, key.removeprefix("secret_"), value)

    def outputs(self) -> dict[str, Any]:
        done = self.pulumi("stack", "output", "--json", "--show-secrets")
        return dict(json.loads(done.stdout))

    def state(self) -> str:
        """The stack's state file as stored in the backend, as text."""
        return self.pulumi("stack", "export").stdout


def new_stack(folder: Path, program: str, env: dict[str, str], **config: str) -> Stack:
    """A stack named dev of e2e/programs/PROGRAM (``example``: the repository's own example
    stack) copied to ``folder``, its Pulumi.yaml pointed at the stand-in and this checkout's
    component plugin."""
    if program == "example":
        folder.mkdir()
        shutil.copy(ROOT / "Pulumi.yaml", folder)
        shutil.copy(ROOT / "__main__.py", folder)
    else:
        shutil.copytree(PROGRAMS / program, folder)
    with (folder / "Pulumi.yaml").open("a") as project:
        project.write(
            f"\nplugins:\n  providers:\n    - name: aws\n      path: {STANDIN}\n"
            f"    - name: cognito-ses-email\n      path: {ROOT / 'components'}\n"
        )
    stack = Stack(folder, env)
    stack.pulumi("stack", "init", "dev")
    stack.config(**{"aws:region": REGION, **config})
    return stack
