"""Email addresses, their domains in ASCII (IDNA 2008) and the FROM header (pure, no Pulumi)."""

from __future__ import annotations

import email.charset
import email.utils
import itertools
import re
from typing import Any

import idna

from .errors import argument_error, check_text

# RFC 5322 dot-atom for the local part, ASCII only: SES does not accept SMTPUTF8 local parts.
_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
#: What cognito-idp's ``ArnType`` (``SourceArn``) allows, ``[\w+=/,.@-]``, as a character class.
ARN_CHARACTERS = r"A-Za-z0-9_+=/,.@-"
_ARN_CHARACTER_RE = re.compile(rf"[{ARN_CHARACTERS}]")
# One DNS label in the ASCII form AWS receives (RFC 1035 letters, digits, hyphen).
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]+(?<!-)$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# Label separators: "." and the ideographic and full-width stops UTS #46 maps to it.
_DOTS_RE = re.compile("[.\u3002\uff0e\uff61]")

#: RFC 1035 limits, in octets of the ASCII form (without a trailing dot).
MAX_DOMAIN_LENGTH = 253
MAX_LABEL_LENGTH = 63
#: RFC 5321 path limit less the angle brackets: the longest address SMTP carries.
MAX_ADDRESS_LENGTH = 254
MAX_LOCAL_LENGTH = 64


def ascii_domain(domain: str) -> str:
    """``domain`` in the ASCII form AWS receives (IDNA 2008; ASCII as written), else ValueError."""
    if not isinstance(domain, str) or not domain:
        raise ValueError("the domain is empty")
    if domain != domain.strip() or any(ch.isspace() for ch in domain):
        raise ValueError("the domain contains whitespace")
    if _CONTROL_RE.search(domain):
        raise ValueError("the domain contains a control character")
    if _DOTS_RE.fullmatch(domain[-1]):
        raise ValueError(f"the domain {domain!r} ends with a dot; leave the trailing dot out")
    # UTS #46 maps ASCII only by lower-casing; idna would also re-check xn-- labels.
    encoded = domain
    if not domain.isascii():  # IDNA 2008, UTS #46 non-transitional; std3: a host name
        try:
            encoded = idna.encode(domain, uts46=True, std3_rules=True, transitional=False).decode()
        except ValueError as err:  # idna.IDNAError and its subclasses are ValueErrors too
            raise ValueError(_idna_problem(domain, err)) from None
    problem = _ascii_domain_problem(domain, encoded.lower())
    if problem:
        raise ValueError(problem)
    return encoded


def _idna_problem(domain: str, err: ValueError) -> str:
    """Why idna refused ``domain``: length and empty labels first, else the code point rule."""
    if len(domain) > 1024:  # idna refuses longer input outright; far over 253 anyway
        return (
            f"the domain is {len(domain)} characters, far more than the "
            f"{MAX_DOMAIN_LENGTH} DNS allows"
        )
    if not all(_DOTS_RE.split(domain)):
        return f"the domain {domain!r} has an empty label (a leading dot or two dots in a row)"
    try:
        mapped = idna.uts46_remap(domain, std3_rules=True, transitional=False)
    except ValueError:
        pass
    else:  # Punycode alone gives the lengths idna did not reach
        naive = ".".join(
            label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
            for label in _DOTS_RE.split(mapped)
        )
        problem = _length_problem(domain, naive)
        if problem:
            return problem
    return (
        f"{domain!r} is not a domain name IDNA 2008 allows ({err}); it refuses emoji, "
        "symbols and characters out of context in an internationalised domain: if the domain "
        "really is registered, give its registered ASCII form (xn--...)"
    )


def _length_problem(domain: str, encoded: str) -> str | None:
    """Why the ASCII form ``encoded`` of ``domain`` is too long for DNS, or None."""
    for label in encoded.split("."):
        if len(label) > MAX_LABEL_LENGTH:
            return (
                f"the label {label!r} of {domain!r} is {len(label)} characters in the ASCII "
                f"form AWS receives, more than the {MAX_LABEL_LENGTH} DNS allows"
            )
    if len(encoded) > MAX_DOMAIN_LENGTH:
        return (
            f"the domain is {len(encoded)} characters in the ASCII form AWS receives, "
            f"more than the {MAX_DOMAIN_LENGTH} DNS allows"
        )
    return None


def _ascii_domain_problem(domain: str, encoded: str) -> str | None:
    """Why ``encoded`` (the ASCII form of ``domain``, lower-cased) is not a usable domain."""
    if encoded.endswith("."):
        return f"the domain {domain!r} ends with a dot; leave the trailing dot out"
    labels = encoded.split(".")
    if not all(labels):
        return f"the domain {domain!r} has an empty label (a leading dot or two dots in a row)"
    if len(labels) < 2:
        return f"the domain {domain!r} has no dot (use a fully qualified name such as example.com)"
    problem = _length_problem(domain, encoded)
    if problem:
        return problem
    for label in labels:
        if not _LABEL_RE.fullmatch(label):
            return (
                f"{domain!r} is not a valid domain name: a label holds letters, digits and "
                f"hyphens, and neither starts nor ends with a hyphen (got {label!r})"
            )
        if label.startswith("xn--") and not _is_punycode(label[4:]):
            return (
                f"{domain!r} is not a valid domain name: {label!r} starts with xn-- but is "
                "not valid Punycode; copy the domain's ASCII form from its registrar"
            )
    if labels[-1].isdigit():
        return f"{domain!r} is not a domain name (the last label is all digits)"
    return None


