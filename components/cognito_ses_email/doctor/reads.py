"""The doctor's reads: read-only boto3 calls, answers kept as plain dicts (docs/doctor.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from functools import cache, partial
from typing import Any, TypeAlias

import boto3
from botocore import exceptions, xform_name
from botocore.config import Config
from botocore.parsers import ResponseParserError

from ..rules.arns import IdentityArn, parse_identity_arn
from ..rules.errors import one_line
from .deployment import (
    Answer,
    Deployment,
    Record,
    Unavailable,
    pool_arn_parts,
    sending_account,
    text,
)

# Few retries and short timeouts: a person is waiting, and an emulator answers at once.
_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 2},
    connect_timeout=5,
    read_timeout=20,
    user_agent_extra="cognito-ses-email-doctor",
)
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
}
_NOT_OFFERED = "not offered by this endpoint"


#: read(service, Operation, not_found=(), **params): one call's answer (None: a not_found code).
Read: TypeAlias = Callable[..., Any]


class CannotRun(Exception):
    """The doctor cannot check anything; the message is the one ``error:`` line."""


def _one_line(message: object) -> str:
    """One line; an emulator's HTML page reduced to its title."""
    title = re.search(r"<title>(.*?)</title>", str(message), re.IGNORECASE | re.DOTALL)
    return one_line(title[1] if title else str(message))[:200]


def attempt(
    label: str, read: Callable[[], Record], not_found: Collection[str] = ()
) -> Answer[Record | None]:
    """``read()``'s answer; None for a ``not_found`` code; Unavailable or CannotRun on error."""
    try:
        return read()
    except (exceptions.NoCredentialsError, exceptions.PartialCredentialsError):
        raise CannotRun(
            "no AWS credentials found (environment, AWS_PROFILE, ~/.aws, instance role)"
        ) from None
    except exceptions.ProfileNotFound as error:
        raise CannotRun(str(error)) from None
    except (exceptions.EndpointConnectionError, exceptions.ConnectTimeoutError) as error:
        raise CannotRun(f"cannot reach the AWS endpoint: {error}") from None
    except exceptions.ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        message = _one_line(error.response.get("Error", {}).get("Message", ""))
        if code in _BAD_CREDENTIALS:
            raise CannotRun(f"AWS refused the credentials: {code}: {message}") from None
        if code in not_found:
            return None
        if code.isdigit():
            return Unavailable(f"{label} answered HTTP {code} ({message}): {_NOT_OFFERED}")
        return Unavailable(f"{label}: {code}: {message}")
    except ResponseParserError as error:  # an emulator's HTML page
        answer = _one_line(error)
        return Unavailable(f"{label} answered {answer!r}, not an AWS answer: {_NOT_OFFERED}")
    except exceptions.BotoCoreError as error:
        return Unavailable(f"{label}: {_one_line(error)}")


def _session() -> boto3.session.Session:
    try:
        return boto3.session.Session()
    except exceptions.ProfileNotFound as error:
        raise CannotRun(str(error)) from None


def session_region() -> str | None:
    """AWS_REGION, then boto3's (AWS_DEFAULT_REGION, the profile); botocore ignores AWS_REGION."""
    return os.environ.get("AWS_REGION") or _session().region_name


def read_deployment(pool_id: str, region: str) -> Deployment:
    """Everything the checks need, for the pool ``pool_id`` in ``region``."""
    session = _session()

    @cache
    def client(service: str, where: str) -> Any:
        return session.client(service, region_name=where, config=_CONFIG)

    def read(
        where: str, service: str, operation: str, not_found: Collection[str] = (), **params: object
    ) -> Answer[Record | None]:
        method = xform_name(operation)
        return attempt(
            f"sesv2 {operation}" if service == "sesv2" else operation,
            lambda: _mapping(getattr(client(service, where), method)(**params)),
            not_found,
        )

    not_found = {"ResourceNotFoundException"}
    found = read(region, "cognito-idp", "DescribeUserPool", not_found, UserPoolId=pool_id)
    if found is None:
        prefix = pool_id.split("_", 1)[0]
        hint = f" (the id says {prefix}: try --region {prefix})" if prefix != region else ""
        raise CannotRun(f"no user pool {pool_id} in {region}{hint}")
    if isinstance(found, Unavailable):
        raise CannotRun(f"cannot read the user pool: {found.reason}")
    pool = _mapping(found.get("UserPool"))
    configuration = _mapping(pool.get("EmailConfiguration"))
    deployment = Deployment(pool_id, str(pool.get("Arn") or ""), configuration)
    identity = parse_identity_arn(text(deployment.email_configuration, "SourceArn"))
    there = partial(read, identity.region if identity is not None else region)
    if identity is not None:
        deployment = _with_identity(deployment, there, identity)
    if sending_account(deployment) == "DEVELOPER":
        deployment = _with_account(deployment, there)
    return deployment


