"""The end-to-end harness: the real Pulumi CLI, built from Go modules into e2e/bin by
``./dev e2e``, runs programs whose AWS provider is the stand-in in e2e/aws-standin, which keeps
real objects in moto's server on a loopback port (e2e/engine.py). Every result here is "real
engine, stand-in AWS": it shows what the engine does with this package, never that AWS
accepts something. Each test gets a fresh moto and a sandbox of its own.
"""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from .engine import BIN, REGION, Stack, new_stack, sandbox


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    if not (BIN / "pulumi").exists():
        pytest.exit("e2e/bin/pulumi is missing: run the end-to-end tests with ./dev e2e", 2)
    port = free_port()
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


@pytest.fixture
def stack(moto: boto3.Session, moto_url: str, tmp_path: Path) -> Any:
    """``stack(program, **config)``: a new stack of e2e/programs/PROGRAM (``example``: the
    repository's example stack); a config key ``secret_KEY`` is set with ``--secret``."""
    env = sandbox(tmp_path, moto_url)
    made = 0

    def make(program: str, **config: str) -> Stack:
        nonlocal made
        made += 1
        return new_stack(tmp_path / f"program-{made}", program, env, **config)

    return make
