"""The one ARN parser: every ARN argument (identity, topic, alarm action) goes through it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import regions
from .addresses import ARN_CHARACTERS, identity_covers_address, non_arn_character
from .errors import argument_error

# Shape only (the account is "ec2" in arn:aws:automate:REGION:ec2:stop, an alarm action).
_ARN_RE = re.compile(
    r"^arn:(?P<partition>[a-z0-9-]+):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>[a-z0-9]*):(?P<resource>\S+)$"
)
_IDENTITY_NAME_RE = re.compile(rf"^[{ARN_CHARACTERS}]+$")
# SNS CreateTopic's names: 1-256 ASCII letters, digits, '_' and '-'; ".fifo" after a FIFO's.
_TOPIC_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}(?:\.fifo)?$")


def is_account(value: Any) -> bool:
    """True for an AWS account id: 12 digits."""
    return isinstance(value, str) and re.fullmatch(r"[0-9]{12}", value) is not None


@dataclass(frozen=True)
class Arn:
    """The parts of an ARN whose partition and Region agree."""

    partition: str
    service: str
    region: str  # "" for a global resource
    account: str  # "" when the service leaves it out
    resource: str


@dataclass(frozen=True)
class IdentityArn:
    """The parts of an SES identity ARN, or of an SNS topic ARN (its name, the topic's)."""

    partition: str
    region: str
    account: str
    name: str


def arn_problem(value: Any) -> str | None:
    """Why ``value`` is not an ARN of a partition botocore knows, in one of its Regions."""
    match = _ARN_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return "it is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"
    partition, region = match["partition"], match["region"]
    if partition not in regions.PARTITIONS:
        known = ", ".join(sorted(regions.PARTITIONS))
        return f"its partition {partition!r} is not an AWS partition ({known})"
    if region and regions.partition_of(region) != partition:
        actual = regions.partition_of(region)
        where = f"a Region of partition {actual!r}" if actual else "not a Region code"
        return (
            f"its partition {partition!r} and Region {region!r} disagree ({region!r} is "
            f"{where}, per botocore's partitions)"
        )
    return None


def parse_arn(value: Any) -> Arn | None:
    """The parts of ``value``, or None when :func:`arn_problem` finds a problem."""
    match = _ARN_RE.fullmatch(value) if arn_problem(value) is None else None
    return Arn(**match.groupdict()) if match else None


def parse_identity_arn(value: Any) -> IdentityArn | None:
    """The parts of an SES identity ARN, or None when ``value`` is not one."""
    arn = parse_arn(value)
    if arn is None or arn.service != "ses" or not arn.region:
        return None
    kind, _, name = arn.resource.partition("/")
    if kind != "identity" or not is_account(arn.account) or not _IDENTITY_NAME_RE.fullmatch(name):
        return None
    return IdentityArn(arn.partition, arn.region, arn.account, name)


def known_identity_arn(arn: str | None) -> IdentityArn:
    """The parts of an identity ARN known to be well formed (None only from mocks)."""
    if arn is None:
        raise ValueError(
            "identity_arn: the SES identity has no ARN (None): the mocks answered no 'arn' for "
            "aws:ses/emailIdentity:EmailIdentity (or aws:ses/domainIdentity:DomainIdentity), as "
            "mocks that echo their inputs do. Use cognito_ses_email.testing.Mocks, or return an "
            "'arn' (arn:aws:ses:REGION:ACCOUNT:identity/NAME) from your mocks' new_resource for "
            "that type"
        )
    parsed = parse_identity_arn(arn)
    if parsed is None:
        raise ValueError(f"identity_arn: {arn!r} is not an SES identity ARN")
    return parsed


def parse_topic_arn(value: Any) -> IdentityArn | None:
    """The parts of an SNS topic ARN of any partition, or None when it is not one."""
    arn = parse_arn(value)
    if arn is None or arn.service != "sns" or not arn.region:
        return None
    if not is_account(arn.account) or not _TOPIC_NAME_RE.fullmatch(arn.resource):
        return None
    return IdentityArn(arn.partition, arn.region, arn.account, arn.resource)


def check_identity_arn(value: Any, from_address: str, sending_account: str) -> IdentityArn:
    """An SES identity ARN that Cognito can use to send as ``from_address``."""
    parsed = parse_identity_arn(value)
    if parsed is None:
        why = arn_problem(value) or _identity_name_problem(value)
        raise argument_error(
            "identity_arn",
            "expected an SES identity ARN such as "
            f"arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com, got {value!r}"
            + (f": {why}" if why else ""),
        )
    if identity_covers_address(parsed.name, from_address, sending_account):
        return parsed
    wanted = f"identity/{from_address}"
    if sending_account != "COGNITO_DEFAULT":
        wanted += f" or identity/{from_address.rsplit('@', 1)[1]}"
    raise argument_error(
        "identity_arn",
        f"the identity {parsed.name!r} does not cover from_address {from_address!r}; "
        f"in {sending_account} mode adopt {wanted} (Cognito checks the exact identity)",
    )


def _identity_name_problem(arn: str) -> str | None:
    """Which character of an identity ARN's name Cognito's ``SourceArn`` refuses, or None."""
    char = non_arn_character(arn.rsplit("identity/", 1)[-1])
    if char is None:
        return None
    return (
        f"its name holds {char!r}, which Cognito refuses in SourceArn (botocore cognito-idp "
        "ArnType allows letters, digits and +=/,.@_- only); adopt the domain's identity "
        "instead (DEVELOPER mode)"
    )
