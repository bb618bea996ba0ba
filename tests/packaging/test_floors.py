"""The declared floors of pulumi and pulumi-aws are the versions CI proves: the lowest lock
(LOCK=requirements-lowest.lock ./dev check) pins exactly them, hashed like the dev lock."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from tests.support import ROOT

FLOORED = ("pulumi", "pulumi-aws")


def _floors() -> dict[str, Version]:
    lines = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    floors = {}
    for requirement in map(Requirement, lines):
        if requirement.name in FLOORED:
            # One ">=" (what ./dev lock pins) and one "<" (the next major).
            operators = sorted(spec.operator for spec in requirement.specifier)
            assert operators == ["<", ">="], requirement
            [floor] = [spec.version for spec in requirement.specifier if spec.operator == ">="]
            floors[requirement.name] = Version(floor)
    assert set(floors) == set(FLOORED)
    return floors


def _pins(lock: str) -> dict[str, list[str]]:
    pins: dict[str, list[str]] = {}
    text = (ROOT / lock).read_text()
    for name, version in re.findall(r"^([a-z0-9._-]+)==([^\s;]+)", text, re.MULTILINE):
        pins.setdefault(name, []).append(version)
    return pins


def test_the_lowest_lock_pins_exactly_the_declared_floors() -> None:
    pins = _pins("requirements-lowest.lock")
    for name, floor in _floors().items():
        assert [Version(v) for v in pins[name]] == [floor], (name, "run ./dev lock")


def test_the_dev_lock_is_within_the_floors() -> None:
    pins = _pins("requirements-dev.lock")
    for name, floor in _floors().items():
        assert all(Version(v) >= floor for v in pins[name]), name


def test_the_lowest_lock_is_hashed_and_made_by_dev_lock() -> None:
    text = (ROOT / "requirements-lowest.lock").read_text()
    assert "#    ./dev lock\n" in text
    entries = re.split(r"^(?=[a-z0-9._-]+==)", text, flags=re.MULTILINE)[1:]
    assert entries and all("--hash=sha256:" in entry for entry in entries)
