"""What each served resource type and invoke does to the endpoint, one boto3 call each.

Deliberately dumb: no rule of the component is copied here. Inputs reach the API as given
and whatever the endpoint refuses is the error. Names are the engine's (camelCase, as in
the pulumi_aws SDK); values are plain Python (the provider strips secrets and keeps them).
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import boto3
import botocore.loaders
from botocore import xform_name
from botocore.exceptions import ClientError

Props = dict[str, Any]

#: The env var that holds identities at PENDING (a contract with the tests): the first N
#: checks of each identity answer PENDING, or every check with "never".
PENDING_CHECKS = "STANDIN_PENDING_CHECKS"


class Hold:
    """The person who has not clicked the verification link yet: counts the checks of
    each identity (in this plugin process) and says whether this one is still PENDING."""

    def __init__(self) -> None:
        self.checks: dict[tuple[str, str], int] = {}
        self.lock = threading.Lock()

    def pending(self, region: str, identity: str) -> bool:
        """Counts one check of the identity: whether it is still PENDING."""
        with self.lock:
            seen = self.checks.get((region, identity), 0)
            self.checks[(region, identity)] = seen + 1
        return self.never() or seen < self.setting()

    @staticmethod
    def setting() -> int:
        value = os.environ.get(PENDING_CHECKS, "").strip().lower()
        if value in ("", "never"):
            return 0
        if not value.isdigit():
            raise ValueError(f"{PENDING_CHECKS}={value!r}: give a number of checks, or never")
        return int(value)

    @staticmethod
    def never() -> bool:
        return os.environ.get(PENDING_CHECKS, "").strip().lower() == "never"


_CLIENTS = threading.Lock()  # boto3's default session makes clients for one thread at a time


@cache
def _client(service: str, region: str, endpoint: str | None) -> Any:
    with _CLIENTS:
        return boto3.client(service, region_name=region, endpoint_url=endpoint)


@cache
def _account(region: str, endpoint: str | None) -> str:
    return str(_client("sts", region, endpoint).get_caller_identity()["Account"])


@dataclass
class Aws:
    """The endpoint (AWS_ENDPOINT_URL) in one Region."""

    region: str
    hold: Hold = field(default_factory=Hold)

    def client(self, service: str) -> Any:
        return _client(service, self.region, os.environ.get("AWS_ENDPOINT_URL"))

    @property
    def account(self) -> str:
        return _account(self.region, os.environ.get("AWS_ENDPOINT_URL"))

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        return "aws-us-gov" if self.region.startswith("us-gov-") else "aws"

    def identity_arn(self, identity: str) -> str:
        return f"arn:{self.partition}:ses:{self.region}:{self.account}:identity/{identity}"


def identity_name(identity: str) -> str:
    """SES takes an identity by name or by ARN; moto only by name."""
    return identity.split(":identity/", 1)[1] if identity.startswith("arn:") else identity


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _gone_if(*codes: str) -> Callable[[Callable[..., Props | None]], Callable[..., Props | None]]:
    """A read that answers None (the object is gone) on these error codes."""

    def wrap(read: Callable[..., Props | None]) -> Callable[..., Props | None]:
        def reading(aws: Aws, rid: str, state: Props) -> Props | None:
            try:
                return read(aws, rid, state)
            except ClientError as error:
                if _code(error) in codes:
                    return None
                raise

        return reading

    return wrap


def to_api(shape: Any, value: Any, renames: dict[str, str]) -> Any:
    """A camelCase input as the botocore ``shape`` takes it: members matched by name
    (case-insensitively, after ``renames``), integers made int, unknown members left out."""
    if shape.type_name == "structure" and isinstance(value, dict):
        members = {name.lower(): name for name in shape.members}
        out = {}
        for key, item in value.items():
            renamed = renames.get(key)  # only where the shape has that member
            member = renamed if renamed in shape.members else members.get(key.lower())
            if member in shape.members and item is not None:
                out[member] = to_api(shape.members[member], item, renames)
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [to_api(shape.member, item, renames) for item in value]
    if shape.type_name in ("integer", "long") and isinstance(value, float):
        return int(value)
    return value


def call(aws: Aws, service: str, operation: str, inputs: Props, renames: dict[str, str]) -> Any:
    """``operation`` with the inputs its request shape has."""
    client = aws.client(service)
    shape = client.meta.service_model.operation_model(operation).input_shape
    return getattr(client, xform_name(operation))(**to_api(shape, inputs, renames))


def _pairs(mapping: dict[str, Any] | None, key: str = "key") -> list[dict[str, Any]]:
    return [{key: k, "value": v} for k, v in (mapping or {}).items()]


def nothing(*_: Any) -> None:
    """pulumi-aws's delete of this type calls no API (Terraform only forgets it)."""


