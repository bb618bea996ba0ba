"""Tags (rules/tags.py), checked without Pulumi against botocore's tagging limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import botocore.session
import pulumi
import pytest

from cognito_ses_email.rules import tags
from tests.aws_checks import (
    tag_problems,
)
from tests.rules.argument_values import (
    MODES,
    raised,
)
from tests.support import Deployment, build, error_text


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


# --- tags --------------------------------------------------------------------------------

GOOD_TAGS = [
    {"k" * 128: "v" * 256},
    {"team": ""},
    {"awsome": "x", "x:aws:y": "awsvalue", "team": "x aws:y"},
    {"équipe": "données"},
]
BAD_TAGS = [
    ({"k" * 129: "v"}, "tags: the key", "at most 128"),
    ({"team": "v" * 257}, "tags['team']: is 257 characters", "at most 256"),
    ({"aws:team": "v"}, "tags: the key 'aws:team' starts with 'aws:'", "aws: prefix"),
    ({"AWS:team": "v"}, "tags: the key 'AWS:team' starts with 'AWS:'", "aws: prefix"),
    ({"Aws:Team": "v"}, "tags: the key 'Aws:Team'", "aws: prefix"),
    ({"team": 5}, "tags['team']: a tag value is a string", "got 5"),
    ({"team": "AWS:x"}, "tags['team']: starts with 'AWS:'", "aws: prefix"),
]


@pytest.mark.parametrize("mode", sorted(MODES))
def test_tags_at_the_limits_reach_every_tagged_child_and_one_more_is_refused(
    new_deployment: Callable[..., Deployment], mode: str
) -> None:
    extra: dict[str, Any] = {"notifications": {}, "alarms": {}} if mode == "developer" else {}
    for good in GOOD_TAGS:
        assert all(tag_problems(key, value) == [] for key, value in good.items())
        deployment = new_deployment()
        build(deployment, tags=good, **MODES[mode], **extra)
        tagged = [r for r in deployment.resources.values() if "tags" in r.inputs]
        assert len(tagged) == (4 if mode == "developer" else 1)  # pool (topic, two alarms)
        assert all(r.inputs["tags"] == good for r in tagged)
    for key, value in [("k" * 129, "v"), ("k", "v" * 257)]:
        assert tag_problems(key, value), "botocore's limits"
        raised(new_deployment(), tags={key: value}, **MODES[mode], **extra)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("tags", "message", "why"), BAD_TAGS, ids=range(len(BAD_TAGS)))
def test_tags_a_tagging_api_refuses_are_refused_first(
    deployment: Deployment, mode: str, tags: dict[str, Any], message: str, why: str
) -> None:
    text = raised(deployment, tags=tags, **MODES[mode])
    assert text.startswith(message) and why in text
    assert deployment.resources == {}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("where", ["value", "dict"])
def test_a_bad_tag_from_an_output_stops_every_child(
    deployment: Deployment, mode: str, where: str
) -> None:
    tags: Any = (
        {"team": pulumi.Output.from_input("v" * 257)}
        if where == "value"
        else pulumi.Output.from_input({"aws:team": "v"})
    )
    with pytest.raises(Exception) as raised:
        build(deployment, tags=tags, **MODES[mode])
    text = error_text(raised.value)
    assert ("tags['team']: is 257 characters" if where == "value" else "tags: the key") in text
    assert set(deployment.resources) == {"mail"}
