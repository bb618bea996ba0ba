"""The AWS stand-in (e2e/aws-standin) against moto's server, without the Pulumi CLI: its
provider methods driven directly, and its plugin entry point started as the engine would."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

STANDIN = Path(__file__).parent / "aws-standin"
sys.path.insert(0, str(STANDIN))

import standin  # noqa: E402
from pulumi.provider.experimental.property_value import PropertyValue  # noqa: E402
from pulumi.provider.experimental.provider import (  # noqa: E402
    CheckRequest,
    CreateRequest,
    DeleteRequest,
    DiffRequest,
    GetSchemaRequest,
    InvokeRequest,
    ReadRequest,
    UpdateRequest,
)

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's
EMAIL_IDENTITY = "aws:ses/emailIdentity:EmailIdentity"
USER_POOL = "aws:cognito/userPool:UserPool"
GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        yield f"http://127.0.0.1:{moto._server.server_port}"  # type: ignore[union-attr]
    finally:
        moto.stop()


@pytest.fixture
def endpoint(server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """moto's server, emptied, as the stand-in and boto3 find it."""
    urllib.request.urlopen(urllib.request.Request(f"{server}/moto-api/reset", method="POST"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("STANDIN_PENDING_CHECKS", raising=False)
    return server


@pytest.fixture
def provider(endpoint: str) -> standin.AwsStandIn:
    return standin.AwsStandIn("7.51.1")


def client(service: str) -> Any:
    return boto3.client(service, region_name=REGION)  # endpoint from AWS_ENDPOINT_URL


def urn(token: str, name: str) -> str:
    return f"urn:pulumi:test::standin::{token}::{name}"


def values(props: dict[str, Any]) -> dict[str, PropertyValue]:
    return {k: standin.to_value(v) for k, v in props.items()}


def create(p: standin.AwsStandIn, token: str, name: str, props: dict[str, Any]) -> Any:
    """Check then create, as the engine does; the id and the plain outputs."""
    checked = asyncio.run(p.check(CheckRequest(urn(token, name), {}, values(props), b"seed")))
    assert checked.inputs is not None
    made = asyncio.run(p.create(CreateRequest(urn(token, name), checked.inputs, 60, False)))
    return made.resource_id, standin.plain_map(made.properties)


def read(p: standin.AwsStandIn, token: str, rid: str, outputs: dict[str, Any]) -> Any:
    request = ReadRequest(urn(token, "r"), rid, values(outputs), values(outputs))
    answer = asyncio.run(p.read(request))
    return answer.resource_id, standin.plain_map(answer.properties)


def delete(p: standin.AwsStandIn, token: str, rid: str, outputs: dict[str, Any]) -> None:
    asyncio.run(p.delete(DeleteRequest(urn(token, "r"), rid, values(outputs), 60)))


def diff(token: str, olds: dict[str, Any], news: dict[str, Any]) -> Any:
    request = DiffRequest(urn(token, "r"), "id", values(olds), values(news), [])
    return asyncio.run(standin.AwsStandIn("7.51.1").diff(request))


def email_identity_status(p: standin.AwsStandIn, identity: str) -> str:
    args = values({"emailIdentity": identity})
    answer = asyncio.run(p.invoke(InvokeRequest(GET_EMAIL_IDENTITY, args)))
    assert answer.return_value is not None
    return str(standin.plain_map(answer.return_value)["verificationStatus"])


def test_email_identity_is_created_read_and_deleted(provider: standin.AwsStandIn) -> None:
    rid, outputs = create(provider, EMAIL_IDENTITY, "id", {"email": "a@example.com"})
    assert rid == "a@example.com"
    assert outputs["arn"] == f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/a@example.com"
    assert outputs["email"] == "a@example.com" and outputs["region"] == REGION
    assert "a@example.com" in client("ses").list_identities()["Identities"]
    assert read(provider, EMAIL_IDENTITY, rid, outputs) == (rid, outputs)

    delete(provider, EMAIL_IDENTITY, rid, outputs)
    assert "a@example.com" not in client("ses").list_identities()["Identities"]
    assert read(provider, EMAIL_IDENTITY, rid, outputs)[0] == ""  # gone


def test_a_secret_input_stays_secret_in_the_outputs(provider: standin.AwsStandIn) -> None:
    inputs = {"email": PropertyValue("s@example.com", is_secret=True)}
    checked = asyncio.run(provider.check(CheckRequest(urn(EMAIL_IDENTITY, "s"), {}, inputs, b"")))
    assert checked.inputs is not None
    made = asyncio.run(
        provider.create(CreateRequest(urn(EMAIL_IDENTITY, "s"), checked.inputs, 60, False))
    )
    assert made.properties["email"].is_secret
    assert made.resource_id == "s@example.com"


def test_identities_are_pending_for_the_first_checks(
    provider: standin.AwsStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANDIN_PENDING_CHECKS", "2")
    for address in ("a@example.com", "b@example.com"):
        create(provider, EMAIL_IDENTITY, address, {"email": address})
    statuses = [email_identity_status(provider, "a@example.com") for _ in range(3)]
    assert statuses == ["PENDING", "PENDING", "SUCCESS"]
    # Counted per identity: the other one starts at its first check.
    assert email_identity_status(provider, "b@example.com") == "PENDING"


def test_without_the_setting_moto_answers_at_once(provider: standin.AwsStandIn) -> None:
    create(provider, EMAIL_IDENTITY, "a", {"email": "a@example.com"})
    assert email_identity_status(provider, "a@example.com") == "SUCCESS"


def test_never_keeps_every_identity_pending(
    provider: standin.AwsStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANDIN_PENDING_CHECKS", "never")
    create(provider, EMAIL_IDENTITY, "a", {"email": "a@example.com"})
    assert {email_identity_status(provider, "a@example.com") for _ in range(5)} == {"PENDING"}

    create(provider, "aws:ses/domainIdentity:DomainIdentity", "d", {"domain": "example.com"})
    with pytest.raises(ValueError, match=r"state Pending.*STANDIN_PENDING_CHECKS=never"):
        create(
            provider,
            "aws:ses/domainIdentityVerification:DomainIdentityVerification",
            "wait",
            {"domain": "example.com"},
        )


def test_domain_verification_waits_out_the_pending_checks(
    provider: standin.AwsStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANDIN_PENDING_CHECKS", "3")
    token = "aws:ses/domainIdentity:DomainIdentity"
    _, domain = create(provider, token, "d", {"domain": "example.com"})
    assert domain["verificationToken"]
    rid, outputs = create(
        provider,
        "aws:ses/domainIdentityVerification:DomainIdentityVerification",
        "wait",
        {"domain": "example.com"},
    )
    assert rid == "example.com" and outputs["arn"] == domain["arn"]
    # Its checks counted: the identity is verified for the next reader too.
    assert email_identity_status(provider, "example.com") == "SUCCESS"


def test_identity_policy_is_stored_byte_for_byte(provider: standin.AwsStandIn) -> None:
    _, identity = create(provider, EMAIL_IDENTITY, "id", {"email": "a@example.com"})
    document = '{"Version":"2012-10-17",  "Statement": [ {"Sid": "x"} ]}\n'
    token = "aws:ses/identityPolicy:IdentityPolicy"
    inputs = {"identity": identity["arn"], "name": "cognito", "policy": document}
    rid, outputs = create(provider, token, "policy", inputs)
    assert rid == f"{identity['arn']}|cognito"
    sesv2 = client("sesv2")
    assert sesv2.get_email_identity_policies(EmailIdentity="a@example.com")["Policies"] == {
        "cognito": document
    }
    assert read(provider, token, rid, outputs) == (rid, outputs)

    changed = document.replace('"x"', '"y"')
    request = UpdateRequest(
        urn(token, "policy"),
        rid,
        values(outputs),
        values({**inputs, "policy": changed}),
        60,
        [],
        False,
    )
    asyncio.run(provider.update(request))
    policies = sesv2.get_email_identity_policies(EmailIdentity="a@example.com")["Policies"]
    assert policies == {"cognito": changed}

    delete(provider, token, rid, outputs)
    assert sesv2.get_email_identity_policies(EmailIdentity="a@example.com")["Policies"] == {}


def test_user_pool_email_configuration_reaches_the_endpoint(provider: standin.AwsStandIn) -> None:
    configuration = {
        "sourceArn": f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/a@example.com",
        "emailSendingAccount": "DEVELOPER",
        "fromEmailAddress": "Example <a@example.com>",
        "replyToEmailAddress": "help@example.com",
        "configurationSet": "sending",
    }
    rid, outputs = create(provider, USER_POOL, "pool", {"emailConfiguration": configuration})
    pool = client("cognito-idp").describe_user_pool(UserPoolId=rid)["UserPool"]
    assert pool["EmailConfiguration"] == {
        "SourceArn": configuration["sourceArn"],
        "EmailSendingAccount": "DEVELOPER",
        "From": "Example <a@example.com>",
        "ReplyToEmailAddress": "help@example.com",
        "ConfigurationSet": "sending",
    }
    assert re.fullmatch(r"pool-[0-9a-f]{7}", outputs["name"]) and pool["Name"] == outputs["name"]
    assert outputs["arn"] == pool["Arn"]
    assert outputs["endpoint"] == f"cognito-idp.{REGION}.amazonaws.com/{rid}"
    assert outputs["emailConfiguration"] == configuration


def test_nested_names_reach_the_api(provider: standin.AwsStandIn) -> None:
    """A pool's schema attribute and an alarm's dimension have a ``name`` of their own."""
    attribute = {"name": "tenant", "attributeDataType": "String", "mutable": True}
    rid, _ = create(provider, USER_POOL, "pool", {"schemas": [attribute]})
    pool = client("cognito-idp").describe_user_pool(UserPoolId=rid)["UserPool"]
    assert "custom:tenant" in {a["Name"] for a in pool["SchemaAttributes"]}

    alarm = {
        "namespace": "AWS/SES",
        "metricName": "Reputation.BounceRate",
        "statistic": "Average",
        "period": 300.0,
        "evaluationPeriods": 1.0,
        "threshold": 0.05,
        "comparisonOperator": "GreaterThanOrEqualToThreshold",
        "dimensions": {"Identity": "a@example.com"},
    }
    token = "aws:cloudwatch/metricAlarm:MetricAlarm"
    name, outputs = create(provider, token, "bounce", alarm)
    [made] = client("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert re.fullmatch(r"bounce-[0-9a-f]{7}", name) and made["AlarmArn"] == outputs["arn"]
    assert made["Dimensions"] == [{"Name": "Identity", "Value": "a@example.com"}]
    assert made["Period"] == 300 and made["TreatMissingData"] == "missing"


def test_zone_and_records(provider: standin.AwsStandIn) -> None:
    zone_id, zone = create(provider, "aws:route53/zone:Zone", "zone", {"name": "example.com"})
    assert zone["zoneId"] == zone_id and zone["comment"] == "Managed by Pulumi"
    assert zone["nameServers"]
    token = "aws:route53/record:Record"
    spf = {"zoneId": zone_id, "name": "example.com", "type": "TXT", "ttl": 600.0}
    rid, record = create(provider, token, "spf", {**spf, "records": ["v=spf1 -all"]})
    assert rid == f"{zone_id}_example.com_TXT"
    sets = client("route53").list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    [txt] = [s for s in sets if s["Type"] == "TXT"]
    assert txt["ResourceRecords"] == [{"Value": '"v=spf1 -all"'}]  # quoted, as Terraform does
    assert read(provider, token, rid, record) == (rid, record)

    delete(provider, token, rid, record)
    assert read(provider, token, rid, record)[0] == ""
    delete(provider, "aws:route53/zone:Zone", zone_id, zone)
    assert client("route53").list_hosted_zones()["HostedZones"] == []


def test_feedback_topic_policy_and_notifications(provider: standin.AwsStandIn) -> None:
    _, identity = create(provider, EMAIL_IDENTITY, "id", {"email": "a@example.com"})
    arn, topic = create(provider, "aws:sns/topic:Topic", "feedback", {})
    assert re.fullmatch(r"feedback-[0-9a-f]{7}", topic["name"]) and topic["arn"] == arn
    document = json.dumps({"Version": "2012-10-17", "Statement": []})
    create(provider, "aws:sns/topicPolicy:TopicPolicy", "p", {"arn": arn, "policy": document})
    stored = client("sns").get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"]
    assert json.loads(stored) == json.loads(document)  # SNS (and moto) re-serialise it

    token = "aws:ses/identityNotificationTopic:IdentityNotificationTopic"
    inputs = {"identity": identity["arn"], "notificationType": "Bounce", "topicArn": arn}
    rid, outputs = create(provider, token, "bounce", inputs)
    assert rid == f"{identity['arn']}|Bounce"
    # moto keeps the topic but leaves it out of GetIdentityNotificationAttributes: its
    # backend (in this process, with the server) is read instead.
    from moto.ses.models import ses_backends

    topics = ses_backends[ACCOUNT][REGION].sns_topics
    assert topics["a@example.com"] == {"Bounce": arn}
    delete(provider, token, rid, outputs)
    assert topics["a@example.com"] == {}


def test_a_protected_pool_is_not_deleted(provider: standin.AwsStandIn) -> None:
    inputs = {"name": "kept", "deletionProtection": "ACTIVE"}
    rid, outputs = create(provider, USER_POOL, "pool", inputs)
    with pytest.raises(ClientError, match="deletion protection is activated"):
        delete(provider, USER_POOL, rid, outputs)
    client("cognito-idp").describe_user_pool(UserPoolId=rid)  # still there

    news = values({**inputs, "deletionProtection": "INACTIVE", "mfaConfiguration": "OFF"})
    update = UpdateRequest(urn(USER_POOL, "pool"), rid, values(outputs), news, 60, [], False)
    asyncio.run(provider.update(update))
    delete(provider, USER_POOL, rid, outputs)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        client("cognito-idp").describe_user_pool(UserPoolId=rid)


def test_a_new_pool_name_is_an_update_and_new_username_attributes_a_replace() -> None:
    olds = {"name": "old", "arn": "arn:pool", "region": REGION, "mfaConfiguration": "OFF"}
    renamed = diff(USER_POOL, olds, {"name": "new", "mfaConfiguration": "OFF"})
    assert renamed.changes is True and renamed.diffs == ["name"] and renamed.replaces == []

    attributes = {"name": "old", "mfaConfiguration": "OFF", "usernameAttributes": ["email"]}
    assert diff(USER_POOL, olds, attributes).replaces == ["usernameAttributes"]


def test_a_new_email_is_a_replace_and_the_same_one_no_change() -> None:
    olds = {"email": "a@example.com", "arn": "arn:aws:ses:...", "region": REGION}
    changed = diff(EMAIL_IDENTITY, olds, {"email": "b@example.com"})
    assert changed.changes is True and changed.replaces == ["email"]
    same = diff(EMAIL_IDENTITY, olds, {"email": "a@example.com"})
    assert same.changes is False and same.replaces == []


def test_the_pool_replaces_what_update_user_pool_cannot_take() -> None:
    """The table's list is botocore's: CreateUserPool's members that UpdateUserPool lacks."""
    model = botocore.session.get_session().get_service_model("cognito-idp")
    create_only = set(model.operation_model("CreateUserPool").input_shape.members) - set(
        model.operation_model("UpdateUserPool").input_shape.members
    )
    api_names = {"schemas": "Schema"}
    table = {api_names.get(p, p[0].upper() + p[1:]) for p in standin.REPLACES[USER_POOL]}
    assert table == create_only


def test_invokes_answer_in_pulumi_aws_shape(provider: standin.AwsStandIn) -> None:
    caller = asyncio.run(
        provider.invoke(InvokeRequest("aws:index/getCallerIdentity:getCallerIdentity", {}))
    )
    region = asyncio.run(provider.invoke(InvokeRequest("aws:index/getRegion:getRegion", {})))
    assert caller.return_value is not None and region.return_value is not None
    assert standin.plain_map(caller.return_value)["accountId"] == ACCOUNT
    assert standin.plain_map(region.return_value) == {
        "name": REGION,
        "region": REGION,
        "id": REGION,
        "endpoint": f"ec2.{REGION}.amazonaws.com",
        "description": "US East (N. Virginia)",
    }


def test_the_schema_lists_every_served_type() -> None:
    answer = asyncio.run(standin.AwsStandIn("7.51.1").get_schema(GetSchemaRequest(0)))
    assert answer.schema is not None
    schema = json.loads(answer.schema)
    assert schema["name"] == "aws" and schema["version"] == "7.51.1"
    assert set(schema["resources"]) == set(standin.RESOURCES) == set(standin.REPLACES)
    topic = schema["resources"]["aws:sns/topic:Topic"]
    assert topic["inputProperties"]["name"] == {"type": "string"}
    assert topic["properties"]["arn"] == {"type": "string"}
    assert "emailIdentity" in schema["functions"][GET_EMAIL_IDENTITY]["inputs"]["properties"]


def test_the_plugin_serves_the_engine_over_grpc(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python <dir> <engine address>`` (as the Python language host runs a plugin) prints
    a port; there it answers as the plugin aws, with the env's STANDIN_PENDING_CHECKS."""
    import grpc
    from google.protobuf import empty_pb2, struct_pb2
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    monkeypatch.setenv("STANDIN_PENDING_CHECKS", "1")
    monkeypatch.delenv("AWS_REGION")  # the provider's config gives it
    plugin = subprocess.Popen(
        [sys.executable, str(STANDIN), "127.0.0.1:1"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert plugin.stdout is not None
        port = int(plugin.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            assert stub.GetPluginInfo(empty_pb2.Empty(), timeout=30).version == "7.51.1"
            stub.Configure(
                provider_pb2.ConfigureRequest(
                    variables={"aws:region": REGION}, acceptSecrets=True, args=struct_pb2.Struct()
                )
            )
            secret = {"email": PropertyValue("w@example.com", is_secret=True)}
            checked = stub.Check(
                provider_pb2.CheckRequest(
                    urn=urn(EMAIL_IDENTITY, "w"),
                    olds=struct_pb2.Struct(),
                    news=PropertyValue.marshal_map(secret),
                    randomSeed=b"seed",
                )
            )
            made = stub.Create(
                provider_pb2.CreateRequest(
                    urn=urn(EMAIL_IDENTITY, "w"), properties=checked.inputs, timeout=60
                )
            )
            outputs = PropertyValue.unmarshal_map(made.properties)
            assert made.id == "w@example.com" and outputs["email"].is_secret
            assert outputs["region"].value == REGION
            args = PropertyValue.marshal_map(values({"emailIdentity": "w@example.com"}))
            answers = [
                stub.Invoke(provider_pb2.InvokeRequest(tok=GET_EMAIL_IDENTITY, args=args))
                for _ in range(2)
            ]
            statuses = [getattr(a, "return")["verificationStatus"] for a in answers]
            assert statuses == ["PENDING", "SUCCESS"]
    finally:
        plugin.terminate()
        plugin.wait(timeout=30)
