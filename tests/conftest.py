"""Fixtures only: a fresh simulated AWS account per test (helpers are in tests/support.py).

Pulumi's mocks are process-global, so every test gets a fresh event loop and fresh mocks,
and the runtime settings are reset afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pulumi
import pytest

from cognito_ses_email.offline.account import DEFAULT_REGION, SimulatedAws
from cognito_ses_email.offline.simulated_aws import Deployment, fresh_runtime


@pytest.fixture
def new_deployment(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Deployment]]:
    """A factory of fresh mock deployments, on a fresh event loop, reset afterwards; the
    machine's AWS_REGION and AWS_DEFAULT_REGION (the provider's Region) left out."""
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(variable, raising=False)

    def fresh(region: str = DEFAULT_REGION, preview: bool = False) -> Deployment:
        pulumi.runtime.settings.reset_options()
        return Deployment(SimulatedAws(region), preview=preview)

    with fresh_runtime():
        yield fresh


@pytest.fixture
def deployment(new_deployment: Callable[..., Deployment]) -> Deployment:
    return new_deployment()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the component told pulumi.log.warn."""
    said: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *_, **__: said.append(message))
    yield said
