"""Fixtures of the offline plan's tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.offline.plan_support import plan_json
from tests.support import ROOT


@pytest.fixture(scope="module")
def default_plan() -> dict[str, Any]:
    return plan_json()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project, so stack files never land in the repository."""
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copy(ROOT / "__main__.py", tmp_path / "__main__.py")
    return tmp_path


@pytest.fixture(autouse=True, scope="module")
def no_region_from_the_environment() -> Any:
    """The plan honours AWS_REGION as pulumi-aws does; keep the tester's out of these tests."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
            patch.delenv(variable, raising=False)
        yield
