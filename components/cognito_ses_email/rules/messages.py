"""Cognito's verification and invitation email templates: AWS's rules (pure, no Pulumi).

Checks the ``verification_message`` and ``invitation_message`` arguments and turns them into
pulumi-aws's keyword arguments; the same rules serve the templates in ``user_pool_args``
(:mod:`.pool_args_messages`). Plain values only: resolve Outputs first. Reasoning:
docs/messages.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Literal

from .errors import argument_error, check_text

#: Subject lengths (botocore ``EmailVerificationSubjectType``, also the invitation's subject).
SUBJECT_MIN_LENGTH = 1
SUBJECT_MAX_LENGTH = 140
#: Message lengths (``EmailVerificationMessageType``, ``...ByLinkType``, ``EmailInviteMessageType``)
MESSAGE_MIN_LENGTH = 6
MESSAGE_MAX_LENGTH = 20_000

#: The API model's patterns, in its own (Java) syntax: the test compares them with botocore.
_CHARACTERS = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*"
SUBJECT_PATTERN = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+"
CODE_MESSAGE_PATTERN = _CHARACTERS + r"\{####\}" + _CHARACTERS
LINK_MESSAGE_PATTERN = _CHARACTERS + r"\{##" + _CHARACTERS + r"##\}" + _CHARACTERS
INVITE_MESSAGE_PATTERN = _CHARACTERS

CONFIRM_WITH_CODE = "CONFIRM_WITH_CODE"
CONFIRM_WITH_LINK = "CONFIRM_WITH_LINK"
#: ``DefaultEmailOptionType``, in the model's order.
DEFAULT_EMAIL_OPTIONS = (CONFIRM_WITH_LINK, CONFIRM_WITH_CODE)
#: ``verification_message['style']`` -> ``default_email_option``.
STYLES = {"code": CONFIRM_WITH_CODE, "link": CONFIRM_WITH_LINK}

#: The code (verification) or temporary password (invitation).
CODE_PLACEHOLDER = "{####}"
#: The user name; replaced in invitation messages only.
USERNAME_PLACEHOLDER = "{username}"

MessageKind = Literal["code", "link", "invite"]

# Java's \s; \p{L}, \p{M}, \p{S}, \p{N} and \p{P} are the first letters of the categories.
_JAVA_WHITESPACE = frozenset(" \t\n\x0b\x0c\r")
_ALLOWED_CATEGORY_GROUPS = frozenset("LMSNP")
# What str.splitlines() (and so Python's email package) takes as a line end.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# {##text##}: the text may be anything but braces, and not only '#' ({####} is the code).
_LINK_PLACEHOLDER_RE = re.compile(r"\{##[^{}]*?[^{}#][^{}]*?##\}")

DEVELOPER_ONLY = (
    "the Cognito API reference says a custom email subject or message applies only when "
    "Cognito sends through your own SES account (EmailSendingAccount DEVELOPER; "
    "'VerificationMessageTemplateType', 'MessageTemplateType'), yet CreateUserPool accepts "
    "it in COGNITO_DEFAULT mode and Cognito sends it (AWS CDK sets one on every pool). It is "
    "passed on; if Cognito refuses it, set sending_account='DEVELOPER'"
)


def _describe(character: str) -> str:
    name = unicodedata.name(character, "unnamed character")
    return f"U+{ord(character):04X} {name} ({unicodedata.category(character)})"


def _shown(value: str) -> str:
    """``value`` for an error message: repr, shortened (a message may be 20,000 characters)."""
    return repr(value) if len(value) <= 60 else repr(value[:57]) + "..."


def aws_length(text: str) -> int:
    """``text``'s length in UTF-16 code units: a character beyond U+FFFF counts twice."""
    return len(text.encode("utf-16-le")) // 2


