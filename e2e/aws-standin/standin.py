"""A stand-in for the Pulumi AWS provider: the engine runs it as the plugin ``aws`` and it
keeps real objects in moto's server at ``AWS_ENDPOINT_URL`` ("real engine, stand-in AWS").

The table :data:`RESOURCES` says, per resource type, which properties it takes and gives
(the schema is made from it) and which boto3 calls make, read, change and delete it
(:mod:`standin_aws`); :data:`REPLACES` lists what AWS cannot change in place.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import standin_aws as calls
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)
from pulumi.runtime.rpc import UNKNOWN
from standin_aws import Aws, Hold, Props


@dataclass(frozen=True)
class Kind:
    """One resource type: its properties (name -> type, see :func:`_schema_type`) and calls.

    ``update`` None: the create call again (a put). ``defaults`` are filled in by ``check``
    as pulumi-aws does; ``autoname``: a missing ``name`` becomes ``<logical name>-<7 hex>``.
    """

    create: Callable[[Aws, Props], tuple[str, Props]]
    read: Callable[[Aws, str, Props], Props | None]
    delete: Callable[[Aws, str, Props], None]
    inputs: dict[str, str]
    outputs: dict[str, str] = field(default_factory=dict)
    update: Callable[[Aws, str, Props, Props], Props] | None = None
    required: tuple[str, ...] = ()
    defaults: Props = field(default_factory=dict)
    autoname: bool = False
    regional: bool = True


_S = "string"
_POOL_INPUTS = {
    **dict.fromkeys(["name", "deletionProtection", "mfaConfiguration", "userPoolTier"], _S),
    **dict.fromkeys(["emailVerificationMessage", "emailVerificationSubject"], _S),
    **dict.fromkeys(
        ["aliasAttributes", "usernameAttributes", "autoVerifiedAttributes"], "string[]"
    ),
    **dict.fromkeys(
        ["emailConfiguration", "verificationMessageTemplate", "adminCreateUserConfig"], "object"
    ),
    **dict.fromkeys(
        ["passwordPolicy", "usernameConfiguration", "accountRecoverySetting"], "object"
    ),
    **dict.fromkeys(["lambdaConfig", "userPoolAddOns", "deviceConfiguration"], "object"),
    "schemas": "object[]",
    "tags": "map",
}
_ALARM_INPUTS = {
    **dict.fromkeys(["name", "namespace", "metricName", "statistic", "extendedStatistic"], _S),
    **dict.fromkeys(["comparisonOperator", "treatMissingData", "alarmDescription", "unit"], _S),
    **dict.fromkeys(["period", "evaluationPeriods", "datapointsToAlarm", "threshold"], "number"),
    **dict.fromkeys(["alarmActions", "okActions", "insufficientDataActions"], "string[]"),
    "actionsEnabled": "boolean",
    "dimensions": "map",
    "tags": "map",
}

RESOURCES: dict[str, Kind] = {
    "aws:ses/emailIdentity:EmailIdentity": Kind(
        calls.email_identity_create,
        calls.identity_exists,
        calls.delete_identity,
        inputs={"email": _S},
        outputs={"arn": _S},
        required=("email",),
    ),
    "aws:ses/domainIdentity:DomainIdentity": Kind(
        calls.domain_identity_create,
        calls.identity_exists,
        calls.delete_identity,
        inputs={"domain": _S},
        outputs={"arn": _S, "verificationToken": _S},
        required=("domain",),
    ),
    "aws:ses/domainDkim:DomainDkim": Kind(
        calls.domain_dkim_create,
        calls.identity_exists,
        calls.nothing,
        inputs={"domain": _S},
        outputs={"dkimTokens": "string[]"},
        required=("domain",),
    ),
    "aws:ses/domainIdentityVerification:DomainIdentityVerification": Kind(
        calls.verification_create,
        calls.identity_exists,
        calls.nothing,
        inputs={"domain": _S},
        outputs={"arn": _S},
        required=("domain",),
    ),
    "aws:ses/mailFrom:MailFrom": Kind(
        calls.mail_from_put,
        calls.mail_from_read,
        calls.mail_from_delete,
        inputs={"domain": _S, "mailFromDomain": _S, "behaviorOnMxFailure": _S},
        required=("domain", "mailFromDomain"),
        defaults={"behaviorOnMxFailure": "UseDefaultValue"},
    ),
    "aws:ses/identityPolicy:IdentityPolicy": Kind(
        calls.identity_policy_create,
        calls.identity_policy_read,
        calls.identity_policy_delete,
        update=calls.identity_policy_update,
        inputs={"identity": _S, "name": _S, "policy": _S},
        required=("identity", "policy"),
        autoname=True,
    ),
    "aws:ses/identityNotificationTopic:IdentityNotificationTopic": Kind(
        calls.notification_topic_put,
        calls.identity_exists,
        calls.notification_topic_delete,
        inputs={
            "identity": _S,
            "notificationType": _S,
            "topicArn": _S,
            "includeOriginalHeaders": "boolean",
        },
        required=("identity", "notificationType"),
        defaults={"includeOriginalHeaders": False},
    ),
    "aws:cognito/userPool:UserPool": Kind(
        calls.user_pool_create,
        calls.user_pool_read,
        calls.user_pool_delete,
        update=calls.user_pool_update,
        inputs=_POOL_INPUTS,
        outputs={
            **dict.fromkeys(["arn", "endpoint", "creationDate", "lastModifiedDate"], _S),
            "estimatedNumberOfUsers": "number",
        },
        defaults={"deletionProtection": "INACTIVE", "mfaConfiguration": "OFF"},
        autoname=True,
    ),
    "aws:sns/topic:Topic": Kind(
        calls.topic_create,
        calls.topic_read,
        calls.topic_delete,
        update=calls.topic_update,
        inputs={
            **dict.fromkeys(["name", "namePrefix", "displayName", "kmsMasterKeyId"], _S),
            **dict.fromkeys(["fifoTopic", "contentBasedDeduplication"], "boolean"),
            "deliveryPolicy": _S,
            "signatureVersion": "number",
            "tags": "map",
        },
        outputs={"arn": _S, "owner": _S},
        autoname=True,
    ),
    "aws:sns/topicPolicy:TopicPolicy": Kind(
        calls.topic_policy_put,
        calls.topic_read,
        calls.topic_policy_delete,
        inputs={"arn": _S, "policy": _S},
        outputs={"owner": _S},
        required=("arn", "policy"),
    ),
    "aws:route53/record:Record": Kind(
        calls.record_create,
        calls.record_read,
        calls.record_delete,
        update=calls.record_update,
        inputs={
            **dict.fromkeys(["zoneId", "name", "type", "setIdentifier"], _S),
            "ttl": "number",
            "records": "string[]",
            "allowOverwrite": "boolean",
        },
        outputs={"fqdn": _S},
        required=("zoneId", "name", "type"),
        regional=False,
    ),
    "aws:route53/zone:Zone": Kind(
        calls.zone_create,
        calls.zone_read,
        calls.zone_delete,
        update=calls.zone_update,
        inputs={"name": _S, "comment": _S, "forceDestroy": "boolean"},
        outputs={"zoneId": _S, "arn": _S, "nameServers": "string[]", "primaryNameServer": _S},
        required=("name",),
        defaults={"comment": "Managed by Pulumi", "forceDestroy": False},
        regional=False,
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": Kind(
        calls.metric_alarm_put,
        calls.metric_alarm_read,
        calls.metric_alarm_delete,
        inputs=_ALARM_INPUTS,
        outputs={"arn": _S},
        required=("comparisonOperator", "evaluationPeriods"),
        defaults={"actionsEnabled": True, "treatMissingData": "missing"},
        autoname=True,
    ),
}

#: What AWS cannot change in place: a change replaces the resource. Besides these, every
#: regional type's ``region`` (pulumi-aws v7: a resource lives in one Region).
REPLACES: dict[str, tuple[str, ...]] = {
    # SES has no call that renames an identity (SES API v1 and v2 references).
    "aws:ses/emailIdentity:EmailIdentity": ("email",),
    "aws:ses/domainIdentity:DomainIdentity": ("domain",),
    "aws:ses/domainDkim:DomainDkim": ("domain",),
    "aws:ses/domainIdentityVerification:DomainIdentityVerification": ("domain",),
    # SetIdentityMailFromDomain sets the MAIL FROM of one identity, named in the call.
    "aws:ses/mailFrom:MailFrom": ("domain",),
    # PutIdentityPolicy / UpdateEmailIdentityPolicy: the identity and name are the key.
    "aws:ses/identityPolicy:IdentityPolicy": ("identity", "name"),
    # SetIdentityNotificationTopic: the identity and notification type are the key.
    "aws:ses/identityNotificationTopic:IdentityNotificationTopic": ("identity", "notificationType"),
    # botocore's cognito-idp model: in CreateUserPool's input, not UpdateUserPool's (PoolName
    # is in both: a new name is an update).
    "aws:cognito/userPool:UserPool": (
        "aliasAttributes",
        "schemas",
        "usernameAttributes",
        "usernameConfiguration",
    ),
    # CreateTopic names the topic; SetTopicAttributes cannot change FifoTopic.
    "aws:sns/topic:Topic": ("name", "namePrefix", "fifoTopic"),
    # SetTopicAttributes: the topic's ARN is the key.
    "aws:sns/topicPolicy:TopicPolicy": ("arn",),
    # ChangeResourceRecordSets: a record set is keyed by zone, name, type, set identifier.
    "aws:route53/record:Record": ("zoneId", "name", "type", "setIdentifier"),
    # CreateHostedZone names the zone; UpdateHostedZoneComment changes only the comment.
    "aws:route53/zone:Zone": ("name",),
    # PutMetricAlarm upserts by AlarmName: another name is another alarm.
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("name",),
}

#: Invokes: token -> (call, argument types, result types).
FUNCTIONS: dict[str, tuple[Callable[[Aws, Props], Props], dict[str, str], dict[str, str]]] = {
    "aws:sesv2/getEmailIdentity:getEmailIdentity": (
        calls.get_email_identity,
        {"emailIdentity": _S, "region": _S},
        {
            **dict.fromkeys(["arn", "emailIdentity", "id", "identityType", "region"], _S),
            **dict.fromkeys(["verificationStatus", "configurationSetName"], _S),
            "verifiedForSendingStatus": "boolean",
            "dkimSigningAttributes": "object[]",
            "tags": "map",
        },
    ),
    "aws:index/getCallerIdentity:getCallerIdentity": (
        calls.get_caller_identity,
        {},
        dict.fromkeys(["accountId", "arn", "userId", "id"], _S),
    ),
    "aws:index/getRegion:getRegion": (
        calls.get_region,
        {"region": _S},
        dict.fromkeys(["name", "region", "id", "endpoint", "description"], _S),
    ),
}


def _inputs_of(kind: Kind) -> dict[str, str]:
    return {**kind.inputs, **({"region": _S} if kind.regional else {})}


def own_type(token: str) -> str:
    """The resource's own type: a URN's type names its parents' types first, `$`-separated."""
    return token.rsplit("$", 1)[-1]


