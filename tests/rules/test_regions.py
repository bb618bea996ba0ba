"""Partitions and Regions (botocore's data) and the Cognito/SES Region table
(Cognito guide, 'SES Regions for Amazon Cognito email')."""

import json
import re
from pathlib import Path

import botocore
import pytest
from botocore.endpoint_provider import RuleSetStandardLibrary

from cognito_ses_email.rules import regions
from cognito_ses_email.rules.regions import (
    COGNITO_IDP,
    KNOWN_REGIONS,
    PARTITIONS,
    SES,
    allowed_ses_regions,
    check_region,
    check_region_pair,
    partition_of,
    region_pair_problem,
    service_problem,
    suggest_region,
)

LEGACY = {"us-east-1", "us-west-2", "eu-west-1"}


@pytest.mark.parametrize("pool", sorted(LEGACY))
def test_legacy_pool_regions_use_the_three_legacy_ses_regions(pool: str) -> None:
    assert allowed_ses_regions(pool) == LEGACY


@pytest.mark.parametrize(
    "pool",
    [
        "us-east-2",
        "ca-central-1",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "eu-west-2",
        "eu-central-1",
    ],
)
def test_backward_compatible_regions_use_their_own_or_legacy(pool: str) -> None:
    assert allowed_ses_regions(pool) == LEGACY | {pool}


@pytest.mark.parametrize(
    "pool", ["us-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "me-south-1", "sa-east-1"]
)
def test_other_regions_use_only_their_own(pool: str) -> None:
    assert allowed_ses_regions(pool) == {pool}
    problem = region_pair_problem(pool, "us-east-1")
    assert problem is not None and pool in problem


def test_pairs() -> None:
    assert region_pair_problem("eu-central-1", "eu-west-1") is None
    assert region_pair_problem("eu-central-1", "eu-central-1") is None
    assert region_pair_problem("us-east-1", "eu-central-1") is not None
    assert region_pair_problem("eu-central-1", "eu-west-2") is not None


def test_region_shape() -> None:
    for good in ["us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-4", "cn-north-1"]:
        assert partition_of(good), good
    for bad in ["", "US-EAST-1", "us-east", "useast1", "us-east-1 ", "eu_west_1"]:
        assert partition_of(bad) is None, bad


# --- Partitions and Regions, checked against the installed botocore's data ---------------


BOTOCORE_DATA = Path(botocore.__file__).parent / "data"
PARTITIONS_JSON = json.loads((BOTOCORE_DATA / "partitions.json").read_text())
ENDPOINTS_JSON = {
    p["partition"]: p
    for p in json.loads((BOTOCORE_DATA / "endpoints.json").read_text())["partitions"]
}
EVERY_PARTITION = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
]
#: Shaped like Regions of each partition, but in no table (yet).
NEW_REGIONS = {
    "mx-newplace-7": "aws",
    "eu-west-9": "aws",
    "cn-southwest-3": "aws-cn",
    "us-gov-north-2": "aws-us-gov",
    "us-iso-south-4": "aws-iso",
    "us-isob-north-3": "aws-iso-b",
    "eu-isoe-north-2": "aws-iso-e",
    "us-isof-west-5": "aws-iso-f",
    "eusc-de-west-2": "aws-eusc",
}


def test_the_table_has_botocores_partitions_patterns_and_regions() -> None:
    """If this fails after a botocore upgrade, copy the new data into rules/regions.py."""
    botocore_partitions = PARTITIONS_JSON["partitions"]
    assert list(PARTITIONS) == [p["id"] for p in botocore_partitions]
    assert sorted(PARTITIONS) == sorted(EVERY_PARTITION)
    # partitions.json also lists pseudo-Regions (aws-global) that its own pattern refuses.
    real = {r for p in botocore_partitions for r in p["regions"] if re.match(p["regionRegex"], r)}
    assert real == KNOWN_REGIONS
    for theirs in botocore_partitions:
        assert PARTITIONS[theirs["id"]] == theirs["regionRegex"], theirs["id"]


@pytest.mark.parametrize("service", [COGNITO_IDP, SES])
def test_a_service_is_refused_where_botocore_lists_it_without_an_endpoint(service: str) -> None:
    prefix = {COGNITO_IDP: "cognito-idp", SES: "email"}[service]
    for name, theirs in ENDPOINTS_JSON.items():
        endpoints = theirs["services"].get(prefix, {}).get("endpoints", {})
        for region in sorted(KNOWN_REGIONS & set(theirs["regions"])):
            listed = prefix in theirs["services"]
            missing = listed and (region not in endpoints or endpoints[region].get("deprecated"))
            assert (service_problem(region, service) is not None) == bool(missing), (name, region)


def test_regions_belong_to_the_partition_botocore_resolves_them_to() -> None:
    library = RuleSetStandardLibrary(PARTITIONS_JSON)
    for region in sorted(KNOWN_REGIONS | NEW_REGIONS.keys()):
        assert partition_of(region) == library.aws_partition(region)["name"], region
    for region, partition in NEW_REGIONS.items():
        assert partition_of(region) == partition


def test_known_regions_pass_without_a_warning() -> None:
    warnings: list[str] = []
    for region in sorted(KNOWN_REGIONS):
        assert check_region("ses_region", region, warnings.append) == region
    assert warnings == []


