"""The doctor: checks a live deployment and says what to fix.

``python -m cognito_ses_email.doctor --user-pool-id POOL_ID [--region REGION] [--json]``.

It reads a user pool's email configuration from Cognito and, from there, the SES identity,
its policies and the SES account; it never changes anything. Modules: :mod:`.cli` (the
command line), :mod:`.reads` (the AWS calls, boto3), :mod:`.checks` and :mod:`.policy_eval`
(pure rules). Needs the ``doctor`` extra: ``pip install "cognito-ses-email[doctor]"``.
"""
