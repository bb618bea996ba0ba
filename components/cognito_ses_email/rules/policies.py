"""The SES sending authorization policy that lets Cognito send as an identity.

Pure functions: they take plain strings (the resolved outputs of the other
resources) and return the policy JSON, so the same input always gives the same
bytes and no provider call is needed.
"""

from __future__ import annotations

import json
import re

from .arns import IdentityArn, parse_identity_arn

#: The service principal Cognito uses when it sends through SES on your behalf.
COGNITO_EMAIL_PRINCIPAL = "email.cognito-idp.amazonaws.com"

#: The actions Cognito calls on the identity; the policy must allow both.
SEND_ACTIONS = ("ses:SendEmail", "ses:SendRawEmail")

#: SES's rules for a policy name (PutIdentityPolicy): 1-64 letters, digits, - and _.
POLICY_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

#: SES refuses a sending authorization policy larger than this many bytes.
MAX_POLICY_BYTES = 4096


def account_pool_arn_pattern(partition: str, region: str, account: str) -> str:
    """``arn:PARTITION:cognito-idp:REGION:ACCOUNT:userpool/*``: every pool of the account.

    Used as ``aws:SourceArn`` when the policy must exist before the pool does.
    """
    return f"arn:{partition}:cognito-idp:{region}:{account}:userpool/*"


def sending_authorization_policy(identity_arn: str, source_account: str, source_arn: str) -> str:
    """The policy document (compact JSON) that lets Cognito send as ``identity_arn``.

    ``source_arn`` is the user pool ARN, or the account-wide pattern from
    :func:`account_pool_arn_pattern`. Condition keys are lower-case ``aws:``:
    SES rejects ``AWS:SourceAccount`` as an unknown condition field.
    """
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowCognitoToSendAsIdentity",
                "Effect": "Allow",
                "Principal": {"Service": COGNITO_EMAIL_PRINCIPAL},
                "Action": list(SEND_ACTIONS),
                "Resource": identity_arn,
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": source_account},
                    "ArnLike": {"aws:SourceArn": source_arn},
                },
            }
        ],
    }
    return json.dumps(document, separators=(",", ":"))


def identity_region(identity_arn: str) -> str:
    """The Region of an SES identity ARN (from the provider, or checked)."""
    return _parsed(identity_arn).region


def account_policy(identity_arn: str, pool_region: str | None) -> str:
    """The policy for every pool of the identity's account in ``pool_region``.

    ``None`` means the pool shares the identity's Region (read off its ARN). The policy can
    then exist before the pool, so Cognito's permission check at CreateUserPool passes.
    """
    parsed = _parsed(identity_arn)
    every_pool = account_pool_arn_pattern(
        parsed.partition, pool_region or parsed.region, parsed.account
    )
    return sending_authorization_policy(identity_arn, parsed.account, every_pool)


def user_pool_policy(identity_arn: str, user_pool_arn: str) -> str:
    """The policy for exactly one user pool (it can only exist after the pool)."""
    return sending_authorization_policy(identity_arn, _parsed(identity_arn).account, user_pool_arn)


#: Why an identity's ARN can be None: only mocks leave it out (pulumi-aws always answers one).
_NO_ARN_FROM_MOCKS = (
    "identity_arn: the SES identity has no ARN (None): the mocks answered no 'arn' for "
    "aws:ses/emailIdentity:EmailIdentity (or aws:ses/domainIdentity:DomainIdentity), as mocks "
    "that echo their inputs do. Use cognito_ses_email.testing.Mocks, or return an 'arn' "
    "(arn:aws:ses:REGION:ACCOUNT:identity/NAME) from your mocks' new_resource for that type"
)


def _parsed(arn: str | None) -> IdentityArn:
    """The parts of an identity ARN known to be well formed."""
    if arn is None:
        raise ValueError(_NO_ARN_FROM_MOCKS)
    parsed = parse_identity_arn(arn)
    if parsed is None:  # an ARN from the provider, or one checked before, is well formed
        raise ValueError(f"identity_arn: {arn!r} is not an SES identity ARN")
    return parsed
