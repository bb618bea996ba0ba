"""The notifications argument's rules, checked without Pulumi against botocore's SNS model."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import botocore
import pulumi_aws as aws
import pytest

from cognito_ses_email.rules import notifications as n
from cognito_ses_email.rules.arns import TopicArn
from tests.rules.feedback_references import (
    ACCOUNT,
    IDENTITY,
    TOPIC,
    args_names,
    doc,
    input_shape,
    model_problems,
)


def test_left_out_notifications_are_none() -> None:
    assert n.check_notifications(None) is None


def test_empty_notifications_subscribe_to_bounces_and_complaints() -> None:
    checked = n.check_notifications({})
    assert checked == n.Notifications(
        types=("Bounce", "Complaint"), include_original_headers=False, topic_arn=None
    )
    assert n.DEFAULT_TYPES == ("Bounce", "Complaint")


def test_notification_types_are_the_ones_ses_accepts() -> None:
    shape = input_shape("ses", "SetIdentityNotificationTopic")
    assert list(n.NOTIFICATION_TYPES) == shape.members["NotificationType"].metadata["enum"]


def test_types_come_back_in_one_order_whatever_the_input_order() -> None:
    checked = n.check_notifications({"types": ["Delivery", "Bounce"]})
    assert checked is not None and checked.types == ("Bounce", "Delivery")
    every = n.check_notifications({"types": ["Complaint", "Delivery", "Bounce"]})
    assert every is not None and every.types == n.NOTIFICATION_TYPES


def test_camel_case_keys_are_accepted() -> None:
    checked = n.check_notifications(
        {"topicArn": TOPIC, "includeOriginalHeaders": True, "types": ["Complaint"]}
    )
    assert checked == n.Notifications(("Complaint",), True, TOPIC)


@pytest.mark.parametrize(
    ("value", "argument", "says"),
    [
        ("Bounce", "notifications", "expected a dict"),
        ({"topic": TOPIC}, "notifications", "unknown key 'topic'"),
        ({"topic_arn": TOPIC, "topicArn": TOPIC}, "notifications", "given twice"),
        ({"types": "Bounce"}, "notifications['types']", "expected a list"),
        ({"types": []}, "notifications['types']", "leave notifications out"),
        ({"types": ["Bounces"]}, "notifications['types']", "'Bounces' is not a notification"),
        ({"types": ["bounce"]}, "notifications['types']", "'bounce' is not a notification"),
        ({"types": ["Bounce", "Bounce"]}, "notifications['types']", "listed twice"),
        (
            {"include_original_headers": "true"},
            "notifications['include_original_headers']",
            "expected True or False",
        ),
        (
            {"includeOriginalHeaders": 1},
            "notifications['includeOriginalHeaders']",
            "expected True or False",
        ),
        ({"topic_arn": "ses-feedback"}, "notifications['topic_arn']", "SNS topic ARN"),
        ({"topicArn": 42}, "notifications['topicArn']", "SNS topic ARN"),
    ],
)
def test_bad_notifications_name_the_argument(value: Any, argument: str, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        n.check_notifications(value)
    message = str(raised.value)
    assert message.startswith(f"{argument}: "), message
    assert says in message


def test_a_deferred_topic_arn_is_kept_for_checking_on_resolution() -> None:
    class Deferred:  # stands in for pulumi.Output, which this module must not import
        pass

    later = Deferred()
    checked = n.check_notifications(
        {"topic_arn": later}, is_deferred=lambda v: isinstance(v, Deferred)
    )
    assert checked is not None and checked.topic_arn is later
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: "):
        n.check_notifications({"topic_arn": later})  # not deferred: checked now


def _partition_regions() -> list[tuple[str, str]]:
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
    with open(path) as file:
        data = json.load(file)
    pairs = []
    for partition in data["partitions"]:
        for region in partition["regions"]:
            if re.fullmatch(partition["regionRegex"], region):  # skips aws-global etc.
                pairs.append((partition["id"], region))
    return pairs


@pytest.mark.parametrize(("partition", "region"), _partition_regions())
def test_topic_arns_of_every_partition_and_region_botocore_knows(
    partition: str, region: str
) -> None:
    arn = f"arn:{partition}:sns:{region}:{ACCOUNT}:feedback"
    assert n.check_topic_arn(arn) == arn
    assert n.parse_topic_arn(arn) == TopicArn(partition, region, ACCOUNT, "feedback")


@pytest.mark.parametrize(
    "name", ["a", "A_b-9", "x" * 256, "Feedback_Topic-2024"], ids=["1", "mixed", "256", "long"]
)
def test_topic_names_sns_allows(name: str) -> None:
    # SNS CreateTopic: 1-256 ASCII letters, digits, '_' and '-'.
    assert "between 1 and 256 characters" in doc("sns", "CreateTopic", "Name")
    arn = f"arn:aws:sns:us-east-1:{ACCOUNT}:{name}"
    assert n.check_topic_arn(arn) == arn


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:sns:us-east-1:{ACCOUNT}:" + "x" * 257,
        f"arn:aws:sns:us-east-1:{ACCOUNT}:bad.name",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:bad name",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:",
        "arn:aws:sns:us-east-1:12345678901:feedback",
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:feedback",
        f"arn:aws:sns::{ACCOUNT}:feedback",
        f"arn:azure:sns:us-east-1:{ACCOUNT}:feedback",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:feedback:subscription-id",
        f" arn:aws:sns:us-east-1:{ACCOUNT}:feedback",
    ],
)
def test_malformed_topic_arns_are_refused(arn: str) -> None:
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: expected an SNS topic"):
        n.check_topic_arn(arn)


def test_fifo_topics_are_refused_because_ses_publishes_only_to_standard_topics() -> None:
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: .*FIFO.*Standard"):
        n.check_topic_arn(f"arn:aws:sns:us-east-1:{ACCOUNT}:feedback.fifo")


def test_a_topic_outside_the_ses_region_is_refused() -> None:
    assert n.check_topic_arn(TOPIC, ses_region="eu-west-1") == TOPIC
    with pytest.raises(ValueError, match=r"^notifications\['topic_arn'\]: .*eu-west-1.*us-east-1"):
        n.check_topic_arn(TOPIC, ses_region="us-east-1")


def test_one_identity_notification_topic_per_type_with_pulumi_aws_names() -> None:
    checked = n.check_notifications({"types": ["Bounce", "Complaint", "Delivery"]})
    assert checked is not None
    per_type = n.notification_topic_kwargs(
        checked.types,
        include_original_headers=checked.include_original_headers,
        identity="example.com",
        topic_arn=TOPIC,
        region="eu-west-1",
    )
    assert list(per_type) == ["Bounce", "Complaint", "Delivery"]
    names = args_names(aws.ses.IdentityNotificationTopicArgs)
    shape = input_shape("ses", "SetIdentityNotificationTopic")
    for notification_type, kwargs in per_type.items():
        assert set(kwargs) <= names
        assert kwargs["notification_type"] == notification_type
        assert kwargs["region"] == "eu-west-1"
        # The same values as SES's own API call, checked against SES's model.
        request = {
            "Identity": kwargs["identity"],
            "NotificationType": kwargs["notification_type"],
            "SnsTopic": kwargs["topic_arn"],
        }
        assert model_problems(request, shape) == []


def test_region_is_left_out_when_not_given_and_headers_follow_the_setting() -> None:
    checked = n.check_notifications({"include_original_headers": True})
    assert checked is not None
    per_type = n.notification_topic_kwargs(
        checked.types,
        include_original_headers=checked.include_original_headers,
        identity=IDENTITY,
        topic_arn=TOPIC,
    )
    assert all("region" not in kwargs for kwargs in per_type.values())
    assert all(kwargs["include_original_headers"] is True for kwargs in per_type.values())
