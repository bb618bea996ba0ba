"""The simulated AWS account: what AWS (through pulumi-aws) answers each resource and invoke
with, in one account and Region. :class:`cognito_ses_email.testing.Mocks` is its public face."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import threading
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime.rpc import unwrap_rpc_secret

from ..rules.arns import is_account
from ..rules.regions import partition_of
from ..rules.verification import GET_CALLER_IDENTITY, GET_EMAIL_IDENTITY

#: The Region of the simulated account when ``aws:region`` is not configured.
DEFAULT_REGION = "us-east-1"

STACK_TYPE = "pulumi:pulumi:Stack"
STACK_REFERENCE = "pulumi:pulumi:StackReference"

GET_REGION = "aws:index/getRegion:getRegion"
GET_PARTITION = "aws:index/getPartition:getPartition"
GET_ZONE = "aws:route53/getZone:getZone"

#: What SES API v2 GetEmailIdentity may answer as ``VerificationStatus`` (botocore ``sesv2``).
VERIFICATION_STATUSES = ("PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED")

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

#: The inputs AWS's answer is made from, besides ``region``: unknown in a preview, so is the answer.
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


def _partition(region: str) -> str:
    return partition_of(region) or "aws"  # a Region of no known shape: the commercial one


def identity_arn(region: str, identity: str, account: str = ACCOUNT) -> str:
    """The ARN of SES identity ``identity`` (an address or a domain) in ``region``."""
    return f"arn:{_partition(region)}:ses:{region}:{account}:identity/{identity}"


def user_pool_id(region: str, name: str) -> str:
    """The id Cognito gives the pool Pulumi names ``name``: ``<region>_<9 characters>``."""
    return f"{region}_Sim{zlib.crc32(name.encode()) % 10**6:06d}"


def user_pool_arn(region: str, pool_id: str, account: str = ACCOUNT) -> str:
    """The ARN of the user pool ``pool_id`` in ``region``."""
    return f"arn:{_partition(region)}:cognito-idp:{region}:{account}:userpool/{pool_id}"


def hosted_zone_id(domain: str) -> str:
    """The id Route 53 gives the zone of ``domain``: ``Z`` and 20 capitals or digits."""
    digest = hashlib.sha256(domain.rstrip(".").lower().encode()).digest()
    return "Z" + base64.b32encode(digest).decode()[:20]


def _zone(region: str, zone_id: str) -> dict[str, Any]:
    """A zone's ARN (no Region, no account) and four name servers, shaped as Route 53's."""
    number = zlib.crc32(zone_id.encode()) % 2000
    servers = [
        f"ns-{number + 512 * i}.awsdns-{(number + i) % 64:02d}.{tld}"
        for i, tld in enumerate(("com", "net", "org", "co.uk"))
    ]
    arn = f"arn:{_partition(region)}:route53:::hostedzone/{zone_id}"
    return {"arn": arn, "zoneId": zone_id, "nameServers": servers, "primaryNameServer": servers[0]}


def answer(type_: str, name: str, region: str, account: str, state: dict[str, Any]) -> str | None:
    """Adds AWS's outputs (its ARN and the like) to ``state``; the id, None for an unknown type."""
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
        state["arn"] = f"arn:{_partition(region)}:{kind}:{region}:{account}:{alarm}{state['name']}"
        return str(state["arn"] if type_ == SNS_TOPIC else state["name"])  # a topic's id: its ARN
    if type_ == HOSTED_ZONE:
        state.update(_zone(region, hosted_zone_id(state["name"])))
        return str(state["zoneId"])
    return None


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


#: One status for every check, or each identity's statuses in turn (the last one repeats).
Verification = str | Sequence[str]


@dataclass
class FakeClock:
    """One verification wait's clock: it moves only when the wait sleeps, taking no time."""

    identity: str
    #: The most the wait waits (``verification_timeout_minutes``).
    minutes: int
    #: The seconds waited so far.
    now: float = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)  # the rest of the program goes on meanwhile


