"""Real inputs, under the mock runtime: a refused Region blames the setting that chose it;
misspelt and malformed arguments are refused; two components do not share an identity's
notifications.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.simulated_aws import (
    NOTIFICATION_TOPIC,
    STACK_TYPE,
    deploy,
    fresh_runtime,
)
from tests.support import ADDRESS, Deployment, build, error_text, of_type

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


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the component told pulumi.log.warn."""
    said: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *_, **__: said.append(message))
    yield said


def registered(deployment: Deployment) -> list[str]:
    """The names of every resource registered (the stack left out)."""
    return [r.name for r in deployment.monitor.all_registrations if r.type != STACK_TYPE]


def children(deployment: Deployment) -> list[str]:
    """Every custom resource registered: none may exist after a refused argument."""
    return [r.name for r in deployment.monitor.all_registrations if r.custom]


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


# --- two components on one identity --------------------------------------------------------------


def two(deployment: Deployment, first: dict[str, Any], second: dict[str, Any]) -> None:
    deployment.run(
        lambda: [
            CognitoSesEmail("a", {"from_address": ADDRESS, **first}),  # type: ignore[typeddict-item]
            CognitoSesEmail("b", {"from_address": ADDRESS, **second}),  # type: ignore[typeddict-item]
        ]
    )


@MODES
def test_a_second_component_sending_an_identitys_notifications_is_refused(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    adopted = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com"
    args = {"identity_arn": adopted, "notifications": {}, **mode}
    with pytest.raises(ValueError) as raised:
        two(deployment, args, args)
    message = str(raised.value)
    assert message.startswith("notifications: components 'a' and 'b' both send")
    assert "'no-reply@example.com' in us-east-1" in message
    assert "leave notifications out of 'b'" in message
    assert not [name for name in registered(deployment) if name.startswith("b")]


@MODES
def test_created_identities_in_one_region_are_the_same_identity(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    """One identity named two ways: the domain's case does not matter to SES."""
    with pytest.raises(ValueError, match="both send the notifications"):
        two(
            deployment,
            {"notifications": {"types": ["Bounce"]}, **mode},
            {
                "from_address": "no-reply@EXAMPLE.com",
                "notifications": {"types": ["Bounce", "Delivery"]},
                **mode,
            },
        )


@MODES
def test_different_types_or_identities_may_be_sent_by_different_components(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    two(
        deployment,
        {"notifications": {"types": ["Bounce", "Complaint"]}, **mode},
        {"notifications": {"types": ["Delivery"]}, **mode},
    )
    assert len(of_type(deployment, NOTIFICATION_TOPIC)) == 3
    deployment.run(
        lambda: CognitoSesEmail("c", {"from_address": "other@example.com", "notifications": {}})
    )


@MODES
@pytest.mark.parametrize("kind", ["output", "secret"])
def test_an_identity_known_only_later_is_warned_about_when_it_resolves(
    deployment: Deployment, warnings: list[str], mode: dict[str, str], kind: str
) -> None:
    """Known only after the Outputs resolve: a warning (the children are on their way)."""
    two(
        deployment,
        {"notifications": {}, **mode},
        {"from_address": WRAPS[kind](ADDRESS), "notifications": {}, **mode},
    )
    [warning] = [w for w in warnings if "both send" in w]
    # Whichever resolves second is told.
    assert warning.startswith(
        (
            "notifications: components 'a' and 'b' both send",
            "notifications: components 'b' and 'a' both send",
        )
    )
    assert "in us-east-1" in warning
    shown = "[secret]" if kind == "secret" else ADDRESS
    assert f"identity {shown!r}" in warning
    assert (ADDRESS in warning) == (kind != "secret")


#: One test of a user's suite: a component of its own on the shared address, with an
#: address known now (claimed at once) or only later (claimed, with a warning, when it resolves).
SUITE = [("a", ADDRESS), ("b", ADDRESS), ("c", "late")]


def _suite_test(deployment: Deployment, name: str, address: str) -> None:
    given = pulumi.Output.from_input(ADDRESS) if address == "late" else address
    deployment.run(lambda: CognitoSesEmail(name, {"from_address": given, "notifications": {}}))
    assert len(of_type(deployment, NOTIFICATION_TOPIC)) == 2


def test_each_test_with_fresh_mocks_is_a_program_of_its_own(
    new_deployment: Callable[..., Deployment], warnings: list[str]
) -> None:
    """A user's test suite is many programs in one process: no component of one test
    sends the notifications of another's."""
    for name, address in SUITE:
        _suite_test(new_deployment(), name, address)
    assert not [w for w in warnings if "both send" in w]


def test_fresh_mocks_without_a_runtime_reset_are_a_new_program(
    warnings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """set_mocks alone, as a suite may call it (Pulumi then keeps the first root stack)."""
    monkeypatch.delenv("AWS_REGION", raising=False)  # the provider's Region: the mocks'
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    with fresh_runtime():
        for name, address in SUITE:
            _suite_test(deploy(), name, address)
    assert not [w for w in warnings if "both send" in w]
