"""Values that may be plain or Outputs: checked now or when they resolve (:class:`Checks`),
with the values given as secrets kept out of the messages."""

import ast
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pulumi

from ..rules import errors
from ..rules.keys import is_pulumi_args

R = TypeVar("R")


def is_output(value: object) -> bool:
    """True for a value that is not known yet (an Output or another awaitable)."""
    return isinstance(value, (pulumi.Output, Awaitable))


def map_value(value: Any, fn: Callable[[Any], R]) -> Any:
    """``fn(value)``, through ``apply`` when ``value`` is an Output."""
    return pulumi.Output.from_input(value).apply(fn) if is_output(value) else fn(value)


def map_values(values: Sequence[Any], fn: Callable[..., R]) -> Any:
    """``fn(*values)``, through ``Output.all(...).apply`` when any value is an Output."""
    if any(is_output(v) for v in values):
        return pulumi.Output.all(*values).apply(lambda resolved: fn(*resolved))
    return fn(*values)


def has_outputs(value: object) -> bool:
    """True when ``value``, or anything inside its dicts, lists or Args objects, is unknown."""
    if is_output(value):
        return True
    if isinstance(value, dict):
        return any(has_outputs(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_outputs(item) for item in value)
    if is_pulumi_args(value):
        return any(has_outputs(item) for item in vars(value).values())
    return False


def map_deep(value: Any, fn: Callable[[Any], R]) -> Any:
    """``fn(value)``, once every Output inside ``value`` has resolved (``Output.from_input``)."""
    return pulumi.Output.from_input(value).apply(fn) if has_outputs(value) else fn(value)


#: What an error message shows instead of a value given as a secret.
SECRET = "[secret]"

# A Python string literal as repr() writes it: how the checks quote a value.
_QUOTED_RE = re.compile(r"'(?:[^'\\\n]|\\.)*'" + "|" + r'"(?:[^"\\\n]|\\.)*"')
# Where a secret may be quoted in part: its local part and domain, an ARN's fields.
_PART_SEPARATORS_RE = re.compile(r"[@:/]")


def _strings_in(value: Any) -> list[str]:
    """The strings in ``value`` and in its dicts, lists and tuples (not the dicts' keys)."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings_in(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings_in(item)]
    return []


def _overlaps(text: str, secrets: Sequence[str]) -> bool:
    """True when ``text`` is part of a secret, or holds one."""
    return len(text) > 1 and any(text in secret or secret in text for secret in secrets)


def _without_quotations(message: str, secrets: Sequence[str]) -> str:
    """``message`` with each quoted part of a secret as ``[secret]``."""
    # From every quote: an apostrophe in the rule text ("email's") would pair with the value's.
    pieces: list[str] = []
    end = 0
    for start, character in enumerate(message):
        if character not in "'\"" or start < end or message[start - 1 : start].isalnum():
            continue
        match = _QUOTED_RE.match(message, start)
        if match is None or message[match.end() : match.end() + 1].isalnum():
            continue
        try:
            text = ast.literal_eval(match.group(0))
        except (ValueError, SyntaxError):
            continue
        if isinstance(text, str) and _overlaps(text, secrets):
            pieces += [message[end:start], SECRET]
            end = match.end()
    return "".join([*pieces, message[end:]])


def _parts(secret: str) -> set[str]:
    """``secret`` and every part of it a message may show alone, however short: an
    address's local part and domain, an ARN's Region, account and resource name (whole,
    and its local part and domain when it is an address)."""
    # Not "arn", the partition, the service or the resource type: rule texts use them too.
    fields = secret.split(":", 5)[3:] if secret.startswith("arn:") else [secret]
    if len(fields) == 3 and "/" in fields[2]:
        fields[2] = fields[2].split("/", 1)[1]  # NAME of identity/NAME
    pieces = {piece for field in fields for piece in _PART_SEPARATORS_RE.split(field)}
    return {part for part in {secret, *fields, *pieces} if part}


def redacted(message: str, secrets: Sequence[str]) -> str:
    """``message`` with every quotation of ``secrets`` (whole or in part) as ``[secret]``.

    A quoted string (as ``repr`` writes it) that is part of a secret goes whole; then
    each secret, and its parts between ``@``, ``:`` and ``/`` (the local part and domain
    of an address, the fields of an ARN) of any length, wherever they stand as a word or
    end a longer name (``mail.x.io`` of the domain ``x.io``). The message always says
    ``[secret]``, so a reader knows a value was left out.
    """
    result = _without_quotations(message, secrets)
    parts = {part for secret in secrets for part in _parts(secret)}
    for part in sorted(parts, key=len, reverse=True):
        result = re.sub(rf"(?<![\w-]){re.escape(part)}(?![\w-])", SECRET, result)
    return result if SECRET in result else f"{result} (value not shown: {SECRET})"


#: The secret strings of the check that is running, for :func:`warn`.
_CHECKED_SECRETS: ContextVar[tuple[str, ...]] = ContextVar("checked_secrets", default=())


def warn(message: str) -> None:
    """``pulumi.log.warn``, without the secrets of the check that is running."""
    secrets = _CHECKED_SECRETS.get()
    pulumi.log.warn(redacted(message, secrets) if secrets else message)


def _checked_with_secrets(
    check: Callable[..., R], values: Sequence[Any], secret: Sequence[bool]
) -> R:
    """``check(*values)``; its ValueError and warnings without the values given as secrets."""
    hidden = [value for value, is_secret in zip(values, secret, strict=True) if is_secret]
    secrets = tuple(text for value in hidden for text in _strings_in(value))
    token = _CHECKED_SECRETS.set(secrets)
    try:
        return check(*values)
    except ValueError as err:
        if not secrets:
            raise
        message = str(err)
    finally:
        _CHECKED_SECRETS.reset(token)
    # Raised outside the except block, so the original message is not chained to it.
    raise ValueError(redacted(message, secrets))


def _secrecy(value: Any) -> pulumi.Output[bool]:
    """Whether ``value`` (an Output, or a dict holding Outputs) is secret, as a plain Output."""
    return pulumi.Output.from_input(pulumi.Output.from_input(value).is_secret())


def checked_late(values: Sequence[Any], check: Callable[..., R], *, deep: bool = False) -> Any:
    """``check(*values)``: now, or once the Outputs among ``values`` resolved.

    A ValueError about a value that arrived as a secret says :data:`SECRET` instead of
    the value (:func:`redacted`): the one place every check gets that from.
    """
    unknown = has_outputs if deep else is_output
    if not any(unknown(v) for v in values):
        return check(*values)
    flags = [_secrecy(v) if unknown(v) else False for v in values]
    resolved = pulumi.Output.all(*(pulumi.Output.from_input(v) for v in values))
    return pulumi.Output.all(resolved, *flags).apply(
        lambda got: _checked_with_secrets(check, got[0], got[1:])
    )


@dataclass
class Checks:
    """Checks plain values now and Output values when they resolve."""

    pending: list[pulumi.Output[Any]] = field(default_factory=list)

    def one(self, value: Any, check: Callable[[Any], R]) -> Any:
        return self.many([value], check)

    def many(self, values: Sequence[Any], check: Callable[..., R], *, deep: bool = False) -> Any:
        """``check(*values)``; ``deep``: once the Outputs inside them (lists, dicts) resolved."""
        return self._kept(checked_late(values, check, deep=deep))

    def deep(self, value: Any, check: Callable[[Any], R]) -> Any:
        """``check`` of ``value`` once the Outputs inside it (a dict's values) resolved."""
        return self._kept(checked_late([value], check, deep=True))

    def _kept(self, checked: Any) -> Any:
        if isinstance(checked, pulumi.Output):
            self.pending.append(checked)
        return checked


def with_secrecy_of(value: Any, *sources: object) -> pulumi.Output[Any]:
    """``value`` as an Output that is secret when any Output among ``sources`` is.

    ``sources`` are the arguments as given, not as checked: a failed check already stops
    every child, and must not be reported a second time through this value.
    """
    outputs = [source for source in sources if isinstance(source, pulumi.Output)]
    if not outputs:
        return value if isinstance(value, pulumi.Output) else pulumi.Output.from_input(value)
    return pulumi.Output.all(value, *outputs).apply(lambda values: values[0])


def optional(args: Mapping[str, Any], checks: Checks, key: str, check: Callable[[Any], Any]) -> Any:
    """The checked value of ``args[key]``, or None when it is not given."""
    value = args.get(key)
    return None if value is None else checks.one(value, check)


def choice(args: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    """A plain argument that decides which resources exist: one of ``choices``."""
    value = args.get(key)
    if value is None:
        return choices[0]
    if is_output(value):
        raise errors.argument_error(
            key, "must be a plain value, not an Output: it decides which resources exist"
        )
    return errors.check_choice(key, value, choices)


def plain_dict(args: Mapping[str, Any], key: str, why: str) -> None:
    """A dict argument whose keys shape the resources: refused as an Output, saying ``why``."""
    if is_output(args.get(key)):
        raise errors.argument_error(key, f"must be a plain dict, not an Output: {why}")
