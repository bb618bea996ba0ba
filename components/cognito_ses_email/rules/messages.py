"""Cognito's verification and invitation email templates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Literal

from .errors import argument_error, check_choice, check_text
from .keys import nested_fields

#: Subject and message lengths (botocore cognito-idp ``EmailVerification...Type``).
SUBJECT_LENGTHS = (1, 140)
MESSAGE_LENGTHS = (6, 20_000)

CONFIRM_WITH_CODE = "CONFIRM_WITH_CODE"
CONFIRM_WITH_LINK = "CONFIRM_WITH_LINK"
#: ``DefaultEmailOptionType``, in the model's order.
DEFAULT_EMAIL_OPTIONS = (CONFIRM_WITH_LINK, CONFIRM_WITH_CODE)
#: ``verification_message['style']`` -> ``default_email_option``.
STYLES = {"code": CONFIRM_WITH_CODE, "link": CONFIRM_WITH_LINK}

#: The code (verification) or temporary password (invitation); the user name (invitations).
CODE_PLACEHOLDER = "{####}"
USERNAME_PLACEHOLDER = "{username}"

MessageKind = Literal["code", "link", "invite"]

# Java's \s; \p{L}, \p{M}, \p{S}, \p{N} and \p{P} are the first letters of the categories.
_JAVA_WHITESPACE = frozenset(" \t\n\x0b\x0c\r")
_ALLOWED_CATEGORY_GROUPS = frozenset("LMSNP")
# What str.splitlines() (and so Python's email package) takes as a line end.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# {##text##}: the text may be anything but braces, and not only '#' ({####} is the code).
_LINK_PLACEHOLDER_RE = re.compile(r"\{##[^{}]*?[^{}#][^{}]*?##\}")

#: The warning for a custom email in COGNITO_DEFAULT mode.
COGNITO_DEFAULT_TEMPLATE_NOTE = (
    "the Cognito API reference says a custom email subject or message applies only when "
    "Cognito sends through your own SES account (EmailSendingAccount DEVELOPER; "
    "'VerificationMessageTemplateType', 'MessageTemplateType'), yet CreateUserPool accepts "
    "it in COGNITO_DEFAULT mode and Cognito sends it (AWS CDK sets one on every pool). It is "
    "passed on; if Cognito refuses it, set sending_account='DEVELOPER'"
)

_TEMPLATE = "user_pool_args['verification_message_template']"
_ADMIN_CONFIG = "user_pool_args['admin_create_user_config']"
_INVITE = f"{_ADMIN_CONFIG}['invite_message_template']"
#: The older top-level fields, each with its template twin.
_LEGACY = {
    "email_verification_message": "email_message",
    "email_verification_subject": "email_subject",
}
#: Keys of ``user_pool_args`` that hold email templates.
TEMPLATE_KEYS = ("verification_message_template", "admin_create_user_config", *_LEGACY)
#: Each template's email fields, in the order a clash names them: a message's kind, or None.
_VERIFICATION_FIELDS: dict[str, MessageKind | None] = {
    "email_message": "code",
    "email_subject": None,
    "email_message_by_link": "link",
    "email_subject_by_link": None,
}
_INVITE_FIELDS: dict[str, MessageKind | None] = {"email_message": "invite", "email_subject": None}

Warn = Callable[[str], None]


def aws_length(text: str) -> int:
    """``text``'s length in UTF-16 code units: a character beyond U+FFFF counts twice."""
    return len(text.encode("utf-16-le")) // 2


def disallowed_character(text: str) -> str | None:
    """The first character of ``text`` AWS's template patterns refuse, described, or None."""
    for character in text:
        category = unicodedata.category(character)
        if character not in _JAVA_WHITESPACE and category[0] not in _ALLOWED_CATEGORY_GROUPS:
            name = unicodedata.name(character, "unnamed character")
            return f"U+{ord(character):04X} {name} ({category})"
    return None


def _text_problem(text: str, lengths: tuple[int, int]) -> str | None:
    """Why AWS would refuse ``text``: its length (the maximum in UTF-16 units) or a character."""
    minimum, maximum = lengths
    if len(text) < minimum:
        return f"must be at least {minimum} characters long, got {len(text)}"
    if aws_length(text) > maximum:
        wide = aws_length(text) != len(text)
        note = " (characters beyond U+FFFF, such as most emoji, count twice)" if wide else ""
        return f"must be at most {maximum} characters long, got {aws_length(text)}{note}"
    bad = disallowed_character(text)
    if bad is not None:
        return (
            f"contains {bad}, which AWS does not accept: it takes letters, marks, symbols, "
            "numbers, punctuation and ASCII whitespace"
        )
    return None