def _mapping(value: object) -> Record:
    return value if isinstance(value, Mapping) else {}


# SES v1 reads that stand in for sesv2 GetEmailIdentity: field, operation, answer key.
_V1_IDENTITY = [
    ("notifications", "GetIdentityNotificationAttributes", "NotificationAttributes"),
    ("verification", "GetIdentityVerificationAttributes", "VerificationAttributes"),
    ("dkim", "GetIdentityDkimAttributes", "DkimAttributes"),
    ("mail_from", "GetIdentityMailFromDomainAttributes", "MailFromDomainAttributes"),
]


def _with_identity(deployment: Deployment, read: Read, arn: IdentityArn) -> Deployment:
    """sesv2 GetEmailIdentity; SES v1 for the notifications and what sesv2 could not answer."""
    pool = pool_arn_parts(deployment.pool_arn)
    if pool is not None and pool["account"] != arn.account:  # by name, this account's would be read
        unseen = Unavailable(
            f"cannot see it from this account (account {pool['account']}): SourceArn names "
            f"{arn.name} of account {arn.account}",
            f"check it with account {arn.account}'s credentials: aws sesv2 get-email-identity "
            f"--email-identity {arn.name} --region {arn.region}",
        )
        fields: dict[str, Any] = {field: unseen for field, _, _ in _V1_IDENTITY}
        return replace(deployment, identity=unseen, policies=unseen, **fields)
    identity = read("sesv2", "GetEmailIdentity", {"NotFoundException"}, EmailIdentity=arn.name)
    if identity is None:  # no such identity: nothing more to read about it
        return replace(deployment, identity=None, policies={}, notifications=None)
    # The first N of _V1_IDENTITY: sesv2 answered all but the notifications; else an address
    # needs its verification too, and a domain its DKIM and MAIL FROM as well.
    wanted = 1 if not isinstance(identity, Unavailable) else 2 if "@" in arn.name else 4
    found: dict[str, Any] = {}
    for field, operation, key in _V1_IDENTITY[:wanted]:
        got = read("ses", operation, Identities=[arn.name])
        entry = got if isinstance(got, Unavailable) else _mapping(got.get(key)).get(arn.name)
        found[field] = entry if isinstance(entry, Mapping | Unavailable) else None
    if sending_account(deployment) == "COGNITO_DEFAULT":
        found["policies"] = _policies(read, arn.name, identity)
    return replace(deployment, identity=identity, **found)


def _policies(read: Read, name: str, identity: Answer[Record]) -> Answer[Mapping[str, str]]:
    """From sesv2 GetEmailIdentity, else SES v1's ListIdentityPolicies + GetIdentityPolicies."""
    if not isinstance(identity, Unavailable):
        return _documents(identity.get("Policies"))
    listed = read("ses", "ListIdentityPolicies", Identity=name)
    if isinstance(listed, Unavailable):
        return Unavailable(f"{identity.reason}; {listed.reason}")
    names = listed.get("PolicyNames")
    names = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
    if not names:
        return {}
    got = read("ses", "GetIdentityPolicies", Identity=name, PolicyNames=names)
    return got if isinstance(got, Unavailable) else _documents(got.get("Policies"))


def _documents(value: object) -> Mapping[str, str]:
    return {str(k): v for k, v in _mapping(value).items() if isinstance(v, str)}


def _with_account(deployment: Deployment, read: Read) -> Deployment:
    """sesv2 GetAccount; SES v1's quota and sending status only when it does not answer."""
    account = read("sesv2", "GetAccount")
    deployment = replace(deployment, account=account)
    wanted = text(deployment.email_configuration, "ConfigurationSet")
    if wanted is not None:
        named = {"ConfigurationSetName": wanted}
        found = read("sesv2", "GetConfigurationSet", {"NotFoundException"}, **named)
        if isinstance(found, Unavailable):
            gone = {"ConfigurationSetDoesNotExist"}
            found = read("ses", "DescribeConfigurationSet", gone, **named)
        deployment = replace(deployment, configuration_set=found)
    if not isinstance(account, Unavailable):
        return deployment
    enabled = read("ses", "GetAccountSendingEnabled")
    return replace(deployment, send_quota=read("ses", "GetSendQuota"), sending_enabled=enabled)