def _is_punycode(text: str) -> bool:
    """True when ``text`` (an A-label without ``xn--``) is canonical RFC 3492 Punycode."""
    try:
        decoded = text.encode("ascii").decode("punycode")
    except (UnicodeError, ValueError, IndexError):
        return False
    return not decoded.isascii() and decoded.encode("punycode").decode("ascii") == text


def same_domain(first: str, second: str) -> bool:
    """True when both name the same domain once converted by :func:`ascii_domain`."""
    try:
        return ascii_domain(first).lower() == ascii_domain(second).lower()
    except ValueError:
        return False


def address_problem(address: str, *, in_arn: bool = False) -> str | None:
    """Why ``address`` is not one plain ``local@domain`` address, or None."""
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
    local = address.split("@")[0]
    problem = _local_problem(local)
    if problem:
        return problem
    try:
        length = len(ascii_address(address))
    except ValueError as err:
        return str(err)
    if length > MAX_ADDRESS_LENGTH:
        return (
            f"it is {length} characters with its domain in ASCII (the form SES receives), "
            f"more than {MAX_ADDRESS_LENGTH}"
        )
    char = non_arn_character(local) if in_arn else None
    if char is None:
        return None
    return (
        f"the part before '@' holds {char!r}, which Cognito refuses in the identity "
        "ARN it is given as SourceArn (botocore cognito-idp ArnType allows letters, "
        "digits and +=/,.@_- only); use an address without it, or send from a "
        "domain identity (identity_domain, sending_account='DEVELOPER')"
    )


def _local_problem(local: str) -> str | None:
    """Why ``local`` is not the part before '@' of an address SES sends from, or None."""
    if not local:
        return "the part before '@' is empty"
    if len(local) > MAX_LOCAL_LENGTH:
        return f"the part before '@' is longer than {MAX_LOCAL_LENGTH} characters"
    if not _LOCAL_RE.fullmatch(local):
        return (
            f"the part before '@' ({local!r}) may only hold ASCII letters, digits, "
            "dots (not leading, trailing or doubled) and !#$%&'*+/=?^_`{|}~-"
        )
    return None


def non_arn_character(text: str) -> str | None:
    """The first character of ``text`` that cognito-idp's ``ArnType`` refuses, or None."""
    return next((char for char in text if not _ARN_CHARACTER_RE.fullmatch(char)), None)


def ascii_address(address: str) -> str:
    """``address`` with its domain converted by :func:`ascii_domain` (IDNA 2008)."""
    local, domain = address.rsplit("@", 1)
    return f"{local}@{ascii_domain(domain)}"


def from_header(address: str, display_name: str | None = None) -> str:
    """The FROM value for Cognito."""
    plain = ascii_address(address)
    if display_name is None:
        return plain
    if display_name.isascii() and "=?" not in display_name:
        # formataddr quotes the name (escaping " and \\) when it holds specials.
        return email.utils.formataddr((display_name, plain))
    return f"{encoded_words(display_name)} <{plain}>"


def encoded_words(text: str) -> str:
    """``text`` as RFC 2047 base64 encoded-words of at most 72 characters (75 allowed)."""
    charset = email.charset.Charset("utf-8")
    charset.header_encoding = email.charset.BASE64
    words = charset.header_encode_lines(text, itertools.repeat(72))
    return " ".join(word for word in words if word)  # None only for an empty text


def check_address(argument: str, value: Any, *, in_arn: bool = False) -> str:
    """``value`` as AWS takes it, else a ValueError naming ``argument``."""
    if not isinstance(value, str):
        raise argument_error(
            argument, f"expected a string such as no-reply@example.com, got {value!r}"
        )
    problem = address_problem(value, in_arn=in_arn)
    if problem:
        raise argument_error(argument, f"{problem} (got {value!r})")
    return ascii_address(value)


def check_display_name(value: Any) -> str:
    """A From display name: non-empty text without control characters."""
    if not isinstance(value, str) or not value.strip():
        problem = "it is empty; leave it out to send without a display name"
    elif _CONTROL_RE.search(value):
        problem = "it contains a control character (CR/LF?), which would break the From header"
    else:
        check_text("from_name", value)
        return value
    raise argument_error("from_name", f"{problem} (got {value!r})")


def identity_covers_address(identity: str, from_address: str, sending_account: str) -> bool:
    """True when SES identity ``identity`` is ``from_address`` or (DEVELOPER) its domain."""
    # Domains compare in ASCII and any case; local parts exactly (docs/arguments.md#sources).
    local, domain = from_address.rsplit("@", 1)
    if "@" in identity:
        identity_local, identity_domain = identity.rsplit("@", 1)
        return identity_local == local and same_domain(identity_domain, domain)
    return sending_account == "DEVELOPER" and same_domain(identity, domain)


def check_domain(argument: str, value: Any) -> str:
    """A DNS domain name such as ``example.com``, in the ASCII form AWS takes."""
    rule = "expected a domain name such as example.com"
    if not isinstance(value, str):
        raise argument_error(argument, f"{rule}: it is not a string (got {value!r})")
    try:
        return ascii_domain(value)
    except ValueError as err:
        raise argument_error(argument, f"{rule}: {err} (got {value!r})") from None


def check_address_at_domain(from_address: str, identity_domain: str) -> None:
    """``from_address`` must be an address at ``identity_domain`` itself."""
    domain = from_address.rsplit("@", 1)[1]
    if not same_domain(domain, identity_domain):
        raise argument_error(
            "from_address",
            f"{from_address!r} is not at identity_domain {identity_domain!r}; change "
            f"from_address to an address @{identity_domain}, or identity_domain to {domain}",
        )
