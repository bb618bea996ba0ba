"""Values that may be Outputs: a pure rule applied now, or once they resolve (:func:`late`).

The rules never see an Output (AWS CDK's shape: ``if (!Token.isUnresolved(v)) check(v)``).
An error or a warning about a value given as a secret shows ``[secret]`` instead of it
(:func:`redacted`): done here, so every rule gets it. Every child waits for the checks that
wait for Outputs (:class:`ChildOptions`).
"""

import ast
import re
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import pulumi

from .rules.keys import is_pulumi_args

R = TypeVar("R")

#: What a message shows instead of a value given as a secret.
SECRET = "[secret]"


def is_output(value: object) -> bool:
    """True for a value not known yet (an Output or another awaitable)."""
    return isinstance(value, (pulumi.Output, Awaitable))


def has_outputs(value: object) -> bool:
    """True when ``value``, or anything in its dicts, lists or Args objects, is not known yet."""
    if isinstance(value, dict):
        return any(has_outputs(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_outputs(item) for item in value)
    if is_pulumi_args(value):
        return any(has_outputs(item) for item in vars(value).values())
    return is_output(value)


def late(rule: Callable[..., R], *values: Any, deep: bool = False) -> Any:
    """``rule(*values)`` now, or once the Outputs among them (``deep``: in dicts, lists) resolve."""
    unknown = has_outputs if deep else is_output
    if not any(unknown(value) for value in values):
        return rule(*values)
    secret = [_is_secret(value) if unknown(value) else False for value in values]
    resolved = pulumi.Output.all(*(pulumi.Output.from_input(value) for value in values))
    return pulumi.Output.all(resolved, *secret).apply(
        lambda got: _without_secrets(rule, got[0], got[1:])
    )


class Checks:
    """:func:`late`, keeping the checks that wait for Outputs: every child waits for them."""

    def __init__(self) -> None:
        self.pending: list[pulumi.Output[Any]] = []

    def __call__(self, rule: Callable[..., R], *values: Any, deep: bool = False) -> Any:
        checked = late(rule, *values, deep=deep)
        if isinstance(checked, pulumi.Output):
            self.pending.append(checked)
        return checked


def with_secrecy_of(value: Any, *sources: object) -> pulumi.Output[Any]:
    """``value`` as an Output, secret when an Output among ``sources`` (arguments as given,
    not as checked: a failed check is reported once, by its own Output) is."""
    outputs = [source for source in sources if isinstance(source, pulumi.Output)]
    if not outputs:
        return value if isinstance(value, pulumi.Output) else pulumi.Output.from_input(value)
    return pulumi.Output.all(value, *outputs).apply(lambda values: values[0])


def _is_secret(value: Any) -> pulumi.Output[bool]:
    return pulumi.Output.from_input(pulumi.Output.from_input(value).is_secret())


#: The secret strings of the rule that is running, for :func:`warn`.
_SECRETS: ContextVar[tuple[str, ...]] = ContextVar("secrets", default=())


def warn(message: str) -> None:
    """``pulumi.log.warn``, without the secrets of the rule that is running."""
    secrets = _SECRETS.get()
    pulumi.log.warn(redacted(message, secrets) if secrets else message)


def _without_secrets(rule: Callable[..., R], values: Sequence[Any], secret: Sequence[bool]) -> R:
    hidden = [value for value, is_secret in zip(values, secret, strict=True) if is_secret]
    secrets = tuple(text for value in hidden for text in _strings_in(value))
    token = _SECRETS.set(secrets)
    try:
        return rule(*values)
    except ValueError as error:
        if not secrets:
            raise
        message = str(error)
    finally:
        _SECRETS.reset(token)
    raise ValueError(redacted(message, secrets))  # not chained: the cause quotes the value


def _strings_in(value: Any) -> list[str]:
    """The strings in ``value`` and in its dicts' values, lists and tuples."""
    if isinstance(value, str):
        return [value] if value else []
    if not isinstance(value, (dict, list, tuple)):
        return []
    items = value.values() if isinstance(value, dict) else value
    return [text for item in items for text in _strings_in(item)]


# A Python string literal as repr() writes it: how the rules quote a value.
_QUOTED_RE = re.compile(r"'(?:[^'\\\n]|\\.)*'" + "|" + r'"(?:[^"\\\n]|\\.)*"')


def redacted(message: str, secrets: Sequence[str]) -> str:
    """``message`` with every quotation of ``secrets``, whole or in part, as ``[secret]``.

    A quoted string (as ``repr`` writes it) that is part of a secret goes whole; then each
    secret and its parts between ``@``, ``:`` and ``/`` (an address's local part and domain,
    an ARN's fields) of any length, wherever they stand as a word or end a longer name
    (``mail.x.io`` of the domain ``x.io``). The result always says ``[secret]``.
    """
    pieces, end = [], 0
    for start, character in enumerate(message):
        # From every quote: an apostrophe in the rule's text ("email's") pairs with none.
        if character not in "'\"" or start < end or message[start - 1 : start].isalnum():
            continue
        match = _QUOTED_RE.match(message, start)
        if match is None or message[match.end() : match.end() + 1].isalnum():
            continue
        try:
            text = ast.literal_eval(match.group(0))
        except (ValueError, SyntaxError):
            continue
        if len(text) > 1 and any(text in secret or secret in text for secret in secrets):
            pieces += [message[end:start], SECRET]
            end = match.end()
    result = "".join([*pieces, message[end:]])
    parts = {part for secret in secrets for part in _parts(secret)}
    for part in sorted(parts, key=len, reverse=True):
        result = re.sub(rf"(?<![\w-]){re.escape(part)}(?![\w-])", SECRET, result)
    return result if SECRET in result else f"{result} (value not shown: {SECRET})"


def _parts(secret: str) -> set[str]:
    """``secret`` and parts a message may show alone: address halves, ARN Region/account/name."""
    fields = secret.split(":", 5)[3:] if secret.startswith("arn:") else [secret]
    if len(fields) == 3 and "/" in fields[2]:
        fields[2] = fields[2].split("/", 1)[1]  # NAME of identity/NAME
    pieces = {piece for field in fields for piece in re.split("[@:/]", field)}
    return {part for part in {secret, *fields, *pieces} if part}


class ChildOptions:
    """``ResourceOptions`` for the component's children: ``parent`` and the checks gate."""

    def __init__(
        self, parent: pulumi.Resource, checks: Sequence[pulumi.Output[Any] | None]
    ) -> None:
        self.parent = parent
        waits = [check for check in checks if check is not None]  # None: no such check
        #: An (empty) dependency list that resolves once every Output check passed.
        self.gate: pulumi.Output[list[Any]] | None = (
            pulumi.Output.all(*waits).apply(lambda _: []) if waits else None
        )

    def __call__(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        """``parent=self``, and a wait on every Output check as well as ``depends_on``."""
        deps: Any = list(depends_on) or None
        if self.gate is not None:
            # Through the URNs too: while a checked value is unknown (a preview), the
            # list is unknown, and only the resources behind this Output still count.
            deps = pulumi.Output.all(self.gate, *(d.urn for d in depends_on)).apply(
                lambda _: list(depends_on)
            )
        return pulumi.ResourceOptions(parent=self.parent, depends_on=deps)


def output_of(mapping: dict[str, Any]) -> pulumi.Output[dict[str, Any]]:
    """``mapping`` as one Output, with as few applies as its Output values need."""
    late = {key: value for key, value in mapping.items() if is_output(value)}
    if not late:
        return pulumi.Output.from_input(mapping)
    if len(late) == 1:
        [(key, value)] = late.items()
        return pulumi.Output.from_input(value).apply(lambda v: {**mapping, key: v})
    return pulumi.Output.all(**late).apply(lambda values: {**mapping, **values})


def given(**kwargs: Any) -> dict[str, Any]:
    """The keyword arguments that are set (an unset input costs a serialization)."""
    return {key: value for key, value in kwargs.items() if value is not None}
