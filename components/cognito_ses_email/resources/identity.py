"""Where the SES identity is created: an address, a domain with its records, or none (adopted).

Each function returns what it made (:class:`MadeIdentity`); the component reads the ARN to
build the policy and the pool, and waits for ``ready`` before it creates the pool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pulumi
import pulumi_aws as aws

from ..arguments.model import AdoptedIdentity, CheckedArgs, CreatedDomain
from ..arguments.values import with_secrecy_of
from ..rules import dns
from ..rules.arns import known_identity_arn
from .options import ChildOptions, given

#: Route 53 TTL of the records the component creates (seconds).
RECORD_TTL = 600


@dataclass(frozen=True)
class MadeIdentity:
    """The identity Cognito sends as, and what was made for it."""

    arn: pulumi.Output[str]
    email_identity: aws.ses.EmailIdentity | None = None
    domain_identity: aws.ses.DomainIdentity | None = None
    dns_records: pulumi.Output[list[dns.DnsRecord]] | None = None
    #: What the user pool must wait for (the domain's verification, with a hosted zone).
    ready: tuple[pulumi.Resource, ...] = ()
    #: ``arn`` once SES has verified the identity (``resources.verification``): for what
    #: SES refuses for an unverified identity. None: ``arn`` (nothing waits).
    verified_arn: pulumi.Output[str] | None = None


#: key -> (record type, record); the type is plain so that previews show it.
_Records = dict[str, tuple[str, pulumi.Output[dns.DnsRecord]]]


#: Maps the identity's ARN to it once SES has verified the identity.
Verified = Callable[[pulumi.Output[str]], pulumi.Output[str]]


def secret_arn(opts: pulumi.ResourceOptions, checked: CheckedArgs) -> pulumi.ResourceOptions:
    """``opts``, keeping the identity's ARN encrypted in the state when its name is an Output:
    the ARN names the address (or domain), whose secrecy is known only once it resolves, and
    the provider marks secret only outputs named like a secret input (seen with e2e/). The
    resource's id is the name itself, and Pulumi never encrypts ids."""
    if any(isinstance(value, pulumi.Output) for value in checked.identity_inputs):
        opts.additional_secret_outputs = ["arn"]
    return opts


def create_identity(
    name: str, checked: CheckedArgs, child: ChildOptions, verified: Verified = lambda arn: arn
) -> MadeIdentity:
    """The identity of ``checked``: adopted as given, or created as an address or a domain.

    Secret in, secret out: the ARN names the address (or domain), and AWS does not mark a
    resource's ARN secret when its input was, so the ARN carries the inputs' secrecy.
    """
    identity = checked.identity
    if isinstance(identity, AdoptedIdentity):
        arn = with_secrecy_of(identity.arn, *checked.identity_inputs)
        return MadeIdentity(arn=arn, verified_arn=verified(arn))
    if isinstance(identity, CreatedDomain):
        return create_domain_identity(name, identity, checked, child, verified)
    email_identity = aws.ses.EmailIdentity(
        f"{name}-identity",
        email=identity.address,
        **given(region=identity.region),
        opts=secret_arn(child(), checked),
    )
    arn = with_secrecy_of(pulumi.Output.unsecret(email_identity.arn), *checked.identity_inputs)
    return MadeIdentity(arn=arn, email_identity=email_identity, verified_arn=verified(arn))


def create_domain_identity(
    name: str, domain: CreatedDomain, checked: CheckedArgs, child: ChildOptions, verified: Verified
) -> MadeIdentity:
    """The domain identity with Easy DKIM and MAIL FROM, and its DNS records.

    With a hosted zone the records are created, and what SES refuses for an unverified
    identity (the MAIL FROM domain here; the pool and the notification topics in the
    component) waits for SES to verify the domain; without one the records are only
    listed (``dns_records``) for the user to create.
    """
    identity = aws.ses.DomainIdentity(
        f"{name}-domain",
        domain=domain.domain,
        region=domain.region,
        opts=secret_arn(child(), checked),
    )
    # The identity's Region: some Regions sign with dkim.<region>.amazonses.com.
    ses_region = identity.arn.apply(lambda arn: known_identity_arn(arn).region)
    arn = with_secrecy_of(pulumi.Output.unsecret(identity.arn), *checked.identity_inputs)
    verified_arn = verified(arn)  # the wait, without a hosted zone
    records = _domain_records(name, identity, domain, ses_region, child)
    waited = None
    if domain.hosted_zone_id is not None:
        waited = _records_and_wait(name, identity, domain, records, checked, child)
    if domain.mail_from_domain is not None:
        # SetIdentityMailFromDomain takes "a verified identity" (botocore ses model).
        mail_from = _mail_from(name, identity, domain, ses_region, child, waited, verified_arn)
        if waited is not None:
            _create_records(name, domain, mail_from, child)
        records = {**records, **mail_from}
    dns_records = with_secrecy_of(
        pulumi.Output.all(*(record for _, record in _in_order(records))).apply(
            lambda values: [dict(record) for record in values]
        ),
        *checked.identity_inputs,
        *checked.domain_inputs,
    )
    return MadeIdentity(
        arn=arn,
        domain_identity=identity,
        dns_records=dns_records,
        ready=(waited,) if waited is not None else (),
        verified_arn=verified_arn,
    )


