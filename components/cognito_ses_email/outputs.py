"""Values that may be plain or Outputs, the gate every child waits on, and child options.

A value that arrives as a ``pulumi.Output`` is checked when it resolves, with the same
message as a plain one. Each such check is kept in :class:`Checks`; :class:`ChildOptions`
makes every child resource wait on all of them, so a bad value that arrives late still
stops every resource from being created.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pulumi

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
    if hasattr(type(value), "_pulumi_input_type"):  # a pulumi-aws Args object
        return any(has_outputs(item) for item in vars(value).values())
    return False


def map_deep(value: Any, fn: Callable[[Any], R]) -> Any:
    """``fn(value)``, once every Output inside ``value`` has resolved (``Output.from_input``)."""
    return pulumi.Output.from_input(value).apply(fn) if has_outputs(value) else fn(value)


@dataclass
class Checks:
    """Checks plain values now and Output values when they resolve."""

    pending: list[pulumi.Output[Any]] = field(default_factory=list)

    def one(self, value: Any, check: Callable[[Any], R]) -> Any:
        return self.many([value], check)

    def many(self, values: Sequence[Any], check: Callable[..., R]) -> Any:
        return self._kept(map_values(values, check))

    def deep(self, value: Any, check: Callable[[Any], R]) -> Any:
        """``check`` of ``value`` once the Outputs inside it (a dict's values) resolved."""
        return self._kept(map_deep(value, check))

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


class ChildOptions:
    """``ResourceOptions`` for the component's children: ``parent`` and the checks gate."""

    def __init__(self, parent: pulumi.Resource, checks: Sequence[pulumi.Output[Any]]) -> None:
        self.parent = parent
        #: An (empty) dependency list that resolves once every Output check passed.
        self.gate: pulumi.Output[list[Any]] | None = (
            pulumi.Output.all(*checks).apply(lambda _: []) if checks else None
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
