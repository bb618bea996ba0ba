"""Address checks and FROM formatting, checked against Python's email package."""

import email
import email.header
import email.policy
import email.utils

import pytest

from components.addresses import address_problem, encoded_words, from_header

GOOD = [
    "no-reply@example.com",
    "first.last+tag@mail.example.co.uk",
    "o'neil@example.com",
    "x@xn--bcher-kva.example",
    "a@bücher.example",
]
BAD = {
    "Name <a@example.com>": "display name",
    "a @example.com": "whitespace",
    "a@example.com\r\nBcc: x@evil.com": "control character",
    "a@example.com\n": "control character",
    "example.com": "exactly one '@'",
    "a@@example.com": "exactly one '@'",
    "a@b@example.com": "exactly one '@'",
    "@example.com": "empty",
    "a@localhost": "no dot",
    "a@": "empty",
    ".a@example.com": "part before '@'",
    "a..b@example.com": "part before '@'",
    "zoë@example.com": "part before '@'",
    "a@-bad-.com": "not a valid domain",
    "": "empty",
}


@pytest.mark.parametrize("address", GOOD)
def test_plain_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(("address", "reason"), BAD.items())
def test_bad_addresses_are_named(address: str, reason: str) -> None:
    problem = address_problem(address)
    assert problem is not None and reason in problem


def parse_from(header: str) -> tuple[str, str]:
    """Parse a From header back the way a mail client would (email.policy.default)."""
    message = email.message_from_string(f"From: {header}\n\nbody", policy=email.policy.default)
    [mailbox] = message["From"].addresses
    return mailbox.display_name, mailbox.addr_spec


def decode_rfc2047(header: str) -> tuple[str, str]:
    """Parse with the RFC 2047 decoder, which drops the space between encoded-words.

    (Python 3.11's newer header parser keeps that space, against RFC 2047 section 6.2,
    so a name long enough to need several encoded-words is checked with this one.)
    """
    name, address = email.utils.parseaddr(header)
    return str(email.header.make_header(email.header.decode_header(name))), address


@pytest.mark.parametrize(
    "name",
    [
        "Example",
        "Example Support",
        "Example, Inc.",
        'Say "hi" (now)',
        "back\\slash",
        "a@b <c>; d:",
        "Zoë Café",
        "Служба поддержки",
        "サポート" * 20,
        "🙂 Support",
    ],
)
def test_display_names_survive_a_round_trip(name: str) -> None:
    header = from_header("no-reply@example.com", name)
    assert header.isascii(), "non-ASCII names must be RFC 2047 encoded"
    assert "\r" not in header and "\n" not in header
    assert decode_rfc2047(header) == (name, "no-reply@example.com")
    if " =?" not in header:  # one encoded-word at most: the modern parser agrees
        assert parse_from(header) == (name, "no-reply@example.com")


def test_plain_name_is_not_quoted_and_specials_are() -> None:
    assert from_header("a@example.com", "Example Support") == "Example Support <a@example.com>"
    assert from_header("a@example.com", "Example, Inc.") == '"Example, Inc." <a@example.com>'


def test_no_name_gives_the_bare_address_with_punycode_domain() -> None:
    assert from_header("a@example.com") == "a@example.com"
    assert from_header("a@bücher.example") == "a@xn--bcher-kva.example"


def test_encoded_words_stay_within_rfc_2047_length() -> None:
    words = encoded_words("ü" * 200).split(" ")
    assert len(words) > 1
    assert all(len(word) <= 75 and word.startswith("=?utf-8?b?") for word in words)


def test_injection_attempt_cannot_add_a_header() -> None:
    # A name cannot carry CR/LF past validation, but even a bracket-heavy name stays
    # one mailbox in one header.
    header = from_header("a@example.com", "x> , Bcc <victim@example.com")
    message = email.message_from_string(f"From: {header}\n\nbody", policy=email.policy.default)
    assert message["Bcc"] is None
    assert len(message["From"].addresses) == 1
