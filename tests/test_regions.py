"""The Cognito/SES Region table (Cognito guide, 'SES Regions for Amazon Cognito email')."""

import pytest

from components.regions import allowed_ses_regions, is_region, region_pair_problem

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
        assert is_region(good), good
    for bad in ["", "US-EAST-1", "us-east", "useast1", "us-east-1 ", "eu_west_1"]:
        assert not is_region(bad), bad
