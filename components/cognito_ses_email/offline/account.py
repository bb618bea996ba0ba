"""The simulated AWS account: what AWS (through pulumi-aws) answers each resource and invoke
with, in one account and Region. :class:`cognito_ses_email.testing.Mocks` is its public face."""

from __future__ import annotations

import base64
import hashlib
import threading
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime.rpc import unwrap_rpc_secret

from ..rules.regions import partition_of

#: The simulated AWS account every ARN is in.
ACCOUNT = "123456789012"

#: The Region of the simulated account when ``aws:region`` is not configured.
DEFAULT_REGION = "us-east-1"

STACK_TYPE = "pulumi:pulumi:Stack"

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

GET_REGION = "aws:index/getRegion:getRegion"
GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
GET_PARTITION = "aws:index/getPartition:getPartition"
GET_ZONE = "aws:route53/getZone:getZone"
GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"

#: What SES API v2 GetEmailIdentity may answer as ``VerificationStatus`` (botocore ``sesv2``,
#: ``VerificationStatus``).
VERIFICATION_STATUSES = ("PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED")

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

#: Each partition's DNS suffix, as botocore's partitions.json gives it (``getPartition``).
DNS_SUFFIXES: Mapping[str, str] = {
    "aws": "amazonaws.com",
    "aws-cn": "amazonaws.com.cn",
    "aws-eusc": "amazonaws.eu",
    "aws-iso": "c2s.ic.gov",
    "aws-iso-b": "sc2s.sgov.gov",
    "aws-iso-e": "cloud.adc-e.uk",
    "aws-iso-f": "csp.hci.ic.gov",
    "aws-us-gov": "amazonaws.com",
}

