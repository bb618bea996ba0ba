"""A bad value given as a secret: the error names the argument and says what is wrong, shows
``[secret]`` where the value would be, and never the value (nor a part of it). The same value
as a plain Output is still quoted, so only secrets lose their quotation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email.outputs import SECRET, redacted
from tests.support import ACCOUNT, Deployment, build, error_text

#: In every secret value below, and in no rule text: what must never be shown.
MARK = "zqx"
DEVELOPER = {"sending_account": "DEVELOPER"}
DOMAIN = {"identity_domain": "example.com", "sending_account": "DEVELOPER"}

Wrap = Callable[[Any], Any]


def _case(
    argument: str, bad: str, args: Callable[[Wrap], dict[str, Any]], quoted: bool = True
) -> tuple[str, str, Callable[[Wrap], dict[str, Any]], bool]:
    return argument, bad, args, quoted


#: (argument, bad value, the component's arguments with the value wrapped, whether the
#: plain message quotes the value).
CASES = [
    _case(
        "from_address",
        f"ceo {MARK}@example.com",
        lambda w: {"from_address": w(f"ceo {MARK}@example.com")},
    ),
    _case(
        "from_address",
        f"o'{MARK}@example.com",
        lambda w: {"from_address": w(f"o'{MARK}@example.com"), **DEVELOPER},
    ),
    _case(
        "identity_arn",
        f"ceo.{MARK}@example.com",
        lambda w: {
            "from_address": w(f"ceo.{MARK}@example.com"),
            "identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/other@example.com",
        },
    ),
    _case(
        "identity_arn",
        f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{MARK}@example.com",
        lambda w: {
            "identity_arn": w(f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{MARK}@example.com")
        },
    ),
    _case(
        "from_address",
        f"ceo@{MARK}.example.com",
        lambda w: {"from_address": w(f"ceo@{MARK}.example.com"), **DOMAIN},
    ),
    _case(
        "reply_to_address",
        f"{MARK} x@example.com",
        lambda w: {"reply_to_address": w(f"{MARK} x@example.com")},
    ),
    _case("from_name", f"Ceo\n{MARK}", lambda w: {"from_name": w(f"Ceo\n{MARK}"), **DEVELOPER}),
    _case(
        "dmarc_policy",
        f'v=DMARC1; p="{MARK}"',
        lambda w: {"dmarc_policy": w(f'v=DMARC1; p="{MARK}"'), **DOMAIN},
    ),
    _case(
        "identity_domain",
        f"{MARK}_corp.example.com",
        lambda w: {
            "from_address": "a@example.com",
            "identity_domain": w(f"{MARK}_corp.example.com"),
            **DEVELOPER,
        },
    ),
    _case(
        "mail_from_domain",
        f"mail.{MARK}.org",
        lambda w: {"mail_from_domain": w(f"mail.{MARK}.org"), **DOMAIN},
    ),
    _case("hosted_zone_id", f"Z{MARK}", lambda w: {"hosted_zone_id": w(f"Z{MARK}"), **DOMAIN}),
    _case(
        "verification_message['body']",
        f"Welcome {MARK}, no code",
        lambda w: {
            "verification_message": {"subject": "Hi", "body": w(f"Welcome {MARK}, no code")},
            **DEVELOPER,
        },
    ),
    _case(
        "invitation_message['body']",
        f"{{username}} {{####}} {MARK}\u200b",
        lambda w: {
            "invitation_message": {
                "subject": "Hi",
                "body": w(f"{{username}} {{####}} {MARK}\u200b"),
            },
            **DEVELOPER,
        },
    ),
    _case(
        "user_pool_args['email_verification_subject']",
        f"Hi\n{MARK}",
        lambda w: {"user_pool_args": {"email_verification_subject": w(f"Hi\n{MARK}")}, **DEVELOPER},
    ),
    _case("user_pool_name", f"{MARK}!", lambda w: {"user_pool_name": w(f"{MARK}!")}),
    _case(
        "configuration_set",
        f"{MARK}.set",
        lambda w: {"configuration_set": w(f"{MARK}.set"), **DEVELOPER},
    ),
    _case("policy_name", f"{MARK}.policy", lambda w: {"policy_name": w(f"{MARK}.policy")}),
    _case(
        "notifications['topic_arn']",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:{MARK}.topic",
        lambda w: {
            "notifications": {"topic_arn": w(f"arn:aws:sns:us-east-1:{ACCOUNT}:{MARK}.topic")}
        },
    ),
    _case(
        "alarms",
        f"arn:aws:sns:cn-north-1:{ACCOUNT}:{MARK}",
        lambda w: {
            "alarms": {"actions": [w(f"arn:aws:sns:cn-north-1:{ACCOUNT}:{MARK}")]},
            **DEVELOPER,
        },
    ),
    _case(
        "tags['team']",
        f"{MARK}\ud83d",
        lambda w: {"tags": {"team": w(f"{MARK}\ud83d")}},
        quoted=False,
    ),
]
IDS = [f"{index}-{case[0]}" for index, case in enumerate(CASES)]


def _error(deployment: Deployment, args: dict[str, Any]) -> str:
    with pytest.raises(Exception) as raised:
        build(deployment, **args)
    assert set(deployment.resources) <= {"mail"}, "no child may be created"
    return error_text(raised.value)


@pytest.mark.parametrize(("argument", "bad", "args", "quoted"), CASES, ids=IDS)
def test_a_bad_secret_is_not_shown_in_its_error_and_a_plain_output_still_is(
    new_deployment: Callable[..., Deployment],
    argument: str,
    bad: str,
    args: Callable[[Wrap], dict[str, Any]],
    quoted: bool,
) -> None:
    text = _error(new_deployment(), args(pulumi.Output.secret))
    assert f"{argument}" in text
    assert SECRET in text
    assert bad not in text and MARK not in text.lower(), text
    # The same value, not secret: quoted as before.
    text = _error(new_deployment(), args(pulumi.Output.from_input))
    assert f"{argument}" in text
    assert SECRET not in text
    if quoted:
        assert MARK in text


def test_redaction_takes_quotations_parts_and_words() -> None:
    message = (
        "identity_arn: the identity 'x@y.com' does not cover from_address "
        "'ceo@corp.example'; adopt identity/ceo@corp.example or identity/corp.example"
    )
    shown = redacted(message, ["ceo@corp.example"])
    assert "ceo" not in shown and "corp.example" not in shown
    assert "'x@y.com'" in shown and shown.count(SECRET) == 3
    # A message that quotes nothing still says a value was left out.
    assert redacted("x: is empty", ["v"]).endswith(f"(value not shown: {SECRET})")
    # Rule text that merely shares a short piece with the secret stays.
    assert redacted("x: expected 'a' or 'b'", ["abc"]).startswith("x: expected 'a' or 'b' (")


@pytest.mark.parametrize(
    "secret",
    ["ceo@x.io", "arn:aws:ses:us-east-1:123456789012:identity/ceo@x.io"],
    ids=["address", "identity ARN"],
)
def test_no_part_of_a_secret_address_is_shown_however_short(secret: str) -> None:
    """A short local part ('ceo') and a short domain ('x.io') go too, and a domain that
    ends a longer name (mail.x.io)."""
    message = (
        "x: Email identity ceo@x.io not found; ceo alone, x.io alone, mail.x.io, "
        "identity/ceo@x.io, 'ceo', 'x.io'"
    )
    shown = redacted(message, [secret])
    assert "ceo" not in shown and "x.io" not in shown, shown
    assert shown.startswith(f"x: Email identity {SECRET} not found; {SECRET} alone")


def test_a_secret_domain_is_not_shown_in_a_name_it_ends(deployment: Deployment) -> None:
    text = _error(
        deployment,
        {
            "from_address": "a@x.io",
            "identity_domain": pulumi.Output.secret("x.io"),
            "mail_from_domain": "mail.other.io",
            **DEVELOPER,
        },
    )
    assert "mail_from_domain: " in text and SECRET in text
    assert "x.io" not in text.replace("a@x.io", ""), text


def test_a_warning_about_a_secret_does_not_show_it(
    new_deployment: Callable[..., Deployment], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Region newer than the table passes with a warning that quotes it: not when secret."""
    said: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *_, **__: said.append(message))
    shown = {}
    for kind, wrap in [("secret", pulumi.Output.secret), ("output", pulumi.Output.from_input)]:
        said.clear()
        build(
            new_deployment(),
            sending_account="DEVELOPER",
            ses_region=wrap("mx-newplace-7"),
            user_pool_args={"region": "mx-newplace-7"},
        )
        [shown[kind]] = [message for message in said if message.startswith("ses_region: ")]
        assert "Region table" in shown[kind]
    assert "newplace" not in shown["secret"] and SECRET in shown["secret"]
    assert "'mx-newplace-7'" in shown["output"]


def test_the_region_pair_checked_after_the_provider_s_region_hides_a_secret(
    deployment: Deployment,
) -> None:
    """The pair check that waits for the provider's Region (an invoke) is one of them."""
    text = _error(
        deployment,
        {"sending_account": "DEVELOPER", "ses_region": pulumi.Output.secret("eu-north-1")},
    )
    assert "ses_region: a user pool in us-east-1" in text and SECRET in text
    assert "eu-north-1" not in text


def test_redaction_keeps_a_quoted_key_in_the_argument_name() -> None:
    # The closing quote of ['region'] and the apostrophe of "botocore's" are not a quotation.
    message = (
        "user_pool_args['region']: a user pool in ap-east-1 has no SES "
        "(botocore's endpoint data); create the user pool elsewhere"
    )
    shown = redacted(message, ["ap-east-1"])
    assert shown.startswith(f"user_pool_args['region']: a user pool in {SECRET} has no SES")
    assert "botocore's endpoint data" in shown and "ap-east-1" not in shown
