"""The command line: arguments, exit status and the one `error:` line."""

from __future__ import annotations

import pytest

from tests.offline.plan_support import (
    fails_with_one_line,
    plan,
)

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--config", "fromAddress"], "KEY=VALUE"),
        (["--config", "aws:region=moon"], "aws:region"),
        (["--stack", "nope"], "Pulumi.nope.yaml"),
        (["--program", "/nonexistent-dir"], "Pulumi.yaml"),
    ],
)
def test_bad_invocations_exit_2(args: list[str], expected: str) -> None:
    fails_with_one_line(plan(*args), expected)
