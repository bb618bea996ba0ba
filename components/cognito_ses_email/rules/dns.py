"""The DNS records that verify an SES domain identity (pure functions, no Pulumi)."""

import re
from typing import Any, TypedDict

from .addresses import check_domain
from .errors import argument_error, check_pattern


class DnsRecord(TypedDict):
    """One DNS record: a fully qualified name, a type and one value."""

    name: str
    """The record's fully qualified name, e.g. _amazonses.example.com."""

    type: str
    """The record type: TXT, CNAME or MX."""

    value: str
    """The record's one value, as a DNS provider's form takes it (MX: "10 host")."""


#: Route 53 and every DNS server limit one TXT character-string to 255 bytes.
TXT_STRING_LIMIT = 255

#: A Route 53 hosted zone id, with or without the "/hostedzone/" prefix.
HOSTED_ZONE_ID_RE = re.compile(r"^(?:/hostedzone/)?[A-Z0-9]{1,32}$")


def verification_record(domain: str, token: str) -> DnsRecord:
    """TXT ``_amazonses.<domain>`` = the token SES checks to verify the domain."""
    return {"name": f"_amazonses.{domain}", "type": "TXT", "value": token}


#: SES Regions whose Easy DKIM CNAMEs point at ``dkim.<region>.amazonses.com`` (docs/domains.md).
REGIONAL_DKIM_REGIONS = frozenset(
    """af-south-1 ap-northeast-3 ap-south-2 ap-southeast-3 ap-southeast-5 ca-west-1 eu-central-2
    eu-south-1 il-central-1 me-central-1 us-gov-east-1""".split()  # noqa: SIM905
)


def dkim_records(domain: str, tokens: list[str], ses_region: str | None = None) -> list[DnsRecord]:
    """Easy DKIM CNAMEs: ``<token>._domainkey.<domain>`` to ``ses_region``'s DKIM domain."""
    # Most SES Regions (GovCloud US-West too, and an unknown Region) share the global one.
    regional = ses_region in REGIONAL_DKIM_REGIONS
    target = f"dkim.{ses_region}.amazonses.com" if regional else "dkim.amazonses.com"
    return [
        {"name": f"{token}._domainkey.{domain}", "type": "CNAME", "value": f"{token}.{target}"}
        for token in tokens
    ]


def mail_from_records(mail_from_domain: str, ses_region: str) -> list[DnsRecord]:
    """MX for bounces and SPF TXT for a custom MAIL FROM domain in ``ses_region``."""
    feedback = f"10 feedback-smtp.{ses_region}.amazonses.com"
    return [
        {"name": mail_from_domain, "type": "MX", "value": feedback},
        {"name": mail_from_domain, "type": "TXT", "value": "v=spf1 include:amazonses.com ~all"},
    ]


def dmarc_record(domain: str, policy: str) -> DnsRecord:
    """TXT ``_dmarc.<domain>`` = the DMARC policy."""
    return {"name": f"_dmarc.{domain}", "type": "TXT", "value": policy}


def route53_values(record: DnsRecord) -> list[str]:
    """The ``records`` Route 53 takes for one value: a long TXT value in 255-character strings."""
    value = record["value"]
    if record["type"] != "TXT" or len(value) <= TXT_STRING_LIMIT:
        return [value]
    chunks = [value[i : i + TXT_STRING_LIMIT] for i in range(0, len(value), TXT_STRING_LIMIT)]
    return ['""'.join(chunks)]


def check_mail_from_domain(value: Any, identity_domain: str) -> str:
    """A custom MAIL FROM domain under ``identity_domain``, both in the ASCII form AWS takes."""
    mail_from = check_domain("mail_from_domain", value)
    parent = check_domain("identity_domain", identity_domain)
    if not mail_from.lower().endswith(f".{parent.lower()}"):
        raise argument_error(
            "mail_from_domain",
            f"{value!r} must be a subdomain of identity_domain {identity_domain!r}, "
            f"e.g. mail.{identity_domain}",
        )
    return mail_from


def check_dmarc_policy(value: Any) -> str:
    """A DMARC record value: starts with ``v=DMARC1``, one line, no quotes."""
    if not isinstance(value, str) or not value.startswith("v=DMARC1"):
        raise argument_error(
            "dmarc_policy",
            f"a DMARC record starts with 'v=DMARC1', e.g. 'v=DMARC1; p=none;' (got {value!r})",
        )
    if not value.isascii() or not value.isprintable() or set(value) & {'"', "\\"}:
        raise argument_error(
            "dmarc_policy",
            f"must be one line of ASCII without quotes or backslashes (got {value!r})",
        )
    return value


def check_hosted_zone_id(value: Any) -> str:
    """A Route 53 hosted zone id such as ``Z0123456789ABCDEFGHIJ``."""
    rule = "expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"
    return check_pattern("hosted_zone_id", HOSTED_ZONE_ID_RE, rule, value)