class SimulatedAws(pulumi.runtime.Mocks):
    """Answers like AWS would (public face: :class:`cognito_ses_email.testing.Mocks`)."""

    def __init__(
        self,
        region: str = DEFAULT_REGION,
        account_id: str = ACCOUNT,
        verification: Verification = "SUCCESS",
        refused: Iterable[str] = (),
        stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        if not is_account(account_id):
            raise ValueError(f"account_id: {account_id!r} is not an AWS account id: give 12 digits")
        self.region = region
        self.account_id = account_id
        self._verification = _verification_statuses(verification)
        #: The invokes (tokens) refused as AWS refuses a call the credentials may not make.
        self.refused = set(refused)
        #: How many times each identity's verification was asked for (from the engine's threads).
        self._verification_checks: dict[str, int] = {}
        self._verification_lock = threading.Lock()
        #: Every invoke, in order.
        self.calls: list[pulumi.runtime.MockCallArgs] = []
        #: Each stack reference's outputs, by the referenced stack's name.
        self.stack_outputs = dict(stack_outputs or {})
        #: The clock of each verification wait, in the order the waits began.
        self.waits: list[FakeClock] = []
        #: Every resource answered, in order.
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
        """The id and outputs of a new resource: AWS's for the types it knows, else its inputs."""
        self.resources.append(args)
        # The engine hands a provider secret inputs as their values (it keeps the secrecy).
        inputs = revealed(args.inputs)
        if args.typ == STACK_REFERENCE:  # the referenced stack's outputs as given, none secret
            name = str(inputs.get("name") or args.resource_id)
            if name not in self.stack_outputs:
                raise LookupError(
                    f"the outputs of the stack reference {name} are not given: give them as"
                    f" stack_outputs={{{name!r}: {{NAME: VALUE}}}}"
                )
            outputs = dict(self.stack_outputs[name])
            return name, {"name": name, "outputs": outputs, "secretOutputNames": []}
        region = inputs.get("region") or self.region
        needed = (region, *(inputs.get(key, "") for key in ANSWER_INPUTS.get(args.typ, ())))
        if not all(isinstance(value, str) for value in needed):
            return None, {}  # unknown during a preview: AWS's answer is unknown too
        state = dict(inputs)  # what a resource was given, it keeps
        resource_id = answer(args.typ, args.name, region, self.account_id, state)
        return resource_id or f"{args.name}-id", state

    def verification_pace(self, identity: str, minutes: int) -> FakeClock:
        """The pace of the wait for ``identity``: a :class:`FakeClock`, kept in ``waits``."""
        clock = FakeClock(identity, minutes)
        self.waits.append(clock)
        return clock

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
        self.calls.append(args)
        if args.token in self.refused:  # a failed invoke, as the provider reports one
            reason = "AccessDeniedException: User is not authorized to perform this action"
            return {}, [("", f"{reason} (simulated)")]
        inputs = revealed(args.args)
        answer = _CALL_ANSWERS.get(args.token)
        if answer is None:
            return self.unanswered_call(args)
        return answer(self, inputs.get("region") or self.region, inputs), []

    def unanswered_call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict, list[tuple[str, str]]]:
        """The answer to an invoke this account does not know: refused."""
        raise NotImplementedError(f"the simulated AWS account does not answer {args.token}")

    def inputs_of(self, type_: str) -> list[dict]:
        """The inputs of every resource of type ``type_``, secrets revealed."""
        return [revealed(dict(args.inputs)) for args in self.resources if args.typ == type_]

    def answer_verification(self, verification: Verification) -> None:
        """From now on, answer each identity's checks with ``verification``, from the first."""
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


def _get_zone(aws: SimulatedAws, region: str, args: dict[str, Any]) -> dict[str, Any]:
    """A public hosted zone (``example.com`` if only an id is asked for), named without its final
    dot as since Terraform AWS provider 3.0 (terraform-provider-aws issue 13510)."""
    domain = str(args.get("name") or "example.com").rstrip(".").lower()
    zone_id = str(args.get("zoneId") or hosted_zone_id(domain))
    return {
        **_zone(region, zone_id),
        "callerReference": f"{domain}-zone",
        "comment": "",
        "enableAcceleratedRecovery": False,
        "id": zone_id,
        "linkedServiceDescription": "",
        "linkedServicePrincipal": "",
        "name": domain,
        "privateZone": bool(args.get("privateZone", False)),
        "resourceRecordSetCount": 2,  # the zone's own NS and SOA records
        "tags": dict(args.get("tags") or {}),
        "vpcId": str(args.get("vpcId") or ""),
    }


def _get_email_identity(aws: SimulatedAws, region: str, args: dict[str, Any]) -> dict[str, Any]:
    """The identity as SES API v2 GetEmailIdentity describes it, in its next status."""
    identity = str(args["emailIdentity"])
    status = aws.verification_status(identity)
    is_domain = "@" not in identity
    return {
        "arn": identity_arn(region, identity, aws.account_id),
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
        "region": region,
        "tags": dict(args.get("tags") or {}),
        "verificationStatus": status,
        "verifiedForSendingStatus": status == "SUCCESS",
    }


_CALL_ANSWERS: Mapping[str, Callable[[SimulatedAws, str, dict[str, Any]], dict[str, Any]]] = {
    GET_REGION: lambda aws, region, args: dict.fromkeys(("region", "name", "id"), region),
    GET_CALLER_IDENTITY: lambda aws, region, args: {
        **dict.fromkeys(("accountId", "id", "userId"), aws.account_id),
        "arn": f"arn:{_partition(region)}:iam::{aws.account_id}:root",
    },
    GET_PARTITION: lambda aws, region, args: {
        **dict.fromkeys(("partition", "id"), _partition(region)),
        "dnsSuffix": DNS_SUFFIXES[_partition(region)],
    },
    GET_ZONE: _get_zone,
    GET_EMAIL_IDENTITY: _get_email_identity,
}
