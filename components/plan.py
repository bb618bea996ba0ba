"""``python -m components.plan``: the offline plan, as ``python -m cognito_ses_email.plan``."""

import sys

from .cognito_ses_email.plan import main

if __name__ == "__main__":
    sys.exit(main())
