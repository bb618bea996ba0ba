"""The doctor's checks: what it read (a :class:`Deployment`) in, a checklist out (pure)."""

from __future__ import annotations

import email.utils
from collections.abc import Mapping

from ..rules.addresses import identity_covers_address
from ..rules.arns import IdentityArn, parse_identity_arn
from ..rules.policies import COGNITO_EMAIL_PRINCIPAL, sending_authorization_policy
from ..rules.regions import region_pair_problem
from . import policy_eval
from .deployment import (
    Check,
    Deployment,
    Record,
    Unavailable,
    could_not_check,
    get,
    number,
    pool_arn_parts,
    sending_account,
    text,
)

#: Every COGNITO_DEFAULT pool's warning: Cognito's own SES account has a fixed quota.
_DAILY_QUOTA = Check(
    "COGNITO_DEFAULT daily quota",
    "warn",
    "Cognito's own SES account sends at most 50 emails a day "
    "for the account (Amazon Cognito quotas); more are not sent",
    "for more, switch to DEVELOPER mode (your SES account's quota)",
)


def run_checks(deployment: Deployment) -> list[Check]:
    identity = parse_identity_arn(text(deployment.email_configuration, "SourceArn"))
    checks = [_source_arn(deployment, identity)]
    if identity is not None:
        checks += [_region_pair(deployment, identity), *_identity(deployment, identity)]
        checks.append(_from_address(deployment, identity))
        if "@" not in identity.name:  # a domain's DNS records
            checks += [_dkim(deployment, identity), _mail_from(deployment, identity)]
    if sending_account(deployment) == "DEVELOPER":  # Cognito sends through this account's SES
        pool = pool_arn_parts(deployment.pool_arn) or {"region": "REGION"}
        region = identity.region if identity else pool["region"]
        checks += [
            _sending_enabled(deployment, region),
            _sandbox(deployment, region),
            _send_quota(deployment),
            _configuration_set(deployment, region),
        ]
    else:
        checks += [_policy(deployment, identity), _DAILY_QUOTA] if identity else [_DAILY_QUOTA]
    return checks + ([_notifications(deployment, identity)] if identity else [])


def _source_arn(deployment: Deployment, identity: IdentityArn | None) -> Check:
    name = "SourceArn names an SES identity"
    arn = text(deployment.email_configuration, "SourceArn")
    if arn is None and sending_account(deployment) == "DEVELOPER":
        fix = "set EmailConfiguration.SourceArn to your verified SES identity"
        return Check(name, "fail", "DEVELOPER mode without a SourceArn", fix)
    if arn is None:
        detail = "no SourceArn: Cognito sends from its own no-reply@verificationemail.com"
        fix = "set SourceArn to a verified SES address identity to send as your own address"
        return Check(name, "warn", detail, fix)
    if identity is None:
        fix = "set SourceArn to arn:aws:ses:REGION:ACCOUNT:identity/NAME"
        return Check(name, "fail", f"{arn} is not an SES identity ARN", fix)
    return Check(name, "pass", arn)


def _not_a_pool_arn(name: str, deployment: Deployment) -> Check:
    detail = f"could not check: {deployment.pool_arn} is not a pool ARN"
    return Check(name, "warn", detail, "report the pool ARN DescribeUserPool answered")


def _region_pair(deployment: Deployment, identity: IdentityArn) -> Check:
    name = "Region pair allowed"
    parts = pool_arn_parts(deployment.pool_arn)
    if parts is None:
        return _not_a_pool_arn(name, deployment)
    problem = region_pair_problem(parts["region"], identity.region)
    if problem:
        fix = "put the SES identity in a Region the pool may use (docs/regions.md)"
        return Check(name, "fail", problem, fix)
    return Check(name, "pass", f"pool in {parts['region']}, SES identity in {identity.region}")


def _identity(deployment: Deployment, identity: IdentityArn) -> list[Check]:
    """Whether it exists and is verified: sesv2's answer, else SES v1's."""
    names = ("identity exists", "identity verified")
    v2, v1 = deployment.identity, deployment.verification
    if isinstance(v2, Unavailable) and isinstance(v1, Unavailable):
        return [could_not_check(name, v2, v1) for name in names]
    where = f"{identity.name} in SES {identity.region}"
    if (v1 if isinstance(v2, Unavailable) else v2) is None:
        fix = (
            f"create and verify it (aws sesv2 create-email-identity --email-identity "
            f"{identity.name} --region {identity.region}), or point SourceArn at "
            "an identity that exists"
        )
        exists = Check(names[0], "fail", f"no identity {where}", fix)
    else:
        exists = Check(names[0], "pass", where)
    status = None  # not VerifiedForSendingStatus (docs/doctor.md); SES v1's Success as SUCCESS
    if isinstance(v2, Mapping):
        status = text(v2, "VerificationStatus") or "unknown"
    elif isinstance(v1, Mapping):
        status = (text(v1, "VerificationStatus") or "unknown").upper()
    if status == "SUCCESS":
        return [exists, Check(names[1], "pass", f"{identity.name}: verification SUCCESS")]
    if "@" in identity.name:
        fix = (
            f"click the link SES mailed to {identity.name} (it expires after 24 hours; "
            f"then: aws ses verify-email-identity --email-address {identity.name} "
            f"--region {identity.region})"
        )
    else:
        fix = f"publish the domain's verification DNS records (docs/domains.md) for {identity.name}"
    detail = f"{identity.name}: verification {status or 'not started'}"
    return [exists, Check(names[1], "fail", detail, fix)]


