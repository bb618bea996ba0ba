"""This repository's name for the ``cognito_ses_email`` package (``components/cognito_ses_email``).

The example stack and ``python -m components.plan`` import the component from here; an
installed wheel is imported as ``cognito_ses_email``. When Pulumi runs this directory as a
provider plugin, this file is not imported at all (see ``__main__.py``).
"""

from .cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs, __version__

__all__ = ["CognitoSesEmail", "CognitoSesEmailArgs", "__version__"]
