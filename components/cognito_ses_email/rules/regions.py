"""The Region facts the checks need: partitions, services, SES for a pool (docs/regions.md)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from .errors import argument_error
from .keys import closest

#: Where pulumi-aws takes the provider's Region from when aws:region is not set, in order.
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")

#: Where the table below was copied from (shown when a Region is newer than it).
TABLE_SOURCE = "botocore 1.44.8"

#: The services a Region is checked for (``service=``): name, endpoint prefix, and the Regions
#: where botocore's endpoints.json lists the service without an endpoint there.
COGNITO_IDP = "cognito-idp"
SES = "ses"
_SERVICES = {
    COGNITO_IDP: ("Amazon Cognito user pools", "cognito-idp", frozenset[str]()),
    SES: ("Amazon SES", "email", frozenset({"ap-east-1"})),
}

#: Each partition's Region pattern (botocore partitions.json ``regionRegex``), in its order.
PARTITIONS: Mapping[str, str] = {
    "aws": r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
    "aws-cn": r"^cn\-\w+\-\d+$",
    "aws-eusc": r"^eusc\-(de)\-\w+\-\d+$",
    "aws-iso": r"^us\-iso\-\w+\-\d+$",
    "aws-iso-b": r"^us\-isob\-\w+\-\d+$",
    "aws-iso-e": r"^eu\-isoe\-\w+\-\d+$",
    "aws-iso-f": r"^us\-isof\-\w+\-\d+$",
    "aws-us-gov": r"^us\-gov\-\w+\-\d+$",
}

#: Every Region of partitions.json (pseudo-Regions such as aws-global left out).
KNOWN_REGIONS = frozenset(
    """af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1
    ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5
    ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1
    eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1
    me-west-1 mx-central-1 sa-east-1 sa-west-1 us-east-1 us-east-2 us-west-1 us-west-2
    cn-north-1 cn-northwest-1 eusc-de-east-1 us-iso-east-1 us-iso-west-1 us-isob-east-1
    us-isob-west-1 eu-isoe-west-1 us-isof-east-1 us-isof-south-1 us-gov-east-1 us-gov-west-1
    """.split()  # noqa: SIM905
)

#: The words of Region codes: a Region-shaped code of these only may be newer than the table.
_WORDS = frozenset(
    """us eu ap sa ca me af il mx cn eusc de iso isob isoe isof gov central north south east west
    northeast northwest southeast southwest""".split()  # noqa: SIM905
)

#: The Cognito guide's table: the legacy Regions, and the pools that may use them (or their own).
LEGACY_SES_REGIONS = frozenset({"us-east-1", "us-west-2", "eu-west-1"})
_LEGACY_POOL_REGIONS = LEGACY_SES_REGIONS | frozenset(
    """us-east-2 ca-central-1 ap-northeast-1 ap-northeast-2 ap-south-1 ap-southeast-1
    ap-southeast-2 eu-west-2 eu-central-1""".split()  # noqa: SIM905
)


def partition_of(region: str) -> str | None:
    """The partition whose Region pattern ``region`` has (botocore's order), else None."""
    if not re.fullmatch(r"[a-z0-9-]+", region):  # \w in the patterns takes capitals and _
        return None
    return next((name for name, regex in PARTITIONS.items() if re.match(regex, region)), None)


def suggest_region(value: str) -> str | None:
    """The known Region ``value`` is a near miss of (``us-esat-1``, ``eu-west-01``), or None."""
    text = re.sub(r"[\s._]+", "-", value.strip().lower())
    name, _, number = text.rpartition("-")
    if text in KNOWN_REGIONS:
        return text
    if partition_of(text) and set(name.split("-")) <= _WORDS and not number.startswith("0"):
        return None
    return closest(text, KNOWN_REGIONS, cutoff=0.8)


def service_problem(region: str, service: str) -> str | None:
    """Why ``service`` (:data:`SES` or :data:`COGNITO_IDP`) cannot be used in ``region``."""
    name, prefix, not_offered = _SERVICES[service]
    if region not in not_offered:
        return None
    return (
        f"{name} is not offered in {region}: the AWS SDK's endpoint data "
        f"({TABLE_SOURCE}) has no {prefix!r} endpoint there; choose another Region"
    )


def allowed_ses_regions(pool_region: str) -> frozenset[str]:
    """The SES Regions a pool in ``pool_region`` may use, less those botocore shows without SES."""
    legacy = LEGACY_SES_REGIONS if pool_region in _LEGACY_POOL_REGIONS else frozenset()
    return (legacy | {pool_region}) - _SERVICES[SES][2]


def region_pair_problem(pool_region: str, ses_region: str) -> str | None:
    """Why Cognito in ``pool_region`` cannot use SES in ``ses_region``, or None."""
    usable = allowed_ses_regions(pool_region)
    if ses_region in usable:
        return None
    if not usable:
        return (
            f"a user pool in {pool_region} can send through SES only in {pool_region}, "
            f"where SES is not offered (the AWS SDK's endpoint data, {TABLE_SOURCE})"
        )
    only = ", ".join(sorted(usable))
    pool_partition, ses_partition = partition_of(pool_region), partition_of(ses_region)
    if pool_partition != ses_partition:
        return (
            f"a user pool in {pool_region} (partition {pool_partition}) cannot send "
            f"through SES in {ses_region} (partition {ses_partition}); it can use SES only "
            f"in {only}"
        )
    return f"a user pool in {pool_region} can send through SES only in {only}, not {ses_region}"


def check_region(
    argument: str,
    value: Any,
    warn: Callable[[str], None] | None = None,
    *,
    service: str | None = None,
) -> str:
    """A known Region, or one shaped like a Region (with a ``warn``) that offers ``service``."""
    rule = "expected an AWS Region code such as eu-west-1"
    if not isinstance(value, str):
        raise argument_error(argument, f"{rule}, got {value!r}")
    if value not in KNOWN_REGIONS:
        suggestion = suggest_region(value)
        if suggestion is not None:
            raise argument_error(argument, f"{rule}, got {value!r}; did you mean {suggestion!r}?")
        partition = partition_of(value)
        if partition is None:
            raise argument_error(argument, f"{rule}, got {value!r}")
        message = (
            f"{argument}: {value!r} is not in this package's Region table (copied from "
            f"{TABLE_SOURCE}), but it has the shape of a Region of partition "
            f"{partition}, so it is used as given; the table may be older than the Region"
        )
        if warn is None:
            warnings.warn(message, stacklevel=2)
        else:
            warn(message)
    problem = service_problem(value, service) if service else None
    if problem:
        raise argument_error(argument, problem)
    return value


def check_region_pair(
    pool_region: str,
    ses_region: str,
    argument: str = "ses_region",
    pool_argument: str = "user_pool_args['region']",
) -> None:
    """Cognito in ``pool_region`` must be allowed to use SES in ``ses_region``."""
    problem = service_problem(pool_region, COGNITO_IDP)
    if problem:
        raise argument_error(pool_argument, problem)
    problem = region_pair_problem(pool_region, ses_region)
    if problem:
        fix = (
            "put the SES identity in an allowed Region"
            if allowed_ses_regions(pool_region)
            else "create the user pool in a Region where Cognito can use SES"
        )
        raise argument_error(
            argument,
            f"{problem}; {fix} (see 'SES Regions for Amazon Cognito email' in the Cognito guide)",
        )
