"""The end-to-end harness: the real Pulumi CLI, built from Go modules into e2e/bin by
``./dev e2e``, runs programs whose AWS provider is the stand-in in e2e/aws-standin, which keeps
real objects in moto's server on a loopback port. Every result here is "real engine, stand-in
AWS": it shows what the engine does with this package, never that AWS accepts something.

Each test gets a fresh moto, a ``file://`` backend and ``PULUMI_HOME`` in its temporary
folder, a fixed passphrase, no update check and no plugin download: nothing in the user's
home is read or written.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "e2e" / "bin"
STANDIN = ROOT / "e2e" / "aws-standin"
PROGRAMS = ROOT / "e2e" / "programs"
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    if not (BIN / "pulumi").exists():
        pytest.exit("e2e/bin/pulumi is missing: run the end-to-end tests with ./dev e2e", 2)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def moto(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> boto3.Session:
    """A boto3 session on a moto emptied for this test."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    return boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )


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


@pytest.fixture
def stack(moto: boto3.Session, moto_url: str, tmp_path: Path) -> Any:
    """``stack(program, **config)``: a stack of e2e/programs/PROGRAM (or ROOT for the
    example stack) in the temporary folder, its Pulumi.yaml pointed at the stand-in."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "AWS_"))}
    env.update(
        HOME=str(home),
        PATH=os.pathsep.join([str(BIN), str(Path(sys.executable).parent), env["PATH"]]),
        PYTHONPATH=str(ROOT / "components"),
        PULUMI_HOME=str(home / ".pulumi"),
        PULUMI_BACKEND_URL=f"file://{tmp_path / 'state'}",
        PULUMI_CONFIG_PASSPHRASE="real engine, stand-in AWS",
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        PULUMI_SKIP_CONFIRMATIONS="true",
        AWS_ENDPOINT_URL=moto_url,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
    )
    (tmp_path / "state").mkdir()
    made = 0

    def make(program: str, name: str = "dev", **config: str) -> Stack:
        nonlocal made
        made += 1
        folder = tmp_path / f"program-{made}"
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
        new = Stack(folder, env)
        new.pulumi("stack", "init", name)
        new.config(**{"aws:region": REGION, **config})
        return new

    return make
