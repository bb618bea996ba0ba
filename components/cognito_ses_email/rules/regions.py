"""AWS partitions and Regions, where Cognito and SES are offered, and which SES Regions a
user pool may use (pure data and checks; sources: docs/regions.md).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import argument_error

#: Where the table below was copied from (shown when a Region is newer than it).
TABLE_SOURCE = "botocore 1.44.8"

#: Endpoint prefixes in botocore's endpoint data.
COGNITO_IDP = "cognito-idp"
SES = "email"
_SERVICE_NAMES = {COGNITO_IDP: "Amazon Cognito user pools", SES: "Amazon SES"}


@dataclass(frozen=True)
class Partition:
    """One AWS partition as botocore's endpoint data describes it."""

    #: The partition id, as ARNs spell it (``aws-us-gov``).
    name: str
    #: ``regionRegex`` from partitions.json, verbatim: the shape of its Region codes.
    region_regex: str
    #: Its Regions (partitions.json, without pseudo-Regions such as ``aws-global``).
    regions: frozenset[str]
    #: The Regions endpoints.json knows (it can lag partitions.json).
    endpoint_regions: frozenset[str]
    #: Endpoint prefix -> Regions with an endpoint, for the services endpoints.json
    #: lists in this partition at all. A missing prefix means botocore is silent.
    services: Mapping[str, frozenset[str]]


_AWS_REGION_CODES = (
    "af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 "
    "ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 "
    "ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 "
    "eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1 "
    "me-west-1 mx-central-1 sa-east-1 sa-west-1 us-east-1 us-east-2 us-west-1 us-west-2"
)
_AWS_REGIONS = frozenset(_AWS_REGION_CODES.split())
#: endpoints.json does not list these two partitions.json Regions yet.
_AWS_ENDPOINT_REGIONS = _AWS_REGIONS - {"me-west-1", "sa-west-1"}


def _silent(name: str, region_regex: str, regions: set[str]) -> Partition:
    """A partition whose endpoint data lists neither cognito-idp nor email."""
    known = frozenset(regions)
    return Partition(name, region_regex, known, known, {})


#: Every partition botocore knows, in the order of partitions.json (the order in
#: which botocore matches a Region to a partition).
PARTITIONS: tuple[Partition, ...] = (
    Partition(
        "aws",
        r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        _AWS_REGIONS,
        _AWS_ENDPOINT_REGIONS,
        {
            COGNITO_IDP: _AWS_ENDPOINT_REGIONS,
            SES: _AWS_ENDPOINT_REGIONS - {"ap-east-1"},
        },
    ),
    _silent("aws-cn", r"^cn\-\w+\-\d+$", {"cn-north-1", "cn-northwest-1"}),
    Partition(
        "aws-eusc",
        r"^eusc\-(de)\-\w+\-\d+$",
        frozenset({"eusc-de-east-1"}),
        frozenset({"eusc-de-east-1"}),
        {COGNITO_IDP: frozenset({"eusc-de-east-1"}), SES: frozenset({"eusc-de-east-1"})},
    ),
    _silent("aws-iso", r"^us\-iso\-\w+\-\d+$", {"us-iso-east-1", "us-iso-west-1"}),
    _silent("aws-iso-b", r"^us\-isob\-\w+\-\d+$", {"us-isob-east-1", "us-isob-west-1"}),
    _silent("aws-iso-e", r"^eu\-isoe\-\w+\-\d+$", {"eu-isoe-west-1"}),
    _silent("aws-iso-f", r"^us\-isof\-\w+\-\d+$", {"us-isof-east-1", "us-isof-south-1"}),
    Partition(
        "aws-us-gov",
        r"^us\-gov\-\w+\-\d+$",
        frozenset({"us-gov-east-1", "us-gov-west-1"}),
        frozenset({"us-gov-east-1", "us-gov-west-1"}),
        {
            COGNITO_IDP: frozenset({"us-gov-east-1", "us-gov-west-1"}),
            SES: frozenset({"us-gov-east-1", "us-gov-west-1"}),
        },
    ),
)

PARTITIONS_BY_NAME: Mapping[str, Partition] = {p.name: p for p in PARTITIONS}
KNOWN_REGIONS: frozenset[str] = frozenset(r for p in PARTITIONS for r in p.regions)

# botocore matches with re.match and these patterns as they are; \w also takes
# capitals and "_", which no Region code has, hence the separate character check.
_PATTERNS = {p.name: re.compile(p.region_regex) for p in PARTITIONS}
_REGION_CHARACTERS = re.compile(r"[a-z0-9-]+")

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


