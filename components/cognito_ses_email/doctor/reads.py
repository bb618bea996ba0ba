"""The doctor's reads: read-only AWS calls through boto3, answers kept as plain dicts.

A read that fails becomes :class:`.deployment.Unavailable`; what stops the doctor altogether (no
or refused credentials, no endpoint, no such pool) is raised as :class:`CannotRun`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
)
from botocore.parsers import ResponseParserError

from ..rules.arns import IdentityArn
from ..rules.errors import one_line
from .deployment import (
    Answer,
    Deployment,
    Record,
    Unavailable,
    identity_arn_of,
    out_of_sight,
    sending_account,
    text,
)

#: Few retries and short timeouts: a person is waiting, and an emulator answers at once.
_CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 2},
    connect_timeout=5,
    read_timeout=20,
    user_agent_extra="cognito-ses-email-doctor",
)

#: Error codes that mean the credentials themselves were refused.
_BAD_CREDENTIALS = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
    }
)


class CannotRun(Exception):
    """The doctor cannot check anything; the message is the one ``error:`` line."""


def _call(client: object, operation: str, **params: object) -> Record:
    """``client.<operation>(**params)``, its answer as a plain dict."""
    answer = getattr(client, operation)(**params)
    return answer if isinstance(answer, Mapping) else {}


def _one_line(message: str) -> str:
    """An AWS error message on one line; an emulator's HTML page reduced to its title."""
    title = re.search(r"<title>(.*?)</title>", message, re.IGNORECASE | re.DOTALL)
    return one_line(title[1] if title else message)[:200]


def _fatal(error: Exception) -> CannotRun | None:
    """The CannotRun that ``error`` means, or None when only this read failed."""
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return CannotRun(
            "no AWS credentials found (environment, AWS_PROFILE, ~/.aws, instance role)"
        )
    if isinstance(error, ProfileNotFound):
        return CannotRun(str(error))
    if isinstance(error, EndpointConnectionError | ConnectTimeoutError):
        return CannotRun(f"cannot reach the AWS endpoint: {error}")
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        if code in _BAD_CREDENTIALS:
            return CannotRun(f"AWS refused the credentials: {code}: {_message(error)}")
    return None


def _message(error: ClientError) -> str:
    return _one_line(str(error.response.get("Error", {}).get("Message", "")))


def _unavailable(label: str, error: Exception) -> Unavailable:
    """Why the read ``label`` gave no answer, on one line."""
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code.isdigit():
            return Unavailable(
                f"{label} answered HTTP {code} ({_message(error)}): not offered by this endpoint"
            )
        return Unavailable(f"{label}: {code}: {_message(error)}")
    if isinstance(error, ResponseParserError):
        return Unavailable(
            f"{label} answered {_one_line(str(error))!r}, not an AWS answer: "
            "not offered by this endpoint"
        )
    return Unavailable(f"{label}: {_one_line(str(error))}")


def attempt(
    label: str, read: Callable[[], Record], not_found: frozenset[str] = frozenset()
) -> Answer[Record | None]:
    """``read()``'s answer; None when AWS answers one of the ``not_found`` codes."""
    try:
        return read()
    except ClientError as error:
        fatal = _fatal(error)
        if fatal is not None:
            raise fatal from None
        if error.response.get("Error", {}).get("Code") in not_found:
            return None
        return _unavailable(label, error)
    except (BotoCoreError, ResponseParserError) as error:  # the latter: an emulator's HTML page
        fatal = _fatal(error)
        if fatal is not None:
            raise fatal from None
        return _unavailable(label, error)


def answer(label: str, read: Callable[[], Record]) -> Answer[Record]:
    """``read()``'s answer, or why there is none (for reads without a "not found")."""
    found = attempt(label, read)
    return Unavailable(f"{label}: no answer") if found is None else found


def session_region() -> str | None:
    """The Region the environment names: AWS_REGION, then boto3's (AWS_DEFAULT_REGION,
    the profile). botocore itself does not read AWS_REGION."""
    if os.environ.get("AWS_REGION"):
        return os.environ["AWS_REGION"]
    try:
        return boto3.session.Session().region_name
    except ProfileNotFound as error:
        raise CannotRun(str(error)) from None


class Reader:
    """Clients for one Region, made on first use."""

    def __init__(self, session: boto3.session.Session, region: str) -> None:
        self._session, self.region = session, region
        self._clients: dict[str, object] = {}

    def call(self, service: str, operation: str, **params: object) -> Record:
        if service not in self._clients:
            self._clients[service] = self._session.client(
                service, region_name=self.region, config=_CLIENT_CONFIG
            )
        return _call(self._clients[service], operation, **params)


def read_deployment(pool_id: str, region: str) -> Deployment:
    """Everything the checks need, for the pool ``pool_id`` in ``region``."""
    try:
        session = boto3.session.Session()
    except ProfileNotFound as error:
        raise CannotRun(str(error)) from None
    pool = _describe_pool(Reader(session, region), pool_id)
    deployment = Deployment(
        pool_id=pool_id,
        pool_arn=str(pool.get("Arn") or ""),
        email_configuration=_email_configuration(pool),
    )
    identity = identity_arn_of(deployment)
    ses = Reader(session, identity.region if identity is not None else region)
    if identity is not None:
        deployment = _with_identity(deployment, ses, identity)
    if sending_account(deployment) == "DEVELOPER":
        deployment = _with_account(deployment, ses)
    return deployment