# --- SES identities (SES API v1, as pulumi-aws calls it) ---


def identity_exists(aws: Aws, rid: str, state: Props) -> Props | None:
    name = identity_name(rid.split("|")[0])
    found = aws.client("ses").get_identity_verification_attributes(Identities=[name])
    return {} if name in found["VerificationAttributes"] else None


def delete_identity(aws: Aws, rid: str, state: Props) -> None:
    aws.client("ses").delete_identity(Identity=rid)


def email_identity_create(aws: Aws, i: Props) -> tuple[str, Props]:
    aws.client("ses").verify_email_identity(EmailAddress=i["email"])
    return i["email"], {"arn": aws.identity_arn(i["email"])}


def domain_identity_create(aws: Aws, i: Props) -> tuple[str, Props]:
    answer = aws.client("ses").verify_domain_identity(Domain=i["domain"])
    token = answer["VerificationToken"]
    return i["domain"], {"arn": aws.identity_arn(i["domain"]), "verificationToken": token}


def domain_dkim_create(aws: Aws, i: Props) -> tuple[str, Props]:
    answer = aws.client("ses").verify_domain_dkim(Domain=i["domain"])
    return i["domain"], {"dkimTokens": list(answer["DkimTokens"])}


def verification_create(aws: Aws, i: Props) -> tuple[str, Props]:
    """Waits, as pulumi-aws does, for SES to report the domain verified: each check counts
    (:class:`Hold`); held forever ("never"), it fails at once instead of timing out."""
    domain = i["domain"]
    found = aws.client("ses").get_identity_verification_attributes(Identities=[domain])
    attributes = found["VerificationAttributes"].get(domain)
    if attributes is None:
        raise ValueError(f"SES Domain Identity {domain} not found in AWS")
    while aws.hold.pending(aws.region, domain):
        if aws.hold.never():
            raise ValueError(
                f"Expected domain verification Success, but was in state Pending ({domain}:"
                f" the stand-in holds it pending, {PENDING_CHECKS}=never)"
            )
    status = attributes["VerificationStatus"]
    if status != "Success":
        raise ValueError(f"Expected domain verification Success, but was in state {status}")
    return domain, {"arn": aws.identity_arn(domain)}


def mail_from_put(aws: Aws, i: Props, *_: Any) -> tuple[str, Props]:
    aws.client("ses").set_identity_mail_from_domain(
        Identity=i["domain"],
        MailFromDomain=i["mailFromDomain"],
        BehaviorOnMXFailure=i["behaviorOnMxFailure"],
    )
    return i["domain"], {}


def mail_from_read(aws: Aws, rid: str, state: Props) -> Props | None:
    found = aws.client("ses").get_identity_mail_from_domain_attributes(Identities=[rid])
    return {} if rid in found["MailFromDomainAttributes"] else None


def mail_from_delete(aws: Aws, rid: str, state: Props) -> None:
    aws.client("ses").set_identity_mail_from_domain(Identity=rid)


# SES v1 identity policies (PutIdentityPolicy...) are not in moto: the SES v2 calls instead.


def identity_policy_create(aws: Aws, i: Props) -> tuple[str, Props]:
    aws.client("sesv2").create_email_identity_policy(
        EmailIdentity=identity_name(i["identity"]), PolicyName=i["name"], Policy=i["policy"]
    )
    return f"{i['identity']}|{i['name']}", {}


def identity_policy_update(aws: Aws, rid: str, olds: Props, news: Props) -> Props:
    aws.client("sesv2").update_email_identity_policy(
        EmailIdentity=identity_name(news["identity"]),
        PolicyName=news["name"],
        Policy=news["policy"],
    )
    return {}


@_gone_if("NotFoundException")
def identity_policy_read(aws: Aws, rid: str, state: Props) -> Props | None:
    identity, name = rid.rsplit("|", 1)
    found = aws.client("sesv2").get_email_identity_policies(EmailIdentity=identity_name(identity))
    policy = found["Policies"].get(name)
    return None if policy is None else {"policy": policy}