def disallowed_character(text: str) -> str | None:
    """The first character of ``text`` that AWS's template patterns refuse, described, or None.

    Allowed: letters, marks, symbols, numbers, punctuation (``\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}``)
    and Java's ASCII ``\\s``. Refused: other control characters, format characters such
    as U+200D ZERO WIDTH JOINER, separators other than the ASCII space (U+00A0 NO-BREAK
    SPACE, U+2028), private-use, unassigned code points and lone surrogates.
    """
    for character in text:
        if character in _JAVA_WHITESPACE:
            continue
        if unicodedata.category(character)[0] not in _ALLOWED_CATEGORY_GROUPS:
            return _describe(character)
    return None


def _length_problem(text: str, minimum: int, maximum: int) -> str | None:
    if len(text) < minimum:
        return f"must be at least {minimum} characters long, got {len(text)}"
    units = aws_length(text)
    if units <= maximum:
        return None
    wide = ""
    if units != len(text):
        wide = " (characters beyond U+FFFF, such as most emoji, count twice)"
    return f"must be at most {maximum} characters long, got {units}{wide}"


def _characters_problem(text: str) -> str | None:
    bad = disallowed_character(text)
    if bad is None:
        return None
    return (
        f"contains {bad}, which AWS does not accept: it takes letters, marks, symbols, "
        "numbers, punctuation and ASCII whitespace"
    )


def subject_problem(text: str) -> str | None:
    """Why AWS would refuse ``text`` as a subject, or None (``EmailVerificationSubjectType``).

    Also refuses line breaks, which the model's ``\\s`` allows: the subject becomes the
    message's Subject header, one header line, and a line break in it would end the
    header (Python's email package refuses such a header value too).
    """
    if any(character in _LINE_BREAKS for character in text):
        return (
            "must be one line: it becomes the email's Subject header, and a line break "
            "(CR, LF, VT, FF or a Unicode line separator) would end that header"
        )
    return _length_problem(text, SUBJECT_MIN_LENGTH, SUBJECT_MAX_LENGTH) or _characters_problem(
        text
    )


def message_problem(text: str, kind: MessageKind) -> str | None:
    """Why AWS would refuse ``text`` as a ``kind`` email message, or None.

    ``code``: ``EmailVerificationMessageType``, must contain ``{####}``. ``link``:
    ``EmailVerificationMessageByLinkType``, must contain a link placeholder such as
    ``{##Click here##}`` (the model's pattern would take ``{####}`` too; Cognito answers
    "The message is invalid" to a link message without link text: docs/messages.md).
    ``invite``: ``EmailInviteMessageType``, no placeholder required.
    """
    problem = _length_problem(text, MESSAGE_MIN_LENGTH, MESSAGE_MAX_LENGTH) or _characters_problem(
        text
    )
    if problem:
        return problem
    if kind == "code" and CODE_PLACEHOLDER not in text:
        return (
            f"must contain the {CODE_PLACEHOLDER} placeholder, which Cognito replaces with the code"
        )
    if kind == "link" and not _LINK_PLACEHOLDER_RE.search(text):
        return (
            "must contain a link placeholder such as {##Click here##}, which Cognito replaces "
            "with a link whose text is 'Click here'"
        )
    return None


def _checked_text(argument: str, value: Any, problem: Callable[[str], str | None]) -> str:
    if not isinstance(value, str):
        raise argument_error(argument, f"expected a string, got {value!r}")
    check_text(argument, value)
    found = problem(value)
    if found:
        raise argument_error(argument, f"{found} (got {_shown(value)})")
    return value


def check_subject(argument: str, value: Any) -> str:
    """``value`` as a subject, or the ``ValueError`` naming ``argument``."""
    return _checked_text(argument, value, subject_problem)


def check_message(
    argument: str, value: Any, kind: MessageKind, warn: Callable[[str], None] | None = None
) -> str:
    """The message, refused as AWS would refuse it; ``{username}`` outside an invitation is
    accepted by Cognito but not replaced, so ``warn`` says so."""
    text = _checked_text(argument, value, lambda text: message_problem(text, kind))
    if kind != "invite" and USERNAME_PLACEHOLDER in text and warn is not None:
        warn(
            f"{argument}: Cognito replaces {USERNAME_PLACEHOLDER} only in invitation messages; "
            "in this one users see it as typed (docs/messages.md)"
        )
    return text


