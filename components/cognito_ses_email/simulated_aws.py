"""Moved to :mod:`cognito_ses_email.offline.simulated_aws`; this name works until 0.4.

For your own tests, use :class:`cognito_ses_email.testing.Mocks`.
"""

import warnings

from .offline.simulated_aws import *  # noqa: F403

warnings.warn(
    "cognito_ses_email.simulated_aws moved to cognito_ses_email.offline.simulated_aws; "
    "for your own tests use cognito_ses_email.testing.Mocks",
    DeprecationWarning,
    stacklevel=2,
)
