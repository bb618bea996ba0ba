"""Plain property values as the policies read them: ``UNKNOWN`` and the feedback types."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final


class _Unknown:
    """A value that cannot be known until the update (a preview's unknown)."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Final = _Unknown()

#: The notification types whose rates SES reviews an account on, in message order.
FEEDBACK_NOTIFICATION_TYPES: Final = ("Bounce", "Complaint")


def missing_feedback_types(notification_types: Iterable[Any]) -> list[str]:
    """Which of Bounce and Complaint no topic in ``notification_types`` covers.

    An ``UNKNOWN`` type may be either, so nothing is missing then.
    """
    found = list(notification_types)
    if any(t is UNKNOWN for t in found):
        return []
    return [t for t in FEEDBACK_NOTIFICATION_TYPES if t not in found]


def is_set(value: Any) -> bool:
    """A non-empty string, or a value a preview cannot know yet (it may be one)."""
    return value is UNKNOWN or (isinstance(value, str) and value != "")
