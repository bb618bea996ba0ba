"""check_arguments under the mock runtime: a refused Region blames the setting that chose it;
misspelt and malformed arguments are refused before anything is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email import CognitoSesEmail
from tests.support import ADDRESS, Deployment, build, error_text, registered

DEVELOPER = {"sending_account": "DEVELOPER"}
MODES = pytest.mark.parametrize("mode", [{}, DEVELOPER], ids=["cognito-default", "developer"])
#: Plain, late (an Output of another resource) and secret values.
WRAPS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda v: v,
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}
KINDS = pytest.mark.parametrize("kind", list(WRAPS))
#: A Region where botocore's endpoint data lists Cognito user pools but not SES.
NO_SES = "ap-east-1"


def children(deployment: Deployment) -> list[str]:
    """Every custom resource registered: none may exist after a refused argument."""
    return [r.name for r in deployment.registrations if r.custom]


# --- a refused Region names the setting that chose it -----------------------------------------


@MODES
@KINDS
def test_a_pool_region_without_ses_blames_user_pool_args_region(
    deployment: Deployment, mode: dict[str, str], kind: str
) -> None:
    with pytest.raises(Exception) as raised:
        build(deployment, user_pool_args={"region": WRAPS[kind](NO_SES)}, **mode)
    text = error_text(raised.value)
    shown = "[secret]" if kind == "secret" else NO_SES  # a secret Region is not quoted
    assert f"user_pool_args['region']: a user pool in {shown}" in text
    if kind == "secret":
        assert NO_SES not in text
    assert "ses_region" not in text  # never given
    assert children(deployment) == []


@MODES
@KINDS
def test_an_own_pool_region_without_ses_blames_user_pool_region(
    deployment: Deployment, mode: dict[str, str], kind: str
) -> None:
    with pytest.raises(Exception) as raised:
        build(deployment, create_user_pool=False, user_pool_region=WRAPS[kind](NO_SES), **mode)
    text = error_text(raised.value)
    shown = "[secret]" if kind == "secret" else NO_SES  # a secret Region is not quoted
    assert f"user_pool_region: a user pool in {shown}" in text
    if kind == "secret":
        assert NO_SES not in text
    assert "ses_region" not in text
    assert children(deployment) == []


@MODES
@pytest.mark.parametrize("own_pool", [False, True], ids=["pool", "own-pool"])
def test_the_configured_provider_region_is_checked_for_ses(
    deployment: Deployment, mode: dict[str, str], own_pool: bool
) -> None:
    pulumi.runtime.set_all_config({"aws:region": NO_SES})
    with pytest.raises(ValueError) as raised:
        build(deployment, **({"create_user_pool": False} if own_pool else {}), **mode)
    message = str(raised.value)
    assert message.startswith(f"aws:region: Amazon SES is not offered in {NO_SES}")
    assert "set ses_region" in message
    assert registered(deployment) == []  # raised before the component registered


def test_a_region_argument_takes_over_from_the_configured_region(deployment: Deployment) -> None:
    pulumi.runtime.set_all_config({"aws:region": NO_SES})
    build(deployment, ses_region="us-east-1")  # the pool's Region comes from get_region
    assert children(deployment)


def test_an_explicit_provider_is_not_judged_by_the_stack_configuration(
    deployment: Deployment,
) -> None:
    pulumi.runtime.set_all_config({"aws:region": NO_SES})

    def program() -> CognitoSesEmail:
        import pulumi_aws as aws

        provider = aws.Provider("us", region="us-east-1")
        return CognitoSesEmail(
            "mail", {"from_address": ADDRESS}, pulumi.ResourceOptions(provider=provider)
        )

    deployment.run(program)
    assert "mail-pool" in children(deployment)


# --- misspelt and malformed arguments ----------------------------------------------------------


@MODES
@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("reply_to_adress", "reply_to_address"),
        ("frm_name", "from_name"),
        ("deletion_protecton", "deletion_protection"),
        ("replyToAddress", "reply_to_address"),
        ("notification", "notifications"),
    ],
)
def test_a_misspelt_argument_is_refused_with_a_suggestion(
    deployment: Deployment, mode: dict[str, str], given: str, meant: str
) -> None:
    with pytest.raises(ValueError) as raised:
        build(deployment, **{given: "x"}, **mode)
    assert str(raised.value).startswith(
        f"{given}: is not an argument of CognitoSesEmail (did you mean {meant!r}?)"
    )
    assert registered(deployment) == []


@KINDS
def test_a_misspelt_argument_is_refused_whatever_its_value(
    deployment: Deployment, kind: str
) -> None:
    with pytest.raises(ValueError, match=r"^reply_to_adress: .*did you mean 'reply_to_address'"):
        build(deployment, reply_to_adress=WRAPS[kind]("help@example.com"))
    assert registered(deployment) == []


def test_an_argument_far_from_every_name_is_refused_without_a_guess(
    deployment: Deployment,
) -> None:
    with pytest.raises(ValueError) as raised:
        build(deployment, zzzz=1)
    assert str(raised.value) == (
        "zzzz: is not an argument of CognitoSesEmail; see CognitoSesEmailArgs for the arguments"
    )


@pytest.mark.parametrize(
    "args", ["no-reply@example.com", None, ["from_address"], 42], ids=["str", "none", "list", "int"]
)
def test_args_that_are_not_a_dict_are_refused_by_name(deployment: Deployment, args: Any) -> None:
    with pytest.raises(ValueError) as raised:
        deployment.run(lambda: CognitoSesEmail("auth", args))
    message = str(raised.value)
    assert message.startswith("args: expected a dict of CognitoSesEmailArgs, got ")
    assert "CognitoSesEmail(name, {'from_address': 'no-reply@example.com'})" in message
    assert registered(deployment) == []