def partition_of(region: str) -> str | None:
    """The partition of ``region``: the one that lists it, else the first whose pattern
    matches (botocore's order), else None. Shape only: see :func:`is_region`."""
    for partition in PARTITIONS:
        if region in partition.regions:
            return partition.name
    if not _REGION_CHARACTERS.fullmatch(region):
        return None
    for partition in PARTITIONS:
        if _PATTERNS[partition.name].fullmatch(region):
            return partition.name
    return None


def is_region(value: str) -> bool:
    """True when ``value`` is shaped like a Region code of some partition (``eu-west-1``)."""
    return partition_of(value) is not None


def is_known_region(value: str) -> bool:
    """True when ``value`` is a Region in the table (not merely Region-shaped)."""
    return value in KNOWN_REGIONS


def service_offered(region: str, service: str) -> bool | None:
    """Whether AWS offers ``service`` (an endpoint prefix) in ``region``, per botocore.

    True or False only where botocore's endpoint data speaks: it lists ``region``
    among its partition's Regions and lists ``service`` in that partition at all;
    False then means no endpoint for ``service`` in ``region`` (SES in ap-east-1).
    None where it is silent, which proves nothing: a Region newer than the table, a
    Region endpoints.json does not list yet (me-west-1), or a partition whose data
    lists no endpoint for the service at all (aws-cn and the ISO partitions list
    neither cognito-idp nor email; their SDK data often omits services).
    """
    partition = PARTITIONS_BY_NAME.get(partition_of(region) or "")
    if partition is None or region not in partition.endpoint_regions:
        return None
    offered = partition.services.get(service)
    return None if offered is None else region in offered


def service_problem(region: str, service: str) -> str | None:
    """Why ``service`` cannot be used in ``region``, or None (also when botocore is silent)."""
    if service_offered(region, service) is not False:
        return None
    name = _SERVICE_NAMES.get(service, service)
    return (
        f"{name} is not offered in {region}: the AWS SDK's endpoint data "
        f"({TABLE_SOURCE}) has no {service!r} endpoint there; choose another Region"
    )


def allowed_ses_regions(pool_region: str) -> frozenset[str]:
    """The SES Regions the Cognito guide's table lets a pool in ``pool_region`` use.

    Pools outside its table, including every Region of other partitions, may use
    their own Region only.
    """
    if pool_region in _LEGACY_ONLY_POOL_REGIONS:
        return LEGACY_SES_REGIONS
    if pool_region in _OWN_OR_LEGACY_POOL_REGIONS:
        return LEGACY_SES_REGIONS | {pool_region}
    return frozenset({pool_region})


def usable_ses_regions(pool_region: str) -> frozenset[str]:
    """:func:`allowed_ses_regions` without the Regions where botocore shows no SES."""
    return frozenset(
        region
        for region in allowed_ses_regions(pool_region)
        if service_offered(region, SES) is not False
    )


def region_pair_problem(pool_region: str, ses_region: str) -> str | None:
    """Why Cognito in ``pool_region`` cannot use SES in ``ses_region``, or None."""
    usable = usable_ses_regions(pool_region)
    if ses_region in usable:
        return None
    if not usable:
        return (
            f"a user pool in {pool_region} can send through SES only in {pool_region}, "
            f"where SES is not offered (the AWS SDK's endpoint data, {TABLE_SOURCE})"
        )
    pool_partition, ses_partition = partition_of(pool_region), partition_of(ses_region)
    if pool_partition != ses_partition:
        return (
            f"a user pool in {pool_region} (partition {pool_partition}) cannot send "
            f"through SES in {ses_region} (partition {ses_partition}); it can use SES "
            f"only in {', '.join(sorted(usable))}"
        )
    return (
        f"a user pool in {pool_region} can send through SES only in "
        f"{', '.join(sorted(usable))}, not {ses_region}"
    )


def suggest_region(value: str) -> str | None:
    """The known Region that ``value`` is most likely a typo of, or None.

    A near miss is, after lower-casing and turning spaces, dots and ``_`` into
    ``-``: a known Region itself (``US-EAST-1``); a known Region with the same
    name and the same number written differently (``eu-west-01``); or one whose
    name differs in one word by one edit (insert, delete, substitute or swap two
    neighbours: ``us-esat-1``), where that word is not one that known Regions or
    the partitions' patterns use in that place. So a new number (``eu-west-4``) or
    known words in a new combination (``sa-central-1``) are no typo: that is how
    new Regions look. One edit is the cutoff because the words of real Region
    codes that are one edit apart are all real (``ca``/``sa``, ``me``/``mx``,
    ``iso``/``isob``), and the tests check that no known Region would be taken for
    a typo of another if the table lacked it.
    A value not shaped like a Region is refused anyway, so the hint is looser
    there: the closest Region within two edits (``us-east-1a``, ``useast1``).
    """
    text = re.sub(r"[\s._]+", "-", value.strip().lower())
    if text in KNOWN_REGIONS:
        return text
    scored: list[tuple[int, str]] = []
    for known in sorted(KNOWN_REGIONS):
        score = _typo_score(text, known)
        if score is not None:
            scored.append((score, known))
    return min(scored)[1] if scored else None


