"""Verification and invitation email templates, checked against botocore's cognito-idp
model (its Java patterns run through a translator written here) and Python's email package.

Pure: no Pulumi runtime. pulumi_aws is imported only to build real Args objects.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from typing import Any

import pulumi_aws as aws
import pytest

from cognito_ses_email.rules import messages
from cognito_ses_email.rules.messages import check_invitation_message, check_verification_message
from tests.aws_checks import cognito_member, cognito_model, cognito_model_problems, java_regex

TemplateArgs = aws.cognito.UserPoolVerificationMessageTemplateArgs
AdminConfigArgs = aws.cognito.UserPoolAdminCreateUserConfigArgs
InviteArgs = aws.cognito.UserPoolAdminCreateUserConfigInviteMessageTemplateArgs

# --- The API model, and its Java patterns as Python regular expressions ---------------


# pulumi-aws keyword -> API member, per structure.
_TEMPLATE_MEMBERS = {
    "default_email_option": "DefaultEmailOption",
    "email_message": "EmailMessage",
    "email_subject": "EmailSubject",
    "email_message_by_link": "EmailMessageByLink",
    "email_subject_by_link": "EmailSubjectByLink",
}
_INVITE_MEMBERS = {"email_message": "EmailMessage", "email_subject": "EmailSubject"}


def test_constants_match_the_model() -> None:
    template, invite = "VerificationMessageTemplateType", "MessageTemplateType"
    for structure, member in [
        (template, "EmailSubject"),
        (template, "EmailSubjectByLink"),
        (invite, "EmailSubject"),
    ]:
        meta = cognito_member(structure, member)
        assert (meta["min"], meta["max"]) == (
            messages.SUBJECT_MIN_LENGTH,
            messages.SUBJECT_MAX_LENGTH,
        )
        assert meta["pattern"] == messages.SUBJECT_PATTERN
    for structure, member, pattern in [
        (template, "EmailMessage", messages.CODE_MESSAGE_PATTERN),
        (template, "EmailMessageByLink", messages.LINK_MESSAGE_PATTERN),
        (invite, "EmailMessage", messages.INVITE_MESSAGE_PATTERN),
    ]:
        meta = cognito_member(structure, member)
        assert (meta["min"], meta["max"]) == (
            messages.MESSAGE_MIN_LENGTH,
            messages.MESSAGE_MAX_LENGTH,
        )
        assert meta["pattern"] == pattern
    assert cognito_member(template, "DefaultEmailOption")["enum"] == list(
        messages.DEFAULT_EMAIL_OPTIONS
    )
    assert set(messages.STYLES.values()) == set(messages.DEFAULT_EMAIL_OPTIONS)
    # The older top-level fields use the same shapes as the template's code fields.
    request = cognito_model().shape_for("CreateUserPoolRequest").members
    assert request["EmailVerificationMessage"].name == "EmailVerificationMessageType"
    assert request["EmailVerificationSubject"].name == "EmailVerificationSubjectType"
    config = cognito_model().shape_for("AdminCreateUserConfigType").members
    assert config["InviteMessageTemplate"].name == "MessageTemplateType"


def test_the_character_rule_agrees_with_the_model_pattern_on_every_bmp_character() -> None:
    subject = java_regex(messages.SUBJECT_PATTERN)
    for code in range(0x10000):
        character = chr(code)
        allowed = messages.disallowed_character(character) is None
        assert allowed == bool(subject.fullmatch(character)), f"U+{code:04X}"


def test_java_whitespace_is_ascii_only() -> None:
    for character in " \t\n\r\x0b\x0c":
        assert messages.disallowed_character(character) is None
    for character in "\u00a0\u2007\u2028\u3000\ufeff\u200d\u200c\u00ad\x00\x7f\ue000":
        assert messages.disallowed_character(character) is not None, repr(character)


# --- Subjects --------------------------------------------------------------------------

GOOD_SUBJECTS = [
    "Verify your email",
    "Vérifiez votre adresse",  # precomposed é
    "Vérifiez votre adresse",  # e + combining acute (a mark)
    "确认您的邮箱",
    "Ваш код подтверждения",
    "مرحبا بك",
    "Welcome ✅ 🎉",  # symbols, one beyond U+FFFF
    "Wait\tfor it",  # a tab is one header line
    "x" * 140,
    "🎉" * 70,  # 70 characters, 140 UTF-16 units
]


@pytest.mark.parametrize("subject", GOOD_SUBJECTS)
def test_good_subjects_pass_here_and_in_the_model(subject: str) -> None:
    assert messages.subject_problem(subject) is None
    assert cognito_model_problems("VerificationMessageTemplateType", "EmailSubject", subject) == []
    # Python's email takes it as a Subject header and gives it back unchanged.
    message = email.message.EmailMessage()
    message["Subject"] = subject
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == subject


LINE_BREAKS = ["Hi\nthere", "Hi\rthere", "Hi\r\nBcc: victim@example.com", "a\x0bb", "a\x0cb"]


@pytest.mark.parametrize("subject", LINE_BREAKS)
def test_line_breaks_are_refused_in_a_subject_as_email_refuses_them(subject: str) -> None:
    problem = messages.subject_problem(subject)
    assert problem is not None and "one line" in problem and "header" in problem
    # AWS's pattern would take them (\s), Python's email package does not.
    assert cognito_model_problems("VerificationMessageTemplateType", "EmailSubject", subject) == []
    with pytest.raises(ValueError, match="linefeed or carriage return"):
        email.message.EmailMessage()["Subject"] = subject


BAD_SUBJECTS = {
    "": "at least 1 characters",
    "x" * 141: "at most 140 characters long, got 141",
    "Hello\u00a0there": "U+00A0 NO-BREAK SPACE",
    "family 👨\u200d👩\u200d👧": "U+200D ZERO WIDTH JOINER",
    "soft\u00adhyphen": "U+00AD SOFT HYPHEN",
    "nul\x00": "U+0000",
    "private \ue000": "U+E000",
    "Hi\u2028there": "one line",
}


@pytest.mark.parametrize(("subject", "expected"), BAD_SUBJECTS.items())
def test_bad_subjects_are_refused_here_and_by_the_model(subject: str, expected: str) -> None:
    problem = messages.subject_problem(subject)
    assert problem is not None and expected in problem
    assert cognito_model_problems("VerificationMessageTemplateType", "EmailSubject", subject) != []


def test_a_subject_past_140_utf16_units_is_refused_with_the_reason() -> None:
    subject = "x" * 139 + "🎉"  # 140 code points, 141 UTF-16 units
    assert messages.aws_length(subject) == 141
    problem = messages.subject_problem(subject)
    assert problem is not None and "got 141" in problem and "count twice" in problem


# --- Messages ----------------------------------------------------------------------------


def test_message_lengths_at_the_boundaries() -> None:
    assert messages.message_problem("{####}", "code") is None  # exactly 6
    assert messages.message_problem("abcdef", "invite") is None
    assert "at least 6" in (messages.message_problem("abcde", "invite") or "")
    longest = "{####}" + "x" * (20_000 - 6)
    assert messages.message_problem(longest, "code") is None
    assert cognito_model_problems("VerificationMessageTemplateType", "EmailMessage", longest) == []
    too_long = longest + "x"
    assert "at most 20000" in (messages.message_problem(too_long, "code") or "")
    assert cognito_model_problems("VerificationMessageTemplateType", "EmailMessage", too_long) != []
    wide = longest[:-1] + "🎉"  # 20,000 code points, 20,001 UTF-16 units
    assert "count twice" in (messages.message_problem(wide, "code") or "")


def test_a_code_message_needs_the_code_placeholder() -> None:
    problem = messages.message_problem("Your code is here", "code")
    assert problem is not None and "{####}" in problem
    assert (
        cognito_model_problems("VerificationMessageTemplateType", "EmailMessage", "Your code") != []
    )


@pytest.mark.parametrize(
    "body",
    [
        "{##Click here##}",
        "<p>Please <b>{##Verify Your Email##}</b>.</p>",
        "Confirm: {##Vérifier #1##}\nThanks",
        "{##Verify##} or use {####}",
    ],
)
def test_link_messages_with_link_text_pass_here_and_in_the_model(body: str) -> None:
    assert messages.message_problem(body, "link") is None
    assert (
        cognito_model_problems("VerificationMessageTemplateType", "EmailMessageByLink", body) == []
    )


@pytest.mark.parametrize("body", ["{####} is your code", "{#####} here", "no placeholder here"])
def test_link_messages_without_link_text_are_refused(body: str) -> None:
    problem = messages.message_problem(body, "link")
    assert problem is not None and "{##Click here##}" in problem


def test_the_model_pattern_alone_would_take_the_code_placeholder_as_a_link() -> None:
    # Why the link rule is stricter than the pattern: {####} matches \{##[...]*##\}.
    assert (
        cognito_model_problems("VerificationMessageTemplateType", "EmailMessageByLink", "{####}")
        == []
    )
    assert messages.message_problem("{####}", "link") is not None


@pytest.mark.parametrize("style", ["code", "link"])
def test_username_in_a_verification_message_warns(style: str) -> None:
    """Cognito accepts {username} there but sends it as typed: warn, don't refuse."""
    body = "Hello {username}, " + ("{####}" if style == "code" else "{##Verify##}")
    warnings: list[str] = []
    check_verification_message(
        {"subject": "Hi", "body": body, "style": style}, developer=True, warn=warnings.append
    )
    [warning] = warnings
    assert warning.startswith("verification_message['body']: ")
    assert "{username}" in warning and "invitation" in warning


