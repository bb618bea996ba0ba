"""What AWS adds to each resource the simulated account creates (its id, ARN and the
like), and the ARNs and ids themselves, in one account and Region (:mod:`.account`)."""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable, Mapping
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

#: What SES answers VerifyDomainIdentity with (``verificationToken``): AWS's own example
#: (botocore ``ses`` examples-1.json, VerifyDomainIdentity). Its ``+`` and ``/`` are what a
#: TXT record must carry as they are.
VERIFICATION_TOKEN = "eoEmxw+YaYhb3h3iVJHuXMJXqeu1q1/wwmvjuEXAMPLE"

#: What Easy DKIM answers with (``dkimTokens``): three tokens, each the first label of a
#: CNAME. AWS's own examples (botocore ``ses`` examples-1.json, VerifyDomainDkim) in lower
#: case, as SES hands them out
#: (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy-managing.html).
DKIM_TOKENS = (
    "exampleq76owjnks3lnluwg65scbemvw",
    "examplei3dnsj67hstzaj673klariwx2",
    "examplewfbtcukvimehexktmdtaz6naj",
)

#: The inputs AWS's answer for a type is made from, besides ``region``: when one is unknown
#: (a preview), so is the answer.
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
    """The id Cognito gives the pool that Pulumi names ``name``: ``<region>_<9 characters>``,
    one per name, so that two pools differ and a re-run gives the same id."""
    return f"{region}_Sim{zlib.crc32(name.encode()) % 10**6:06d}"


def user_pool_arn(region: str, pool_id: str, account: str = ACCOUNT) -> str:
    """The ARN of the user pool ``pool_id`` in ``region``."""
    return f"arn:{partition(region)}:cognito-idp:{region}:{account}:userpool/{pool_id}"


def hosted_zone_id(domain: str) -> str:
    """The id Route 53 gives the zone of ``domain``: ``Z`` and 20 capitals or digits (the
    shape of AWS's examples, e.g. ``Z0123456789ABCDEFGHIJ``), one per domain."""
    digest = hashlib.sha256(domain.rstrip(".").lower().encode()).digest()
    return "Z" + base64.b32encode(digest).decode()[:20]


def name_servers(zone_id: str) -> list[str]:
    """Four Route 53 name servers for a zone, shaped as Route 53 names them."""
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


# What AWS adds to a resource's state, by type; each returns the resource's id.


def _email_identity(name: str, where: Where, state: dict[str, Any]) -> str:
    state["arn"] = identity_arn(where.region, state["email"], where.account)
    return str(state["email"])


def _domain_identity(name: str, where: Where, state: dict[str, Any]) -> str:
    state["arn"] = identity_arn(where.region, state["domain"], where.account)
    state["verificationToken"] = VERIFICATION_TOKEN
    return str(state["domain"])


def _domain_dkim(name: str, where: Where, state: dict[str, Any]) -> str:
    state["dkimTokens"] = list(DKIM_TOKENS)
    return str(state["domain"])


def _domain_verification(name: str, where: Where, state: dict[str, Any]) -> str:
    state["arn"] = identity_arn(where.region, state["domain"], where.account)
    return str(state["domain"])


def _mail_from(name: str, where: Where, state: dict[str, Any]) -> str:
    return str(state["domain"])  # mailFromDomain is echoed


def _user_pool(name: str, where: Where, state: dict[str, Any]) -> str:
    pool_id = user_pool_id(where.region, name)
    state["arn"] = user_pool_arn(where.region, pool_id, where.account)
    state.setdefault("name", name)
    return pool_id


def _identity_policy(name: str, where: Where, state: dict[str, Any]) -> str:
    return f"{state['identity']}|{state['name']}"


def _sns_topic(name: str, where: Where, state: dict[str, Any]) -> str:
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
    state.setdefault("name", name)
    state["arn"] = f"arn:{where.partition}:sns:{where.region}:{where.account}:{state['name']}"
    return str(state["arn"])  # pulumi-aws gives a topic its ARN as id


def _metric_alarm(name: str, where: Where, state: dict[str, Any]) -> str:
    # The format botocore's cloudwatch model gives (TagResource, ResourceARN).
    state.setdefault("name", name)
    state["arn"] = (
        f"arn:{where.partition}:cloudwatch:{where.region}:{where.account}:alarm:{state['name']}"
    )
    return str(state["name"])


def _hosted_zone(name: str, where: Where, state: dict[str, Any]) -> str:
    # Route 53 is global: its ARNs name no Region and no account.
    zone_id = hosted_zone_id(state["name"])
    state.update(
        zoneId=zone_id,
        arn=f"arn:{where.partition}:route53:::hostedzone/{zone_id}",
        nameServers=name_servers(zone_id),
        primaryNameServer=name_servers(zone_id)[0],
    )
    return zone_id


ANSWERS: Mapping[str, Callable[[str, Where, dict[str, Any]], str]] = {
    EMAIL_IDENTITY: _email_identity,
    DOMAIN_IDENTITY: _domain_identity,
    DOMAIN_DKIM: _domain_dkim,
    DOMAIN_VERIFICATION: _domain_verification,
    MAIL_FROM: _mail_from,
    USER_POOL: _user_pool,
    IDENTITY_POLICY: _identity_policy,
    SNS_TOPIC: _sns_topic,
    METRIC_ALARM: _metric_alarm,
    HOSTED_ZONE: _hosted_zone,
}
