"""Which component sends which notifications of an SES identity, in this program (pure).

SES keeps one SNS topic per (identity, notification type), so a second component's claim on the
same keys is reported (docs/operations.md). Process-wide; :func:`forget_all` starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (identity, Region, notification type) -> the component that claimed it, and whether
#: it gave the identity as a secret.
_CLAIMS: dict[tuple[str, str, str], tuple[str, bool]] = {}


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
    keys = [(identity_key(identity), region, kind) for kind in types]
    for key in keys:
        other = _CLAIMS.get(key)
        if other is not None and other[0] != component:
            return Conflict(other[0], secret or other[1])
    for key in keys:
        _CLAIMS[key] = (component, secret)
    return None


def forget_all() -> None:
    """Forget every claim (a new program in the same process)."""
    _CLAIMS.clear()
