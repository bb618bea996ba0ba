"""The doctor's boto3 is an extra that agrees with the botocore the tests pin."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _requirements(extra: str) -> dict[str, Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lines = pyproject["project"]["optional-dependencies"][extra]
    return {r.name: r for r in map(Requirement, lines)}


def test_boto3_is_in_the_doctor_extra_with_the_range_of_the_pinned_botocore() -> None:
    # boto3 1.44.x requires botocore 1.44.x: the same range, or pip cannot satisfy both.
    boto3 = _requirements("doctor")["boto3"].specifier
    assert str(boto3) == str(_requirements("dev")["botocore"].specifier)
    assert _requirements("dev")["boto3"].specifier == boto3
    assert "server" in _requirements("dev")["moto"].extras


def test_the_runtime_requirements_do_not_gain_boto3() -> None:
    for path in ("requirements.txt", "components/requirements.txt"):
        names = re.findall(r"^([a-z0-9._-]+)==", (ROOT / path).read_text(), re.MULTILINE)
        assert "pulumi" in names and "boto3" not in names and "botocore" not in names, path


def test_the_dev_lock_holds_boto3_in_the_doctor_range_and_moto() -> None:
    lock = (ROOT / "requirements-dev.lock").read_text()
    pinned = dict(re.findall(r"^([a-z0-9._-]+)==([^\s;]+)", lock, re.MULTILINE))
    assert pinned["boto3"] in _requirements("doctor")["boto3"].specifier
    assert pinned["moto"] in _requirements("dev")["moto"].specifier
    assert "flask" in pinned  # moto's server extra
