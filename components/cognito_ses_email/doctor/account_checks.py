"""The account's checks: sending enabled, the sandbox, the quota, the configuration set."""

from __future__ import annotations

from collections.abc import Mapping

from .deployment import (
    Check,
    Deployment,
    Record,
    Unavailable,
    could_not_check,
    get,
    number,
    text,
)


def check_sending_enabled(deployment: Deployment, region: str) -> Check:
    name = "SES sending enabled"
    account, enabled = deployment.account, deployment.sending_enabled
    if isinstance(account, Mapping):
        enabled = get(account, "SendingEnabled", bool) is True
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


def check_sandbox(deployment: Deployment, region: str) -> Check:
    name = "SES production access (not the sandbox)"
    fix = (
        "request production access (SES console, Account dashboard; or aws sesv2 "
        "put-account-details --production-access-enabled --mail-type TRANSACTIONAL "
        f"--website-url https://YOUR-SITE --region {region})"
    )
    sandboxed = "in the SES sandbox: mail to unverified recipients is refused, 200 a day"
    if isinstance(deployment.account, Mapping):
        if get(deployment.account, "ProductionAccessEnabled", bool):
            return Check(name, "pass", "production access granted")
        return Check(name, "warn", sandboxed, fix)
    quota = deployment.send_quota
    if isinstance(quota, Unavailable):
        return could_not_check(name, deployment.account, quota)
    signature = (number(quota, "Max24HourSend"), number(quota, "MaxSendRate"))
    if signature == (200.0, 1.0):
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


def check_send_quota(deployment: Deployment) -> Check:
    name = "SES 24-hour quota"
    if isinstance(deployment.account, Mapping):
        source: Record | None = get(deployment.account, "SendQuota", dict)
    elif isinstance(deployment.send_quota, Mapping):
        source = deployment.send_quota
    else:
        reasons = f"{deployment.account.reason}; {deployment.send_quota.reason}"
        return could_not_check(name, Unavailable(reasons))
    figures = [number(source, k) for k in ("Max24HourSend", "MaxSendRate", "SentLast24Hours")]
    if None in figures:
        return could_not_check(
            name, Unavailable(f"the quota answer lacks a figure: {dict(source or {})}")
        )
    maximum, rate, sent = (f or 0.0 for f in figures)
    if maximum < 0:
        return Check(name, "pass", f"unlimited; {rate:g} a second")
    detail = f"sent {sent:g} of {maximum:g} in the last 24 hours; {rate:g} a second"
    fix = "ask for a higher quota (Service Quotas, Amazon SES) or send less"
    if sent >= maximum:
        return Check(name, "fail", detail + ": the quota is used up", fix)
    if sent >= 0.8 * maximum:
        return Check(name, "warn", detail + ": past 80%", fix)
    return Check(name, "pass", detail)


def check_configuration_set(deployment: Deployment, region: str) -> Check:
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
