"""The checks every argument shares (rules/errors.py): a lone surrogate, half of a
character, is a ValueError naming the argument, before any child is created."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from tests.rules.argument_values import (
    raised,
)
from tests.support import Deployment, build, error_text

# --- lone surrogates ---------------------------------------------------------------------

BROKEN = "Hi \ud83d"
SURROGATE_CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "verification subject",
        {"verification_message": {"subject": BROKEN, "body": "Code {####}"}},
        "verification_message['subject']",
    ),
    (
        "verification body",
        {"verification_message": {"subject": "Hi", "body": f"Code {{####}} {BROKEN}"}},
        "verification_message['body']",
    ),
    (
        "invitation subject",
        {"invitation_message": {"subject": BROKEN, "body": "{username} {####}"}},
        "invitation_message['subject']",
    ),
    (
        "invitation body",
        {"invitation_message": {"subject": "Hi", "body": f"{{username}} {{####}} {BROKEN}"}},
        "invitation_message['body']",
    ),
    (
        "pool subject",
        {"user_pool_args": {"email_verification_subject": BROKEN}},
        "user_pool_args['email_verification_subject']",
    ),
    ("from_name", {"from_name": BROKEN}, "from_name"),
    ("tag key", {"tags": {BROKEN: "v"}}, "tags["),
    ("tag value", {"tags": {"team": BROKEN}}, "tags['team']"),
]


@pytest.mark.parametrize(
    ("case", "args", "argument"), SURROGATE_CASES, ids=[c[0] for c in SURROGATE_CASES]
)
def test_a_lone_surrogate_is_a_value_error_naming_the_argument(
    deployment: Deployment, case: str, args: dict[str, Any], argument: str
) -> None:
    text = raised(deployment, sending_account="DEVELOPER", **args)
    assert text.startswith(argument) and "lone surrogate U+D83D" in text
    assert deployment.resources == {}


@pytest.mark.parametrize(
    ("case", "args", "argument"), SURROGATE_CASES[:4], ids=[c[0] for c in SURROGATE_CASES[:4]]
)
def test_a_lone_surrogate_in_a_message_output_stops_every_child(
    deployment: Deployment, case: str, args: dict[str, Any], argument: str
) -> None:
    [(key, message)] = args.items()
    late = {field: pulumi.Output.from_input(text) for field, text in message.items()}
    with pytest.raises(Exception) as raised:
        build(deployment, sending_account="DEVELOPER", **{key: late})
    text = error_text(raised.value)
    assert f"{argument}: holds a lone surrogate U+D83D" in text
    assert "codec can't encode" not in text
    assert set(deployment.resources) == {"mail"}