def _typo_score(value: str, known: str) -> int | None:
    """How far ``value`` is from ``known`` if it looks like a typo of it, else None."""
    parsed, target = _split(value), _split(known)
    if parsed is None or target is None:
        distance = edit_distance(value, known)
        return distance if distance <= 2 else None
    (words, number), (known_words, known_number) = parsed, target
    same_number = int(number) == int(known_number)
    if words == known_words:
        return 1 if same_number else None  # another number: a newer Region
    if len(words) != len(known_words):
        distance = edit_distance("-".join(words), "-".join(known_words))
    else:
        differing = [i for i, (a, b) in enumerate(zip(words, known_words, strict=True)) if a != b]
        if len(differing) != 1:
            return None
        [position] = differing
        if words[position] in _known_words(KNOWN_REGIONS).get(position, frozenset()):
            return None  # a real word in a new combination: maybe a newer Region
        distance = edit_distance(words[position], known_words[position])
    if distance > 1:
        return None
    return distance if same_number else distance + 1


def _split(region: str) -> tuple[tuple[str, ...], str] | None:
    """``("us", "east"), "1"`` for ``us-east-1``; None without a final ``-<digits>``."""
    name, _, number = region.rpartition("-")
    if not name or not number.isdigit() or not number.isascii():
        return None
    return tuple(name.split("-")), number


@cache
def _known_words(known_regions: frozenset[str]) -> dict[int, frozenset[str]]:
    """Position in a Region's name -> the words ``known_regions`` and the patterns use there."""
    words: dict[int, set[str]] = {}
    for partition in PARTITIONS:
        for position, alternatives in enumerate(_pattern_words(partition.region_regex)):
            words.setdefault(position, set()).update(alternatives)
    for region in known_regions:
        parsed = _split(region)
        if parsed is not None:
            for position, word in enumerate(parsed[0]):
                words.setdefault(position, set()).add(word)
    return {position: frozenset(found) for position, found in words.items()}


def _pattern_words(region_regex: str) -> list[list[str]]:
    """The literal words a partition's Region pattern starts with, position by position."""
    words = []
    for part in region_regex.removeprefix("^").split(r"\-"):
        literal = re.fullmatch(r"\(?([a-z|]+)\)?", part)
        if literal is None:
            break
        words.append(literal[1].split("|"))
    return words


def edit_distance(a: str, b: str) -> int:
    """Edits turning ``a`` into ``b``: inserts, deletes, substitutions and swaps of
    two neighbouring characters cost one each (optimal string alignment)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def check_region(
    argument: str,
    value: Any,
    warn: Callable[[str], None] | None = None,
    *,
    service: str | None = None,
) -> str:
    """An AWS Region code such as ``eu-west-1``, checked against the Region table.

    A known Region passes. A near miss of one (``us-esat-1``, ``eu-west-01``) is an
    error that suggests it. A value shaped like a Region of some partition but far
    from every known one passes with a ``warn`` (default :func:`warnings.warn`):
    it may be newer than the table. Anything else is an error. With ``service``
    (``COGNITO_IDP`` or ``SES``), a Region where botocore's
    endpoint data shows that service is not offered is an error too.
    """
    rule = "expected an AWS Region code such as eu-west-1"
    if not isinstance(value, str):
        raise argument_error(argument, f"{rule}, got {value!r}")
    if not is_known_region(value):
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
    if service is not None:
        problem = service_problem(value, service)
        if problem:
            raise argument_error(argument, problem)
    return value


def check_region_pair(
    pool_region: str,
    ses_region: str,
    argument: str = "ses_region",
    pool_argument: str = "user_pool_args['region']",
) -> None:
    """Cognito in ``pool_region`` must be allowed to use SES in ``ses_region``.

    ``argument`` names what put the identity in ``ses_region`` (``ses_region`` or
    ``identity_arn``); ``pool_argument`` what put the pool in ``pool_region``,
    blamed when botocore's endpoint data shows no Cognito user pools there.
    """
    problem = service_problem(pool_region, COGNITO_IDP)
    if problem:
        raise argument_error(pool_argument, problem)
    problem = region_pair_problem(pool_region, ses_region)
    if problem:
        fix = (
            "put the SES identity in an allowed Region"
            if usable_ses_regions(pool_region)
            else "create the user pool in a Region where Cognito can use SES"
        )
        raise argument_error(
            argument,
            f"{problem}; {fix} (see 'SES Regions for Amazon Cognito email' in the Cognito guide)",
        )
