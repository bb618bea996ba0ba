"""The simulated AWS account's answers, checked against botocore: AWS's own examples, the
cognito-idp API model, the partitions data."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import botocore.loaders
import botocore.session
import pulumi
import pytest
from pulumi.output import Unknown
from pulumi.runtime.rpc import wrap_rpc_secret

from cognito_ses_email.offline.account import (
    ACCOUNT,
    DKIM_TOKENS,
    DNS_SUFFIXES,
    DOMAIN_DKIM,
    DOMAIN_IDENTITY,
    EMAIL_IDENTITY,
    GET_CALLER_IDENTITY,
    GET_PARTITION,
    GET_REGION,
    IDENTITY_POLICY,
    MAIL_FROM,
    METRIC_ALARM,
    SNS_TOPIC,
    USER_POOL,
    VERIFICATION_TOKEN,
    SimulatedAws,
    identity_arn,
    user_pool_arn,
    user_pool_id,
)


@cache
def _ses_example(operation: str) -> dict[str, Any]:
    examples = botocore.loaders.Loader().load_service_model("ses", "examples-1")
    [example] = examples["examples"][operation]
    return dict(example["output"])


def _cognito_shape(name: str) -> dict[str, Any]:
    model = botocore.session.get_session().get_service_model("cognito-idp")
    return dict(model.shape_for(name).metadata)


def answer(typ: str, inputs: dict[str, Any], name: str = "r") -> tuple[str | None, dict]:
    return SimulatedAws("eu-west-1").new_resource(
        pulumi.runtime.MockResourceArgs(typ, name, inputs)
    )


def invoke(mocks: SimulatedAws, token: str, **args: Any) -> dict[str, Any]:
    result, failures = mocks.call(pulumi.runtime.MockCallArgs(token, args, ""))
    assert failures == []
    return result


# --- its answers, against AWS's --------------------------------------------------------------


def test_domain_tokens_are_aws_own_examples() -> None:
    assert _ses_example("VerifyDomainIdentity")["VerificationToken"] == VERIFICATION_TOKEN
    # SES hands tokens out in lower case; its examples spell EXAMPLE in capitals.
    assert [t.lower() for t in _ses_example("VerifyDomainDkim")["DkimTokens"]] == list(DKIM_TOKENS)
    assert len(set(DKIM_TOKENS)) == 3
    assert all(re.fullmatch(r"[a-z0-9]{1,63}", token) for token in DKIM_TOKENS)


def test_domain_answers_carry_the_tokens() -> None:
    domain_id, domain = answer(DOMAIN_IDENTITY, {"domain": "example.com"})
    assert domain_id == "example.com"
    assert domain["verificationToken"] == VERIFICATION_TOKEN
    assert domain["arn"] == f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/example.com"
    assert answer(DOMAIN_DKIM, {"domain": "example.com"})[1]["dkimTokens"] == list(DKIM_TOKENS)
    mail_from = {"domain": "example.com", "mailFromDomain": "mail.example.com"}
    assert answer(MAIL_FROM, mail_from) == ("example.com", mail_from)


@pytest.mark.parametrize("region", ["us-east-1", "eu-central-1", "cn-north-1", "us-gov-west-1"])
def test_user_pool_ids_and_arns_fit_the_cognito_api_model(region: str) -> None:
    id_shape, arn_shape = _cognito_shape("UserPoolIdType"), _cognito_shape("ArnType")
    ids = {user_pool_id(region, name) for name in ("mail-pool", "other-pool", "x" * 200)}
    assert len(ids) == 3, "each pool has its own id"
    for pool_id in ids:
        assert re.fullmatch(id_shape["pattern"], pool_id), pool_id
        assert id_shape["min"] <= len(pool_id) <= id_shape["max"]
        assert pool_id.startswith(f"{region}_")
        arn = user_pool_arn(region, pool_id)
        assert re.fullmatch(arn_shape["pattern"], arn), arn
    assert user_pool_id(region, "mail-pool") == user_pool_id(region, "mail-pool")


def test_user_pool_answer_is_in_the_pools_region() -> None:
    pool_id, state = answer(USER_POOL, {"region": "ap-south-1"}, name="mail-pool")
    assert pool_id == user_pool_id("ap-south-1", "mail-pool")
    assert state["arn"] == f"arn:aws:cognito-idp:ap-south-1:{ACCOUNT}:userpool/{pool_id}"


def test_alarm_arns_take_the_format_botocore_documents() -> None:
    model = botocore.session.get_session().get_service_model("cloudwatch")
    documentation = model.operation_model("TagResource").input_shape.members["ResourceARN"]
    [documented] = re.findall(
        r"<code>(arn:aws:cloudwatch:[^ ]*:alarm:[^ ]*) </code>", documentation.documentation
    )
    expected = re.sub(r"<i>(.*?)</i>", "{\\1}", documented).format(
        **{"Region": "eu-west-1", "account-id": ACCOUNT, "alarm-name": "bounces"}
    )
    assert answer(METRIC_ALARM, {"name": "bounces"}) == (
        "bounces",
        {"name": "bounces", "arn": expected},
    )


def test_a_topic_is_named_by_its_arn() -> None:
    arn = f"arn:aws:sns:eu-west-1:{ACCOUNT}:mail-feedback"
    assert answer(SNS_TOPIC, {}, name="mail-feedback") == (
        arn,
        {"name": "mail-feedback", "arn": arn},
    )


def test_arns_name_the_partition_of_their_region() -> None:
    assert identity_arn("cn-north-1", "example.cn").startswith("arn:aws-cn:ses:cn-north-1:")
    assert user_pool_arn("us-gov-west-1", "p").startswith("arn:aws-us-gov:cognito-idp:")
    assert identity_arn("eu-west-1", "a@example.com") == (
        f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/a@example.com"
    )


def test_get_partition_answers_as_botocore_partitions() -> None:
    partitions = botocore.loaders.Loader().load_data("partitions")["partitions"]
    assert set(DNS_SUFFIXES) == {p["id"] for p in partitions}
    for partition in partitions:
        region = min(r for r in partition["regions"] if not r.endswith("-global"))
        answered = invoke(SimulatedAws(region), GET_PARTITION)
        assert answered["partition"] == partition["id"], region
        assert answered["dnsSuffix"] == partition["outputs"]["dnsSuffix"], region


def test_region_and_caller_identity_invokes() -> None:
    mocks = SimulatedAws("eu-north-1")
    assert invoke(mocks, GET_REGION)["name"] == "eu-north-1"
    assert invoke(mocks, GET_REGION, region="ap-south-1")["region"] == "ap-south-1"
    assert invoke(mocks, GET_CALLER_IDENTITY)["accountId"] == ACCOUNT
    with pytest.raises(NotImplementedError, match="does not answer aws:index/getAmi"):
        invoke(mocks, "aws:index/getAmi:getAmi")
    assert [call.token for call in mocks.calls] == [GET_REGION] * 2 + [
        GET_CALLER_IDENTITY,
        "aws:index/getAmi:getAmi",
    ]


# --- as the engine: secrets revealed, unknowns unknown ------------------------------------


def test_a_provider_gets_secret_inputs_as_their_values() -> None:
    identity_id, state = answer(EMAIL_IDENTITY, {"email": wrap_rpc_secret("a@example.com")})
    assert identity_id == "a@example.com"
    assert state["email"] == "a@example.com"
    assert state["arn"].endswith(":identity/a@example.com")


@pytest.mark.parametrize(
    ("typ", "inputs"),
    [
        (EMAIL_IDENTITY, {"email": Unknown()}),
        (DOMAIN_IDENTITY, {"domain": Unknown()}),
        (IDENTITY_POLICY, {"identity": Unknown(), "name": "p", "policy": "{}"}),
        (USER_POOL, {"region": Unknown()}),
    ],
)
def test_an_unknown_input_its_answer_is_made_from_gives_an_unknown_answer(
    typ: str, inputs: dict[str, Any]
) -> None:
    assert answer(typ, inputs) == (None, {})


def test_an_unknown_input_nothing_is_made_from_is_echoed() -> None:
    policy_id, state = answer(IDENTITY_POLICY, {"identity": "i", "name": "p", "policy": Unknown()})
    assert policy_id == "i|p" and isinstance(state["policy"], Unknown)


# --- what the monitor records ------------------------------------------------------------------
