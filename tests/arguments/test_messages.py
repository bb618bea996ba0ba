"""verification_message and invitation_message under the mock runtime: what the pool
receives, plain and from Outputs, in both modes, and every rule before anything exists."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.account import revealed
from tests.aws_checks import template_problems
from tests.support import Deployment, error_text

ADDRESS = "no-reply@example.com"
CODE = {"subject": "Your code", "body": "Your code is {####}"}
LINK = {"subject": "Confirm", "body": "Please {##confirm your address##}", "style": "link"}
INVITE = {"subject": "Welcome", "body": "Hello {username}, your password is {####}"}
MODES = {
    "COGNITO_DEFAULT": {},
    "DEVELOPER": {"sending_account": "DEVELOPER"},
}


def build(deployment: Deployment, mode: str, **args: Any) -> CognitoSesEmail:
    full = {"from_address": ADDRESS, **MODES[mode], **args}
    return deployment.run(lambda: CognitoSesEmail("mail", full))  # type: ignore[arg-type]


def pool_inputs(deployment: Deployment) -> dict[str, Any]:
    inputs: dict[str, Any] = deployment.resources["mail-pool"].inputs
    return inputs


# --- what the pool receives ---------------------------------------------------------------


@pytest.mark.parametrize("mode", sorted(MODES))
def test_code_verification_message(deployment: Deployment, mode: str, warnings: list[str]) -> None:
    build(deployment, mode, verification_message=CODE)
    template = pool_inputs(deployment)["verificationMessageTemplate"]
    assert template == {
        "defaultEmailOption": "CONFIRM_WITH_CODE",
        "emailSubject": CODE["subject"],
        "emailMessage": CODE["body"],
    }
    assert template_problems("VerificationMessageTemplateType", template) == []
    documented = [w for w in warnings if "sending_account='DEVELOPER'" in w]
    assert len(documented) == (1 if mode == "COGNITO_DEFAULT" else 0), warnings


@pytest.mark.parametrize("mode", sorted(MODES))
def test_link_verification_message(deployment: Deployment, mode: str, warnings: list[str]) -> None:
    build(deployment, mode, verification_message=LINK)
    template = pool_inputs(deployment)["verificationMessageTemplate"]
    assert template == {
        "defaultEmailOption": "CONFIRM_WITH_LINK",
        "emailSubjectByLink": LINK["subject"],
        "emailMessageByLink": LINK["body"],
    }
    assert template_problems("VerificationMessageTemplateType", template) == []


@pytest.mark.parametrize("mode", sorted(MODES))
def test_invitation_is_merged_into_admin_create_user_config(
    deployment: Deployment, mode: str, warnings: list[str]
) -> None:
    build(
        deployment,
        mode,
        invitation_message=INVITE,
        user_pool_args={
            "admin_create_user_config": {
                "allow_admin_create_user_only": True,
                "invite_message_template": {"sms_message": "{username} {####}"},
            }
        },
    )
    config = pool_inputs(deployment)["adminCreateUserConfig"]
    assert config == {
        "allowAdminCreateUserOnly": True,
        "inviteMessageTemplate": {
            "smsMessage": "{username} {####}",
            "emailSubject": INVITE["subject"],
            "emailMessage": INVITE["body"],
        },
    }
    email_fields = {k: v for k, v in config["inviteMessageTemplate"].items() if "email" in k}
    assert template_problems("MessageTemplateType", email_fields) == []


def test_a_verification_template_in_user_pool_args_keeps_its_sms_message(
    deployment: Deployment, warnings: list[str]
) -> None:
    build(
        deployment,
        "DEVELOPER",
        verification_message=CODE,
        user_pool_args={"verification_message_template": {"sms_message": "SMS {####}"}},
    )
    assert pool_inputs(deployment)["verificationMessageTemplate"]["smsMessage"] == "SMS {####}"


def test_an_invitation_without_a_password_placeholder_warns(
    deployment: Deployment, warnings: list[str]
) -> None:
    build(deployment, "DEVELOPER", invitation_message={"subject": "Hi", "body": "Hi {username}"})
    assert any("{####}" in w and w.startswith("invitation_message['body']") for w in warnings)
    assert "mail-pool" in deployment.resources


# --- from other resources -----------------------------------------------------------------

WRAPS: dict[str, Callable[[Any], Any]] = {
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize("where", ["whole", "inside"])
def test_messages_from_outputs_give_the_plain_inputs(
    new_deployment: Callable[..., Deployment], mode: str, wrap: str, where: str
) -> None:
    plain = new_deployment()
    build(plain, mode, verification_message=LINK, invitation_message=INVITE)
    expected = {key: pool_inputs(plain)[key] for key in ("verificationMessageTemplate",
                                                         "adminCreateUserConfig")}  # fmt: skip

    def wrapped(message: dict[str, str]) -> Any:
        if where == "whole":
            return WRAPS[wrap](message)
        return {key: WRAPS[wrap](value) for key, value in message.items()}

    deployment = new_deployment()
    build(deployment, mode, verification_message=wrapped(LINK), invitation_message=wrapped(INVITE))
    received = {key: revealed(pool_inputs(deployment)[key]) for key in expected}
    assert received == expected


# --- bad input ------------------------------------------------------------------------------

BAD: list[tuple[dict[str, Any], str]] = [
    ({"verification_message": {"subject": "Code", "body": "no placeholder"}},
     r"^verification_message\['body'\]: .*\{####\}"),
    ({"verification_message": {**LINK, "body": "Code {####} only"}},
     r"^verification_message\['body'\]: .*\{##"),
    ({"verification_message": {**CODE, "subject": "Line\r\nBcc: x@y.example"}},
     r"^verification_message\['subject'\]: "),
    ({"verification_message": {**CODE, "subject": "x" * 141}},
     r"^verification_message\['subject'\]: "),
    ({"verification_message": {**CODE, "body": "{####}" + "x" * 20_000}},
     r"^verification_message\['body'\]: "),
    ({"verification_message": {**CODE, "style": "sms"}}, r"^verification_message\['style'\]: "),
    ({"verification_message": {"body": "{####}"}}, r"^verification_message\['subject'\]: "),
    ({"invitation_message": {"subject": "", "body": "Hi {####}"}},
     r"^invitation_message\['subject'\]: "),
    ({"invitation_message": {"subject": "Hi", "body": "Hi"}},
     r"^invitation_message\['body'\]: "),
    ({"verification_message": CODE,
      "user_pool_args": {"verification_message_template": {"email_message": "{####} x"}}},
     r"^verification_message: is also given as user_pool_args"),
    ({"invitation_message": INVITE,
      "user_pool_args": {"admin_create_user_config": {
          "invite_message_template": {"email_subject": "Hi"}}}},
     r"^invitation_message: is also given as user_pool_args"),
    ({"user_pool_args": {"verification_message_template": {"email_message": "no code"}}},
     r"^user_pool_args\['verification_message_template'\]\['email_message'\]: "),
    ({"user_pool_args": {"email_verification_message": "no code"}},
     r"^user_pool_args\['email_verification_message'\]: "),
]  # fmt: skip


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_messages_are_refused_before_anything_is_registered(
    deployment: Deployment, mode: str, args: dict[str, Any], message: str, warnings: list[str]
) -> None:
    with pytest.raises(ValueError, match=message):
        build(deployment, mode, **args)
    assert deployment.resources == {}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("args", "message"), BAD[:9])
def test_bad_messages_from_outputs_stop_every_child(
    deployment: Deployment, mode: str, args: dict[str, Any], message: str, warnings: list[str]
) -> None:
    outputs = {key: pulumi.Output.from_input(value) for key, value in args.items()}
    with pytest.raises(Exception) as raised:
        build(deployment, mode, **outputs)
    assert re.search(message.lstrip("^"), error_text(raised.value)), error_text(raised.value)
    assert set(deployment.resources) == {"mail"}, "no child may be created"


@pytest.mark.parametrize("mode", sorted(MODES))
def test_a_secret_message_stays_secret_in_the_pool(
    deployment: Deployment, mode: str, warnings: list[str]
) -> None:
    from pulumi.runtime.rpc import is_rpc_secret

    secret_body = pulumi.Output.secret(CODE["body"])
    build(deployment, mode, verification_message={**CODE, "body": secret_body})
    template = pool_inputs(deployment)["verificationMessageTemplate"]
    assert is_rpc_secret(template) or any(is_rpc_secret(v) for v in template.values())
    assert revealed(template)["emailMessage"] == CODE["body"]
