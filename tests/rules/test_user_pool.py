"""The user pool's own argument rules (rules/user_pool.py), without Pulumi."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi_aws as aws
import pytest

from cognito_ses_email.rules.user_pool import (
    check_deletion_protection,
    check_email_codes,
    normalize_user_pool_args,
)

ALLOWED = frozenset({"mfa_configuration", "lambda_config", "region", "name", "tags"})


def test_keys_come_back_in_snake_case() -> None:
    given = {"mfaConfiguration": "OFF", "lambda_config": {}}
    assert normalize_user_pool_args(given, ALLOWED) == {
        "mfa_configuration": "OFF",
        "lambda_config": {},
    }


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({"name": "x"}, "may not set 'name': use the component's user_pool_name"),
        ({"tags": {}}, "may not set 'tags'"),
        ({"mfaConfig": "OFF"}, "'mfaConfig' is not an aws.cognito.UserPool argument"),
        ({"region": "a", "Region": "b"}, "given twice"),
        ([], "expected a dict of aws.cognito.UserPool arguments"),
    ],
)
def test_bad_user_pool_args_are_refused(value: object, says: str) -> None:
    with pytest.raises(ValueError, match=r"^user_pool_args: ") as raised:
        normalize_user_pool_args(value, ALLOWED)
    assert says in str(raised.value)


def test_deletion_protection_is_aws_value() -> None:
    assert check_deletion_protection(True) == check_deletion_protection("ACTIVE") == "ACTIVE"
    assert check_deletion_protection(False) == check_deletion_protection("INACTIVE") == "INACTIVE"
    with pytest.raises(ValueError, match=r"^deletion_protection: expected True or False"):
        check_deletion_protection("yes")


# --- email one-time codes: the sending mode and the feature plan ----------------------------

EMAIL_MFA = {"email_mfa_configuration": {"subject": "Code"}, "mfa_configuration": "ON"}
EMAIL_OTP = {"sign_in_policy": {"allowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}}


def codes(pool_args: Mapping[str, object], developer: bool) -> list[str]:
    """What check_email_codes warned."""
    said: list[str] = []
    check_email_codes(pool_args, developer=developer, warn=said.append)
    return said


@pytest.mark.parametrize("mfa", ["ON", "OPTIONAL"])
def test_email_mfa_needs_developer_mode(mfa: str) -> None:
    with pytest.raises(ValueError) as raised:
        codes({**EMAIL_MFA, "mfa_configuration": mfa}, developer=False)
    assert str(raised.value).startswith(
        "user_pool_args['email_mfa_configuration']: email MFA needs sending_account='DEVELOPER'"
    )
    assert codes({**EMAIL_MFA, "mfa_configuration": mfa}, developer=True) == []


@pytest.mark.parametrize("asked", [EMAIL_MFA, EMAIL_OTP], ids=["email MFA", "EMAIL_OTP"])
@pytest.mark.parametrize("developer", [True, False])
def test_email_codes_need_the_essentials_or_plus_plan(
    asked: dict[str, object], developer: bool
) -> None:
    with pytest.raises(ValueError, match=r"^user_pool_args\['user_pool_tier'\]: is 'LITE'"):
        codes({**asked, "user_pool_tier": "LITE"}, developer=developer)
    for tier in ("ESSENTIALS", "PLUS", None):
        codes({**asked, "user_pool_tier": tier}, developer=True)


def test_sign_in_with_email_codes_in_cognito_default_mode_is_only_warned_about() -> None:
    """AWS documents email MFA's mode, not EMAIL_OTP's: a warning, not a refusal."""
    [warning] = codes(EMAIL_OTP, developer=False)
    assert warning.startswith("user_pool_args['sign_in_policy']: sign-in with email codes")
    assert codes(EMAIL_OTP, developer=True) == []


@pytest.mark.parametrize(
    "pool_args",
    [
        {"email_mfa_configuration": {"subject": "Code"}},  # MFA OFF: pulumi-aws ignores it
        {**EMAIL_MFA, "mfa_configuration": "OFF"},
        {"mfa_configuration": "ON", "software_token_mfa_configuration": {"enabled": True}},
        {"sign_in_policy": {"allowed_first_auth_factors": ["PASSWORD", "SMS_OTP"]}},
        {"sign_in_policy": None, "user_pool_tier": "LITE"},
    ],
)
def test_what_asks_for_no_email_codes_passes_in_any_mode_and_plan(
    pool_args: dict[str, object],
) -> None:
    assert codes({"user_pool_tier": "LITE", **pool_args}, developer=False) == []


def test_a_sign_in_policy_args_object_is_read_too() -> None:
    policy = aws.cognito.UserPoolSignInPolicyArgs(allowed_first_auth_factors=["EMAIL_OTP"])
    with pytest.raises(ValueError, match=r"'LITE', and sign-in with email codes"):
        codes({"sign_in_policy": policy, "user_pool_tier": "LITE"}, developer=True)