def _from_address(deployment: Deployment, identity: IdentityArn) -> Check:
    name = "FROM address covered by the identity"
    mode = sending_account(deployment)
    if mode == "COGNITO_DEFAULT" and "@" not in identity.name:
        detail = (
            "COGNITO_DEFAULT sends from the exact address of an email-address identity; "
            f"SourceArn names the domain {identity.name}"
        )
        fix = (
            f"point SourceArn at an address identity (identity/no-reply@{identity.name}), "
            "or use DEVELOPER mode to send as an address of the domain"
        )
        return Check(name, "fail", detail, fix)
    header = text(deployment.email_configuration, "From")  # from_email_address in Pulumi
    address = email.utils.parseaddr(header)[1] if header else identity.name
    if "@" not in address:
        detail = (
            f"SourceArn names the domain {identity.name} and no From (from_email_address) "
            "says which address to send from"
        )
        fix = f"set EmailConfiguration.From to an address at {identity.name}"
        return Check(name, "fail", detail, fix)
    if identity_covers_address(identity.name, address, mode):
        return Check(name, "pass", f"Cognito sends as {address} through {identity.name}")
    fix = f"point SourceArn at identity/{address} (Cognito checks the exact identity)"
    fix += " or its domain" if mode == "DEVELOPER" else ""
    return Check(name, "fail", f"{identity.name} does not cover the FROM address {address}", fix)


def _dkim(deployment: Deployment, identity: IdentityArn) -> Check:
    name = "DKIM signing"
    v2 = get(deployment.identity, "DkimAttributes", dict)
    if v2 is not None:
        status, signing = text(v2, "Status"), get(v2, "SigningEnabled", bool)
    elif isinstance(deployment.dkim, Mapping):
        status = (text(deployment.dkim, "DkimVerificationStatus") or "NOT_STARTED").upper()
        signing = get(deployment.dkim, "DkimEnabled", bool)
    elif isinstance(deployment.dkim, Unavailable) and isinstance(deployment.identity, Unavailable):
        return could_not_check(name, deployment.identity, deployment.dkim)
    else:
        status, signing = "NOT_STARTED", False
    if status == "SUCCESS" and signing:
        return Check(name, "pass", f"{identity.name}: DKIM SUCCESS, signing enabled")
    signs = "enabled" if signing else "disabled"
    fix = "publish the three DKIM CNAME records and enable signing (docs/domains.md)"
    return Check(name, "warn", f"{identity.name}: DKIM {status or 'unknown'}, signing {signs}", fix)


def _mail_from(deployment: Deployment, identity: IdentityArn) -> Check:
    name = "MAIL FROM domain"
    v1 = deployment.mail_from
    if isinstance(deployment.identity, Mapping):
        v2 = get(deployment.identity, "MailFromAttributes", dict)
        domain, status = text(v2, "MailFromDomain"), text(v2, "MailFromDomainStatus")
        rejects = text(v2, "BehaviorOnMxFailure") == "REJECT_MESSAGE"
    elif isinstance(v1, Mapping):
        domain = text(v1, "MailFromDomain")
        status = (text(v1, "MailFromDomainStatus") or "unknown").upper()
        rejects = text(v1, "BehaviorOnMXFailure") == "RejectMessage"
    elif isinstance(v1, Unavailable) and isinstance(deployment.identity, Unavailable):
        return could_not_check(name, deployment.identity, v1)
    else:
        domain, status, rejects = None, None, False
    if domain is None:
        return Check(name, "pass", "not set: SES uses its own amazonses.com MAIL FROM domain")
    if status == "SUCCESS":
        return Check(name, "pass", f"{domain}: SUCCESS")
    fix = f"publish the MX and SPF records of {domain} (docs/domains.md)"
    if rejects:
        detail = f"{status}, and SES rejects mail while it fails (behaviour on MX failure: reject)"
        return Check(name, "fail", f"{domain}: {detail}", fix)
    return Check(name, "warn", f"{domain}: {status}; SES sends from amazonses.com meanwhile", fix)


