"""The simulated AWS account: what AWS (through pulumi-aws) answers each resource and invoke
with, in one account and Region. :class:`cognito_ses_email.testing.Mocks` is its public face."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime.rpc import unwrap_rpc_secret

from ..rules.arns import is_account
from .answers import (
    ACCOUNT,
    ANSWER_INPUTS,
    DKIM_TOKENS,
    Where,
    answer,
    hosted_zone_id,
    identity_arn,
    name_servers,
)

#: The Region of the simulated account when ``aws:region`` is not configured.
DEFAULT_REGION = "us-east-1"

STACK_TYPE = "pulumi:pulumi:Stack"
STACK_REFERENCE = "pulumi:pulumi:StackReference"

GET_REGION = "aws:index/getRegion:getRegion"
GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
GET_PARTITION = "aws:index/getPartition:getPartition"
GET_ZONE = "aws:route53/getZone:getZone"
GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"

#: What SES API v2 GetEmailIdentity may answer as ``VerificationStatus`` (botocore ``sesv2``,
#: ``VerificationStatus``).
VERIFICATION_STATUSES = ("PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED")

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


#: A verification answer: one status for every check, or the statuses of the checks in
#: turn (the last one repeats), for each identity.
Verification = str | Sequence[str]


class UnansweredInvoke(NotImplementedError):
    """An invoke the simulated account does not answer; ``token`` names the function."""

    def __init__(self, token: str) -> None:
        super().__init__(f"the simulated AWS account does not answer {token}")
        self.token = token


class UnansweredStackReference(LookupError):
    """A ``pulumi.StackReference`` whose outputs were not given; ``name`` names the stack."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the outputs of the stack reference {name} are not given: give them as"
            f" stack_outputs={{{name!r}: {{NAME: VALUE}}}}"
        )
        self.name = name


@dataclass
class FakeClock:
    """One verification wait's clock (:meth:`SimulatedAws.verification_pace`): it moves only
    when the wait sleeps, so that minutes of waiting take no time."""

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
        #: How many times each identity's verification was asked for (invokes may come
        #: from the engine's threads).
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
        if args.typ == STACK_REFERENCE:
            return self._stack_reference(str(inputs.get("name") or args.resource_id))
        region = inputs.get("region") or self.region
        needed = (region, *(inputs.get(key, "") for key in ANSWER_INPUTS.get(args.typ, ())))
        if not all(isinstance(value, str) for value in needed):
            return None, {}  # unknown during a preview: AWS's answer is unknown too
        state = dict(inputs)  # what a resource was given, it keeps
        resource_id = answer(args.typ, args.name, Where(region, self.account_id), state)
        return resource_id or f"{args.name}-id", state

    def _stack_reference(self, name: str) -> tuple[str, dict]:
        """The referenced stack's outputs as given (none secret), else refused."""
        if name not in self.stack_outputs:
            raise UnansweredStackReference(name)
        outputs = dict(self.stack_outputs[name])
        return name, {"name": name, "outputs": outputs, "secretOutputNames": []}

    def verification_pace(self, identity: str, minutes: int) -> FakeClock:
        """The pace of the component's wait for ``identity``: a :class:`FakeClock`, kept in
        :attr:`waits`."""
        clock = FakeClock(identity, minutes)
        self.waits.append(clock)
        return clock

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
        self.calls.append(args)
        if args.token in self.refused:  # a failed invoke, as the provider reports one
            reason = "AccessDeniedException: User is not authorized to perform this action"
            return {}, [("", f"{reason} (simulated)")]
        inputs = revealed(args.args)
        where = Where(inputs.get("region") or self.region, self.account_id)
        answer = _CALL_ANSWERS.get(args.token)
        if answer is None:
            return self.unanswered_call(args)
        return answer(self, where, inputs), []

    def unanswered_call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict, list[tuple[str, str]]]:
        """The answer to an invoke this account does not know: refused."""
        raise UnansweredInvoke(args.token)

    def inputs_of(self, type_: str) -> list[dict]:
        """The inputs of every resource of type ``type_``, secrets revealed."""
        return [revealed(dict(args.inputs)) for args in self.resources if args.typ == type_]

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


def _get_zone(aws: SimulatedAws, where: Where, args: dict[str, Any]) -> dict[str, Any]:
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


def _get_email_identity(aws: SimulatedAws, where: Where, args: dict[str, Any]) -> dict[str, Any]:
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


_CALL_ANSWERS: Mapping[str, Callable[[SimulatedAws, Where, dict[str, Any]], dict[str, Any]]] = {
    GET_REGION: lambda aws, where, args: dict.fromkeys(("region", "name", "id"), where.region),
    GET_CALLER_IDENTITY: lambda aws, where, args: {
        **dict.fromkeys(("accountId", "id", "userId"), where.account),
        "arn": f"arn:{where.partition}:iam::{where.account}:root",
    },
    GET_PARTITION: lambda aws, where, args: {
        **dict.fromkeys(("partition", "id"), where.partition),
        "dnsSuffix": DNS_SUFFIXES[where.partition],
    },
    GET_ZONE: _get_zone,
    GET_EMAIL_IDENTITY: _get_email_identity,
}
