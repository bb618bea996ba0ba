"""The pure rules of the wait for SES's verification: the argument, what a status means,
the pace of the re-checks and what the wait says."""

from __future__ import annotations

import itertools
from typing import Any

import botocore.session
import pytest

from cognito_ses_email.offline.account import VERIFICATION_STATUSES
from cognito_ses_email.rules import verification as rules

ADDRESS = "no-reply@example.com"


@pytest.mark.parametrize("value", [0, 1, 15, 1440, 30.0])
def test_whole_minutes_from_0_to_a_day_are_taken(value: float) -> None:
    # Another language sends every number as a double: 30.0 is 30.
    checked = rules.check_timeout_minutes(value)
    assert checked == value and type(checked) is int


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (-1, "must be 0-1440 minutes"),
        (1441, "must be 0-1440 minutes"),
        ("15", "must be a plain whole number"),
        (15.5, "must be a plain whole number"),
        (True, "must be a plain whole number"),
        (False, "must be a plain whole number"),
    ],
)
def test_anything_else_is_refused_naming_the_argument(value: Any, says: str) -> None:
    with pytest.raises(ValueError) as raised:
        rules.check_timeout_minutes(value)
    assert str(raised.value).startswith("verification_timeout_minutes: ")
    assert says in str(raised.value)


def test_every_status_ses_documents_has_a_meaning() -> None:
    statuses = botocore.session.get_session().get_service_model("sesv2")
    assert set(rules.MEANINGS) == set(statuses.shape_for("VerificationStatus").enum)
    assert set(VERIFICATION_STATUSES) == set(rules.MEANINGS)


def test_only_what_cognito_refuses_holds_up_the_wait() -> None:
    outcomes = {status: rules.outcome(status) for status in VERIFICATION_STATUSES}
    assert outcomes == {
        "SUCCESS": "verified",
        "FAILED": "failed",
        "PENDING": "pending",
        "NOT_STARTED": "pending",
        # SES cannot tell for now (a verified domain's DNS lookup failing): not held up.
        "TEMPORARY_FAILURE": "undetermined",
    }
    assert rules.outcome("A_STATUS_SES_ADDS_LATER") == "pending"


@pytest.mark.parametrize("status", [None, ""])
def test_an_answer_without_a_status_is_unanswered_not_pending(status: Any) -> None:
    assert rules.outcome(status) == "unanswered"


def test_the_first_recheck_comes_within_5_seconds_then_backs_off_to_30() -> None:
    delays = [rules.recheck_delay(n) for n in range(1, 10)]
    assert delays[0] <= 5
    assert delays == sorted(delays)
    assert max(delays) == 30 and delays[-1] == 30


def test_a_quarter_hour_takes_few_checks() -> None:
    """Not a check a second: about 30 s apart once backed off."""
    elapsed, checks = 0.0, 0
    for n in itertools.count(1):
        elapsed += rules.recheck_delay(n)
        checks = n
        if elapsed >= 15 * 60:
            break
    assert 30 <= checks <= 40


def test_the_progress_message_says_what_to_do_and_how_long() -> None:
    message = rules.progress_message(ADDRESS, "address", 150, 15)
    assert message == (
        "waiting for SES to verify no-reply@example.com: open the link SES mailed to it"
        " (2 of 15 min)"
    )
    assert "DNS records" in rules.progress_message("example.com", "domain", 0, 30)


def test_the_timeout_names_the_identity_the_minutes_and_what_to_do() -> None:
    message = rules.timeout_message(ADDRESS, "address", 15)
    assert message.startswith("verification_timeout_minutes: ")
    for part in (
        ADDRESS,
        "after 15 min",
        "open the link",
        "aws ses verify-email-identity --email-address no-reply@example.com",
        "pulumi up --replace",
        "continues where it stopped",
    ):
        assert part in message, part
    assert "verify-domain-identity --domain example.com" in rules.timeout_message(
        "example.com", "domain", 60
    )


def test_failed_says_the_link_expired_and_how_to_get_a_new_one() -> None:
    message = rules.failed_message(ADDRESS, "address")
    assert "FAILED" in message and "expired" in message
    assert "aws ses verify-email-identity" in message and "pulumi up --replace" in message


def test_the_refused_warning_names_the_permission_and_the_way_out() -> None:
    message = rules.refused_warning(ADDRESS, "AccessDenied")
    assert "ses:GetEmailIdentity" in message and "AccessDenied" in message
    assert "verification_timeout_minutes: 0" in message


def test_the_other_account_note_names_the_account() -> None:
    note = rules.other_account_note(ADDRESS, "210987654321")
    assert "210987654321" in note and "not checked" in note


def test_a_day_long_wait_keeps_rechecking_every_30_seconds() -> None:
    """Past ~1,000 checks a doubling without a cap overflows a float (OverflowError)."""
    elapsed = sum(rules.recheck_delay(n) for n in range(1, 3000))
    assert rules.recheck_delay(2999) == 30
    assert elapsed >= rules.MAX_MINUTES * 60
