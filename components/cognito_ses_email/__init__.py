"""cognito-ses-email: a Cognito user pool that sends its emails through your SES identity."""

from .component import (
    CognitoSesEmail,
    CognitoSesEmailArgs,
    EmailConfiguration,
    FeedbackNotifications,
    InvitationMessage,
    ReputationAlarms,
    VerificationMessage,
)

__version__ = "0.2.0"

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
