"""The SNS topic policy (rules/policies.py), checked without Pulumi: parliament, the SES guide."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cognito_ses_email.rules import policies as p
from tests.aws_checks import parliament_findings, policy_problems
from tests.rules.argument_values import ALARM_TYPE, OTHER_ACCOUNT, TOPIC_POLICY_TYPE, WRAPS
from tests.support import Deployment, build, of_type

ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:eu-west-1:{ACCOUNT}:ses-feedback"
IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/no-reply@example.com"
DOMAIN_IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/example.com"

#: The ARNs of the account's alarms in eu-west-1, without the alarm's name.
ALARMS = f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm"


def test_topic_policy_is_the_statement_the_ses_guide_documents() -> None:
    # configure-sns-notifications.html, placeholders filled in; condition keys in
    # lower case as this project writes them, the Id left out.
    documented = {
        "Effect": "Allow",
        "Principal": {"Service": "ses.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": TOPIC,
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT, "aws:SourceArn": IDENTITY}},
    }
    document = json.loads(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY]))
    assert document["Version"] == "2012-10-17"
    [statement] = document["Statement"]
    assert {k: v for k, v in statement.items() if k != "Sid"} == documented
    assert statement["Sid"].isalnum()


def test_topic_policy_trusts_only_ses_and_only_to_publish() -> None:
    document = json.loads(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY, DOMAIN_IDENTITY]))
    [statement] = document["Statement"]
    assert statement["Principal"] == {"Service": "ses.amazonaws.com"}  # one principal
    assert statement["Action"].lower() == "sns:publish"
    assert statement["Effect"] == "Allow"
    conditions = statement["Condition"]["StringEquals"]
    assert conditions["aws:SourceAccount"] == ACCOUNT
    assert conditions["aws:SourceArn"] == sorted([IDENTITY, DOMAIN_IDENTITY])


@pytest.mark.parametrize(
    ("identities", "alarms"),
    [
        ([IDENTITY], []),
        ([IDENTITY, DOMAIN_IDENTITY], []),
        ([DOMAIN_IDENTITY], [f"{ALARMS}:pool-ses-bounce-rate"]),
        ([DOMAIN_IDENTITY], [f"{ALARMS}:*"]),
    ],
)
def test_topic_policy_passes_parliament(identities: list[str], alarms: list[str]) -> None:
    document = p.topic_policy(TOPIC, ACCOUNT, identities, alarms)
    assert parliament_findings(document) == []
    keys = [
        key
        for statement in json.loads(document)["Statement"]
        for operator in statement["Condition"].values()
        for key in operator
    ]
    assert keys and all(key.startswith("aws:") for key in keys)


def test_parliament_does_flag_a_broken_topic_policy() -> None:
    # Guards the test above: parliament reads these documents and finds real faults.
    broken = p.topic_policy(TOPIC, ACCOUNT, [IDENTITY]).replace("sns:Publish", "sns:Publishes")
    assert parliament_findings(broken) != []


def test_topic_policy_is_byte_identical_for_the_same_input() -> None:
    first = p.topic_policy(TOPIC, ACCOUNT, [IDENTITY, DOMAIN_IDENTITY])
    assert first == p.topic_policy(TOPIC, ACCOUNT, [IDENTITY, DOMAIN_IDENTITY])
    assert first == p.topic_policy(TOPIC, ACCOUNT, [DOMAIN_IDENTITY, IDENTITY, IDENTITY])
    assert ": " not in first and ", " not in first  # compact


def test_topic_policy_lets_the_alarms_publish_when_asked() -> None:
    alarm = f"{ALARMS}:pool-ses-bounce-rate"
    assert alarm == f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm:pool-ses-bounce-rate"
    document = json.loads(p.topic_policy(TOPIC, ACCOUNT, [IDENTITY], [alarm]))
    ses, cloudwatch = document["Statement"]
    assert ses["Principal"] == {"Service": "ses.amazonaws.com"}
    assert cloudwatch["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert cloudwatch["Action"] == "sns:Publish"
    assert cloudwatch["Resource"] == TOPIC
    assert cloudwatch["Condition"] == {"ArnLike": {"aws:SourceArn": alarm}}


@pytest.mark.parametrize(
    ("topic", "account", "identities", "alarms", "argument"),
    [
        (f"{TOPIC}.fifo", ACCOUNT, [IDENTITY], [], "topic_arn"),
        ("ses-feedback", ACCOUNT, [IDENTITY], [], "topic_arn"),
        (TOPIC, "12345", [IDENTITY], [], "account"),
        (TOPIC, ACCOUNT, [], [], "identity_arns"),
        (TOPIC, ACCOUNT, IDENTITY, [], "identity_arns"),
        (TOPIC, ACCOUNT, ["no-reply@example.com"], [], "identity_arns"),
        (TOPIC, ACCOUNT, [IDENTITY.replace("eu-west-1", "us-east-1")], [], "identity_arns"),
        (TOPIC, ACCOUNT, [IDENTITY], ["arn:aws:cloudwatch:us-east-1:1:alarm:x"], "alarm_arns"),
        (TOPIC, ACCOUNT, [IDENTITY], [f"{ALARMS}:"], "alarm_arns"),
    ],
)
def test_topic_policy_refuses_inputs_that_would_not_work(
    topic: str, account: str, identities: Any, alarms: list[str], argument: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{argument}: "):
        p.topic_policy(topic, account, identities, alarms)


def test_topic_policy_for_an_identity_of_another_account() -> None:
    """An adopted identity of another account publishes to a topic in this one: the
    condition names the identity's account, not the topic's."""
    other = "210987654321"
    identity = f"arn:aws:ses:eu-west-1:{other}:identity/example.com"
    document = json.loads(p.topic_policy(TOPIC, other, [identity]))
    condition = document["Statement"][0]["Condition"]["StringEquals"]
    assert condition == {"aws:SourceAccount": other, "aws:SourceArn": identity}


@pytest.mark.parametrize("wrap", sorted(WRAPS))
def test_alarms_of_a_shared_identity_publish_to_this_account_s_topic(
    deployment: Deployment, wrap: str
) -> None:
    """The alarms and the topic are this account's; SES publishes for the identity's."""
    shared = f"arn:aws:ses:us-east-1:{OTHER_ACCOUNT}:identity/example.com"
    build(
        deployment,
        sending_account="DEVELOPER",
        identity_arn=WRAPS[wrap](shared),
        notifications={},
        alarms={},
    )
    [topic_policy] = of_type(deployment, TOPIC_POLICY_TYPE)
    document = topic_policy.inputs["policy"]
    ses, alarms = json.loads(document)["Statement"]
    assert ses["Condition"]["StringEquals"] == {
        "aws:SourceAccount": OTHER_ACCOUNT,
        "aws:SourceArn": shared,
    }
    alarm_arns = alarms["Condition"]["ArnLike"]["aws:SourceArn"]
    assert len(alarm_arns) == len(of_type(deployment, ALARM_TYPE)) == 2
    assert all(a.startswith(f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:") for a in alarm_arns)
    assert "mail-bounce-rate" in alarm_arns[0] and "mail-complaint-rate" in alarm_arns[1]
    assert topic_policy.inputs["arn"].split(":")[4] == ACCOUNT
    assert policy_problems(document) == []
