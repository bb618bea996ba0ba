"""Email templates given through ``user_pool_args``: checked by the message rules, merged.

``verification_message_template``, the older top-level ``email_verification_*`` fields and
``admin_create_user_config.invite_message_template`` (dicts or pulumi-aws Args objects) get
the rules of :mod:`.messages`, and the component's own templates are merged into them. Pure:
resolve Outputs first. Reasoning: docs/messages.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import argument_error
from .keys import nested_fields
from .messages import (
    CONFIRM_WITH_LINK,
    DEFAULT_EMAIL_OPTIONS,
    DEVELOPER_ONLY,
    STYLES,
    MessageKind,
    check_message,
    check_subject,
    warn_without_password,
)

_VERIFICATION_EMAIL_KEYS = (
    "email_message",
    "email_subject",
    "email_message_by_link",
    "email_subject_by_link",
)
_LEGACY_KEYS = ("email_verification_message", "email_verification_subject")
_INVITE_EMAIL_KEYS = ("email_message", "email_subject")

_TEMPLATE = "user_pool_args['verification_message_template']"
_ADMIN_CONFIG = "user_pool_args['admin_create_user_config']"
_INVITE = f"{_ADMIN_CONFIG}['invite_message_template']"


def _present(fields: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [key for key in keys if fields.get(key) is not None]


def _both_ways(argument: str, other: str) -> ValueError:
    return argument_error(
        argument,
        f"is also given as {other}; give the email template one way: drop {other}, or "
        f"leave {argument} out",
    )


def check_pool_args_messages(
    pool_args: Mapping[str, Any],
    *,
    developer: bool,
    verification_given: bool,
    invitation_given: bool,
    warn: Callable[[str], None],
) -> None:
    """Apply the template rules to email templates given through ``user_pool_args``.

    ``pool_args`` is ``user_pool_args`` with snake_case keys. Checked: the email fields
    of ``verification_message_template``, the older ``email_verification_message`` /
    ``email_verification_subject``, and the email fields of
    ``admin_create_user_config.invite_message_template``: the same contents as the
    component's arguments, DEVELOPER mode only, and not given both here and through
    ``verification_message`` / ``invitation_message`` (``*_given``). SMS messages and
    ``default_email_option`` are not email templates: allowed in either mode.
    """
    _check_pool_verification(
        pool_args, developer=developer, verification_given=verification_given, warn=warn
    )
    config = nested_fields(_ADMIN_CONFIG, pool_args.get("admin_create_user_config"))
    invite = nested_fields(_INVITE, config.get("invite_message_template"))
    present = _present(invite, _INVITE_EMAIL_KEYS)
    if not present:
        return
    if invitation_given:
        raise _both_ways("invitation_message", f"{_INVITE}['{present[0]}']")
    if not developer:
        warn(f"{_INVITE}['{present[0]}']: {DEVELOPER_ONLY}")
    if "email_subject" in present:
        check_subject(f"{_INVITE}['email_subject']", invite["email_subject"])
    if "email_message" in present:
        argument = f"{_INVITE}['email_message']"
        body = check_message(argument, invite["email_message"], "invite")
        warn_without_password(argument, body, warn)


def _check_pool_verification(
    pool_args: Mapping[str, Any],
    *,
    developer: bool,
    verification_given: bool,
    warn: Callable[[str], None],
) -> None:
    template = nested_fields(_TEMPLATE, pool_args.get("verification_message_template"))
    given = [f"{_TEMPLATE}['{key}']" for key in _present(template, _VERIFICATION_EMAIL_KEYS)]
    legacy = _present(pool_args, _LEGACY_KEYS)
    given += [f"user_pool_args['{key}']" for key in legacy]
    option = template.get("default_email_option")
    if option is not None and option not in DEFAULT_EMAIL_OPTIONS:
        raise argument_error(
            f"{_TEMPLATE}['default_email_option']",
            f"must be one of {', '.join(map(repr, DEFAULT_EMAIL_OPTIONS))}, got {option!r}",
        )
    if not given:
        return
    if verification_given:
        raise _both_ways("verification_message", given[0])
    if not developer:
        warn(f"{given[0]}: {DEVELOPER_ONLY}")
    link = option == CONFIRM_WITH_LINK
    _check_template_matches_option(template, link, warn)
    messages: tuple[tuple[str, MessageKind], ...] = (
        ("email_message", "code"),
        ("email_message_by_link", "link"),
    )
    for key, kind in messages:
        if template.get(key) is not None:
            check_message(f"{_TEMPLATE}['{key}']", template[key], kind, warn)
    for key in ("email_subject", "email_subject_by_link"):
        if template.get(key) is not None:
            check_subject(f"{_TEMPLATE}['{key}']", template[key])
    _check_legacy(pool_args, legacy, template, link, warn)


def _check_template_matches_option(
    template: Mapping[str, Any], link: bool, warn: Callable[[str], None]
) -> None:
    """One message, the one ``default_email_option`` uses (CreateUserPool's rule)."""
    option = f"{_TEMPLATE}['default_email_option']"
    if (
        template.get("email_message") is not None
        and template.get("email_message_by_link") is not None
    ):
        raise argument_error(
            _TEMPLATE,
            "sets both email_message and email_message_by_link, which Cognito refuses: give "
            "email_message with CONFIRM_WITH_CODE, or email_message_by_link with "
            "CONFIRM_WITH_LINK",
        )
    if link and template.get("email_message") is not None:
        raise argument_error(
            f"{_TEMPLATE}['email_message']",
            f"is the code message, but {option} is CONFIRM_WITH_LINK: give "
            "email_message_by_link (with a {##link text##} placeholder) instead",
        )
    if not link and template.get("email_message_by_link") is not None:
        raise argument_error(
            f"{_TEMPLATE}['email_message_by_link']",
            f"is the link message, but {option} is CONFIRM_WITH_CODE (the default): set it "
            "to CONFIRM_WITH_LINK, or give email_message (with {####}) instead",
        )
    unused = "email_subject" if link else "email_subject_by_link"
    if template.get(unused) is not None:
        used = "CONFIRM_WITH_LINK" if link else "CONFIRM_WITH_CODE"
        warn(f"{_TEMPLATE}['{unused}'] is not used with {used}")


def _check_legacy(
    pool_args: Mapping[str, Any],
    legacy: list[str],
    template: Mapping[str, Any],
    link: bool,
    warn: Callable[[str], None],
) -> None:
    """The older top-level fields: refused where pulumi-aws or Cognito would refuse them."""
    for key in legacy:
        twin = "email_message" if key == "email_verification_message" else "email_subject"
        if template.get(twin) is not None:
            raise argument_error(
                f"user_pool_args['{key}']",
                f"conflicts with {_TEMPLATE}['{twin}'] (pulumi-aws refuses both); keep "
                "the template's",
            )
        if link:
            raise argument_error(
                f"user_pool_args['{key}']",
                "is a code-style message, but the template's default_email_option is "
                "CONFIRM_WITH_LINK and Cognito answers 'The message is invalid'; give "
                f"{_TEMPLATE}['email_message_by_link'] instead",
            )
        warn(
            f"user_pool_args['{key}'] is an older form the Cognito API reference calls "
            f"'no longer used'; prefer verification_message or {_TEMPLATE}['{twin}']"
        )
    if "email_verification_message" in legacy:
        check_message(
            "user_pool_args['email_verification_message']",
            pool_args["email_verification_message"],
            "code",
            warn,
        )
    if "email_verification_subject" in legacy:
        check_subject(
            "user_pool_args['email_verification_subject']", pool_args["email_verification_subject"]
        )


def merge_verification_message_template(
    existing: Any, template: Mapping[str, str]
) -> dict[str, Any]:
    """``user_pool_args['verification_message_template']`` with ``template`` added.

    ``existing`` (None, a dict or a pulumi-aws Args object) may carry the non-email keys
    (``sms_message``, a matching ``default_email_option``); an email key or a different
    ``default_email_option`` is an error naming both arguments. Returns a new
    snake_case dict; ``existing`` is not changed.
    """
    current = nested_fields(_TEMPLATE, existing)
    clash = _present(current, _VERIFICATION_EMAIL_KEYS)
    if clash:
        raise _both_ways("verification_message", f"{_TEMPLATE}['{clash[0]}']")
    option = current.get("default_email_option")
    wanted = template.get("default_email_option")
    if option is not None and option != wanted:
        style = next((name for name, value in STYLES.items() if value == wanted), wanted)
        raise argument_error(
            "verification_message['style']",
            f"is {style!r} ({wanted}) but {_TEMPLATE}['default_email_option'] is {option!r}; "
            "drop one of them",
        )
    return {**current, **template}


def merge_admin_create_user_config(
    existing: Any, invite_template: Mapping[str, str]
) -> dict[str, Any]:
    """``user_pool_args['admin_create_user_config']`` with ``invite_template`` added.

    ``existing`` (None, a dict or a pulumi-aws Args object) keeps its other keys (e.g.
    ``allow_admin_create_user_only``) and its ``invite_message_template``'s
    ``sms_message``; an email key already in that template is an error naming both
    arguments. Returns a new snake_case dict (nested template included); ``existing``
    is not changed.
    """
    config = nested_fields(_ADMIN_CONFIG, existing)
    invite = nested_fields(_INVITE, config.get("invite_message_template"))
    clash = [key for key in invite_template if invite.get(key) is not None]
    if clash:
        raise _both_ways("invitation_message", f"{_INVITE}['{clash[0]}']")
    return {**config, "invite_message_template": {**invite, **invite_template}}
