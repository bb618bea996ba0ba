"""``python -m cognito_ses_email.doctor``: the exit status is :func:`.cli.main`'s."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
