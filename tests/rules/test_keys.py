"""Argument keys (rules/keys.py) and the argument error (rules/errors.py), without Pulumi."""

from __future__ import annotations

import pulumi_aws as aws
import pytest

from cognito_ses_email.rules.errors import argument_error, check_choice
from cognito_ses_email.rules.keys import (
    camel_case,
    did_you_mean,
    is_pulumi_args,
    items_by_name,
    snake_case,
)


@pytest.mark.parametrize(
    ("key", "snake"),
    [
        ("topicArn", "topic_arn"),
        ("topic_arn", "topic_arn"),
        ("includeOriginalHeaders", "include_original_headers"),
        ("mfaConfiguration", "mfa_configuration"),
        ("lambdaConfig", "lambda_config"),
    ],
)
def test_snake_case_and_camel_case_are_each_others_inverse(key: str, snake: str) -> None:
    assert snake_case(key) == snake
    assert snake_case(camel_case(snake)) == snake
    assert camel_case(snake_case(key)) == camel_case(snake)


def test_items_by_name_accept_each_name_and_its_camel_case_only() -> None:
    names = ("topic_arn", "types")
    found = items_by_name("notifications", {"topicArn": "t", "types": []}, names)
    assert found == {"topic_arn": ("topicArn", "t"), "types": ("types", [])}
    with pytest.raises(ValueError, match=r"^notifications: unknown key 'TopicArn'; the keys"):
        items_by_name("notifications", {"TopicArn": "t"}, names)
    with pytest.raises(ValueError, match=r"^notifications: 'topicArn' is given twice"):
        items_by_name("notifications", {"topic_arn": "t", "topicArn": "t"}, names)
    with pytest.raises(ValueError, match=r"^notifications: expected a dict, got \[\]"):
        items_by_name("notifications", [], names)


def test_a_pulumi_aws_args_object_is_told_from_a_dict() -> None:
    args = aws.cognito.UserPoolVerificationMessageTemplateArgs(email_message="{####}")
    assert is_pulumi_args(args)
    assert not is_pulumi_args({"email_message": "{####}"})
    assert not is_pulumi_args(None)


def test_the_argument_error_names_the_argument_first() -> None:
    error = argument_error("from_address", "is required")
    assert isinstance(error, ValueError) and str(error) == "from_address: is required"


def test_did_you_mean_suggests_the_closest_name_also_for_camel_case() -> None:
    names = {"from_address", "reply_to_address", "ses_region"}
    assert did_you_mean("from_adress", names) == " (did you mean 'from_address'?)"
    assert did_you_mean("sesRegion", names) == " (did you mean 'ses_region'?)"
    assert did_you_mean("zzz", names) == ""


def test_a_choice_is_one_of_the_choices() -> None:
    assert check_choice("sending_account", "DEVELOPER", ("COGNITO_DEFAULT", "DEVELOPER"))
    with pytest.raises(ValueError, match=r"^sending_account: must be one of 'A', 'B', got 'C'$"):
        check_choice("sending_account", "C", ("A", "B"))