def test_invitation_messages_take_html_unicode_and_line_breaks() -> None:
    body = "<h1>Bienvenue, {username} !</h1>\n<p>Mot de passe : {####}</p>\t✅"
    assert messages.message_problem(body, "invite") is None
    assert cognito_model_problems("MessageTemplateType", "EmailMessage", body) == []


# --- check_verification_message -------------------------------------------------------


def test_code_style_is_the_default_and_fills_the_code_fields() -> None:
    result = check_verification_message(
        {"subject": "Votre code", "body": "Code : {####}"}, developer=True, warn=pytest.fail
    )
    assert result == {
        "default_email_option": "CONFIRM_WITH_CODE",
        "email_subject": "Votre code",
        "email_message": "Code : {####}",
    }
    _assert_matches_model("VerificationMessageTemplateType", _TEMPLATE_MEMBERS, result)


def test_link_style_fills_only_the_link_fields() -> None:
    result = check_verification_message(
        {"subject": "Confirm", "body": "Please {##Click here##}", "style": "link"},
        developer=True,
        warn=pytest.fail,
    )
    assert result == {
        "default_email_option": "CONFIRM_WITH_LINK",
        "email_subject_by_link": "Confirm",
        "email_message_by_link": "Please {##Click here##}",
    }
    _assert_matches_model("VerificationMessageTemplateType", _TEMPLATE_MEMBERS, result)


