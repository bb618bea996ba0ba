"""What the doctor read (a :class:`Deployment`), and the helpers every check reads it with."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias, TypeVar

from ..rules.arns import parse_arn

_POOL_ID = r"[\w-]+_[0-9a-zA-Z]+"  # botocore's cognito-idp UserPoolIdType, 1-55 characters
POOL_ID_RE = re.compile(rf"^{_POOL_ID}$")
_POOL_ARN_RE = re.compile(
    r"^arn:[a-z0-9-]+:cognito-idp:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    rf"userpool/(?P<id>{_POOL_ID})$"
)


@dataclass(frozen=True)
class Check:
    """One line of the checklist; ``fix`` says what to do about a warn or fail."""

    name: str
    status: Literal["pass", "warn", "fail", "unknown"]  # unknown: could not check
    detail: str
    fix: str | None = None


@dataclass(frozen=True)
class Unavailable:
    """Why a read could not be made, and a fix when not "allow the call"."""

    reason: str
    fix: str | None = None


NOT_READ = Unavailable("not read")
_ALLOW_THE_CALL = (
    "allow the read-only call it names (docs/doctor.md, 'Permissions it needs'); "
    "an emulator may not offer it at all"
)
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
    sending_enabled: Answer[Record] = NOT_READ  # SES v1 GetAccountSendingEnabled
    configuration_set: Answer[Record | None] = NOT_READ  # read when the pool names one


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
    """region, account and id of a user pool ARN (of a known partition and Region), or None."""
    match = _POOL_ARN_RE.fullmatch(arn) if parse_arn(arn) else None
    return match.groupdict() if match else None


def could_not_check(name: str, *unavailable: Unavailable) -> Check:
    reasons = "; ".join(dict.fromkeys(u.reason for u in unavailable))
    fix = next((u.fix for u in unavailable if u.fix), _ALLOW_THE_CALL)
    return Check(name, "unknown", f"could not check: {reasons}", fix)
