"""The doctor: checks a live deployment and says what to fix (docs/doctor.md).

``python -m cognito_ses_email.doctor --user-pool-id POOL_ID [--region REGION] [--json]``; it
reads, never changes. Needs the ``doctor`` extra: ``pip install "cognito-ses-email[doctor]"``.
"""