def _assert_matches_model(structure: str, members: dict[str, str], result: dict[str, str]) -> None:
    for key, value in result.items():
        assert cognito_model_problems(structure, members[key], value) == [], key


@pytest.mark.parametrize(
    ("value", "argument", "expected"),
    [
        ("Code {####}", "verification_message", "expected a dict"),
        ({"subject": "s", "body": "{####}", "html": True}, "verification_message", "'html'"),
        ({"body": "{####}"}, "verification_message['subject']", "is required"),
        ({"subject": "s"}, "verification_message['body']", "is required"),
        ({"subject": "s", "body": "{####}", "style": "sms"}, "['style']", "'code' or 'link'"),
        ({"subject": 5, "body": "{####}"}, "verification_message['subject']", "a string"),
        ({"subject": "s", "body": "no code"}, "verification_message['body']", "{####}"),
        ({"subject": "a\nb", "body": "{####}"}, "verification_message['subject']", "one line"),
        ({"subject": "s", "body": "{####}", "style": "link"}, "['body']", "{##Click here##}"),
    ],
)
def test_bad_verification_messages_name_the_argument(
    value: Any, argument: str, expected: str
) -> None:
    with pytest.raises(ValueError) as raised:
        check_verification_message(value, developer=True, warn=pytest.fail)
    message = str(raised.value)
    assert message.startswith(argument) or argument in message.split(":")[0]
    assert expected in message


