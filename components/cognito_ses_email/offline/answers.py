"""What AWS adds to each resource the simulated account creates (its id, ARN and the
like), and the ARNs and ids themselves, in one account and Region (:mod:`.account`)."""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..rules.regions import partition_of

#: The simulated AWS account every ARN is in.
ACCOUNT = "123456789012"

EMAIL_IDENTITY = "aws:ses/emailIdentity:EmailIdentity"
DOMAIN_IDENTITY = "aws:ses/domainIdentity:DomainIdentity"
DOMAIN_DKIM = "aws:ses/domainDkim:DomainDkim"
DOMAIN_VERIFICATION = "aws:ses/domainIdentityVerification:DomainIdentityVerification"
MAIL_FROM = "aws:ses/mailFrom:MailFrom"
IDENTITY_POLICY = "aws:ses/identityPolicy:IdentityPolicy"
USER_POOL = "aws:cognito/userPool:UserPool"
SNS_TOPIC = "aws:sns/topic:Topic"
METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
NOTIFICATION_TOPIC = "aws:ses/identityNotificationTopic:IdentityNotificationTopic"
HOSTED_ZONE = "aws:route53/zone:Zone"

#: What SES answers VerifyDomainIdentity (``verificationToken``) and Easy DKIM
#: (``dkimTokens``, each the first label of a CNAME) with: AWS's own examples (botocore
#: ``ses`` examples-1.json), the DKIM tokens in lower case as SES hands them out.
VERIFICATION_TOKEN = "eoEmxw+YaYhb3h3iVJHuXMJXqeu1q1/wwmvjuEXAMPLE"

DKIM_TOKENS = (
    "exampleq76owjnks3lnluwg65scbemvw",
    "examplei3dnsj67hstzaj673klariwx2",
    "examplewfbtcukvimehexktmdtaz6naj",
)

#: The inputs AWS's answer for a type is made from, besides ``region``: unknown (a preview),
#: the answer is unknown too.
ANSWER_INPUTS: Mapping[str, tuple[str, ...]] = {
    EMAIL_IDENTITY: ("email",),
    DOMAIN_IDENTITY: ("domain",),
    DOMAIN_DKIM: ("domain",),
    DOMAIN_VERIFICATION: ("domain",),
    MAIL_FROM: ("domain",),
    HOSTED_ZONE: ("name",),
    IDENTITY_POLICY: ("identity", "name"),
    SNS_TOPIC: ("name",),
    METRIC_ALARM: ("name",),
}


def partition(region: str) -> str:
    """The partition ARNs in ``region`` name (``aws`` for a Region of no known shape)."""
    return partition_of(region) or "aws"


def identity_arn(region: str, identity: str, account: str = ACCOUNT) -> str:
    """The ARN of SES identity ``identity`` (an address or a domain) in ``region``."""
    return f"arn:{partition(region)}:ses:{region}:{account}:identity/{identity}"


def user_pool_id(region: str, name: str) -> str:
    """The id Cognito gives the pool Pulumi names ``name``: ``<region>_<9 characters>``."""
    return f"{region}_Sim{zlib.crc32(name.encode()) % 10**6:06d}"


def user_pool_arn(region: str, pool_id: str, account: str = ACCOUNT) -> str:
    """The ARN of the user pool ``pool_id`` in ``region``."""
    return f"arn:{partition(region)}:cognito-idp:{region}:{account}:userpool/{pool_id}"


def hosted_zone_id(domain: str) -> str:
    """The id Route 53 gives the zone of ``domain``: ``Z`` and 20 capitals or digits."""
    digest = hashlib.sha256(domain.rstrip(".").lower().encode()).digest()
    return "Z" + base64.b32encode(digest).decode()[:20]


def name_servers(zone_id: str) -> list[str]:
    """Four name servers for a zone, shaped as Route 53 names them."""
    number = zlib.crc32(zone_id.encode()) % 2000
    return [
        f"ns-{number + 512 * i}.awsdns-{(number + i) % 64:02d}.{tld}"
        for i, tld in enumerate(("com", "net", "org", "co.uk"))
    ]


@dataclass(frozen=True)
class Where:
    """The Region and account a resource is created in."""

    region: str
    account: str

    @property
    def partition(self) -> str:
        return partition(self.region)


def answer(type_: str, name: str, where: Where, state: dict[str, Any]) -> str | None:
    """What AWS adds to the state of a new resource of ``type_`` (its ARN and the like) and
    the id it gives it; None for a type it does not know (its inputs are echoed)."""
    region, account = where.region, where.account
    if type_ in (EMAIL_IDENTITY, DOMAIN_IDENTITY, DOMAIN_VERIFICATION):
        identity = str(state["email" if type_ == EMAIL_IDENTITY else "domain"])
        state["arn"] = identity_arn(region, identity, account)
        if type_ == DOMAIN_IDENTITY:
            state["verificationToken"] = VERIFICATION_TOKEN
        return identity
    if type_ in (DOMAIN_DKIM, MAIL_FROM):  # a MailFrom's mailFromDomain is echoed
        if type_ == DOMAIN_DKIM:
            state["dkimTokens"] = list(DKIM_TOKENS)
        return str(state["domain"])
    if type_ == USER_POOL:
        pool_id = user_pool_id(region, name)
        state["arn"] = user_pool_arn(region, pool_id, account)
        state.setdefault("name", name)
        return pool_id
    if type_ == IDENTITY_POLICY:
        return f"{state['identity']}|{state['name']}"
    if type_ in (SNS_TOPIC, METRIC_ALARM):  # the formats of botocore's sns and cloudwatch
        state.setdefault("name", name)
        kind = "sns" if type_ == SNS_TOPIC else "cloudwatch"
        alarm = "alarm:" if type_ == METRIC_ALARM else ""
        state["arn"] = f"arn:{where.partition}:{kind}:{region}:{account}:{alarm}{state['name']}"
        return str(state["arn"] if type_ == SNS_TOPIC else state["name"])  # a topic's id: its ARN
    if type_ == HOSTED_ZONE:  # Route 53 is global: its ARNs name no Region and no account
        zone_id = hosted_zone_id(state["name"])
        servers = name_servers(zone_id)
        state.update(zoneId=zone_id, nameServers=servers, primaryNameServer=servers[0])
        state["arn"] = f"arn:{where.partition}:route53:::hostedzone/{zone_id}"
        return zone_id
    return None
