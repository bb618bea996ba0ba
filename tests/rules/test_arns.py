"""The one ARN parser (rules/arns.py): partitions and Regions agree, in every argument that
takes an ARN, before any child is created."""

from __future__ import annotations

import pytest

from cognito_ses_email.rules import arns
from tests.rules.argument_values import (
    MODES,
    WRAPS,
    nothing_made,
    raised,
)
from tests.support import ACCOUNT, Deployment, build, error_text

# --- ARNs: one parser, partition and Region agree ----------------------------------------

DISAGREEING = [
    ("aws-cn", "us-east-1"),
    ("aws", "cn-north-1"),
    ("aws-us-gov", "eu-west-1"),
    ("aws", "us-gov-west-1"),
    ("aws-iso", "us-east-1"),
]


@pytest.mark.parametrize(("partition", "region"), DISAGREEING)
def test_the_parser_refuses_a_partition_and_region_that_disagree(
    partition: str, region: str
) -> None:
    arn = f"arn:{partition}:sns:{region}:{ACCOUNT}:feedback"
    assert arns.parse_arn(arn) is None
    assert f"its partition {partition!r} and Region {region!r} disagree" in (
        arns.arn_problem(arn) or ""
    )
    assert arns.parse_topic_arn(arn) is None
    identity_arn = f"arn:{partition}:ses:{region}:{ACCOUNT}:identity/example.com"
    assert arns.parse_identity_arn(identity_arn) is None


def test_the_parser_knows_every_partition_and_refuses_others() -> None:
    assert arns.parse_arn(f"arn:aws-eusc:sns:eusc-de-east-1:{ACCOUNT}:t") is not None
    assert "is not an AWS partition" in (
        arns.arn_problem(f"arn:awz:sns:us-east-1:{ACCOUNT}:t") or ""
    )
    assert arns.parse_arn("arn:aws:ssm-incidents::111122223333:responseplan/x") is not None


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize(("partition", "region"), DISAGREEING[:2])
def test_a_topic_arn_whose_partition_and_region_disagree_is_refused(
    deployment: Deployment, mode: str, wrap: str, partition: str, region: str
) -> None:
    topic = f"arn:{partition}:sns:{region}:{ACCOUNT}:feedback"
    with pytest.raises(Exception) as raised:
        build(deployment, notifications={"topic_arn": WRAPS[wrap](topic)}, **MODES[mode])
    text = error_text(raised.value)
    assert "notifications['topic_arn']: expected an SNS topic ARN" in text
    assert f"its partition {partition!r} and Region {region!r} disagree" in text
    nothing_made(deployment, wrap)


@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize(("partition", "region"), DISAGREEING[:2])
def test_an_alarm_action_whose_partition_and_region_disagree_is_refused(
    deployment: Deployment, wrap: str, partition: str, region: str
) -> None:
    action = f"arn:{partition}:sns:{region}:{ACCOUNT}:pager"
    with pytest.raises(Exception) as raised:
        build(deployment, sending_account="DEVELOPER", alarms={"actions": [WRAPS[wrap](action)]})
    text = error_text(raised.value)
    assert "alarms['actions']: " in text and "is not a CloudWatch alarm action" in text
    assert f"its partition {partition!r} and Region {region!r} disagree" in text
    nothing_made(deployment, wrap)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_identity_arn_whose_partition_and_region_disagree_says_why(
    deployment: Deployment, mode: str
) -> None:
    arn = f"arn:aws-cn:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
    text = raised(deployment, identity_arn=arn, **MODES[mode])
    assert text.startswith("identity_arn: expected an SES identity ARN")
    assert "its partition 'aws-cn' and Region 'us-east-1' disagree" in text
