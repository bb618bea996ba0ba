"""What the tests of argument values share: each value is checked in both sending modes,
plain and as an Output, and refused before any child is registered (plain) or created."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from tests.aws_checks import java_regex
from tests.support import Deployment, build, error_text

MODES = {"cognito-default": {}, "developer": {"sending_account": "DEVELOPER"}}
WRAPS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda value: value,
    "output": pulumi.Output.from_input,
}
OTHER_ACCOUNT = "210987654321"
TOPIC_POLICY_TYPE = "aws:sns/topicPolicy:TopicPolicy"
ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm"


def source_arn_pattern() -> Any:
    from tests.aws_checks import cognito_member

    return java_regex(cognito_member("EmailConfigurationType", "SourceArn")["pattern"])


def raised(deployment: Deployment, **args: Any) -> str:
    with pytest.raises(ValueError) as raised:
        build(deployment, **args)
    assert not isinstance(raised.value, UnicodeError), "a bare codec error, not a ValueError"
    return error_text(raised.value)


def nothing_made(deployment: Deployment, wrap: str) -> None:
    # A plain value is refused before the component registers; an Output once it resolves,
    # before any child is created.
    assert set(deployment.resources) <= ({"mail"} if wrap == "output" else set())
