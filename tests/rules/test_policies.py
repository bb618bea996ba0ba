"""The sending authorization policy, checked without Pulumi."""

import json
from pathlib import Path

import botocore
import pytest
from botocore.endpoint_provider import RuleSetStandardLibrary

from cognito_ses_email.rules.arns import IdentityArn, parse_identity_arn
from cognito_ses_email.rules.policies import (
    COGNITO_EMAIL_PRINCIPAL,
    account_policy,
    check_identity_owner,
    sending_authorization_policy,
    user_pool_policy,
)
from cognito_ses_email.rules.regions import PARTITIONS
from tests.aws_checks import policy_problems

IDENTITY = "arn:aws:ses:eu-west-1:123456789012:identity/no-reply@example.com"
POOL = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc123"


def test_policy_has_exactly_the_statement_aws_documents() -> None:
    document = json.loads(sending_authorization_policy(IDENTITY, "123456789012", POOL))
    assert document["Version"] == "2012-10-17"
    [statement] = document["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Service": COGNITO_EMAIL_PRINCIPAL}
    assert COGNITO_EMAIL_PRINCIPAL == "email.cognito-idp.amazonaws.com"
    assert statement["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
    assert statement["Resource"] == IDENTITY
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"},
        "ArnLike": {"aws:SourceArn": POOL},
    }
    assert set(statement) == {"Sid", "Effect", "Principal", "Action", "Resource", "Condition"}
    assert statement["Sid"].isalnum()


@pytest.mark.parametrize(
    "source_arn", [POOL, "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/*"]
)
def test_policy_passes_parliament_and_ses_rules(source_arn: str) -> None:
    assert policy_problems(sending_authorization_policy(IDENTITY, "123456789012", source_arn)) == []


def test_checks_catch_broken_policies() -> None:
    """The checkers themselves must notice the mistakes this project guards against."""
    good = sending_authorization_policy(IDENTITY, "123456789012", POOL)
    assert policy_problems(good.replace("aws:SourceAccount", "AWS:SourceAccount"))
    assert policy_problems(good.replace("ses:SendRawEmail", "ses:SendRawEmails"))
    assert policy_problems(good.replace(IDENTITY, "arn:aws:s3:::bucket"))


def test_same_input_gives_byte_identical_json() -> None:
    first = sending_authorization_policy(IDENTITY, "123456789012", POOL)
    assert first == sending_authorization_policy(IDENTITY, "123456789012", POOL)
    assert first.isascii() and "\n" not in first


def test_account_pattern_names_every_pool_of_the_account_in_the_region() -> None:
    gov_identity = "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/example.com"
    [statement] = json.loads(account_policy(gov_identity, None))["Statement"]
    pools = "arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/*"
    assert statement["Condition"]["ArnLike"] == {"aws:SourceArn": pools}


def test_parse_identity_arn() -> None:
    parsed = parse_identity_arn(IDENTITY)
    assert parsed is not None
    assert parsed == IdentityArn("aws", "eu-west-1", "123456789012", "no-reply@example.com")
    assert parse_identity_arn("arn:aws-cn:ses:cn-north-1:123456789012:identity/example.cn")
    for bad in [
        "arn:aws:ses:eu-west-1:12345:identity/a@b.com",  # short account
        "arn:aws:sns:eu-west-1:123456789012:identity/a@b.com",  # other service
        "arn:aws:ses:eu-west-1:123456789012:configuration-set/x",
        "arn:aws:ses:eu-west-1:123456789012:identity/",
        "no-reply@example.com",
    ]:
        assert parse_identity_arn(bad) is None, bad


#: One known Region and one newer than the table, per partition.
ARN_REGIONS = {
    "aws": ["us-east-1", "mx-newplace-7"],
    "aws-cn": ["cn-northwest-1", "cn-southwest-3"],
    "aws-us-gov": ["us-gov-west-1", "us-gov-north-2"],
    "aws-iso": ["us-iso-east-1", "us-iso-south-4"],
    "aws-iso-b": ["us-isob-east-1", "us-isob-north-3"],
    "aws-iso-e": ["eu-isoe-west-1", "eu-isoe-north-2"],
    "aws-iso-f": ["us-isof-south-1", "us-isof-west-5"],
    "aws-eusc": ["eusc-de-east-1", "eusc-de-west-2"],
}


