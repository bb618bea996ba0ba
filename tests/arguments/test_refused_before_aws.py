"""What AWS would refuse only after a preview passed, refused by the component before any
child is registered: another account's identity in COGNITO_DEFAULT mode, a Region from the
environment, alarm actions of another partition, email codes the mode or plan cannot send."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email.offline.account import IDENTITY_POLICY, METRIC_ALARM, USER_POOL
from cognito_ses_email.rules.policies import account_policy
from cognito_ses_email.rules.verification import GET_CALLER_IDENTITY
from tests.support import ACCOUNT, ADDRESS, Deployment, build, error_text, of_type, pool

OTHER_ACCOUNT = "210987654321"
OTHERS = f"arn:aws:ses:us-east-1:{OTHER_ACCOUNT}:identity/{ADDRESS}"
OWN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{ADDRESS}"
WRAPS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda v: v,
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}


def refused(deployment: Deployment, **args: Any) -> str:
    """The error of a component that must not create a single child."""
    with pytest.raises(Exception) as raised:
        build(deployment, **args)
    assert [r.name for r in deployment.resources.values() if r.name != "mail"] == []
    return error_text(raised.value)


# --- another account's identity in COGNITO_DEFAULT mode --------------------------------------


@pytest.mark.parametrize("scope", ["account", "user-pool"])
@pytest.mark.parametrize("kind", ["plain", "output"])
def test_another_account_s_identity_gets_no_policy_but_the_one_its_owner_must_attach(
    deployment: Deployment, scope: str, kind: str
) -> None:
    text = refused(deployment, identity_arn=WRAPS[kind](OTHERS), source_arn_scope=scope)
    assert f"identity_arn: is an identity of account {OTHER_ACCOUNT}" in text
    assert f"the user pool is in account {ACCOUNT}" in text
    # The policy, as the component builds it, with the pool's account as aws:SourceAccount.
    expected = account_policy(OTHERS, None, ACCOUNT)
    assert expected in text
    condition = json.loads(expected)["Statement"][0]["Condition"]
    assert condition == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"},
    }
    assert of_type(deployment, IDENTITY_POLICY) == []


def test_another_account_s_secret_identity_is_refused_without_showing_it(
    deployment: Deployment,
) -> None:
    text = refused(deployment, identity_arn=pulumi.Output.secret(OTHERS))
    assert "identity_arn: is an identity of account [secret]" in text
    assert OTHER_ACCOUNT not in text and "no-reply" not in text


@pytest.mark.parametrize("scope", ["account", "user-pool"])
def test_an_identity_of_the_pool_s_account_gets_the_policy(
    deployment: Deployment, scope: str
) -> None:
    build(deployment, identity_arn=OWN, source_arn_scope=scope)
    condition = json.loads(of_type(deployment, IDENTITY_POLICY)[0].inputs["policy"])
    assert condition["Statement"][0]["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
    assert deployment.invokes(GET_CALLER_IDENTITY) >= 1
    assert len(of_type(deployment, USER_POOL)) == 1


def test_a_created_identity_asks_for_no_caller_identity(deployment: Deployment) -> None:
    build(deployment, verification_timeout_minutes=0)
    assert deployment.invokes(GET_CALLER_IDENTITY) == 0


def test_developer_mode_adopts_another_account_s_identity_without_a_policy(
    deployment: Deployment,
) -> None:
    build(deployment, identity_arn=OTHERS, sending_account="DEVELOPER")
    assert of_type(deployment, IDENTITY_POLICY) == []
    assert pool(deployment).inputs["emailConfiguration"]["sourceArn"] == OTHERS


# --- the Region from the environment (conftest's deployments leave the machine's out) -------


@pytest.mark.parametrize("variable", ["AWS_REGION", "AWS_DEFAULT_REGION"])
def test_a_region_from_the_environment_is_checked_like_aws_region(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "us-est-1")
    text = refused(deployment)
    assert text.startswith(f"{variable}: the Region from {variable}, us-est-1, is the provider's")
    assert "did you mean 'us-east-1'?" in text and "set ses_region" in text


def test_aws_region_comes_before_the_environment(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "ap-east-1")  # Cognito, but no SES
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-est-1")
    assert refused(deployment).startswith(
        "AWS_REGION: the Region from AWS_REGION, ap-east-1, is the provider's"
    )
    pulumi.runtime.set_all_config({"aws:region": "us-east-1"})
    build(deployment)  # the setting wins, as in pulumi-aws


def test_a_typo_in_aws_region_is_refused_with_a_suggestion(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    pulumi.runtime.set_all_config({"aws:region": "eu-wset-1"})
    text = refused(deployment)
    assert text.startswith("aws:region: expected an AWS Region code such as eu-west-1")
    assert "did you mean 'eu-west-1'?" in text


def test_an_explicit_provider_ignores_the_environment(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "us-est-1")

    def program() -> None:
        import pulumi_aws as aws

        from cognito_ses_email import CognitoSesEmail

        provider = aws.Provider("us", region="us-east-1")
        CognitoSesEmail(
            "mail", {"from_address": ADDRESS}, pulumi.ResourceOptions(provider=provider)
        )

    deployment.run(program)
    assert len(of_type(deployment, USER_POOL)) == 1


# --- alarm actions of another partition ------------------------------------------------------

CHINA_TOPIC = f"arn:aws-cn:sns:cn-north-1:{ACCOUNT}:pager-zq"


@pytest.mark.parametrize("kind", list(WRAPS))
@pytest.mark.parametrize("where", ["ses_region", "aws:region", "AWS_REGION"])
def test_an_alarm_action_of_another_partition_is_refused(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch, kind: str, where: str
) -> None:
    region = {"ses_region": "us-east-1"} if where == "ses_region" else {}
    if where == "aws:region":
        pulumi.runtime.set_all_config({"aws:region": "us-east-1"})
    elif where == "AWS_REGION":
        monkeypatch.setenv("AWS_REGION", "us-east-1")
    text = refused(
        deployment,
        sending_account="DEVELOPER",
        alarms={"actions": [WRAPS[kind](CHINA_TOPIC)]},
        **region,
    )
    assert "alarms['actions']: " in text
    assert "is in partition aws-cn, and the alarms are in us-east-1 (partition aws" in text
    assert (CHINA_TOPIC in text) == (kind != "secret")


def test_an_alarm_action_of_the_alarms_partition_passes(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    topic = f"arn:aws:sns:us-west-2:{ACCOUNT}:alarms"
    build(deployment, sending_account="DEVELOPER", alarms={"actions": [topic]})
    assert [a.inputs["alarmActions"] for a in of_type(deployment, METRIC_ALARM)] == [[topic]] * 2


# --- email one-time codes ----------------------------------------------------------------------

EMAIL_MFA = {"emailMfaConfiguration": {"subject": "Your code"}, "mfa_configuration": "ON"}


@pytest.mark.parametrize("kind", list(WRAPS))
def test_email_mfa_in_cognito_default_mode_is_refused(deployment: Deployment, kind: str) -> None:
    pool_args = {**EMAIL_MFA, "mfa_configuration": WRAPS[kind]("ON")}
    text = refused(deployment, user_pool_args=pool_args)
    assert "user_pool_args['email_mfa_configuration']: email MFA needs sending_account=" in text


def test_email_mfa_on_the_lite_plan_is_refused(deployment: Deployment) -> None:
    text = refused(
        deployment,
        sending_account="DEVELOPER",
        user_pool_args={**EMAIL_MFA, "userPoolTier": "LITE"},
    )
    assert text.startswith("user_pool_args['user_pool_tier']: is 'LITE', and email MFA needs")


def test_email_mfa_in_developer_mode_reaches_the_pool(deployment: Deployment) -> None:
    build(deployment, sending_account="DEVELOPER", user_pool_args=EMAIL_MFA)
    assert pool(deployment).inputs["emailMfaConfiguration"] == {"subject": "Your code"}


def test_sign_in_with_email_codes_in_cognito_default_mode_is_warned_about(
    deployment: Deployment, warnings: list[str]
) -> None:
    policy = {"allowed_first_auth_factors": ["EMAIL_OTP", "PASSWORD"]}
    build(deployment, user_pool_args={"sign_in_policy": policy})
    assert [w for w in warnings if w.startswith("user_pool_args['sign_in_policy']: ")]
    assert pool(deployment).inputs["signInPolicy"] == {
        "allowedFirstAuthFactors": ["EMAIL_OTP", "PASSWORD"]
    }
