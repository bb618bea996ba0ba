"""The wait for SES to verify the identity: its argument, pace and messages (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .errors import argument_error, whole_number

ARGUMENT = "verification_timeout_minutes"

#: The invokes of ``aws.sesv2.get_email_identity`` (the check) and ``aws.get_caller_identity``.
GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"
GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"

#: How long ``pulumi up`` waits unless told otherwise, and the most it may be told.
DEFAULT_MINUTES = 15
MAX_MINUTES = 24 * 60  # SES's verification link expires after 24 hours

#: Seconds between two progress messages.
PROGRESS_SECONDS = 30.0

#: What an identity is to the wait: an address (a link to click) or a domain (DNS records).
Kind = Literal["address", "domain"]

#: What one answer means; all but "failed" and "pending" let ``up`` go on.
Outcome = Literal["verified", "failed", "pending", "undetermined", "unanswered"]

#: What each sesv2 ``GetEmailIdentity`` ``VerificationStatus`` means (docs/prerequisites.md).
MEANINGS: Mapping[str, Outcome] = {
    "SUCCESS": "verified",
    "PENDING": "pending",
    "NOT_STARTED": "pending",
    "FAILED": "failed",
    "TEMPORARY_FAILURE": "undetermined",
}


class NotVerified(ValueError):
    """SES did not verify ``identity`` (FAILED, or not within the timeout): ``up`` stops."""

    def __init__(self, message: str, identity: str) -> None:
        super().__init__(message)
        self.identity = identity


def check_timeout_minutes(value: Any) -> int:
    """``verification_timeout_minutes``: a plain int 0-1440."""
    value = whole_number(value)  # the engine's 30.0 is 30
    if isinstance(value, bool) or not isinstance(value, int):
        raise argument_error(
            ARGUMENT,
            f"must be a plain whole number of minutes (0-{MAX_MINUTES}), got {value!r}: e.g."
            f" {DEFAULT_MINUTES}, or 0 not to wait for SES's verification",
        )
    if not 0 <= value <= MAX_MINUTES:
        raise argument_error(
            ARGUMENT,
            f"must be 0-{MAX_MINUTES} minutes (SES's verification link expires after 24"
            f" hours), got {value}: 0 does not wait",
        )
    return value


def outcome(status: object) -> Outcome:
    """What SES's answer means for the wait; no status comes only from mocks that echo."""
    if status is None or status == "":
        return "unanswered"
    return MEANINGS.get(str(status), "pending")


def recheck_delay(checks_done: int) -> float:
    """Seconds to sleep after ``checks_done`` checks: 2, 4, 8, 16, then 30 each time."""
    # Capped: 2.0 * 2**1024 overflows a float, and a 24-hour wait makes ~2,900 checks.
    doublings = min(max(checks_done - 1, 0), 8)
    return min(2.0 * 2**doublings, 30.0)


def minutes(seconds: float) -> int:
    """Whole minutes in ``seconds``."""
    return int(seconds // 60)


def _what_to_do(kind: Kind) -> str:
    if kind == "address":
        return "open the link SES mailed to it"
    return "create the DNS records in dns_records where the domain's DNS is served"


def progress_message(identity: str, kind: Kind, waited_seconds: float, timeout: int) -> str:
    """The message every ~30 s while the wait goes on."""
    return (
        f"waiting for SES to verify {identity}: {_what_to_do(kind)}"
        f" ({minutes(waited_seconds)} of {timeout} min)"
    )


def _ask_again(identity: str, kind: Kind) -> str:
    """How to have SES start the verification again."""
    command = (
        "verify-email-identity --email-address" if kind == "address"
        else "verify-domain-identity --domain"
    )  # fmt: skip
    return f"`aws ses {command} {identity}`, or `pulumi up --replace` on the identity"


def timeout_message(identity: str, kind: Kind, waited: int) -> str:
    """The error when SES has not verified the identity within the timeout."""
    expired = (
        "when the link has expired (after 24 hours), have SES send a new one: "
        if kind == "address"
        else "when SES has given up (after 72 hours), have it start again: "
    )
    return (
        f"{ARGUMENT}: SES has not verified {identity} after {waited} min, so the user pool"
        f" was not created: {_what_to_do(kind)}; {expired}{_ask_again(identity, kind)}. Running"
        " `pulumi up` again continues where it stopped (what exists is kept); a longer"
        f" {ARGUMENT} waits longer"
    )


def failed_message(identity: str, kind: Kind) -> str:
    """The error when SES answers FAILED: the link expired, or SES gave up on the domain."""
    why = (
        "its verification link expired (after 24 hours)"
        if kind == "address"
        else "it did not find the verification record in time"
    )
    return (
        f"SES reports the verification of {identity} FAILED ({why}), so the user pool was not"
        f" created: have SES start it again, {_ask_again(identity, kind)}, then"
        " `pulumi up` again continues where it stopped"
    )


def refused_warning(identity: str, error: object) -> str:
    """The warning when the check itself is refused (usually a missing permission)."""
    return (
        f"could not ask SES whether {identity} is verified ({error}): the user pool is created"
        " without waiting, and CreateUserPool fails if it is not; allow ses:GetEmailIdentity to"
        f" the credentials `pulumi up` runs with, or set {ARGUMENT}: 0 to skip the check"
    )


def recheck_note(identity: str, error: object) -> str:
    """The note when a check fails after SES has answered: the wait goes on."""
    return f"asking SES whether {identity} is verified failed ({error}): asking again"


def unanswered_note(identity: str) -> str:
    """The note when SES's answer carried no verification status."""
    return (
        f"SES's answer for {identity} carried no verification status (mocks that echo?):"
        " not waiting for it"
    )


def undetermined_note(identity: str) -> str:
    """The warning when SES cannot determine the status for now (TEMPORARY_FAILURE)."""
    return (
        f"SES cannot determine whether {identity} is verified for now (TEMPORARY_FAILURE; for"
        " a domain, mostly its DNS records not found for a while): not waiting for it; SES"
        " reports FAILED if that lasts, so check the records (dns_records) if it persists"
    )


def other_account_note(identity: str, account: str) -> str:
    """The note for an adopted identity of another account, which this one cannot read."""
    return (
        f"identity_arn {identity} is in account {account}, not the one `pulumi up` runs in:"
        " SES answers only for an account's own identities, so its verification is not"
        " checked here (it must already be verified)"
    )