#: The inputs AWS's answer for a type is made from, besides ``region``: when one is unknown
#: (a preview), so is the answer.
_ANSWER_INPUTS: Mapping[str, tuple[str, ...]] = {
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


def urn_name(urn: str) -> str:
    """The resource name at the end of a URN."""
    return urn.rsplit("::", 1)[-1]


def revealed(value: Any) -> Any:
    """``value`` with every secret marker (at any depth) taken off, as a provider gets it."""
    value = unwrap_rpc_secret(value)
    if isinstance(value, dict):
        return {key: revealed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [revealed(item) for item in value]
    return value


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
class _Where:
    """The Region and account a resource is created in."""

    region: str
    account: str

    @property
    def partition(self) -> str:
        return partition(self.region)


# What AWS adds to a resource's state, by type; each returns the resource's id.


def _email_identity(name: str, where: _Where, state: dict[str, Any]) -> str:
    state["arn"] = identity_arn(where.region, state["email"], where.account)
    return str(state["email"])


def _domain_identity(name: str, where: _Where, state: dict[str, Any]) -> str:
    state["arn"] = identity_arn(where.region, state["domain"], where.account)
    state["verificationToken"] = VERIFICATION_TOKEN
    return str(state["domain"])


def _domain_dkim(name: str, where: _Where, state: dict[str, Any]) -> str:
    state["dkimTokens"] = list(DKIM_TOKENS)
    return str(state["domain"])


def _domain_verification(name: str, where: _Where, state: dict[str, Any]) -> str:
    state["arn"] = identity_arn(where.region, state["domain"], where.account)
    return str(state["domain"])


def _mail_from(name: str, where: _Where, state: dict[str, Any]) -> str:
    return str(state["domain"])  # mailFromDomain is echoed


def _user_pool(name: str, where: _Where, state: dict[str, Any]) -> str:
    pool_id = user_pool_id(where.region, name)
    state["arn"] = user_pool_arn(where.region, pool_id, where.account)
    state.setdefault("name", name)
    return pool_id


def _identity_policy(name: str, where: _Where, state: dict[str, Any]) -> str:
    return f"{state['identity']}|{state['name']}"


def _sns_topic(name: str, where: _Where, state: dict[str, Any]) -> str:
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
    state.setdefault("name", name)
    state["arn"] = f"arn:{where.partition}:sns:{where.region}:{where.account}:{state['name']}"
    return str(state["arn"])  # pulumi-aws gives a topic its ARN as id


def _metric_alarm(name: str, where: _Where, state: dict[str, Any]) -> str:
    # The format botocore's cloudwatch model gives (TagResource, ResourceARN).
    state.setdefault("name", name)
    state["arn"] = (
        f"arn:{where.partition}:cloudwatch:{where.region}:{where.account}:alarm:{state['name']}"
    )
    return str(state["name"])


def _hosted_zone(name: str, where: _Where, state: dict[str, Any]) -> str:
    # Route 53 is global: its ARNs name no Region and no account.
    zone_id = hosted_zone_id(state["name"])
    state.update(
        zoneId=zone_id,
        arn=f"arn:{where.partition}:route53:::hostedzone/{zone_id}",
        nameServers=name_servers(zone_id),
        primaryNameServer=name_servers(zone_id)[0],
    )
    return zone_id


_ANSWERS: Mapping[str, Callable[[str, _Where, dict[str, Any]], str]] = {
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


#: A verification answer: one status for every check, or the statuses of the checks in
#: turn (the last one repeats), for each identity.
Verification = str | Sequence[str]


class UnansweredInvoke(NotImplementedError):
    """An invoke the simulated account does not answer; ``token`` names the function."""

    def __init__(self, token: str) -> None:
        super().__init__(f"the simulated AWS account does not answer {token}")
        self.token = token


class SimulatedAws(pulumi.runtime.Mocks):
    """Answers like AWS would, in account ``account_id`` and the configured Region.

    An invoke it does not know is refused (:meth:`unanswered_call`): the offline plan
    reports it. :class:`cognito_ses_email.testing.Mocks` echoes it instead.
    """

    def __init__(
        self,
        region: str = DEFAULT_REGION,
        account_id: str = ACCOUNT,
        verification: Verification = "SUCCESS",
        refused: Iterable[str] = (),
    ) -> None:
        self.region = region
        self.account_id = account_id
        self._verification = _verification_statuses(verification)
        #: The invokes (tokens) refused as AWS refuses a call the credentials may not make.
        self.refused = set(refused)
        #: How many times each identity's verification was asked for (invokes may come
        #: from the engine's threads).
        self._verification_checks: dict[str, int] = {}
        self._verification_lock = threading.Lock()
        #: Every invoke, in order.
        self.calls: list[pulumi.runtime.MockCallArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
        # The engine hands a provider secret inputs as their values (it keeps the secrecy).
        inputs = revealed(args.inputs)
        region = inputs.get("region") or self.region
        needed = (region, *(inputs.get(key, "") for key in _ANSWER_INPUTS.get(args.typ, ())))
        if not all(isinstance(value, str) for value in needed):
            return None, {}  # unknown during a preview: AWS's answer is unknown too
        return self._answer(args.typ, args.name, region, inputs)

    def _answer(
        self, type_: str, name: str, region: str, inputs: dict[str, Any]
    ) -> tuple[str, dict]:
        state = dict(inputs)  # what a resource was given, it keeps
        answer = _ANSWERS.get(type_)
        if answer is None:
            return f"{name}-id", state  # any other type: its inputs echoed
        return answer(name, _Where(region, self.account_id), state), state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
        self.calls.append(args)
        if args.token in self.refused:  # a failed invoke, as the provider reports one
            reason = "AccessDeniedException: User is not authorized to perform this action"
            return {}, [("", f"{reason} (simulated)")]
        inputs = revealed(args.args)
        where = _Where(inputs.get("region") or self.region, self.account_id)
        answer = _CALL_ANSWERS.get(args.token)
        if answer is None:
            return self.unanswered_call(args)
        return answer(self, where, inputs), []

    def unanswered_call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict, list[tuple[str, str]]]:
        """The answer to an invoke this account does not know: refused."""
        raise UnansweredInvoke(args.token)

    def answer_verification(self, verification: Verification) -> None:
        """From now on, answer each identity's checks with ``verification`` (as given to
        the constructor), from its first check again."""
        with self._verification_lock:
            self._verification = _verification_statuses(verification)
            self._verification_checks.clear()

    def verification_status(self, identity: str) -> str:
        """The status of the next verification check of ``identity`` (an address or domain)."""
        with self._verification_lock:
            checks = self._verification_checks.get(identity, 0)
            self._verification_checks[identity] = checks + 1
        return self._verification[min(checks, len(self._verification) - 1)]


def _verification_statuses(verification: Verification) -> tuple[str, ...]:
    """``verification`` as the statuses of the checks in turn; refused unless SES's."""
    statuses = (verification,) if isinstance(verification, str) else tuple(verification)
    unknown = [s for s in statuses if s not in VERIFICATION_STATUSES]
    if not statuses or unknown:
        raise ValueError(
            f"verification: {verification!r} is not a verification status or a list of them:"
            f" give one or more of {', '.join(VERIFICATION_STATUSES)} (SES's VerificationStatus)"
        )
    return statuses


# What AWS answers an invoke with, by token (pulumi-aws's result fields, camelCase).


def _get_region(aws: SimulatedAws, where: _Where, args: dict[str, Any]) -> dict[str, Any]:
    return {"region": where.region, "name": where.region, "id": where.region}


def _get_caller_identity(aws: SimulatedAws, where: _Where, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "accountId": where.account,
        "arn": f"arn:{where.partition}:iam::{where.account}:root",
        "id": where.account,
        "userId": where.account,
    }


def _get_partition(aws: SimulatedAws, where: _Where, args: dict[str, Any]) -> dict[str, Any]:
    name = where.partition
    return {"partition": name, "dnsSuffix": DNS_SUFFIXES[name], "id": name}


def _get_zone(aws: SimulatedAws, where: _Where, args: dict[str, Any]) -> dict[str, Any]:
    """A public hosted zone of the asked-for name (``example.com`` when only an id is asked
    for); the name without its final dot, as the provider gives it since Terraform AWS
    provider 3.0 (terraform-provider-aws issue 13510)."""
    domain = str(args.get("name") or "example.com").rstrip(".").lower()
    zone_id = str(args.get("zoneId") or hosted_zone_id(domain))
    servers = name_servers(zone_id)
    return {
        "arn": f"arn:{where.partition}:route53:::hostedzone/{zone_id}",
        "callerReference": f"{domain}-zone",
        "comment": "",
        "enableAcceleratedRecovery": False,
        "id": zone_id,
        "linkedServiceDescription": "",
        "linkedServicePrincipal": "",
        "name": domain,
        "nameServers": servers,
        "primaryNameServer": servers[0],
        "privateZone": bool(args.get("privateZone", False)),
        "resourceRecordSetCount": 2,  # the zone's own NS and SOA records
        "tags": dict(args.get("tags") or {}),
        "vpcId": str(args.get("vpcId") or ""),
        "zoneId": zone_id,
    }


def _get_email_identity(aws: SimulatedAws, where: _Where, args: dict[str, Any]) -> dict[str, Any]:
    """The identity as SES API v2 GetEmailIdentity describes it; the verification status
    is the account's next one (:meth:`SimulatedAws.verification_status`)."""
    identity = str(args["emailIdentity"])
    status = aws.verification_status(identity)
    is_domain = "@" not in identity
    return {
        "arn": identity_arn(where.region, identity, where.account),
        "configurationSetName": "",
        "dkimSigningAttributes": [
            {
                "currentSigningKeyLength": "RSA_2048_BIT",
                "domainSigningPrivateKey": "",
                "domainSigningSelector": "",
                "lastKeyGenerationTimestamp": "2026-01-01T00:00:00Z",
                "nextSigningKeyLength": "RSA_2048_BIT",
                "signingAttributesOrigin": "AWS_SES",
                # Easy DKIM signs for a domain once verified; an address has no tokens.
                "status": status if is_domain else "NOT_STARTED",
                "tokens": list(DKIM_TOKENS) if is_domain else [],
            }
        ],
        "emailIdentity": identity,
        "id": identity,
        "identityType": "DOMAIN" if is_domain else "EMAIL_ADDRESS",
        "region": where.region,
        "tags": dict(args.get("tags") or {}),
        "verificationStatus": status,
        "verifiedForSendingStatus": status == "SUCCESS",
    }


_CALL_ANSWERS: Mapping[str, Callable[[SimulatedAws, _Where, dict[str, Any]], dict[str, Any]]] = {
    GET_REGION: _get_region,
    GET_CALLER_IDENTITY: _get_caller_identity,
    GET_PARTITION: _get_partition,
    GET_ZONE: _get_zone,
    GET_EMAIL_IDENTITY: _get_email_identity,
}