def _replaces(token: str) -> tuple[str, ...]:
    token = own_type(token)
    return REPLACES[token] + (("region",) if RESOURCES[token].regional else ())


# --- Property values <-> plain values ---


def plain(value: PropertyValue) -> Any:
    """The value without secrets (an unknown stays the engine's UNKNOWN string)."""
    inner = value.value
    if isinstance(inner, Mapping):
        return {k: plain(v) for k, v in inner.items()}
    if isinstance(inner, Sequence) and not isinstance(inner, str):
        return [plain(v) for v in inner]
    return inner


def plain_map(values: Mapping[str, PropertyValue]) -> Props:
    return {k: plain(v) for k, v in values.items() if not k.startswith("__")}


def to_value(value: Any) -> PropertyValue:
    if isinstance(value, dict):
        return PropertyValue({k: to_value(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return PropertyValue([to_value(v) for v in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)


# --- Schema ---


def _schema_type(kind: str) -> dict[str, Any]:
    any_ref = {"$ref": "pulumi.json#/Any"}
    types: dict[str, dict[str, Any]] = {
        "string": {"type": "string"},
        "boolean": {"type": "boolean"},
        "number": {"type": "number"},
        "string[]": {"type": "array", "items": {"type": "string"}},
        "object[]": {"type": "array", "items": any_ref},
        "object": {"type": "object", "additionalProperties": any_ref},
        "map": {"type": "object", "additionalProperties": {"type": "string"}},
    }
    return types[kind]


def schema(version: str) -> dict[str, Any]:
    """A minimal package schema, made from :data:`RESOURCES` and :data:`FUNCTIONS`."""

    def props(types: dict[str, str]) -> dict[str, Any]:
        return {name: _schema_type(kind) for name, kind in types.items()}

    resources = {
        token: {
            "inputProperties": props(_inputs_of(kind)),
            "requiredInputs": list(kind.required),
            "properties": props({**_inputs_of(kind), **kind.outputs}),
        }
        for token, kind in RESOURCES.items()
    }
    functions = {
        token: {
            "inputs": {"properties": props(args)},
            "outputs": {"properties": props(results)},
        }
        for token, (_, args, results) in FUNCTIONS.items()
    }
    return {
        "name": "aws",
        "version": version,
        "meta": {"moduleFormat": "(.*)(?:/[^/]*)"},
        "config": {"variables": {"region": {"type": "string"}}},
        "provider": {"inputProperties": {"region": {"type": "string"}}},
        "resources": resources,
        "functions": functions,
    }


# --- The provider ---


def _region_of(config: Mapping[str, PropertyValue]) -> str | None:
    value = config.get("region")
    return str(plain(value)) if value is not None and plain(value) else None


class AwsStandIn(Provider):
    """The engine's ``aws`` provider, backed by the endpoint at ``AWS_ENDPOINT_URL``."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.region: str | None = None
        self.hold = Hold()

    def aws(self, region: Any = None) -> Aws:
        """The endpoint in the resource's own Region, else the provider's, else the env's."""
        env = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        chosen = region or self.region or env
        if not chosen:
            raise ValueError("no Region: set aws:region, or AWS_REGION in the environment")
        return Aws(str(chosen), self.hold)

    def kind(self, token: str) -> Kind:
        token = own_type(token)
        if token not in RESOURCES:
            raise ValueError(f"the AWS stand-in does not serve {token}")
        return RESOURCES[token]

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(json.dumps(schema(self.version)))

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        return CheckResponse(inputs=request.new_inputs)

    async def diff_config(self, request: DiffRequest) -> DiffResponse:
        return DiffResponse()  # unknown: the engine compares the configuration itself

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        self.region = _region_of(request.args) or request.variables.get("aws:region") or None
        return ConfigureResponse(accept_secrets=True, supports_preview=True)

    async def check(self, request: CheckRequest) -> CheckResponse:
        kind = self.kind(request.type)
        given = {k: v for k, v in request.new_inputs.items() if v.value is not None}
        inputs = {**{k: to_value(v) for k, v in kind.defaults.items()}, **given}
        if kind.autoname and "name" not in inputs:
            inputs["name"] = request.old_inputs.get("name") or to_value(
                _auto_name(request.name, plain_map(inputs), request.random_seed)
            )
        return CheckResponse(inputs=inputs)

    async def diff(self, request: DiffRequest) -> DiffResponse:
        kind = self.kind(request.type)
        olds, news = plain_map(request.old_state), plain_map(request.new_inputs)
        keys = (set(news) | (set(_inputs_of(kind)) & set(olds))) - set(request.ignore_changes)
        replaces: list[str] = []
        detailed: dict[str, PropertyDiff] = {}
        for key in sorted(keys):
            if key not in news and key == "region":
                continue  # optional and computed: left out, it stays
            if key in olds and key in news and olds[key] == news[key]:
                continue
            change = "ADD" if key not in olds else "DELETE" if key not in news else "UPDATE"
            if key in _replaces(request.type):
                change += "_REPLACE"
                replaces.append(key)
            detailed[key] = PropertyDiff(PropertyDiffKind[change], input_diff=True)
        return DiffResponse(
            changes=bool(detailed),
            replaces=replaces,
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        kind = self.kind(request.type)
        inputs = plain_map(request.properties)
        if request.preview:
            unknown = {k: PropertyValue(UNKNOWN) for k in kind.outputs}
            return CreateResponse("", {**request.properties, **unknown})
        aws = self.aws(inputs.get("region"))
        resource_id, computed = await asyncio.to_thread(kind.create, aws, inputs)
        return CreateResponse(resource_id, self._outputs(kind, aws, request.properties, computed))

    async def read(self, request: ReadRequest) -> ReadResponse:
        kind = self.kind(request.type)
        state = plain_map(request.properties)
        aws = self.aws(state.get("region"))
        found = await asyncio.to_thread(kind.read, aws, request.resource_id, state)
        if found is None:  # gone: the engine drops it from the state
            return ReadResponse("", {}, {})
        properties = {**request.properties, **{k: to_value(v) for k, v in found.items()}}
        return ReadResponse(request.resource_id, properties, request.inputs)

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        kind = self.kind(request.type)
        olds, news = plain_map(request.olds), plain_map(request.news)
        kept = {k: v for k, v in request.olds.items() if k in kind.outputs}
        if request.preview:
            return UpdateResponse({**kept, **request.news})
        aws = self.aws(news.get("region"))
        if kind.update is None:
            _, computed = await asyncio.to_thread(kind.create, aws, news)
        else:
            computed = await asyncio.to_thread(kind.update, aws, request.resource_id, olds, news)
        outputs = self._outputs(kind, aws, request.news, computed)
        return UpdateResponse({**kept, **outputs})

    async def delete(self, request: DeleteRequest) -> None:
        kind = self.kind(request.type)
        state = plain_map(request.properties)
        aws = self.aws(state.get("region"))
        await asyncio.to_thread(kind.delete, aws, request.resource_id, state)

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        if request.tok not in FUNCTIONS:
            raise ValueError(f"the AWS stand-in does not serve the invoke {request.tok}")
        function = FUNCTIONS[request.tok][0]
        args = plain_map(request.args)
        result = await asyncio.to_thread(function, self.aws(args.get("region")), args)
        return InvokeResponse({k: to_value(v) for k, v in result.items()})

    @staticmethod
    def _outputs(
        kind: Kind, aws: Aws, inputs: Mapping[str, PropertyValue], computed: Props
    ) -> dict[str, PropertyValue]:
        """All inputs (secrets kept), the computed values, and the Region it lives in."""
        region = {"region": to_value(aws.region)} if kind.regional else {}
        return {**region, **inputs, **{k: to_value(v) for k, v in computed.items()}}


def _auto_name(logical: str, inputs: Props, seed: bytes) -> str:
    """pulumi-aws's auto-name: ``<logical name>-<7 hex>`` (``namePrefix`` + 26 characters
    when given; a FIFO topic's ends in ``.fifo``); the same for the same random seed."""
    digest = hashlib.sha256(seed + logical.encode()).hexdigest() if seed else secrets.token_hex(16)
    if inputs.get("namePrefix"):
        name = f"{inputs['namePrefix']}{digest[:26]}"
    else:
        name = f"{logical}-{digest[:7]}"
    return name + ".fifo" if inputs.get("fifoTopic") is True else name
