"""What the test modules share, so that none imports another.

The simulated AWS account (``cognito_ses_email.offline.simulated_aws``, the one the offline plan and
the benchmark use too), the component built with defaults, finders over what the engine was
asked to register, and helpers for errors, unknown values, headers and processes. Fixtures
stay in ``conftest.py``.
"""

from __future__ import annotations

import asyncio
import email.header
import email.utils
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pulumi

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.account import (
    ACCOUNT,
    DEFAULT_REGION,
    DKIM_TOKENS,
    EMAIL_IDENTITY,
    IDENTITY_POLICY,
    STACK_TYPE,
    USER_POOL,
    VERIFICATION_TOKEN,
    revealed,
    user_pool_id,
)
from cognito_ses_email.offline.simulated_aws import Deployment, Registration

__all__ = [
    "ACCOUNT",
    "ADDRESS",
    "DEFAULT_REGION",
    "DKIM_TOKENS",
    "POOL_ID",
    "ROOT",
    "VERIFICATION_TOKEN",
    "Deployment",
    "Registration",
    "build",
    "decode_rfc2047",
    "error_text",
    "identity",
    "of_type",
    "one",
    "policy",
    "pool",
    "records",
    "revealed",
    "run_module",
    "unknown",
]

#: The repository.
ROOT = Path(__file__).resolve().parents[1]

#: The FROM address the component is built with unless a test says otherwise.
ADDRESS = "no-reply@example.com"

#: The id the simulated account gives the pool of a component named "mail".
POOL_ID = user_pool_id(DEFAULT_REGION, "mail-pool")


def build(deployment: Deployment, **args: Any) -> CognitoSesEmail:
    """A CognitoSesEmail named "mail" from ``args`` (``from_address`` defaults to ADDRESS)."""
    full: dict[str, Any] = {"from_address": ADDRESS, **args}
    return deployment.run(lambda: CognitoSesEmail("mail", full))  # type: ignore[arg-type]


def registered(deployment: Deployment) -> list[str]:
    """The names of every resource registered (the stack left out)."""
    return [r.name for r in deployment.registrations if r.type != STACK_TYPE]


def of_type(deployment: Deployment, type_: str) -> list[Registration]:
    """The registered resources of ``type_``."""
    return [r for r in deployment.resources.values() if r.type == type_]


def one(deployment: Deployment, type_: str) -> Registration:
    """The one registered resource of ``type_`` (fails unless there is exactly one)."""
    [registration] = of_type(deployment, type_)
    return registration


def pool(deployment: Deployment) -> Registration:
    return one(deployment, USER_POOL)


def policy(deployment: Deployment) -> Registration:
    return one(deployment, IDENTITY_POLICY)


def identity(deployment: Deployment) -> Registration:
    return one(deployment, EMAIL_IDENTITY)


def records(deployment: Deployment) -> dict[str, Registration]:
    """The Route 53 records by resource name."""
    return {r.name: r for r in of_type(deployment, "aws:route53/record:Record")}


def error_text(error: BaseException) -> str:
    """Every message in an exception chain (Pulumi wraps errors raised in applies)."""
    seen: list[str] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 20:
        seen.append(str(current))
        current = current.__cause__ or current.__context__
    return "\n".join(seen)


def unknown(value: Any) -> pulumi.Output[Any]:
    """An Output whose value is not known yet, as in a preview before its resource exists."""
    loop = asyncio.get_event_loop()
    resolved, known = loop.create_future(), loop.create_future()
    resolved.set_result(value)
    known.set_result(False)
    return pulumi.Output(set(), resolved, known)


def decode_rfc2047(header: str) -> tuple[str, str]:
    """Parse with the RFC 2047 decoder, which drops the space between encoded-words.

    (Python 3.11's newer header parser keeps that space, against RFC 2047 section 6.2,
    so a name long enough to need several encoded-words is checked with this one.)
    """
    name, address = email.utils.parseaddr(header)
    return str(email.header.make_header(email.header.decode_header(name))), address


def run_module(
    module: str, *args: str, cwd: Path = ROOT, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in a fresh process, with the repo and the package importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "components")])
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
