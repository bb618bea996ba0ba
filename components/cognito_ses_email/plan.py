"""``python -m cognito_ses_email.plan``: the offline plan's command (:mod:`.offline`)."""

import sys

from .offline.cli import main

if __name__ == "__main__":
    sys.exit(main())
