"""Which SES Regions a Cognito user pool may send through (pure data and checks).

Source: Amazon Cognito Developer Guide, "SES Regions for Amazon Cognito email"
(summarised in ``shared/reference/aws-facts.md``). The SES Region is the Region in
the identity ARN given to Cognito as ``SourceArn``; there is no separate field.
"""

from __future__ import annotations

import re

#: The three SES Regions every "backwards compatible" pool Region may use.
LEGACY_SES_REGIONS = frozenset({"us-east-1", "us-west-2", "eu-west-1"})

#: Pool Regions that may use the legacy SES Regions and nothing else.
_LEGACY_ONLY_POOL_REGIONS = LEGACY_SES_REGIONS

#: Pool Regions that may use their own Region or any legacy SES Region.
_OWN_OR_LEGACY_POOL_REGIONS = frozenset(
    {
        "us-east-2",
        "ca-central-1",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "eu-west-2",
        "eu-central-1",
    }
)

_REGION_RE = re.compile(r"^[a-z]{2}(?:-(?:gov|iso[a-z]?))?-[a-z]+-\d{1,2}$")


def is_region(value: str) -> bool:
    """True when ``value`` is shaped like an AWS Region code (``eu-west-1``)."""
    return bool(_REGION_RE.fullmatch(value))


def allowed_ses_regions(pool_region: str) -> frozenset[str]:
    """The SES Regions Cognito lets a user pool in ``pool_region`` send through."""
    if pool_region in _LEGACY_ONLY_POOL_REGIONS:
        return LEGACY_SES_REGIONS
    if pool_region in _OWN_OR_LEGACY_POOL_REGIONS:
        return LEGACY_SES_REGIONS | {pool_region}
    return frozenset({pool_region})


def region_pair_problem(pool_region: str, ses_region: str) -> str | None:
    """Why Cognito in ``pool_region`` cannot use SES in ``ses_region``, or None."""
    allowed = allowed_ses_regions(pool_region)
    if ses_region in allowed:
        return None
    return (
        f"a user pool in {pool_region} can send through SES only in "
        f"{', '.join(sorted(allowed))}, not {ses_region}"
    )
