"""The SES account's checks: what Cognito's sending mode makes of the account's SES state.

Pure, as :mod:`.checks`; ``region`` is the SES Region the doctor read (the identity's), named in
each AWS CLI command a fix suggests.
"""

from __future__ import annotations

from collections.abc import Mapping

from .deployment import (
    COGNITO_DEFAULT_DAILY_EMAILS,
    QUOTA_WARNING_SHARE,
    SANDBOX_QUOTA,
    Answer,
    Check,
    Deployment,
    Record,
    Unavailable,
    could_not_check,
    flag,
    nested,
    number,
    text,
)


def developer_checks(deployment: Deployment, region: str) -> list[Check]:
    """DEVELOPER mode: Cognito sends through this account's SES in ``region``."""
    return [
        _sending_enabled(deployment, region),
        _sandbox(deployment, region),
        _send_quota(deployment),
        _configuration_set(deployment, region),
    ]


def cognito_default_quota() -> Check:
    return Check(
        "COGNITO_DEFAULT daily quota",
        "warn",
        f"Cognito's own SES account sends at most {COGNITO_DEFAULT_DAILY_EMAILS} emails a day "
        "for the account (Amazon Cognito quotas); more are not sent",
        "for more, switch to DEVELOPER mode (your SES account's quota)",
    )


def _sending_enabled(deployment: Deployment, region: str) -> Check:
    name = "SES sending enabled"
    account, enabled = deployment.account, deployment.sending_enabled
    if isinstance(account, Mapping):
        enabled = flag(account, "SendingEnabled") is True
    elif isinstance(enabled, Unavailable):
        return could_not_check(name, account, enabled)
    if enabled:
        return Check(name, "pass", "the account's SES sending is enabled")
    status = text(account, "EnforcementStatus") if isinstance(account, Mapping) else None
    return Check(
        name,
        "fail",
        "the account's SES sending is paused"
        + (f" (enforcement status {status})" if status else ""),
        "see the SES console's reputation page; resume with "
        f"aws sesv2 put-account-sending-attributes --sending-enabled --region {region}",
    )


def _sandbox(deployment: Deployment, region: str) -> Check:
    name = "SES production access (not the sandbox)"
    fix = (
        "request production access (SES console, Account dashboard; or aws sesv2 "
        "put-account-details --production-access-enabled --mail-type TRANSACTIONAL "
        f"--website-url https://YOUR-SITE --region {region})"
    )
    sandboxed = "in the SES sandbox: mail to unverified recipients is refused, 200 a day"
    if isinstance(deployment.account, Mapping):
        if flag(deployment.account, "ProductionAccessEnabled"):
            return Check(name, "pass", "production access granted")
        return Check(name, "warn", sandboxed, fix)
    quota = deployment.send_quota
    if isinstance(quota, Unavailable):
        return could_not_check(name, deployment.account, quota)
    signature = (number(quota, "Max24HourSend"), number(quota, "MaxSendRate"))
    if signature == SANDBOX_QUOTA:
        return Check(
            name,
            "warn",
            "probably " + sandboxed + " (GetSendQuota answers the "
            f"sandbox's 200 a day and 1 a second; GetAccount: {deployment.account.reason})",
            fix,
        )
    return Check(
        name,
        "pass",
        f"likely: the quota is not the sandbox's (GetAccount: {deployment.account.reason})",
    )


def _quota_figures(deployment: Deployment) -> Answer[tuple[float, float, float]]:
    """(24-hour maximum, per-second rate, sent in the last 24 hours)."""
    if isinstance(deployment.account, Mapping):
        source: Record | None = nested(deployment.account, "SendQuota")
    elif isinstance(deployment.send_quota, Mapping):
        source = deployment.send_quota
    else:
        return Unavailable(f"{deployment.account.reason}; {deployment.send_quota.reason}")
    figures = [number(source, k) for k in ("Max24HourSend", "MaxSendRate", "SentLast24Hours")]
    if None in figures:
        return Unavailable(f"the quota answer lacks a figure: {dict(source or {})}")
    maximum, rate, sent = (f or 0.0 for f in figures)
    return maximum, rate, sent


def _send_quota(deployment: Deployment) -> Check:
    name = "SES 24-hour quota"
    figures = _quota_figures(deployment)
    if isinstance(figures, Unavailable):
        return could_not_check(name, figures)
    maximum, rate, sent = figures
    if maximum < 0:
        return Check(name, "pass", f"unlimited; {rate:g} a second")
    detail = f"sent {sent:g} of {maximum:g} in the last 24 hours; {rate:g} a second"
    fix = "ask for a higher quota (Service Quotas, Amazon SES) or send less"
    if sent >= maximum:
        return Check(name, "fail", detail + ": the quota is used up", fix)
    if sent >= QUOTA_WARNING_SHARE * maximum:
        return Check(name, "warn", detail + f": past {QUOTA_WARNING_SHARE:.0%}", fix)
    return Check(name, "pass", detail)


def _configuration_set(deployment: Deployment, region: str) -> Check:
    name = "configuration set exists"
    wanted = text(deployment.email_configuration, "ConfigurationSet")
    exists = deployment.configuration_set_exists
    if wanted is None or exists is None:
        return Check(name, "pass", "none named (optional)")
    if isinstance(exists, Unavailable):
        return could_not_check(name, exists)
    if exists:
        return Check(name, "pass", wanted)
    return Check(
        name,
        "fail",
        f"no configuration set {wanted} in the identity's SES Region",
        f"create {wanted} (aws sesv2 create-configuration-set --configuration-set-name "
        f"{wanted} --region {region}) or remove ConfigurationSet from the pool",
    )
