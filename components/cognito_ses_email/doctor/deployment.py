"""What the doctor read from AWS, as plain records, and the shape of a check's result."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias, TypeVar

# The package's own rules: the only imports from outside the doctor (pure modules, no pulumi).
from ..rules.arns import IdentityArn, is_account, parse_arn, parse_identity_arn
from ..rules.regions import partition_of, suggest_region

#: "unknown": the doctor could not check (a read it may not make, a policy it cannot evaluate).
Status = Literal["pass", "warn", "fail", "unknown"]

#: Cognito's daily limit in COGNITO_DEFAULT mode (Amazon Cognito guide, "Quotas").
COGNITO_DEFAULT_DAILY_EMAILS = 50
#: GetSendQuota's answer for an account in the SES sandbox (SES guide, "Request production access").
SANDBOX_QUOTA = (200.0, 1.0)
#: Share of the 24-hour quota past which the doctor warns.
QUOTA_WARNING_SHARE = 0.8


@dataclass(frozen=True)
class Check:
    """One line of the checklist; ``fix`` says what to do about a warn or fail."""

    name: str
    status: Status
    detail: str
    fix: str | None = None


@dataclass(frozen=True)
class Unavailable:
    """Why a read could not be made, and a fix when not "allow the call"."""

    reason: str
    fix: str | None = None


NOT_READ = Unavailable("not read")
T = TypeVar("T")
#: What a read gave: the answer, or why there is none.
Answer: TypeAlias = T | Unavailable
Record: TypeAlias = Mapping[str, object]


@dataclass(frozen=True)
class Deployment:
    """Everything the doctor read (docs/doctor.md, "What it reads"); None: AWS said none."""

    pool_id: str
    pool_arn: str
    email_configuration: Record  # DescribeUserPool's EmailConfiguration
    identity: Answer[Record | None] = NOT_READ  # sesv2 GetEmailIdentity
    verification: Answer[Record | None] = NOT_READ  # SES v1 entries for the identity ...
    dkim: Answer[Record | None] = NOT_READ
    mail_from: Answer[Record | None] = NOT_READ
    notifications: Answer[Record | None] = NOT_READ
    policies: Answer[Mapping[str, str]] = NOT_READ  # name -> JSON document
    account: Answer[Record] = NOT_READ  # sesv2 GetAccount
    send_quota: Answer[Record] = NOT_READ  # SES v1 GetSendQuota
    sending_enabled: Answer[bool] = NOT_READ  # SES v1 GetAccountSendingEnabled
    configuration_set_exists: Answer[bool] | None = None  # None: the pool names none


def get(record: object, key: str, kind: type[T]) -> T | None:
    """``record[key]`` when ``record`` is a dict and the value a ``kind`` (not empty), else None."""
    value = record.get(key) if isinstance(record, Mapping) else None
    return value if isinstance(value, kind) and value != "" else None


def text(record: object, key: str) -> str | None:
    return get(record, key, str)


def number(record: object, key: str) -> float | None:
    value = record.get(key) if isinstance(record, Mapping) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def sending_account(deployment: Deployment) -> str:
    """COGNITO_DEFAULT (also when the pool does not say) or DEVELOPER."""
    return text(deployment.email_configuration, "EmailSendingAccount") or "COGNITO_DEFAULT"


def pool_arn_parts(arn: str) -> Mapping[str, str] | None:
    """partition, region, account and id of a user pool ARN
    (``arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC``), or None."""
    parsed = parse_arn(arn)
    kind, _, pool_id = parsed.resource.partition("/") if parsed else ("", "", "")
    if parsed is None or (parsed.service, kind) != ("cognito-idp", "userpool"):
        return None
    if not is_account(parsed.account) or not parsed.region or not _POOL_ID_RE.fullmatch(pool_id):
        return None
    return {
        "partition": parsed.partition,
        "region": parsed.region,
        "account": parsed.account,
        "id": pool_id,
    }


def identity_arn_of(deployment: Deployment) -> IdentityArn | None:
    """The SES identity the pool's SourceArn names, or None (no SourceArn, or not one)."""
    arn = text(deployment.email_configuration, "SourceArn")
    return parse_identity_arn(arn) if arn is not None else None


def could_not_check(name: str, *unavailable: Unavailable) -> Check:
    reasons = "; ".join(dict.fromkeys(u.reason for u in unavailable))
    fix = next((u.fix for u in unavailable if u.fix), None)
    return Check(
        name,
        "unknown",
        f"could not check: {reasons}",
        fix
        or "allow the read-only call it names (docs/doctor.md, 'Permissions it needs'); "
        "an emulator may not offer it at all",
    )


def out_of_sight(deployment: Deployment, identity: IdentityArn) -> Unavailable | None:
    """Why the identity cannot be read: it is in an account other than the pool's, which is the
    caller's (DescribeUserPool answers only for the caller's own pools); None when it can."""
    parts = pool_arn_parts(deployment.pool_arn)
    if parts is None or parts["account"] == identity.account:
        return None
    return Unavailable(
        f"cannot see it from this account (account {parts['account']}): SourceArn names "
        f"{identity.name} of account {identity.account}",
        f"check it with account {identity.account}'s credentials: aws sesv2 get-email-identity "
        f"--email-identity {identity.name} --region {identity.region}",
    )


#: botocore's cognito-idp ``UserPoolIdType``: ``[\w-]+_[0-9a-zA-Z]+``, 1-55 characters.
_POOL_ID_RE = re.compile(r"^[\w-]+_[0-9a-zA-Z]+$")


def argument_problem(pool_id: str, region: str | None) -> str | None:
    """What is wrong with the command line's values, or None."""
    if len(pool_id) > 55 or not _POOL_ID_RE.fullmatch(pool_id):
        return (
            f"--user-pool-id {pool_id!r} is not a user pool id (REGION_ID, e.g. us-east-1_AbC123)"
        )
    return None if region is None else region_problem("--region", region)


def region_problem(origin: str, region: str) -> str | None:
    """What is wrong with the Region ``origin`` names: a near miss of a known Region (the
    package's own did-you-mean), or not the shape of one. A Region newer than the table passes."""
    suggestion = suggest_region(region)
    if suggestion not in (None, region):
        return f"{origin} {region!r} is not an AWS Region; did you mean {suggestion}?"
    if partition_of(region) is None:
        return f"{origin} {region!r} is not an AWS Region code (e.g. us-east-1)"
    return None
