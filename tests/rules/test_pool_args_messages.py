"""Email templates given through ``user_pool_args``: the message rules applied to them, and the
component's templates merged into them.

Pure: no Pulumi runtime. pulumi_aws is imported only to build real Args objects.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi_aws as aws
import pytest

from cognito_ses_email.rules.messages import check_verification_message
from cognito_ses_email.rules.pool_args_messages import (
    check_pool_args_messages,
    merge_admin_create_user_config,
    merge_verification_message_template,
)

TemplateArgs = aws.cognito.UserPoolVerificationMessageTemplateArgs
AdminConfigArgs = aws.cognito.UserPoolAdminCreateUserConfigArgs
InviteArgs = aws.cognito.UserPoolAdminCreateUserConfigInviteMessageTemplateArgs


def _check_pool(
    pool_args: dict[str, Any],
    *,
    developer: bool = True,
    verification_given: bool = False,
    invitation_given: bool = False,
) -> list[str]:
    warnings: list[str] = []
    check_pool_args_messages(
        pool_args,
        developer=developer,
        verification_given=verification_given,
        invitation_given=invitation_given,
        warn=warnings.append,
    )
    return warnings


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
    assert _check_pool(pool_args, developer=False, verification_given=True) == []


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
        _check_pool(pool_args, verification_given=True)
    message = str(raised.value)
    assert message.startswith("verification_message: ") and other in message


def test_an_invitation_given_both_ways_is_an_error_naming_both() -> None:
    pool_args: dict[str, Any] = {"adminCreateUserConfig": None}
    assert _check_pool(pool_args, invitation_given=True) == []
    pool_args = {"admin_create_user_config": {"inviteMessageTemplate": {"emailMessage": "{####}"}}}
    with pytest.raises(ValueError) as raised:
        _check_pool(pool_args, invitation_given=True)
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


# --- merging into user_pool_args -------------------------------------------------------


INVITE_TEMPLATE = {"email_subject": "Welcome", "email_message": "Password {####}"}


def test_merge_admin_create_user_config_from_nothing() -> None:
    assert merge_admin_create_user_config(None, INVITE_TEMPLATE) == {
        "invite_message_template": INVITE_TEMPLATE
    }


def test_merge_admin_create_user_config_keeps_other_keys_and_the_sms_message() -> None:
    existing = {
        "allowAdminCreateUserOnly": True,
        "inviteMessageTemplate": {"smsMessage": "{username} {####}"},
    }
    merged = merge_admin_create_user_config(existing, INVITE_TEMPLATE)
    assert merged == {
        "allow_admin_create_user_only": True,
        "invite_message_template": {"sms_message": "{username} {####}", **INVITE_TEMPLATE},
    }
    assert existing["inviteMessageTemplate"] == {"smsMessage": "{username} {####}"}  # untouched


def test_merge_admin_create_user_config_reads_pulumi_aws_args_objects() -> None:
    existing = AdminConfigArgs(
        allow_admin_create_user_only=False,
        invite_message_template=InviteArgs(sms_message="{username} {####}"),
    )
    merged = merge_admin_create_user_config(existing, INVITE_TEMPLATE)
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


def test_merge_admin_create_user_config_refuses_a_second_email_template() -> None:
    existing = {"invite_message_template": {"email_subject": "Other"}}
    with pytest.raises(ValueError) as raised:
        merge_admin_create_user_config(existing, INVITE_TEMPLATE)
    assert str(raised.value).startswith("invitation_message: ")
    assert f"{INVITE}['email_subject']" in str(raised.value)


def test_merge_verification_message_template() -> None:
    template = check_verification_message(
        {"subject": "Confirm", "body": "{##Go##}", "style": "link"},
        developer=True,
        warn=pytest.fail,
    )
    existing = TemplateArgs(sms_message="SMS {####}")
    assert merge_verification_message_template(existing, template) == {
        "sms_message": "SMS {####}",
        **template,
    }
    same_option = {"defaultEmailOption": "CONFIRM_WITH_LINK"}
    assert merge_verification_message_template(same_option, template) == template
    other_option = {"default_email_option": "CONFIRM_WITH_CODE"}
    with pytest.raises(ValueError, match=r"^verification_message\['style'\]: is 'link'"):
        merge_verification_message_template(other_option, template)
    with pytest.raises(ValueError, match=r"^verification_message: is also given as"):
        merge_verification_message_template({"email_subject": "x"}, template)
