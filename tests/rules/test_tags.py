"""Tags (rules/tags.py), checked without Pulumi against botocore's tagging limits."""

from __future__ import annotations

import botocore.session
import pytest

from cognito_ses_email.rules import tags


def test_the_limits_are_botocores() -> None:
    shapes = botocore.session.get_session().get_service_model("cognito-idp").shape_for
    assert shapes("TagKeysType").metadata["max"] == tags.MAX_TAG_KEY_LENGTH
    assert shapes("TagValueType").metadata["max"] == tags.MAX_TAG_VALUE_LENGTH


def test_good_tags_pass_as_given() -> None:
    assert tags.check_tags({"team": "mail", "empty": ""}) == {"team": "mail", "empty": ""}


@pytest.mark.parametrize(
    ("value", "argument", "says"),
    [
        (["team"], "tags", "expected a dict"),
        ({"": "x"}, "tags", "non-empty string"),
        ({"k" * 129: "x"}, "tags", "at most 128"),
        ({"AWS:team": "x"}, "tags", "aws: prefix"),
        ({"team": 1}, "tags['team']", "a tag value is a string"),
        ({"team": "v" * 257}, "tags['team']", "at most 256"),
        ({"team": "aws:x"}, "tags['team']", "aws: prefix"),
        ({"team": "\ud83d"}, "tags['team']", "lone surrogate"),
    ],
)
def test_bad_tags_name_the_argument(value: object, argument: str, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        tags.check_tags(value)
    message = str(raised.value)
    assert message.startswith(f"{argument}: ") and says in message, message


def test_a_deferred_value_is_left_for_later() -> None:
    deferred = object()
    assert tags.check_tags({"team": deferred}, is_deferred=lambda v: v is deferred) == {
        "team": deferred
    }