def warn_without_password(argument: str, body: str, warn: Callable[[str], None]) -> None:
    """Warn when an invitation cannot carry the temporary password (AWS allows it)."""
    if CODE_PLACEHOLDER not in body:
        warn(
            f"{argument} has no {CODE_PLACEHOLDER} placeholder: users created with a "
            "temporary password will not learn it from the invitation. Leave it out only if "
            "your users don't have passwords."
        )


def _component_fields(argument: str, value: Any, keys: tuple[str, ...]) -> Mapping[str, Any]:
    """``value`` as a dict holding only ``keys``, the required ones being subject and body."""
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
    return value


def check_verification_message(
    value: Any, *, developer: bool, warn: Callable[[str], None]
) -> dict[str, str]:
    """The ``verification_message_template`` keyword arguments for ``verification_message``.

    ``value`` is ``{"subject": str, "body": str, "style": "code" | "link"}`` (style
    defaults to ``"code"``). The code style sets ``email_subject`` and ``email_message``
    (the body must contain ``{####}``); the link style sets ``email_subject_by_link`` and
    ``email_message_by_link`` (the body must contain ``{##link text##}``), and only those,
    as CreateUserPool requires. Link emails go out on sign-up and resent confirmation
    codes; other verification emails keep Cognito's code template. A link needs a user
    pool domain.

    ``developer`` is whether ``sending_account`` is ``"DEVELOPER"``: AWS documents custom
    email templates for that mode only, so in COGNITO_DEFAULT mode ``warn`` says so.
    """
    if not developer:
        warn(f"verification_message: {DEVELOPER_ONLY}")
    fields = _component_fields("verification_message", value, ("subject", "body", "style"))
    style = "code" if fields.get("style") is None else fields["style"]
    if style not in STYLES:
        raise argument_error(
            "verification_message['style']", f"must be 'code' or 'link', got {style!r}"
        )
    kind: MessageKind = "link" if style == "link" else "code"
    subject = check_subject("verification_message['subject']", fields["subject"])
    body = check_message("verification_message['body']", fields["body"], kind, warn)
    if kind == "link":
        return {
            "default_email_option": CONFIRM_WITH_LINK,
            "email_subject_by_link": subject,
            "email_message_by_link": body,
        }
    return {
        "default_email_option": CONFIRM_WITH_CODE,
        "email_subject": subject,
        "email_message": body,
    }


def check_invitation_message(
    value: Any, *, developer: bool, warn: Callable[[str], None]
) -> dict[str, str]:
    """The ``invite_message_template`` keyword arguments for ``invitation_message``.

    ``value`` is ``{"subject": str, "body": str}``; the result is ``{"email_subject",
    "email_message"}``. In the body, Cognito replaces ``{####}`` with the temporary
    password and ``{username}`` with the new user's user name (AdminCreateUser). A body
    without ``{####}`` is passed to ``warn`` (e.g. ``pulumi.log.warn``), not refused: AWS
    allows it for users without passwords. ``{username}`` is optional.

    ``developer`` is whether ``sending_account`` is ``"DEVELOPER"``: AWS documents custom
    email templates for that mode only, so in COGNITO_DEFAULT mode ``warn`` says so.
    """
    if not developer:
        warn(f"invitation_message: {DEVELOPER_ONLY}")
    fields = _component_fields("invitation_message", value, ("subject", "body"))
    subject = check_subject("invitation_message['subject']", fields["subject"])
    body = check_message("invitation_message['body']", fields["body"], "invite")
    warn_without_password("invitation_message['body']", body, warn)
    return {"email_subject": subject, "email_message": body}