def subject_problem(text: str) -> str | None:
    """Why AWS would refuse ``text`` as a subject, or None."""
    if any(character in _LINE_BREAKS for character in text):
        return (
            "must be one line: it becomes the email's Subject header, and a line break "
            "(CR, LF, VT, FF or a Unicode line separator) would end that header"
        )
    return _text_problem(text, SUBJECT_LENGTHS)


def message_problem(text: str, kind: MessageKind) -> str | None:
    """Why AWS would refuse ``text`` as a ``kind`` message, or None."""
    problem = _text_problem(text, MESSAGE_LENGTHS)
    if problem is None and kind == "code" and CODE_PLACEHOLDER not in text:
        problem = (
            f"must contain the {CODE_PLACEHOLDER} placeholder, which Cognito replaces with the code"
        )
    if problem is None and kind == "link" and not _LINK_PLACEHOLDER_RE.search(text):
        problem = (
            "must contain a link placeholder such as {##Click here##}, which Cognito replaces "
            "with a link whose text is 'Click here'"
        )
    return problem


def _checked(argument: str, value: Any, problem_of: Callable[[str], str | None]) -> str:
    """``value`` if it is a string ``problem_of`` finds nothing wrong with."""
    if not isinstance(value, str):
        raise argument_error(argument, f"expected a string, got {value!r}")
    check_text(argument, value)
    problem = problem_of(value)
    if problem:
        shown = repr(value) if len(value) <= 60 else repr(value[:57]) + "..."
        raise argument_error(argument, f"{problem} (got {shown})")
    return value


def email_templates(
    pool_args: Mapping[str, Any], verification: Any, invitation: Any, *, developer: bool, warn: Warn
) -> dict[str, Any]:
    """Check the pool's email templates; return the ``user_pool_args`` entries changed."""
    template = _verification_template(pool_args, verification, developer, warn)
    config = _admin_config(pool_args, invitation, developer, warn)
    changed = {"verification_message_template": template, "admin_create_user_config": config}
    given = {"verification_message_template": verification, "admin_create_user_config": invitation}
    return {key: value for key, value in changed.items() if given[key] is not None}


def _verification_template(
    pool_args: Mapping[str, Any], verification: Any, developer: bool, warn: Warn
) -> dict[str, Any]:
    """``user_pool_args``' verification template, with ``verification_message``'s fields."""
    template = nested_fields(_TEMPLATE, pool_args.get("verification_message_template"))
    option = template.get("default_email_option")
    if option is not None:
        check_choice(f"{_TEMPLATE}['default_email_option']", option, DEFAULT_EMAIL_OPTIONS)
    legacy = {twin: key for key, twin in _LEGACY.items() if pool_args.get(key) is not None}
    names = {key: f"{_TEMPLATE}['{key}']" for key in _VERIFICATION_FIELDS}
    given = [names[key] for key in _VERIFICATION_FIELDS if template.get(key) is not None]
    given += [f"user_pool_args['{key}']" for key in legacy.values()]
    if verification is not None:
        keys = ("subject", "body", "style")
        style, own, names = _fields("verification_message", verification, keys, given)
        if option is not None and option != STYLES[style]:
            raise argument_error(
                "verification_message['style']",
                f"is {style!r} ({STYLES[style]}) but "
                f"{_TEMPLATE}['default_email_option'] is {option!r}; drop one of them",
            )
        template = {**template, "default_email_option": STYLES[style], **own}
        given = ["verification_message"]
    if given:
        if not developer:
            warn(f"{given[0]}: {COGNITO_DEFAULT_TEMPLATE_NOTE}")
        _check_option(template, warn)
        for twin, key in legacy.items():
            _check_legacy(f"user_pool_args['{key}']", twin, template, warn)
            names[twin] = f"user_pool_args['{key}']"
        fields = {**template, **{twin: pool_args[key] for twin, key in legacy.items()}}
        _check_texts(fields, names, _VERIFICATION_FIELDS, warn)
    return template


def _admin_config(
    pool_args: Mapping[str, Any], invitation: Any, developer: bool, warn: Warn
) -> dict[str, Any]:
    """``user_pool_args``' admin_create_user_config, with ``invitation_message``'s fields."""
    config = nested_fields(_ADMIN_CONFIG, pool_args.get("admin_create_user_config"))
    invite = nested_fields(_INVITE, config.get("invite_message_template"))
    names = {key: f"{_INVITE}['{key}']" for key in _INVITE_FIELDS}
    given = [names[key] for key in _INVITE_FIELDS if invite.get(key) is not None]
    if invitation is not None:
        _, own, names = _fields("invitation_message", invitation, ("subject", "body"), given)
        invite, given = {**invite, **own}, ["invitation_message"]
    if given:
        if not developer:
            warn(f"{given[0]}: {COGNITO_DEFAULT_TEMPLATE_NOTE}")
        _check_texts(invite, names, _INVITE_FIELDS, warn)
    return {**config, "invite_message_template": invite}