def identity_policy_delete(aws: Aws, rid: str, state: Props) -> None:
    identity, name = rid.rsplit("|", 1)
    aws.client("sesv2").delete_email_identity_policy(
        EmailIdentity=identity_name(identity), PolicyName=name
    )


def notification_topic_put(aws: Aws, i: Props, *_: Any) -> tuple[str, Props]:
    # includeOriginalHeaders (SetIdentityHeadersInNotificationsEnabled) is not in moto:
    # it is kept in the state only.
    topic = {"SnsTopic": i["topicArn"]} if i.get("topicArn") else {}
    aws.client("ses").set_identity_notification_topic(
        Identity=identity_name(i["identity"]), NotificationType=i["notificationType"], **topic
    )
    return f"{i['identity']}|{i['notificationType']}", {}


def notification_topic_delete(aws: Aws, rid: str, state: Props) -> None:
    aws.client("ses").set_identity_notification_topic(
        Identity=identity_name(state["identity"]), NotificationType=state["notificationType"]
    )


# --- Cognito ---

_POOL_NAMES = {
    "name": "PoolName",
    "schemas": "Schema",
    "tags": "UserPoolTags",
    "fromEmailAddress": "From",
    "attributesRequireVerificationBeforeUpdates": "AttributesRequireVerificationBeforeUpdate",
}


def _pool_request(i: Props) -> Props:
    """pulumi-aws's top-level passwordPolicy and signInPolicy go in the API's Policies."""
    policies = {k: i[k] for k in ("passwordPolicy", "signInPolicy") if i.get(k) is not None}
    return {**i, "policies": policies} if policies else i


def user_pool_create(aws: Aws, i: Props) -> tuple[str, Props]:
    pool = call(aws, "cognito-idp", "CreateUserPool", _pool_request(i), _POOL_NAMES)["UserPool"]
    return pool["Id"], {
        "arn": pool["Arn"],
        "endpoint": f"cognito-idp.{aws.region}.amazonaws.com/{pool['Id']}",
        "creationDate": pool["CreationDate"].isoformat(),
        "lastModifiedDate": pool["LastModifiedDate"].isoformat(),
        "estimatedNumberOfUsers": float(pool.get("EstimatedNumberOfUsers", 0)),
    }


def user_pool_update(aws: Aws, rid: str, olds: Props, news: Props) -> Props:
    request = {**_pool_request(news), "userPoolId": rid}
    call(aws, "cognito-idp", "UpdateUserPool", request, _POOL_NAMES)
    return {}


@_gone_if("ResourceNotFoundException")
def user_pool_read(aws: Aws, rid: str, state: Props) -> Props | None:
    aws.client("cognito-idp").describe_user_pool(UserPoolId=rid)
    return {}


def user_pool_delete(aws: Aws, rid: str, state: Props) -> None:
    client = aws.client("cognito-idp")
    # moto does not enforce DeletionProtection: this reports the setting the endpoint
    # stored for the pool with AWS's own error (not a rule of the component).
    pool = client.describe_user_pool(UserPoolId=rid)["UserPool"]
    if pool.get("DeletionProtection") == "ACTIVE":
        message = (
            "The user pool cannot be deleted because deletion protection is activated."
            " Deletion protection must be inactivated first."
        )
        error = {"Error": {"Code": "InvalidParameterException", "Message": message}}
        raise ClientError(error, "DeleteUserPool")  # type: ignore[arg-type]
    client.delete_user_pool(UserPoolId=rid)


# --- SNS ---

_TOPIC_NOT_ATTRIBUTES = ("name", "namePrefix", "tags", "region")


