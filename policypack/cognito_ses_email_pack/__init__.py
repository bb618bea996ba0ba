"""The cognito-ses-email policy pack: ``documents`` (pure checks) and ``policies`` (CrossGuard).

Standalone: it imports nothing from ``cognito_ses_email``. See docs/policy-pack.md.
"""