def test_ses_is_missing_in_hong_kong_only() -> None:
    assert service_problem("ap-east-1", SES) is not None  # Cognito yes, SES no
    assert service_problem("ap-east-1", COGNITO_IDP) is None
    # Silence proves nothing: partitions without the service's data, Regions newer than it.
    for region in ["cn-north-1", "us-iso-east-1", "me-west-1", "eu-west-9", "us-gov-east-1"]:
        assert service_problem(region, SES) is None, region


def test_every_known_region_may_use_its_own_ses_unless_botocore_shows_none() -> None:
    for region in sorted(KNOWN_REGIONS):
        problem = region_pair_problem(region, region)
        if region == "ap-east-1":
            assert problem is not None and "not offered" in problem
            assert allowed_ses_regions(region) == set()
        else:
            assert problem is None, region


@pytest.mark.parametrize("pool", ["us-gov-west-1", "cn-north-1", "us-iso-east-1", "eusc-de-east-1"])
def test_pools_outside_the_commercial_partition_use_their_own_region_only(pool: str) -> None:
    assert allowed_ses_regions(pool) == {pool}
    assert region_pair_problem(pool, pool) is None
    problem = region_pair_problem(pool, "us-east-1")
    assert problem is not None and "(partition aws)" in problem
    assert f"(partition {partition_of(pool)})" in problem


def test_pools_never_use_ses_of_another_partition() -> None:
    assert region_pair_problem("us-gov-west-1", "us-gov-east-1") is not None  # own Region only
    assert region_pair_problem("us-east-1", "us-gov-west-1") is not None
    assert region_pair_problem("eusc-de-east-1", "eu-west-1") is not None


def test_a_region_pair_error_names_the_argument_and_the_fix() -> None:
    with pytest.raises(
        ValueError, match=r"^identity_arn: a user pool in us-gov-west-1 \(partition aws-us-gov\)"
    ):
        check_region_pair("us-gov-west-1", "us-east-1", argument="identity_arn")
    with pytest.raises(ValueError, match=r"^ses_region: .*not ap-east-1; put the SES identity in"):
        check_region_pair("us-east-1", "ap-east-1")
    with pytest.raises(
        ValueError, match=r"^ses_region: .*SES is not offered.*create the user pool"
    ):
        check_region_pair("ap-east-1", "ap-east-1")
    check_region_pair("eu-central-1", "eu-west-1")
    check_region_pair("cn-northwest-1", "cn-northwest-1")


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("us-esat-1", "us-east-1"),
        ("eu-west-01", "eu-west-1"),
        ("US-EAST-1", "us-east-1"),
        ("eu_west_1", "eu-west-1"),
        ("us-east-1a", "us-east-1"),  # an Availability Zone
        ("useast1", "us-east-1"),
        ("ap-southaest-1", "ap-southeast-1"),
        ("eu-centrl-1", "eu-central-1"),
        ("us-gvo-west-1", "us-gov-west-1"),
        ("eusc-de-esat-1", "eusc-de-east-1"),
    ],
)
def test_near_misses_are_refused_with_the_region_meant(typo: str, meant: str) -> None:
    assert suggest_region(typo) == meant
    with pytest.raises(ValueError, match=rf"^ses_region: .*{typo!r}; did you mean {meant!r}\?$"):
        check_region("ses_region", typo, lambda message: pytest.fail(message))


@pytest.mark.parametrize("region", sorted(NEW_REGIONS))
def test_a_region_newer_than_the_table_passes_with_a_warning(region: str) -> None:
    assert suggest_region(region) is None
    warnings: list[str] = []
    assert check_region("user_pool_args['region']", region, warnings.append) == region
    [message] = warnings
    assert message.startswith("user_pool_args['region']: ")
    assert repr(region) in message and NEW_REGIONS[region] in message
    assert "table may be older than the Region" in message


def test_the_default_warning_is_a_python_warning() -> None:
    with pytest.warns(UserWarning, match=r"^ses_region: 'eu-west-9' is not in"):
        check_region("ses_region", "eu-west-9")


def test_new_numbers_and_new_combinations_of_real_words_are_not_typos() -> None:
    for region in ["eu-west-4", "ap-east-3", "sa-central-1", "ca-south-1", "us-gov-west-3"]:
        assert suggest_region(region) is None, region


def test_no_known_region_would_be_taken_for_a_typo_if_the_table_lacked_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cutoff must not refuse the next real Region: try it on every real one."""
    for region in sorted(KNOWN_REGIONS):
        monkeypatch.setattr(regions, "KNOWN_REGIONS", KNOWN_REGIONS - {region})
        assert suggest_region(region) is None, region


@pytest.mark.parametrize("value", ["nowhere", "", "zz-top-1", "eu-west", 1, None])
def test_values_not_shaped_like_a_region_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^ses_region: expected an AWS Region code"):
        check_region("ses_region", value, lambda message: pytest.fail(message))


def test_a_service_botocore_shows_absent_is_refused_where_asked() -> None:
    with pytest.raises(ValueError, match=r"^ses_region: Amazon SES is not offered in ap-east-1"):
        check_region("ses_region", "ap-east-1", service=SES)
    assert check_region("user_pool_args['region']", "ap-east-1", service=COGNITO_IDP) == "ap-east-1"
    # botocore is silent about SES in aws-cn: not refused.
    assert check_region("ses_region", "cn-north-1", service=SES) == "cn-north-1"