#: The order of the records in ``dns_records``.
_RECORD_ORDER = (
    "verification",
    "dkim-1",
    "dkim-2",
    "dkim-3",
    "mail-from-mx",
    "mail-from-spf",
    "dmarc",
)


def _in_order(records: _Records) -> list[tuple[str, pulumi.Output[dns.DnsRecord]]]:
    return [records[key] for key in _RECORD_ORDER if key in records]


def _create_records(
    name: str, domain: CreatedDomain, records: _Records, child: ChildOptions
) -> dict[str, aws.route53.Record]:
    """The Route 53 records of ``records`` in the hosted zone."""
    return {
        key: aws.route53.Record(
            f"{name}-{key}",
            zone_id=domain.hosted_zone_id,
            name=record.apply(lambda r: r["name"]),
            type=type_,
            ttl=RECORD_TTL,
            records=record.apply(dns.route53_values),
            opts=child(),
        )
        for key, (type_, record) in records.items()
    }


def _records_and_wait(
    name: str,
    identity: aws.ses.DomainIdentity,
    domain: CreatedDomain,
    records: _Records,
    checked: CheckedArgs,
    child: ChildOptions,
) -> aws.ses.DomainIdentityVerification:
    """The Route 53 records, and the wait for SES to see the verification record (as long
    as verification_timeout_minutes says, when set; else the provider's 45 minutes)."""
    created = _create_records(name, domain, records, child)
    opts = child(created["verification"])
    if checked.verification_timeout_minutes:
        timeouts = pulumi.CustomTimeouts(create=f"{checked.verification_timeout_minutes}m")
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(custom_timeouts=timeouts))
    return aws.ses.DomainIdentityVerification(
        f"{name}-verification-wait", domain=identity.domain, region=domain.region, opts=opts
    )


def _domain_records(
    name: str,
    identity: aws.ses.DomainIdentity,
    domain: CreatedDomain,
    ses_region: pulumi.Output[str],
    child: ChildOptions,
) -> _Records:
    """Verification, DKIM and (when set) DMARC records; makes DKIM."""
    dkim = aws.ses.DomainDkim(
        f"{name}-dkim", domain=identity.domain, region=domain.region, opts=child()
    )
    records: _Records = {
        "verification": (
            "TXT",
            pulumi.Output.all(identity.domain, identity.verification_token).apply(
                lambda v: dns.verification_record(v[0], v[1])
            ),
        )
    }
    for index in range(3):  # Easy DKIM always gives three tokens
        records[f"dkim-{index + 1}"] = (
            "CNAME",
            pulumi.Output.all(identity.domain, dkim.dkim_tokens, ses_region).apply(
                partial(_nth, dns.dkim_records, index)
            ),
        )
    if domain.dmarc_policy is not None:
        records["dmarc"] = (
            "TXT",
            pulumi.Output.all(identity.domain, domain.dmarc_policy).apply(
                lambda v: dns.dmarc_record(v[0], v[1])
            ),
        )
    return records


def _mail_from(
    name: str,
    identity: aws.ses.DomainIdentity,
    domain: CreatedDomain,
    ses_region: pulumi.Output[str],
    child: ChildOptions,
    waited: aws.ses.DomainIdentityVerification | None,
    verified_arn: pulumi.Output[str],
) -> _Records:
    """The MAIL FROM domain (after the verification) and its MX and SPF records.

    With a hosted zone it waits for DomainIdentityVerification and its records for it;
    without, its domain input waits for the verified ARN, and the records are made from
    the argument, so that dns_records does not wait for the verification it is needed for.
    """
    after_verification = pulumi.Output.all(identity.domain, verified_arn).apply(lambda v: v[0])
    mail_from = aws.ses.MailFrom(
        f"{name}-mail-from",
        domain=identity.domain if waited is not None else after_verification,
        mail_from_domain=domain.mail_from_domain,
        region=domain.region,
        opts=child(*([waited] if waited is not None else [])),
    )
    source = mail_from.mail_from_domain if waited is not None else domain.mail_from_domain
    return {
        f"mail-from-{suffix}": (
            type_,
            pulumi.Output.all(source, ses_region).apply(
                partial(_nth, dns.mail_from_records, index)
            ),
        )
        for index, (suffix, type_) in enumerate([("mx", "MX"), ("spf", "TXT")])
    }


def _nth(make: Callable[..., list[dns.DnsRecord]], index: int, values: list[Any]) -> dns.DnsRecord:
    """Record ``index`` of ``make(*values)`` (resolved Outputs)."""
    return make(*values)[index]