def test_a_long_bad_body_is_shortened_in_the_error() -> None:
    with pytest.raises(ValueError) as raised:
        check_verification_message(
            {"subject": "s", "body": "x" * 30_000}, developer=True, warn=pytest.fail
        )
    assert len(str(raised.value)) < 400


def test_cognito_default_passes_custom_verification_messages_with_a_warning() -> None:
    """The API reference documents templates for DEVELOPER only; AWS accepts and sends them
    in COGNITO_DEFAULT pools (AWS CDK sets one on every pool): warn, don't refuse."""
    warnings: list[str] = []
    result = check_verification_message(
        {"subject": "s", "body": "{####}"}, developer=False, warn=warnings.append
    )
    assert result["email_message"] == "{####}"
    [warning] = warnings
    assert warning.startswith("verification_message: ")
    assert "sending_account='DEVELOPER'" in warning and "your own SES account" in warning


def test_cognito_default_still_checks_the_template() -> None:
    with pytest.raises(ValueError, match=r"^verification_message\['body'\]: "):
        check_verification_message({"subject": "s", "body": "no code"}, developer=False, warn=print)


# --- check_invitation_message ------------------------------------------------------------


def test_invitation_gives_the_invite_template_fields() -> None:
    warnings: list[str] = []
    result = check_invitation_message(
        {"subject": "Welcome", "body": "User {username}, password {####}"},
        developer=True,
        warn=warnings.append,
    )
    assert result == {
        "email_subject": "Welcome",
        "email_message": "User {username}, password {####}",
    }
    assert warnings == []
    _assert_matches_model("MessageTemplateType", _INVITE_MEMBERS, result)


def test_an_invitation_without_the_password_placeholder_is_a_warning() -> None:
    warnings: list[str] = []
    result = check_invitation_message(
        {"subject": "Welcome", "body": "Hello {username}, sign in with a code."},
        developer=True,
        warn=warnings.append,
    )
    assert result["email_message"] == "Hello {username}, sign in with a code."
    assert len(warnings) == 1
    assert warnings[0].startswith("invitation_message['body']") and "{####}" in warnings[0]


def test_cognito_default_passes_custom_invitations_with_a_warning() -> None:
    warnings: list[str] = []
    result = check_invitation_message(
        {"subject": "s", "body": "{####}"}, developer=False, warn=warnings.append
    )
    assert result == {"email_subject": "s", "email_message": "{####}"}
    [warning] = warnings
    assert re.match(r"^invitation_message: .*sending_account='DEVELOPER'", warning)


def test_bad_invitations_name_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^invitation_message\['subject'\]: .*one line"):
        check_invitation_message(
            {"subject": "a\r\nb", "body": "{####}"}, developer=True, warn=pytest.fail
        )
    with pytest.raises(ValueError, match=r"^invitation_message\['body'\]: .*at least 6"):
        check_invitation_message({"subject": "s", "body": "pw"}, developer=True, warn=print)
    with pytest.raises(ValueError, match=r"^invitation_message: .*'style'"):
        check_invitation_message(
            {"subject": "s", "body": "{####}", "style": "code"}, developer=True, warn=print
        )
