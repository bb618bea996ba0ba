"""Argument checks for CognitoSesEmail (pure functions, no Pulumi runtime).

Every check raises :class:`ValueError` with a message that starts with the
argument's Python name and says what to do, so the same message is shown whether
the value was plain (checked before any resource is registered) or arrived as a
``pulumi.Output`` (checked when it resolves).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from . import addresses, dns, regions
from .arns import IdentityArn, arn_problem, parse_identity_arn
from .policies import POLICY_NAME_RE

SENDING_ACCOUNTS = ("COGNITO_DEFAULT", "DEVELOPER")
SOURCE_ARN_SCOPES = ("account", "user-pool")

#: SES configuration set names, as botocore's cognito-idp model gives them.
_CONFIGURATION_SET_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")

#: Keys of ``user_pool_args`` the component sets itself, and the argument to use.
_OWNED_POOL_KEYS = {
    "email_configuration": "the component builds it from its own arguments",
    "name": "use the component's user_pool_name argument",
    "deletion_protection": "use the component's deletion_protection argument",
    "tags": "use the component's tags argument",
}


def fail(argument: str, problem: str) -> ValueError:
    """The error for a bad ``argument``: its name first, then what is wrong and what to do."""
    return ValueError(f"{argument}: {problem}")


def check_address(argument: str, value: Any, *, in_arn: bool = False) -> str:
    """``value`` as AWS takes it, else a ValueError naming ``argument``.

    ``in_arn``: the address names an SES identity, so it reaches Cognito inside
    ``SourceArn`` too (see :func:`addresses.address_problem`).
    One form everywhere (identity, SourceArn, FROM): the local part as written, the
    domain converted by :func:`addresses.ascii_domain` (IDNA 2008), since
    SES takes it in Punycode
    (https://docs.aws.amazon.com/ses/latest/APIReference/API_Destination.html).
    """
    if not isinstance(value, str):
        raise fail(argument, f"expected a string such as no-reply@example.com, got {value!r}")
    problem = addresses.address_problem(value, in_arn=in_arn)
    if problem:
        raise fail(argument, f"{problem} (got {value!r})")
    return addresses.ascii_address(value)


def surrogate_problem(text: str) -> str | None:
    """Why ``text`` cannot reach AWS because it holds a lone surrogate, or None.

    A lone surrogate (U+D800-U+DFFF alone) is half of a character beyond U+FFFF, what
    is left of an emoji cut in two; no UTF-8 or UTF-16 encoding holds it, so neither
    Pulumi nor AWS can carry the text. The one check for it, for every text argument.
    """
    for position, character in enumerate(text):
        if "\ud800" <= character <= "\udfff":
            return (
                f"holds a lone surrogate U+{ord(character):04X} at position {position}: half "
                "of a character (a broken emoji?), which no UTF-8 text can hold; write the "
                "whole character or leave it out"
            )
    return None


def check_text(argument: str, value: str) -> None:
    """A ValueError naming ``argument`` when the string ``value`` holds a lone surrogate."""
    problem = surrogate_problem(value)
    if problem:
        raise fail(argument, problem)


def check_choice(argument: str, value: Any, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``."""
    if value not in choices:
        raise fail(argument, f"must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return str(value)


def check_display_name(value: Any) -> str:
    """A From display name: non-empty text without control characters."""
    if isinstance(value, str):
        check_text("from_name", value)
    problem = addresses.display_name_problem(value)
    if problem:
        raise fail("from_name", f"{problem} (got {value!r})")
    return str(value)


def _check_pattern(argument: str, pattern: re.Pattern[str], value: Any, rule: str) -> str:
    """``value`` if it is a string that ``pattern`` matches whole, else ``rule`` as the error."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise fail(argument, f"{rule} (got {value!r})")
    return value


_SES_NAME_RULE = "is 1-64 letters, digits, '-' or '_'"


def check_configuration_set(value: Any) -> str:
    """An SES configuration set name: 1-64 letters, digits, '-' and '_'."""
    return _check_pattern(
        "configuration_set",
        _CONFIGURATION_SET_RE,
        value,
        f"an SES configuration set name {_SES_NAME_RULE}",
    )


def check_policy_name(value: Any) -> str:
    """An SES identity policy name: 1-64 letters, digits, '-' and '_'."""
    return _check_pattern(
        "policy_name", POLICY_NAME_RE, value, f"an SES policy name {_SES_NAME_RULE}"
    )


#: CreateUserPool's PoolName (botocore: 1-128 of [\w\s+=,.@-], Java's ASCII \w), spaces only.
_USER_POOL_NAME_RE = re.compile(r"^[A-Za-z0-9_ +=,.@-]{1,128}$")


def check_user_pool_name(value: Any) -> str:
    """A Cognito user pool name: 1-128 letters, digits, spaces and _+=,.@-."""
    return _check_pattern(
        "user_pool_name",
        _USER_POOL_NAME_RE,
        value,
        "a user pool name is 1-128 letters, digits, spaces or _+=,.@-",
    )


def default_policy_name(urn: str) -> str:
    """A valid SES policy name, unique to the component with this URN and stable across runs.

    SES keeps policies by name per identity, so two components that share an identity
    (two stacks, or two parents) must not share a name: one would silently replace the
    other's policy. The URN holds the stack, the project, the parent types and the name;
    its digest makes the name unique, and the component's own name keeps it readable:
    ``<name, made valid and cut>-cognito-<16 hex digits of sha256(urn)>`` (at most 64).
    """
    digest = hashlib.sha256(urn.encode("utf-8")).hexdigest()[:16]
    suffix = f"-cognito-{digest}"
    name = urn.rsplit("::", 1)[-1]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "pool"
    return stem[: 64 - len(suffix)] + suffix


def check_region(
    argument: str,
    value: Any,
    warn: Callable[[str], None] | None = None,
    *,
    service: str | None = None,
) -> str:
    """An AWS Region code such as ``eu-west-1``, checked against the Region table.

    A known Region passes. A near miss of one (``us-esat-1``, ``eu-west-01``) is an
    error that suggests it. A value shaped like a Region of some partition but far
    from every known one passes with a ``warn`` (default :func:`warnings.warn`):
    it may be newer than the table. Anything else is an error. With ``service``
    (``regions.COGNITO_IDP`` or ``regions.SES``), a Region where botocore's
    endpoint data shows that service is not offered is an error too.
    """
    rule = "expected an AWS Region code such as eu-west-1"
    if not isinstance(value, str):
        raise fail(argument, f"{rule}, got {value!r}")
    if not regions.is_known_region(value):
        suggestion = regions.suggest_region(value)
        if suggestion is not None:
            raise fail(argument, f"{rule}, got {value!r}; did you mean {suggestion!r}?")
        partition = regions.partition_of(value)
        if partition is None:
            raise fail(argument, f"{rule}, got {value!r}")
        message = (
            f"{argument}: {value!r} is not in this package's Region table (copied from "
            f"{regions.TABLE_SOURCE}), but it has the shape of a Region of partition "
            f"{partition}, so it is used as given; the table may be older than the Region"
        )
        if warn is None:
            import warnings

            warnings.warn(message, stacklevel=2)
        else:
            warn(message)
    if service is not None:
        problem = regions.service_problem(value, service)
        if problem:
            raise fail(argument, problem)
    return value


def check_region_pair(
    pool_region: str,
    ses_region: str,
    argument: str = "ses_region",
    pool_argument: str = "user_pool_args['region']",
) -> None:
    """Cognito in ``pool_region`` must be allowed to use SES in ``ses_region``.

    ``argument`` names what put the identity in ``ses_region`` (``ses_region`` or
    ``identity_arn``); ``pool_argument`` what put the pool in ``pool_region``,
    blamed when botocore's endpoint data shows no Cognito user pools there.
    """
    problem = regions.service_problem(pool_region, regions.COGNITO_IDP)
    if problem:
        raise fail(pool_argument, problem)
    problem = regions.region_pair_problem(pool_region, ses_region)
    if problem:
        fix = (
            "put the SES identity in an allowed Region"
            if regions.usable_ses_regions(pool_region)
            else "create the user pool in a Region where Cognito can use SES"
        )
        raise fail(
            argument,
            f"{problem}; {fix} (see 'SES Regions for Amazon Cognito email' in the Cognito guide)",
        )


def identity_covers_address(identity: str, from_address: str, sending_account: str) -> bool:
    """True when Cognito can send as ``from_address`` through the SES identity named
    ``identity`` (an address or a domain): its own identity, or in DEVELOPER mode its domain.
    """
    local, domain = from_address.rsplit("@", 1)
    # Domains compare in their ASCII form, case-insensitively as DNS names do, so
    # identity/a@xn--strae-oqa.de covers a@straße.de. The local part compares exactly: SES
    # has said "the entire email address is case-sensitive"
    # (https://docs.aws.amazon.com/ses/latest/DeveloperGuide/verify-email-addresses.html).
    if "@" in identity:
        identity_local, identity_domain = identity.rsplit("@", 1)
        return identity_local == local and addresses.same_domain(identity_domain, domain)
    return sending_account == "DEVELOPER" and addresses.same_domain(identity, domain)


def check_identity_arn(value: Any, from_address: str, sending_account: str) -> IdentityArn:
    """An SES identity ARN that Cognito can use to send as ``from_address``.

    COGNITO_DEFAULT needs the address's own identity (Cognito sends from the
    identity's exact address); DEVELOPER also accepts the address's domain.
    """
    parsed = parse_identity_arn(value)
    if parsed is None:
        why = arn_problem(value) or _identity_name_problem(value)
        raise fail(
            "identity_arn",
            "expected an SES identity ARN such as "
            f"arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com, got {value!r}"
            + (f": {why}" if why else ""),
        )
    if identity_covers_address(parsed.name, from_address, sending_account):
        return parsed
    domain = from_address.rsplit("@", 1)[1]
    name = parsed.name
    wanted = (
        f"identity/{from_address}"
        if sending_account == "COGNITO_DEFAULT"
        else f"identity/{from_address} or identity/{domain}"
    )
    raise fail(
        "identity_arn",
        f"the identity {name!r} does not cover from_address {from_address!r}; "
        f"in {sending_account} mode adopt {wanted} (Cognito checks the exact identity)",
    )


def _identity_name_problem(arn: str) -> str | None:
    """Which character of an identity ARN's name Cognito's ``SourceArn`` refuses, or None."""
    char = addresses.non_arn_character(arn.rsplit("identity/", 1)[-1])
    if char is None:
        return None
    return (
        f"its name holds {char!r}, which Cognito refuses in SourceArn (botocore cognito-idp "
        "ArnType allows letters, digits and +=/,.@_- only); adopt the domain's identity "
        "instead (DEVELOPER mode)"
    )


def _snake_case(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def did_you_mean(name: str, names: Collection[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``names`` (its snake_case form counts
    too), or nothing."""
    import difflib  # only on error paths: it costs import time

    choices = sorted(names)
    close = difflib.get_close_matches(name, choices) or difflib.get_close_matches(
        _snake_case(name), choices
    )
    return f" (did you mean {close[0]!r}?)" if close else ""


def normalize_user_pool_args(value: Any, allowed_keys: frozenset[str]) -> dict[str, Any]:
    """``user_pool_args`` with snake_case keys, checked against ``allowed_keys``.

    Keys may be camelCase (as a TypeScript or YAML program writes them) or
    snake_case; a key the component owns or ``aws.cognito.UserPool`` does not
    take is an error that names it.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise fail(
            "user_pool_args", f"expected a dict of aws.cognito.UserPool arguments, got {value!r}"
        )
    normalized: dict[str, Any] = {}
    for key, item in value.items():
        snake = _snake_case(str(key))
        if snake in _OWNED_POOL_KEYS:
            raise fail("user_pool_args", f"may not set {key!r}: {_OWNED_POOL_KEYS[snake]}")
        if snake not in allowed_keys:
            hint = did_you_mean(snake, allowed_keys - _OWNED_POOL_KEYS.keys())
            raise fail(
                "user_pool_args",
                f"{key!r} is not an aws.cognito.UserPool argument{hint}; "
                "see the UserPool arguments in the pulumi-aws docs",
            )
        if snake in normalized:
            raise fail("user_pool_args", f"{key!r} is given twice (camelCase and snake_case)")
        normalized[snake] = item
    return normalized


def check_deletion_protection(value: Any) -> str:
    """``True``/``False`` (or AWS's ``ACTIVE``/``INACTIVE``) as AWS's value."""
    if value is True or value == "ACTIVE":
        return "ACTIVE"
    if value is False or value == "INACTIVE":
        return "INACTIVE"
    raise fail("deletion_protection", f"expected True or False, got {value!r}")


#: The tagging APIs' limits (botocore: cognito-idp TagKeysType/TagValueType, sns and
#: cloudwatch TagKey/TagValue), in characters.
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 256
#: The tag key prefix AWS keeps for itself, in any case ("aws:", "AWS:", "Aws:").
RESERVED_TAG_PREFIX = "aws:"


def check_tags(value: Any, is_deferred: Callable[[Any], bool] | None = None) -> dict[str, Any]:
    """A mapping of tag keys to values, as the tagging APIs take them.

    Keys: 1-128 characters, values: strings of 0-256 characters, neither starting with
    ``aws:`` in any case (AWS's tagging docs reserve it for keys and values). A value
    for which ``is_deferred`` is true (an Output) is left for the caller to check with
    :func:`check_tag_value` once it resolves.
    """
    if not isinstance(value, Mapping):
        raise fail("tags", f"expected a dict of tag names to values, got {value!r}")
    for key, item in value.items():
        _check_tag_key(key)
        if is_deferred is None or not is_deferred(item):
            check_tag_value(key, item)
    return dict(value)


def _check_tag_key(key: Any) -> None:
    if not isinstance(key, str) or not key:
        raise fail("tags", f"a tag key is a non-empty string, got {key!r}")
    check_text(f"tags[{key!r}]", key)
    if len(key) > MAX_TAG_KEY_LENGTH:
        raise fail(
            "tags",
            f"the key {key!r} is {len(key)} characters; AWS takes at most {MAX_TAG_KEY_LENGTH}",
        )
    if key.lower().startswith(RESERVED_TAG_PREFIX):
        raise fail(
            "tags",
            f"the key {key!r} starts with {key[:4]!r}: AWS keeps the aws: prefix (in any "
            "case) for its own tags; choose another key",
        )


def check_tag_value(key: str, value: Any) -> str:
    """The value of tag ``key``: a string of at most 256 characters (empty is allowed),
    not starting with ``aws:`` in any case."""
    argument = f"tags[{key!r}]"
    if not isinstance(value, str):
        raise fail(argument, f"a tag value is a string, got {value!r}")
    check_text(argument, value)
    if len(value) > MAX_TAG_VALUE_LENGTH:
        raise fail(
            argument, f"is {len(value)} characters; AWS takes at most {MAX_TAG_VALUE_LENGTH}"
        )
    if value.lower().startswith(RESERVED_TAG_PREFIX):
        raise fail(
            argument,
            f"starts with {value[:4]!r}: AWS keeps the aws: prefix (in any case) for its own "
            "tag keys and values; choose another value",
        )
    return value


def check_domain(argument: str, value: Any) -> str:
    """A DNS domain name such as ``example.com``, in the ASCII form AWS takes.

    Converted by :func:`addresses.ascii_domain` (IDNA 2008, UTS #46), the
    same conversion as the FROM address's domain.
    """
    rule = "expected a domain name such as example.com"
    if not isinstance(value, str):
        raise fail(argument, f"{rule}: it is not a string (got {value!r})")
    try:
        return addresses.ascii_domain(value)
    except ValueError as err:
        raise fail(argument, f"{rule}: {err} (got {value!r})") from None


def check_address_at_domain(from_address: str, identity_domain: str) -> None:
    """``from_address`` must be an address at ``identity_domain`` itself.

    The domains compare in their ASCII form (:func:`addresses.same_domain`), so
    ``a@xn--strae-oqa.de`` is at ``straße.de``.
    """
    domain = addresses.address_domain(from_address)
    if not addresses.same_domain(domain, identity_domain):
        raise fail(
            "from_address",
            f"{from_address!r} is not at identity_domain {identity_domain!r}; change "
            f"from_address to an address @{identity_domain}, or identity_domain to {domain}",
        )


def check_mail_from_domain(value: Any, identity_domain: str) -> str:
    """A custom MAIL FROM domain under ``identity_domain``, in the ASCII form AWS takes.

    Both are compared as :func:`addresses.ascii_domain` gives them, so a Unicode
    ``mail_from_domain`` under a Unicode or Punycode ``identity_domain`` is accepted.
    """
    mail_from = check_domain("mail_from_domain", value)
    parent = check_domain("identity_domain", identity_domain)
    if not dns.is_subdomain(mail_from, parent):
        raise fail(
            "mail_from_domain",
            f"{value!r} must be a subdomain of identity_domain {identity_domain!r}, "
            f"e.g. mail.{identity_domain}",
        )
    return mail_from


def check_dmarc_policy(value: Any) -> str:
    """A DMARC record value: starts with ``v=DMARC1``, one line, no quotes."""
    if not isinstance(value, str) or not value.startswith("v=DMARC1"):
        raise fail(
            "dmarc_policy",
            f"a DMARC record starts with 'v=DMARC1', e.g. 'v=DMARC1; p=none;' (got {value!r})",
        )
    if not value.isascii() or addresses.has_control_character(value) or set(value) & {'"', "\\"}:
        raise fail(
            "dmarc_policy",
            f"must be one line of ASCII without quotes or backslashes (got {value!r})",
        )
    return value


def check_hosted_zone_id(value: Any) -> str:
    """A Route 53 hosted zone id such as ``Z0123456789ABCDEFGHIJ``."""
    return _check_pattern(
        "hosted_zone_id",
        dns.HOSTED_ZONE_ID_RE,
        value,
        "expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
    )
