"""Email address checks and FROM header formatting (pure functions, no Pulumi).

Cognito passes ``FromEmailAddress`` to SES as the message's From header, so the
value must be one RFC 5322 mailbox: a display name that needs it is quoted, a
non-ASCII one is an RFC 2047 encoded-word, and CR/LF never reaches the header.
"""

from __future__ import annotations

import base64
import email.utils
import re

# RFC 5322 atext for the local part (dot-atom), ASCII only: SES does not accept
# SMTPUTF8 local parts.
_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def domain_problem(domain: str) -> str | None:
    """Why ``domain`` is not a usable DNS domain name (``example.com``), or None."""
    if not domain:
        return "the domain is empty"
    if domain != domain.strip() or any(ch.isspace() for ch in domain):
        return "the domain contains whitespace"
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return f"{domain!r} is not a valid domain name"
    if ascii_domain.endswith("."):
        return f"the domain {domain!r} ends with a dot; leave the trailing dot out"
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        return f"the domain {domain!r} has no dot (use a fully qualified name such as example.com)"
    if len(ascii_domain) > 253 or not all(_LABEL_RE.fullmatch(label) for label in labels):
        return f"{domain!r} is not a valid domain name"
    if labels[-1].isdigit():
        return f"{domain!r} is not a domain name"
    return None


def address_problem(address: str) -> str | None:
    """Why ``address`` is not one plain ``local@domain`` address, or None.

    Rejected: display names (``Name <a@b.c>``), whitespace, CR/LF and other
    control characters, a missing or doubled ``@``, an empty or non-ASCII local
    part, and a domain without a dot.
    """
    if not isinstance(address, str) or not address:
        return "it is empty; give a plain address such as no-reply@example.com"
    if _CONTROL_RE.search(address):
        return "it contains a control character (CR/LF?); give one plain address"
    if "<" in address or ">" in address or any(ch.isspace() for ch in address):
        return (
            "it must be a plain address such as no-reply@example.com, "
            "without a display name or whitespace"
        )
    count = address.count("@")
    if count != 1:
        return f"it must contain exactly one '@' (found {count})"
    local, domain = address.split("@")
    if not local:
        return "the part before '@' is empty"
    if len(local) > 64:
        return "the part before '@' is longer than 64 characters"
    if not _LOCAL_RE.fullmatch(local):
        return (
            f"the part before '@' ({local!r}) may only hold ASCII letters, digits, "
            "dots (not leading, trailing or doubled) and !#$%&'*+/=?^_`{|}~-"
        )
    problem = domain_problem(domain)
    if problem:
        return problem
    if len(address) > 254:
        return "it is longer than 254 characters"
    return None


def has_control_character(text: str) -> bool:
    """True when ``text`` holds CR, LF or another control character."""
    return bool(_CONTROL_RE.search(text))


def address_domain(address: str) -> str:
    """The domain of a plain address, as written."""
    return address.rsplit("@", 1)[1]


def display_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a From display name, or None."""
    if not isinstance(name, str) or not name.strip():
        return "it is empty; leave it out to send without a display name"
    if _CONTROL_RE.search(name):
        return "it contains a control character (CR/LF?), which would break the From header"
    return None


def ascii_address(address: str) -> str:
    """``address`` with an internationalised domain in its punycode (``xn--``) form."""
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def from_header(address: str, display_name: str | None = None) -> str:
    """The FROM value for Cognito: ``address`` or ``Name <address>``.

    The name is quoted when it holds RFC 5322 specials and encoded as an RFC 2047
    encoded-word (UTF-8, base64) when it is not ASCII or looks like an encoded-word itself
    (a reader would decode it); the domain is punycoded.
    Both inputs must already have passed :func:`address_problem` and
    :func:`display_name_problem`.
    """
    plain = ascii_address(address)
    if display_name is None:
        return plain
    if display_name.isascii() and "=?" not in display_name:
        # formataddr quotes the name (escaping " and \\) when it holds specials.
        return email.utils.formataddr((display_name, plain))
    return f"{encoded_words(display_name)} <{plain}>"


# RFC 2047 section 2: an encoded-word is at most 75 characters. 45 UTF-8 bytes
# become 60 base64 characters, 72 with the "=?utf-8?b?" and "?=" around them.
_ENCODED_WORD_BYTES = 45


def encoded_words(text: str) -> str:
    """``text`` as RFC 2047 base64 encoded-words, split on character boundaries.

    The words are joined by single spaces (never a line break), which decoders
    drop between adjacent encoded-words.
    """
    words: list[bytes] = []
    chunk = b""
    for char in text:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > _ENCODED_WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += encoded
    words.append(chunk)
    return " ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words)
