"""Which component sends which notifications of an SES identity, in the running program.

SES keeps one SNS topic per (identity, notification type), so a second component's claim on the
same keys is reported (docs/operations.md). The claims belong to the program, not the process:
a test suite runs many programs in one process (each with fresh mocks), and so does the
Automation API.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import pulumi

#: (identity, Region, notification type) -> the component that claimed it, and whether
#: it gave the identity as a secret.
Claims = dict[tuple[str, str, str], tuple[str, bool]]

#: Each program's claims, by :func:`_program`; forgotten with the program.
_BY_PROGRAM: weakref.WeakKeyDictionary[object, Claims] = weakref.WeakKeyDictionary()


class _Process:
    """The program where the process is one: a component provider, or no runtime at all."""


_PROCESS = _Process()


def _program() -> object:
    """What is new with each program: its resource monitor (a program gets one when it
    starts, ``set_mocks`` makes one). A component provider has no root stack and gets a new
    monitor with every Construct, but the engine starts it for one deployment: there the
    process is the program."""
    monitor = pulumi.runtime.settings.get_monitor()
    if monitor is None or pulumi.runtime.get_root_resource() is None:
        return _PROCESS
    return monitor


@dataclass(frozen=True)
class Conflict:
    """Another component claimed the same notifications first."""

    other: str
    #: Whether either gave the identity as a secret (a message must not show it).
    secret: bool


def identity_key(identity: str) -> str:
    """An identity name as SES compares it: a domain case-insensitively, an address's
    local part exactly ("the entire email address is case-sensitive", SES guide)."""
    local, at, domain = identity.rpartition("@")
    return f"{local}@{domain.lower()}" if at else identity.lower()


def claim(
    identity: str, region: str, types: tuple[str, ...], component: str, secret: bool = False
) -> Conflict | None:
    """Claims the notification ``types`` of ``identity`` in ``region`` for ``component``;
    the conflict with a component that claimed one of them first, or None."""
    claims = _BY_PROGRAM.setdefault(_program(), {})
    keys = [(identity_key(identity), region, kind) for kind in types]
    for key in keys:
        other = claims.get(key)
        if other is not None and other[0] != component:
            return Conflict(other[0], secret or other[1])
    for key in keys:
        claims[key] = (component, secret)
    return None