def test_arn_regions_cover_every_partition() -> None:
    assert sorted(ARN_REGIONS) == sorted(PARTITIONS)


@pytest.mark.parametrize(
    ("partition", "region"),
    [(partition, region) for partition, found in ARN_REGIONS.items() for region in found],
)
def test_identity_arns_of_every_partition_parse_as_botocore_parses_them(
    partition: str, region: str
) -> None:
    arn = f"arn:{partition}:ses:{region}:123456789012:identity/example.com"
    assert parse_identity_arn(arn) == IdentityArn(partition, region, "123456789012", "example.com")
    library = RuleSetStandardLibrary(
        json.loads((Path(botocore.__file__).parent / "data" / "partitions.json").read_text())
    )
    parsed = library.aws_parse_arn(arn)
    assert parsed is not None
    assert (parsed["partition"], parsed["region"], parsed["accountId"]) == (
        partition,
        region,
        "123456789012",
    )
    assert library.aws_partition(region)["name"] == partition


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws-cn:ses:us-east-1:123456789012:identity/example.com",  # aws Region
        "arn:aws:ses:cn-north-1:123456789012:identity/example.com",  # aws-cn Region
        "arn:aws-us-gov:ses:us-east-1:123456789012:identity/example.com",
        "arn:aws:ses:us-gov-west-1:123456789012:identity/example.com",
        "arn:aws-iso:ses:us-isob-east-1:123456789012:identity/example.com",
        "arn:aws-eusc:ses:eu-west-1:123456789012:identity/example.com",
        "arn:aws-mars:ses:us-east-1:123456789012:identity/example.com",  # no such partition
        "arn:aws:ses:zz-top-1:123456789012:identity/example.com",  # no partition's shape
        "arn:aws:ses:US-EAST-1:123456789012:identity/example.com",
    ],
)
def test_identity_arns_need_a_region_of_their_own_partition(arn: str) -> None:
    assert parse_identity_arn(arn) is None


# --- aws:SourceAccount is the pool's account; another account's identity is its owner's ----

OTHER_POOL = "arn:aws:cognito-idp:eu-west-1:210987654321:userpool/eu-west-1_Abc123"


def _condition(document: str) -> dict[str, dict[str, str]]:
    condition: dict[str, dict[str, str]] = json.loads(document)["Statement"][0]["Condition"]
    return condition


def test_the_source_account_is_the_pool_s_account() -> None:
    """Cognito presents the pool's account as aws:SourceAccount, not the identity's."""
    assert _condition(user_pool_policy(IDENTITY, OTHER_POOL)) == {
        "StringEquals": {"aws:SourceAccount": "210987654321"},
        "ArnLike": {"aws:SourceArn": OTHER_POOL},
    }
    assert _condition(account_policy(IDENTITY, "us-east-1", "210987654321")) == {
        "StringEquals": {"aws:SourceAccount": "210987654321"},
        "ArnLike": {"aws:SourceArn": "arn:aws:cognito-idp:us-east-1:210987654321:userpool/*"},
    }
    # Not given: the identity's (the component made both with one provider).
    assert _condition(account_policy(IDENTITY, None))["StringEquals"] == {
        "aws:SourceAccount": "123456789012"
    }


def test_only_the_identity_s_owner_may_put_its_policy() -> None:
    assert check_identity_owner(IDENTITY, "123456789012", None) == "123456789012"
    assert check_identity_owner(IDENTITY, None, None) == "123456789012"  # not known
    with pytest.raises(ValueError) as raised:
        check_identity_owner(IDENTITY, "210987654321", "us-east-1")
    message = str(raised.value)
    assert message.startswith("identity_arn: is an identity of account 123456789012, and")
    assert account_policy(IDENTITY, "us-east-1", "210987654321") in message