def _topic_attributes(i: Props, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    def text(v: Any) -> str:
        return str(v).lower() if isinstance(v, bool) else str(int(v) if v == int(v) else v)

    return {
        k[0].upper() + k[1:]: v if isinstance(v, str) else text(v)
        for k, v in i.items()
        if k not in _TOPIC_NOT_ATTRIBUTES + leave_out and v is not None
    }


def topic_create(aws: Aws, i: Props) -> tuple[str, Props]:
    tags = [{"Key": k, "Value": v} for k, v in (i.get("tags") or {}).items()]
    arn = aws.client("sns").create_topic(Name=i["name"], Attributes=_topic_attributes(i), Tags=tags)
    return arn["TopicArn"], {"arn": arn["TopicArn"], "owner": aws.account}


def topic_update(aws: Aws, rid: str, olds: Props, news: Props) -> Props:
    for name, value in _topic_attributes(news, leave_out=("fifoTopic",)).items():
        aws.client("sns").set_topic_attributes(
            TopicArn=rid, AttributeName=name, AttributeValue=value
        )
    return {}


@_gone_if("NotFound", "NotFoundException")
def topic_read(aws: Aws, rid: str, state: Props) -> Props | None:
    aws.client("sns").get_topic_attributes(TopicArn=rid)
    return {}


def topic_delete(aws: Aws, rid: str, state: Props) -> None:
    aws.client("sns").delete_topic(TopicArn=rid)


def topic_policy_put(aws: Aws, i: Props, *_: Any) -> tuple[str, Props]:
    aws.client("sns").set_topic_attributes(
        TopicArn=i["arn"], AttributeName="Policy", AttributeValue=i["policy"]
    )
    return i["arn"], {"owner": aws.account}


def topic_policy_delete(aws: Aws, rid: str, state: Props) -> None:
    """Puts back the default policy of a new topic, as pulumi-aws does."""
    actions = "GetTopicAttributes SetTopicAttributes AddPermission RemovePermission"
    actions += " DeleteTopic Subscribe ListSubscriptionsByTopic Publish"
    statement = {
        "Sid": "__default_statement_ID",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": [f"SNS:{a}" for a in actions.split()],
        "Resource": rid,
        "Condition": {"StringEquals": {"AWS:SourceOwner": aws.account}},
    }
    document = {"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [statement]}
    try:
        topic_policy_put(aws, {"arn": rid, "policy": json.dumps(document)})
    except ClientError as error:
        if _code(error) not in ("NotFound", "NotFoundException"):
            raise


# --- Route 53 ---


def zone_create(aws: Aws, i: Props) -> tuple[str, Props]:
    made = aws.client("route53").create_hosted_zone(
        Name=i["name"],
        CallerReference=str(uuid.uuid4()),
        HostedZoneConfig={"Comment": i["comment"]},
    )
    zone_id = made["HostedZone"]["Id"].rsplit("/", 1)[-1]
    servers = list(made["DelegationSet"]["NameServers"])
    return zone_id, {
        "zoneId": zone_id,
        "arn": f"arn:{aws.partition}:route53:::hostedzone/{zone_id}",
        "nameServers": servers,
        "primaryNameServer": servers[0],
    }


def zone_update(aws: Aws, rid: str, olds: Props, news: Props) -> Props:
    aws.client("route53").update_hosted_zone_comment(Id=rid, Comment=news["comment"])
    return {}


@_gone_if("NoSuchHostedZone")
def zone_read(aws: Aws, rid: str, state: Props) -> Props | None:
    aws.client("route53").get_hosted_zone(Id=rid)
    return {}


def zone_delete(aws: Aws, rid: str, state: Props) -> None:
    client = aws.client("route53")
    if state.get("forceDestroy"):
        apex = client.get_hosted_zone(Id=rid)["HostedZone"]["Name"]
        sets = client.list_resource_record_sets(HostedZoneId=rid)["ResourceRecordSets"]
        doomed = [s for s in sets if not (s["Name"] == apex and s["Type"] in ("NS", "SOA"))]
        if doomed:
            changes = [{"Action": "DELETE", "ResourceRecordSet": s} for s in doomed]
            client.change_resource_record_sets(HostedZoneId=rid, ChangeBatch={"Changes": changes})
    client.delete_hosted_zone(Id=rid)


def _record_set(i: Props) -> Props:
    """Terraform quotes a TXT or SPF value that is not quoted already."""

    def value(v: str) -> str:
        quote = i["type"] in ("TXT", "SPF") and not (v.startswith('"') and v.endswith('"'))
        return f'"{v}"' if quote else v

    record: Props = {
        "Name": i["name"],
        "Type": i["type"],
        "ResourceRecords": [{"Value": value(v)} for v in i.get("records") or []],
    }
    if i.get("ttl") is not None:
        record["TTL"] = int(i["ttl"])
    if i.get("setIdentifier"):
        record["SetIdentifier"] = i["setIdentifier"]
    return record


def _change(aws: Aws, action: str, i: Props) -> None:
    aws.client("route53").change_resource_record_sets(
        HostedZoneId=i["zoneId"],
        ChangeBatch={"Changes": [{"Action": action, "ResourceRecordSet": _record_set(i)}]},
    )


def record_create(aws: Aws, i: Props) -> tuple[str, Props]:
    _change(aws, "UPSERT" if i.get("allowOverwrite") else "CREATE", i)
    fqdn = i["name"].rstrip(".")
    parts = [i["zoneId"], fqdn.lower(), i["type"], i.get("setIdentifier")]
    return "_".join(p for p in parts if p), {"fqdn": fqdn}


def record_update(aws: Aws, rid: str, olds: Props, news: Props) -> Props:
    _change(aws, "UPSERT", news)
    return {}


@_gone_if("NoSuchHostedZone")
def record_read(aws: Aws, rid: str, state: Props) -> Props | None:
    name = state["name"].rstrip(".").lower() + "."
    sets = aws.client("route53").list_resource_record_sets(
        HostedZoneId=state["zoneId"], StartRecordName=name, StartRecordType=state["type"]
    )["ResourceRecordSets"]
    found = any(s["Name"].lower() == name and s["Type"] == state["type"] for s in sets)
    return {} if found else None


def record_delete(aws: Aws, rid: str, state: Props) -> None:
    _change(aws, "DELETE", state)


# --- CloudWatch ---


def _alarm_request(i: Props) -> Props:
    dimensions = _pairs(i.get("dimensions"), "name")
    return {**i, "dimensions": dimensions, "tags": _pairs(i.get("tags"))}


def metric_alarm_put(aws: Aws, i: Props, *_: Any) -> tuple[str, Props]:
    call(aws, "cloudwatch", "PutMetricAlarm", _alarm_request(i), {"name": "AlarmName"})
    arn = f"arn:{aws.partition}:cloudwatch:{aws.region}:{aws.account}:alarm:{i['name']}"
    return i["name"], {"arn": arn}


def metric_alarm_read(aws: Aws, rid: str, state: Props) -> Props | None:
    found = aws.client("cloudwatch").describe_alarms(AlarmNames=[rid])["MetricAlarms"]
    return {} if found else None


def metric_alarm_delete(aws: Aws, rid: str, state: Props) -> None:
    aws.client("cloudwatch").delete_alarms(AlarmNames=[rid])


# --- Invokes ---


def get_email_identity(aws: Aws, args: Props) -> Props:
    """SES API v2 GetEmailIdentity, held at PENDING while :class:`Hold` says so."""
    name = args["emailIdentity"]
    answer = aws.client("sesv2").get_email_identity(EmailIdentity=name)
    status = answer.get("VerificationStatus", "")
    if aws.hold.pending(aws.region, identity_name(name)):
        status = "PENDING"
    dkim = answer.get("DkimAttributes", {})
    return {
        "arn": aws.identity_arn(name),
        "emailIdentity": name,
        "id": name,
        "identityType": answer.get("IdentityType", ""),
        "verificationStatus": status,
        "verifiedForSendingStatus": bool(answer.get("VerifiedForSendingStatus"))
        and status == "SUCCESS",
        "configurationSetName": answer.get("ConfigurationSetName") or "",
        "dkimSigningAttributes": [
            {
                "currentSigningKeyLength": dkim.get("CurrentSigningKeyLength", ""),
                "domainSigningPrivateKey": "",
                "domainSigningSelector": "",
                "lastKeyGenerationTimestamp": str(dkim.get("LastKeyGenerationTimestamp", "")),
                "nextSigningKeyLength": dkim.get("NextSigningKeyLength", ""),
                "signingAttributesOrigin": dkim.get("SigningAttributesOrigin", ""),
                "status": dkim.get("Status", ""),
                "tokens": list(dkim.get("Tokens", [])),
            }
        ],
        "region": aws.region,
        "tags": {t["Key"]: t["Value"] for t in answer.get("Tags") or []},
    }


def get_caller_identity(aws: Aws, args: Props) -> Props:
    me = aws.client("sts").get_caller_identity()
    return {
        "accountId": me["Account"],
        "arn": me["Arn"],
        "userId": me["UserId"],
        "id": me["Account"],
    }


@cache
def _regions() -> dict[str, Any]:
    partitions = botocore.loaders.create_loader().load_data("endpoints")["partitions"]
    return {name: r for p in partitions for name, r in p["regions"].items()}


def get_region(aws: Aws, args: Props) -> Props:
    return {
        "name": aws.region,
        "region": aws.region,
        "id": aws.region,
        "endpoint": f"ec2.{aws.region}.amazonaws.com",
        "description": _regions().get(aws.region, {}).get("description", ""),
    }
