"""Verification and invitation email templates, whoever gives them (the component's
arguments or user_pool_args), checked against botocore's cognito-idp model (its Java patterns
run through a translator written here) and Python's email package; and the component's
templates merged into user_pool_args'.

Pure: no Pulumi runtime. pulumi_aws is imported only to build real Args objects.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from collections.abc import Callable
from typing import Any

import pulumi_aws as aws
import pytest

from cognito_ses_email.rules import messages
from cognito_ses_email.rules.messages import email_templates
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


def check_verification_message(
    value: Any, *, developer: bool, warn: Callable[[str], None]
) -> dict[str, Any]:
    """The verification template ``verification_message`` gives, alone."""
    template = email_templates({}, value, None, developer=developer, warn=warn)
    result: dict[str, Any] = template["verification_message_template"]
    return result


def check_invitation_message(
    value: Any, *, developer: bool, warn: Callable[[str], None]
) -> dict[str, Any]:
    """The invitation template ``invitation_message`` gives, alone."""
    config = email_templates({}, None, value, developer=developer, warn=warn)
    result: dict[str, Any] = config["admin_create_user_config"]["invite_message_template"]
    return result


def test_lengths_and_options_match_the_model() -> None:
    template, invite = "VerificationMessageTemplateType", "MessageTemplateType"
    for structure, member in [
        (template, "EmailSubject"),
        (template, "EmailSubjectByLink"),
        (invite, "EmailSubject"),
    ]:
        meta = cognito_member(structure, member)
        assert (meta["min"], meta["max"]) == messages.SUBJECT_LENGTHS
    for structure, member in [
        (template, "EmailMessage"),
        (template, "EmailMessageByLink"),
        (invite, "EmailMessage"),
    ]:
        meta = cognito_member(structure, member)
        assert (meta["min"], meta["max"]) == messages.MESSAGE_LENGTHS
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
    subject = java_regex(
        cognito_member("VerificationMessageTemplateType", "EmailSubject")["pattern"]
    )
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


# --- verification_message ----------------------------------------------------------------


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
        ({"subject": "s", "body": "{####}", "style": ["link"]}, "['style']", "'code' or 'link'"),
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


# --- invitation_message ------------------------------------------------------------------


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


# --- templates given through user_pool_args ------------------------------------------


def _check_pool(
    pool_args: dict[str, Any],
    *,
    developer: bool = True,
    verification: Any = None,
    invitation: Any = None,
) -> list[str]:
    """What checking ``pool_args``' templates (beside the component's messages) warned."""
    warnings: list[str] = []
    email_templates(pool_args, verification, invitation, developer=developer, warn=warnings.append)
    return warnings


CODE = {"subject": "Your code", "body": "Code {####}"}
LINK = {"subject": "Confirm", "body": "{##Go##}", "style": "link"}


TEMPLATE = "user_pool_args['verification_message_template']"
INVITE = "user_pool_args['admin_create_user_config']['invite_message_template']"


@pytest.mark.parametrize(
    ("pool_args", "argument"),
    [
        ({"verification_message_template": {"email_message": "{####}"}}, "['email_message']"),
        ({"verification_message_template": {"emailSubject": "Hi"}}, "['email_subject']"),
        (
            {
                "verification_message_template": TemplateArgs(
                    default_email_option="CONFIRM_WITH_LINK", email_message_by_link="{##Go##}"
                )
            },
            "['email_message_by_link']",
        ),
        (
            {"email_verification_message": "Code {####}"},
            "user_pool_args['email_verification_message']",
        ),
        ({"email_verification_subject": "Code"}, "user_pool_args['email_verification_subject']"),
        (
            {"admin_create_user_config": {"invite_message_template": {"email_message": "{####}"}}},
            f"{INVITE}['email_message']",
        ),
        (
            {
                "admin_create_user_config": AdminConfigArgs(
                    invite_message_template=InviteArgs(email_subject="Welcome")
                )
            },
            f"{INVITE}['email_subject']",
        ),
    ],
)
def test_cognito_default_warns_about_email_templates_in_pool_args(
    pool_args: dict[str, Any], argument: str
) -> None:
    warnings = _check_pool(pool_args, developer=False)
    documented = [w for w in warnings if "sending_account='DEVELOPER'" in w]
    assert len(documented) == 1, warnings
    assert argument in documented[0].split(": ")[0]


def test_sms_templates_and_the_email_option_are_fine_in_either_mode() -> None:
    pool_args = {
        "verification_message_template": {
            "sms_message": "Code {####}",
            "default_email_option": "CONFIRM_WITH_LINK",
        },
        "admin_create_user_config": {
            "allow_admin_create_user_only": True,
            "invite_message_template": {"sms_message": "{username} {####}"},
        },
    }
    assert _check_pool(pool_args, developer=False) == []
    # With the component's own link message the option agrees; only that message is warned of.
    [warning] = _check_pool(pool_args, developer=False, verification=LINK)
    assert warning.startswith("verification_message: the Cognito API reference says")


@pytest.mark.parametrize(
    ("pool_args", "other"),
    [
        (
            {"verification_message_template": {"email_message": "{####}"}},
            f"{TEMPLATE}['email_message']",
        ),
        ({"email_verification_subject": "Hi"}, "user_pool_args['email_verification_subject']"),
    ],
)
def test_a_verification_message_given_both_ways_is_an_error_naming_both(
    pool_args: dict[str, Any], other: str
) -> None:
    with pytest.raises(ValueError) as raised:
        _check_pool(pool_args, verification=CODE)
    message = str(raised.value)
    assert message.startswith("verification_message: ") and other in message


def test_an_invitation_given_both_ways_is_an_error_naming_both() -> None:
    pool_args: dict[str, Any] = {"adminCreateUserConfig": None}
    assert _check_pool(pool_args, invitation=CODE) == []
    pool_args = {"admin_create_user_config": {"inviteMessageTemplate": {"emailMessage": "{####}"}}}
    with pytest.raises(ValueError) as raised:
        _check_pool(pool_args, invitation=CODE)
    message = str(raised.value)
    assert message.startswith("invitation_message: ") and f"{INVITE}['email_message']" in message


def test_pool_args_templates_follow_the_same_content_rules() -> None:
    with pytest.raises(ValueError, match=re.escape(f"{TEMPLATE}['email_message']: must contain")):
        _check_pool({"verification_message_template": {"email_message": "no code"}})
    with pytest.raises(ValueError, match=re.escape(f"{TEMPLATE}['email_subject']: must be one")):
        _check_pool({"verification_message_template": {"email_subject": "a\nb"}})
    with pytest.raises(ValueError, match=re.escape(f"{INVITE}['email_subject']: must be at least")):
        _check_pool(
            {"admin_create_user_config": {"invite_message_template": {"email_subject": ""}}}
        )
    with pytest.raises(ValueError, match=re.escape("user_pool_args['email_verification_message']")):
        _check_pool({"email_verification_message": "no code here"})
    warnings = _check_pool({"email_verification_message": "Hi {username} {####}"})
    assert any(w.startswith("user_pool_args['email_verification_message']: Cognito replaces")
               for w in warnings)  # fmt: skip
    with pytest.raises(ValueError, match="must be one of 'CONFIRM_WITH_LINK', 'CONFIRM_WITH_CODE'"):
        _check_pool({"verification_message_template": {"default_email_option": "LINK"}})


def test_pool_args_invitation_without_password_placeholder_warns() -> None:
    pool_args = {
        "admin_create_user_config": {"invite_message_template": {"email_message": "Hi all"}}
    }
    warnings = _check_pool(pool_args)
    assert len(warnings) == 1 and warnings[0].startswith(f"{INVITE}['email_message'] has no")


def test_the_message_must_be_the_one_the_email_option_uses() -> None:
    both = {"email_message": "{####}", "email_message_by_link": "{##Go##}"}
    with pytest.raises(ValueError, match="sets both email_message and email_message_by_link"):
        _check_pool({"verification_message_template": both})
    link_with_code = {"default_email_option": "CONFIRM_WITH_LINK", "email_message": "{####}"}
    with pytest.raises(ValueError, match="is CONFIRM_WITH_LINK"):
        _check_pool({"verification_message_template": link_with_code})
    code_with_link = {"email_message_by_link": "{##Go##}"}
    with pytest.raises(ValueError, match=r"CONFIRM_WITH_CODE \(the default\)"):
        _check_pool({"verification_message_template": code_with_link})
    unused_subject = {"email_message": "{####}", "email_subject_by_link": "Hi"}
    warnings = _check_pool({"verification_message_template": unused_subject})
    assert warnings == [f"{TEMPLATE}['email_subject_by_link'] is not used with CONFIRM_WITH_CODE"]


def test_older_top_level_fields() -> None:
    warnings = _check_pool({"email_verification_message": "Your code: {####}"})
    assert len(warnings) == 1 and "no longer used" in warnings[0]
    twins = {
        "email_verification_message": "A {####}",
        "verification_message_template": {"email_message": "B {####}"},
    }
    with pytest.raises(ValueError, match=r"conflicts with .*\['email_message'\]"):
        _check_pool(twins)
    with_link = {
        "email_verification_subject": "Hi",
        "verification_message_template": {
            "default_email_option": "CONFIRM_WITH_LINK",
            "email_message_by_link": "{##Go##}",
        },
    }
    with pytest.raises(ValueError, match="The message is invalid"):
        _check_pool(with_link)


def test_a_nested_value_of_the_wrong_type_is_named() -> None:
    with pytest.raises(ValueError, match=re.escape(f"{TEMPLATE}: expected a dict")):
        _check_pool({"verification_message_template": ["email_message"]})
    twice: dict[str, Any] = {
        "admin_create_user_config": {"inviteMessageTemplate": {}, "invite_message_template": {}}
    }
    with pytest.raises(ValueError, match="given twice"):
        _check_pool(twice)


# --- the component's templates merged into user_pool_args' ------------------------------


INVITE_TEMPLATE = {"email_subject": "Welcome", "email_message": "Password {####}"}
INVITATION = {"subject": "Welcome", "body": "Password {####}"}


def merged_config(existing: Any) -> Any:
    pool_args = {} if existing is None else {"admin_create_user_config": existing}
    changed = email_templates(pool_args, None, INVITATION, developer=True, warn=pytest.fail)
    return changed["admin_create_user_config"]


def test_invitation_merged_into_nothing() -> None:
    assert merged_config(None) == {"invite_message_template": INVITE_TEMPLATE}


def test_invitation_merged_keeps_other_keys_and_the_sms_message() -> None:
    existing = {
        "allowAdminCreateUserOnly": True,
        "inviteMessageTemplate": {"smsMessage": "{username} {####}"},
    }
    assert merged_config(existing) == {
        "allow_admin_create_user_only": True,
        "invite_message_template": {"sms_message": "{username} {####}", **INVITE_TEMPLATE},
    }
    assert existing["inviteMessageTemplate"] == {"smsMessage": "{username} {####}"}  # untouched


def test_invitation_merged_reads_pulumi_aws_args_objects() -> None:
    existing = AdminConfigArgs(
        allow_admin_create_user_only=False,
        invite_message_template=InviteArgs(sms_message="{username} {####}"),
    )
    merged = merged_config(existing)
    assert merged == {
        "allow_admin_create_user_only": False,
        "invite_message_template": {"sms_message": "{username} {####}", **INVITE_TEMPLATE},
    }
    # The result is what pulumi-aws's Args class takes, field for field.
    rebuilt = AdminConfigArgs(
        allow_admin_create_user_only=merged["allow_admin_create_user_only"],
        invite_message_template=InviteArgs(**merged["invite_message_template"]),
    )
    invite = rebuilt.invite_message_template
    assert isinstance(invite, InviteArgs) and invite.email_message == "Password {####}"


def test_invitation_merged_refuses_a_second_email_template() -> None:
    with pytest.raises(ValueError) as raised:
        merged_config({"invite_message_template": {"email_subject": "Other"}})
    assert str(raised.value).startswith("invitation_message: ")
    assert f"{INVITE}['email_subject']" in str(raised.value)


def test_verification_message_merged_into_the_template() -> None:
    def merged(existing: Any) -> Any:
        changed = email_templates(
            {"verification_message_template": existing}, LINK, None, developer=True, warn=print
        )
        return changed["verification_message_template"]

    template = check_verification_message(LINK, developer=True, warn=pytest.fail)
    existing = TemplateArgs(sms_message="SMS {####}")
    assert merged(existing) == {"sms_message": "SMS {####}", **template}
    assert merged({"defaultEmailOption": "CONFIRM_WITH_LINK"}) == template
    other_option = {"default_email_option": "CONFIRM_WITH_CODE"}
    with pytest.raises(ValueError, match=r"^verification_message\['style'\]: is 'link'"):
        merged(other_option)
    with pytest.raises(ValueError, match=r"^verification_message: is also given as"):
        merged({"email_subject": "x"})


def test_nothing_changes_without_the_component_s_messages() -> None:
    pool_args = {"verification_message_template": {"email_message": "Code {####}"}}
    assert email_templates(pool_args, None, None, developer=True, warn=print) == {}