def _check_texts(
    fields: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, Any], warn: Warn
) -> None:
    """Each subject, then each message, of ``fields`` that is set, named by ``names``."""
    for key, kind in sorted(kinds.items(), key=lambda item: item[1] is not None):
        if fields.get(key) is None:
            continue
        argument = names[key]
        if kind is None:
            _checked(argument, fields[key], subject_problem)
            continue
        text = _checked(argument, fields[key], partial(message_problem, kind=kind))
        if kind != "invite" and USERNAME_PLACEHOLDER in text:
            warn(
                f"{argument}: Cognito replaces {USERNAME_PLACEHOLDER} only in invitation "
                "messages; in this one users see it as typed (docs/messages.md)"
            )
        if kind == "invite" and CODE_PLACEHOLDER not in text:
            warn(
                f"{argument} has no {CODE_PLACEHOLDER} placeholder: users created with a "
                "temporary password will not learn it from the invitation. Leave it out only "
                "if your users don't have passwords."
            )


def _fields(
    argument: str, value: Any, keys: tuple[str, ...], given: list[str]
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """The style of a message argument (a dict of ``keys``), the fields it sets and their
    names; refused when the template is ``given`` another way."""
    if given:
        raise argument_error(
            argument,
            f"is also given as {given[0]}; give the email template one way: drop {given[0]}, "
            f"or leave {argument} out",
        )
    shape = "{" + ", ".join(f"'{key}': ..." for key in keys) + "}"
    if not isinstance(value, Mapping):
        raise argument_error(argument, f"expected a dict {shape}, got {value!r}")
    unknown = sorted(str(key) for key in value if key not in keys)
    if unknown:
        raise argument_error(
            argument, f"has unknown key(s) {', '.join(map(repr, unknown))}; expected {shape}"
        )
    for key in ("subject", "body"):
        if value.get(key) is None:
            raise argument_error(f"{argument}['{key}']", "is required")
    style = "code" if value.get("style") is None else value["style"]
    if not isinstance(style, str) or style not in STYLES:
        raise argument_error(f"{argument}['style']", f"must be 'code' or 'link', got {style!r}")
    suffix = "_by_link" if style == "link" else ""
    fields = {"subject": f"email_subject{suffix}", "body": f"email_message{suffix}"}
    own = {field: value[key] for key, field in fields.items()}
    names = {field: f"{argument}['{key}']" for key, field in fields.items()}
    return style, own, names


def _check_option(template: Mapping[str, Any], warn: Warn) -> None:
    """One message, the one ``default_email_option`` uses (CreateUserPool's rule)."""
    link = template.get("default_email_option") == CONFIRM_WITH_LINK
    option = f"{_TEMPLATE}['default_email_option']"
    code, by_link = template.get("email_message"), template.get("email_message_by_link")
    if code is not None and by_link is not None:
        raise argument_error(
            _TEMPLATE,
            "sets both email_message and email_message_by_link, which Cognito refuses: give "
            "email_message with CONFIRM_WITH_CODE, or email_message_by_link with "
            "CONFIRM_WITH_LINK",
        )
    if link and code is not None:
        raise argument_error(
            f"{_TEMPLATE}['email_message']",
            f"is the code message, but {option} is CONFIRM_WITH_LINK: give "
            "email_message_by_link (with a {##link text##} placeholder) instead",
        )
    if not link and by_link is not None:
        raise argument_error(
            f"{_TEMPLATE}['email_message_by_link']",
            f"is the link message, but {option} is CONFIRM_WITH_CODE (the default): set it "
            "to CONFIRM_WITH_LINK, or give email_message (with {####}) instead",
        )
    unused = "email_subject" if link else "email_subject_by_link"
    if template.get(unused) is not None:
        warn(f"{_TEMPLATE}['{unused}'] is not used with CONFIRM_WITH_{'LINK' if link else 'CODE'}")


def _check_legacy(argument: str, twin: str, template: Mapping[str, Any], warn: Warn) -> None:
    """An older top-level field: refused where pulumi-aws or Cognito would refuse it."""
    if template.get(twin) is not None:
        raise argument_error(
            argument,
            f"conflicts with {_TEMPLATE}['{twin}'] (pulumi-aws refuses both); keep the template's",
        )
    if template.get("default_email_option") == CONFIRM_WITH_LINK:
        raise argument_error(
            argument,
            "is a code-style message, but the template's default_email_option is "
            "CONFIRM_WITH_LINK and Cognito answers 'The message is invalid'; give "
            f"{_TEMPLATE}['email_message_by_link'] instead",
        )
    warn(
        f"{argument} is an older form the Cognito API reference calls 'no longer used'; "
        f"prefer verification_message or {_TEMPLATE}['{twin}']"
    )