def _policy(deployment: Deployment, identity: IdentityArn) -> Check:
    name = "sending authorization policy lets Cognito send"
    if isinstance(deployment.policies, Unavailable):
        return could_not_check(name, deployment.policies)
    parts = pool_arn_parts(deployment.pool_arn)
    if parts is None:
        return _not_a_pool_arn(name, deployment)
    arn = text(deployment.email_configuration, "SourceArn") or ""  # parsed as `identity`
    account, pool = parts["account"], deployment.pool_arn
    expected = sending_authorization_policy(arn, account, pool)
    fix = (
        f"attach one: aws sesv2 create-email-identity-policy --email-identity {identity.name} "
        f"--policy-name cognito-{parts['id']} --policy '{expected}' --region {identity.region}"
    )
    if not deployment.policies:
        return Check(name, "fail", f"no policy on {identity.name}", fix)
    verdicts = policy_eval.evaluate(deployment.policies, arn, account, pool)
    refused = [v for v in verdicts if v.allowed is False]
    if refused:
        return Check(name, "fail", "; ".join(f"{v.action}: {v.reason}" for v in refused), fix)
    unknown = "; ".join(f"{v.action}: {v.reason}" for v in verdicts if v.allowed is None)
    if unknown:
        fix = (
            "read the statements it names yourself: the doctor cannot tell whether they let "
            "Cognito send (docs/doctor.md, how the policy is evaluated)"
        )
        return could_not_check(name, Unavailable(unknown, fix))
    if any(v.unscoped for v in verdicts):
        detail = (
            "allows Cognito without both aws:SourceAccount and "
            "aws:SourceArn: any account's user pool may send as this identity"
        )
        return Check(name, "warn", detail, f"add the two conditions, e.g. {expected}")
    return Check(name, "pass", f"allows {COGNITO_EMAIL_PRINCIPAL} for account {account} and {pool}")


def _notifications(deployment: Deployment, identity: IdentityArn) -> Check:
    name = "bounce and complaint notifications"
    entry = deployment.notifications
    if isinstance(entry, Unavailable):
        return could_not_check(name, entry)
    bounces, complaints = text(entry, "BounceTopic"), text(entry, "ComplaintTopic")
    if bounces and complaints:
        detail = f"{identity.name}: bounces to {bounces}, complaints to {complaints}"
        return Check(name, "pass", detail)
    missing = [k for k, topic in (("Bounce", bounces), ("Complaint", complaints)) if not topic]
    forwarding = get(entry, "ForwardingEnabled", bool)
    detail = f"{identity.name}: no SNS topic for {' or '.join(k.lower() + 's' for k in missing)}"
    detail += " (feedback only by email to the sender)" if forwarding else ""
    fixes = [
        f"aws ses set-identity-notification-topic --identity {identity.name} "
        f"--notification-type {kind} --sns-topic TOPIC_ARN --region {identity.region}"
        for kind in missing
    ]
    fix = " (or the component's notifications={} argument, docs/operations.md)"
    return Check(name, "warn", detail, "; ".join(fixes) + fix)


def _sending_enabled(deployment: Deployment, region: str) -> Check:
    name = "SES sending enabled"
    account, v1 = deployment.account, deployment.sending_enabled
    if isinstance(account, Unavailable) and isinstance(v1, Unavailable):
        return could_not_check(name, account, v1)
    source, key = (account, "SendingEnabled") if isinstance(account, Mapping) else (v1, "Enabled")
    if get(source, key, bool):
        return Check(name, "pass", "the account's SES sending is enabled")
    status = text(account, "EnforcementStatus")
    enforcement = f" (enforcement status {status})" if status else ""
    fix = (
        "see the SES console's reputation page; resume with "
        f"aws sesv2 put-account-sending-attributes --sending-enabled --region {region}"
    )
    return Check(name, "fail", f"the account's SES sending is paused{enforcement}", fix)


def _sandbox(deployment: Deployment, region: str) -> Check:
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
    quota, reason = deployment.send_quota, deployment.account.reason
    if isinstance(quota, Unavailable):
        return could_not_check(name, deployment.account, quota)
    if (number(quota, "Max24HourSend"), number(quota, "MaxSendRate")) == (200.0, 1.0):
        detail = (
            f"probably {sandboxed} (GetSendQuota answers the sandbox's 200 a day and 1 a second; "
            f"GetAccount: {reason})"
        )
        return Check(name, "warn", detail, fix)
    return Check(name, "pass", f"likely: the quota is not the sandbox's (GetAccount: {reason})")


def _send_quota(deployment: Deployment) -> Check:
    name = "SES 24-hour quota"
    if isinstance(deployment.account, Mapping):
        source: Record | None = get(deployment.account, "SendQuota", dict)
    elif isinstance(deployment.send_quota, Mapping):
        source = deployment.send_quota
    else:
        return could_not_check(name, deployment.account, deployment.send_quota)
    figures = [number(source, k) for k in ("Max24HourSend", "MaxSendRate", "SentLast24Hours")]
    if None in figures:
        lacking = Unavailable(f"the quota answer lacks a figure: {dict(source or {})}")
        return could_not_check(name, lacking)
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


def _configuration_set(deployment: Deployment, region: str) -> Check:
    name = "configuration set exists"
    wanted = text(deployment.email_configuration, "ConfigurationSet")
    if wanted is None:
        return Check(name, "pass", "none named (optional)")
    if isinstance(deployment.configuration_set, Unavailable):
        return could_not_check(name, deployment.configuration_set)
    if deployment.configuration_set is not None:
        return Check(name, "pass", wanted)
    fix = (
        f"create {wanted} (aws sesv2 create-configuration-set --configuration-set-name "
        f"{wanted} --region {region}) or remove ConfigurationSet from the pool"
    )
    return Check(name, "fail", f"no configuration set {wanted} in the identity's SES Region", fix)
