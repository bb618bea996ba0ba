"""What every child resource is given: ``parent``, the wait on every late check, set inputs only."""

from collections.abc import Sequence
from typing import Any

import pulumi

from ..outputs import is_output


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