def _describe_pool(reader: Reader, pool_id: str) -> Record:
    answer = attempt(
        "DescribeUserPool",
        lambda: reader.call("cognito-idp", "describe_user_pool", UserPoolId=pool_id),
        not_found=frozenset({"ResourceNotFoundException"}),
    )
    if answer is None:
        prefix = pool_id.split("_", 1)[0]
        hint = f" (the id says {prefix}: try --region {prefix})" if prefix != reader.region else ""
        raise CannotRun(f"no user pool {pool_id} in {reader.region}{hint}")
    if isinstance(answer, Unavailable):
        raise CannotRun(f"cannot read the user pool: {answer.reason}")
    pool = answer.get("UserPool")
    return pool if isinstance(pool, Mapping) else {}


def _email_configuration(pool: Record) -> Record:
    configuration = pool.get("EmailConfiguration")
    return configuration if isinstance(configuration, Mapping) else {}


def _entry(answer: Answer[Record], key: str, name: str) -> Answer[Record | None]:
    """``answer[key][name]`` (SES v1 answers one entry per identity), or None."""
    if isinstance(answer, Unavailable):
        return answer
    entries = answer.get(key)
    entry = entries.get(name) if isinstance(entries, Mapping) else None
    return entry if isinstance(entry, Mapping) else None


def _with_identity(deployment: Deployment, ses: Reader, arn: IdentityArn) -> Deployment:
    """The identity's status, policies (COGNITO_DEFAULT) and notifications: sesv2
    GetEmailIdentity answers all but the notifications; SES v1 what sesv2 could not answer."""
    unseen = out_of_sight(deployment, arn)
    if unseen is not None:  # another account's: reading its name here would find another one
        return replace(
            deployment,
            identity=unseen,
            verification=unseen,
            dkim=unseen,
            mail_from=unseen,
            policies=unseen,
            notifications=unseen,
        )
    name = arn.name
    identity = attempt(
        "sesv2 GetEmailIdentity",
        lambda: ses.call("sesv2", "get_email_identity", EmailIdentity=name),
        not_found=frozenset({"NotFoundException"}),
    )
    if identity is None:  # no such identity: nothing more to read about it
        return replace(deployment, identity=None, policies={}, notifications=None)

    def v1(label: str, operation: str, key: str) -> Answer[Record | None]:
        return _entry(
            answer(label, lambda: ses.call("ses", operation, Identities=[name])), key, name
        )

    deployment = replace(
        deployment,
        identity=identity,
        notifications=v1(
            "GetIdentityNotificationAttributes",
            "get_identity_notification_attributes",
            "NotificationAttributes",
        ),
    )
    if sending_account(deployment) == "COGNITO_DEFAULT":
        deployment = replace(deployment, policies=_policies(ses, name, identity))
    if not isinstance(identity, Unavailable):
        return deployment
    deployment = replace(
        deployment,
        verification=v1(
            "GetIdentityVerificationAttributes",
            "get_identity_verification_attributes",
            "VerificationAttributes",
        ),
    )
    if "@" in name:
        return deployment
    return replace(
        deployment,
        dkim=v1("GetIdentityDkimAttributes", "get_identity_dkim_attributes", "DkimAttributes"),
        mail_from=v1(
            "GetIdentityMailFromDomainAttributes",
            "get_identity_mail_from_domain_attributes",
            "MailFromDomainAttributes",
        ),
    )


def _policies(ses: Reader, name: str, identity: Answer[Record]) -> Answer[Mapping[str, str]]:
    """The identity's policies: from sesv2 GetEmailIdentity, else SES v1's policy calls."""
    if not isinstance(identity, Unavailable):
        return _documents(identity.get("Policies"))
    listed = answer(
        "ListIdentityPolicies", lambda: ses.call("ses", "list_identity_policies", Identity=name)
    )
    if isinstance(listed, Unavailable):
        return Unavailable(f"{identity.reason}; {listed.reason}")
    names = listed.get("PolicyNames")
    policy_names = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
    if not policy_names:
        return {}
    got = answer(
        "GetIdentityPolicies",
        lambda: ses.call("ses", "get_identity_policies", Identity=name, PolicyNames=policy_names),
    )
    return got if isinstance(got, Unavailable) else _documents(got.get("Policies"))


def _documents(value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def _with_account(deployment: Deployment, ses: Reader) -> Deployment:
    """The SES account's state (DEVELOPER mode: Cognito sends through it): sesv2 GetAccount
    answers it all; SES v1's quota and sending status only when GetAccount does not."""
    name = text(deployment.email_configuration, "ConfigurationSet")
    deployment = replace(
        deployment,
        account=answer("sesv2 GetAccount", lambda: ses.call("sesv2", "get_account")),
        configuration_set_exists=None if name is None else _configuration_set_exists(ses, name),
    )
    if not isinstance(deployment.account, Unavailable):
        return deployment
    enabled = answer(
        "GetAccountSendingEnabled", lambda: ses.call("ses", "get_account_sending_enabled")
    )
    return replace(
        deployment,
        send_quota=answer("GetSendQuota", lambda: ses.call("ses", "get_send_quota")),
        sending_enabled=(
            enabled if isinstance(enabled, Unavailable) else enabled.get("Enabled") is True
        ),
    )


def _configuration_set_exists(ses: Reader, name: str) -> Answer[bool]:
    found = attempt(
        "sesv2 GetConfigurationSet",
        lambda: ses.call("sesv2", "get_configuration_set", ConfigurationSetName=name),
        not_found=frozenset({"NotFoundException"}),
    )
    if isinstance(found, Unavailable):
        found = attempt(
            "DescribeConfigurationSet",
            lambda: ses.call("ses", "describe_configuration_set", ConfigurationSetName=name),
            not_found=frozenset({"ConfigurationSetDoesNotExist"}),
        )
    return found if isinstance(found, Unavailable) else found is not None
