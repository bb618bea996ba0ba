"""cognito-ses-email: a Cognito user pool that sends its emails through your SES identity.

The component's names are loaded on first use (module ``__getattr__``), so that the parts
that need no Pulumi, such as the doctor (``python -m cognito_ses_email.doctor``), start
without importing pulumi.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .component import (
        CognitoSesEmail,
        CognitoSesEmailArgs,
        EmailConfiguration,
        FeedbackNotifications,
        InvitationMessage,
        ReputationAlarms,
        VerificationMessage,
    )

__version__ = "0.3.0"

__all__ = [
    "CognitoSesEmail",
    "CognitoSesEmailArgs",
    "EmailConfiguration",
    "FeedbackNotifications",
    "InvitationMessage",
    "ReputationAlarms",
    "VerificationMessage",
    "__version__",
]

#: The names above that live in .component (everything but __version__).
_COMPONENT_NAMES = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> object:
    """Load the component's names (and pulumi) when one is first asked for."""
    if name in _COMPONENT_NAMES:
        value = getattr(import_module(".component", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _COMPONENT_NAMES)
