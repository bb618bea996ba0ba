"""The SES identity: an address, a domain with its records, or none (adopted). Its ARN
names the address (or domain), so it carries the secrecy of the arguments that name it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..model import AdoptedIdentity, CreatedDomain, Identity
from ..outputs import with_secrecy_of
from ..rules import dns
from ..rules.arns import known_identity_arn
from .options import ChildOptions, given

#: Route 53 TTL of the records the component creates (seconds).
RECORD_TTL = 600

#: Maps the identity's ARN to it once SES has verified the identity.
Verified = Callable[[pulumi.Output[str]], pulumi.Output[str]]


@dataclass(frozen=True)
class MadeIdentity:
    """The identity Cognito sends as, and what was made for it."""

    arn: pulumi.Output[str]
    region: pulumi.Input[str] | None  # as an argument sets it; None: the provider's
    email_identity: aws.ses.EmailIdentity | None = None
    domain_identity: aws.ses.DomainIdentity | None = None
    dns_records: pulumi.Output[list[dns.DnsRecord]] | None = None
    #: What the user pool must wait for (the domain's verification, with a hosted zone).
    ready: tuple[pulumi.Resource, ...] = ()
    #: ``arn`` once SES has verified the identity (``resources.verification``): for what
    #: SES refuses for an unverified identity. None: ``arn`` (nothing waits).
    verified_arn: pulumi.Output[str] | None = None


def create_identity(
    name: str,
    identity: Identity,
    child: ChildOptions,
    verified: Verified = lambda arn: arn,
    timeout_minutes: int | None = None,
) -> MadeIdentity:
    """The identity: adopted as given, or created as an address or a domain (whose wait,
    with a hosted zone, takes ``timeout_minutes`` as its create timeout when set)."""
    if isinstance(identity, AdoptedIdentity):
        arn = with_secrecy_of(identity.arn, *identity.given)
        return MadeIdentity(arn=arn, region=identity.region, verified_arn=verified(arn))
    if isinstance(identity, CreatedDomain):
        return _domain_identity(name, identity, child, verified, timeout_minutes)
    email_identity = aws.ses.EmailIdentity(
        f"{name}-identity",
        email=identity.address,
        **given(region=identity.region),
        opts=_secret_arn(child(), identity.given),
    )
    arn = with_secrecy_of(pulumi.Output.unsecret(email_identity.arn), *identity.given)
    return MadeIdentity(arn, identity.region, email_identity, verified_arn=verified(arn))


def _secret_arn(opts: pulumi.ResourceOptions, given: tuple[object, ...]) -> pulumi.ResourceOptions:
    """``opts`` keeping the ARN secret in the state when the identity's name is an Output
    (the provider marks secret only outputs named like a secret input; ids never are)."""
    if any(isinstance(value, pulumi.Output) for value in given):
        opts.additional_secret_outputs = ["arn"]
    return opts


#: A record's key -> (its type, plain so that previews show it; the record).
_Records = dict[str, tuple[str, pulumi.Output[dns.DnsRecord]]]

#: The order of the records in ``dns_records``.
_RECORD_ORDER = ("verification", "dkim-1", "dkim-2", "dkim-3", "mail-from-mx", "mail-from-spf",
                 "dmarc")  # fmt: skip


def _domain_identity(
    name: str, domain: CreatedDomain, child: ChildOptions, verified: Verified, minutes: int | None
) -> MadeIdentity:
    """The domain identity with Easy DKIM and MAIL FROM, and its DNS records: created, and
    waited for, in a hosted zone; else only listed (``dns_records``) for the user."""
    identity = aws.ses.DomainIdentity(
        f"{name}-domain",
        domain=domain.domain,
        region=domain.region,
        opts=_secret_arn(child(), domain.given),
    )
    # The identity's Region: some Regions sign with dkim.<region>.amazonses.com.
    ses_region = identity.arn.apply(lambda arn: known_identity_arn(arn).region)
    arn = with_secrecy_of(pulumi.Output.unsecret(identity.arn), *domain.given)
    verified_arn = verified(arn)  # the wait, without a hosted zone
    dkim = aws.ses.DomainDkim(
        f"{name}-dkim", domain=identity.domain, region=domain.region, opts=child()
    )
    records: _Records = {
        "verification": ("TXT", _record(dns.verification_record, identity.domain,
                                         identity.verification_token)),
        **{f"dkim-{index + 1}": ("CNAME", _record(dns.dkim_records, identity.domain,
                                                  dkim.dkim_tokens, ses_region, index=index))
           for index in range(3)},  # Easy DKIM always gives three tokens
    }  # fmt: skip
    if domain.dmarc_policy is not None:
        records["dmarc"] = ("TXT", _record(dns.dmarc_record, identity.domain, domain.dmarc_policy))
    waited = None
    if domain.hosted_zone_id is not None:
        waited = _records_and_wait(name, identity, domain, records, child, minutes)
    if domain.mail_from_domain is not None:
        # SetIdentityMailFromDomain takes "a verified identity". Without a hosted zone the
        # domain input waits for the verified ARN, and the records are made from the
        # argument, so that dns_records does not wait for the verification it is needed for.
        after_verification = pulumi.Output.all(identity.domain, verified_arn).apply(lambda v: v[0])
        mail_from = aws.ses.MailFrom(
            f"{name}-mail-from",
            domain=identity.domain if waited is not None else after_verification,
            mail_from_domain=domain.mail_from_domain,
            region=domain.region,
            opts=child(*([waited] if waited is not None else [])),
        )
        source = mail_from.mail_from_domain if waited is not None else domain.mail_from_domain
        mail_records: _Records = {
            f"mail-from-{suffix}": (
                type_,
                _record(dns.mail_from_records, source, ses_region, index=i),
            )
            for i, (suffix, type_) in enumerate([("mx", "MX"), ("spf", "TXT")])
        }
        if waited is not None:
            _create_records(name, domain.hosted_zone_id, mail_records, child)
        records.update(mail_records)
    ordered = [records[key][1] for key in _RECORD_ORDER if key in records]
    return MadeIdentity(
        arn=arn,
        region=domain.region,
        domain_identity=identity,
        dns_records=with_secrecy_of(
            pulumi.Output.all(*ordered).apply(lambda values: [dict(v) for v in values]),
            *domain.given,
            *domain.records_given,
        ),
        ready=(waited,) if waited is not None else (),
        verified_arn=verified_arn,
    )


def _record(
    make: Callable[..., Any], *values: Any, index: int | None = None
) -> pulumi.Output[dns.DnsRecord]:
    """``make(*values)`` once they resolve (its record ``index``, when it makes a list)."""
    return pulumi.Output.all(*values).apply(
        lambda got: make(*got) if index is None else make(*got)[index]
    )


def _records_and_wait(
    name: str,
    identity: aws.ses.DomainIdentity,
    domain: CreatedDomain,
    records: _Records,
    child: ChildOptions,
    minutes: int | None,
) -> aws.ses.DomainIdentityVerification:
    """The Route 53 records, and the wait for SES to see the verification record (as long
    as verification_timeout_minutes says, when set; else the provider's 45 minutes)."""
    created = _create_records(name, domain.hosted_zone_id, records, child)
    opts = child(created["verification"])
    if minutes:
        timeouts = pulumi.CustomTimeouts(create=f"{minutes}m")
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(custom_timeouts=timeouts))
    return aws.ses.DomainIdentityVerification(
        f"{name}-verification-wait", domain=identity.domain, region=domain.region, opts=opts
    )


def _create_records(
    name: str, zone: Any, records: _Records, child: ChildOptions
) -> dict[str, aws.route53.Record]:
    """The Route 53 records of ``records`` in the hosted zone."""
    return {
        key: aws.route53.Record(
            f"{name}-{key}",
            zone_id=zone,
            name=record.apply(lambda r: r["name"]),
            type=type_,
            ttl=RECORD_TTL,
            records=record.apply(dns.route53_values),
            opts=child(),
        )
        for key, (type_, record) in records.items()
    }
