"""Policy documents for the document tests: AWS's example statement and the component's policy."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
IDENTITY_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
POOLS_OF_ACCOUNT = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"
POOL_ARN = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/us-east-1_AbCdEfGhI"

#: The component's own policy, as cognito_ses_email.rules.policies builds it (a test keeps
#: the two equal, so the pack is checked against what the component deploys).
COMPONENT_POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"AllowCognitoToSendAsIdentity",'
    '"Effect":"Allow","Principal":{"Service":"email.cognito-idp.amazonaws.com"},'
    '"Action":["ses:SendEmail","ses:SendRawEmail"],'
    '"Resource":"arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com",'
    '"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},'
    '"ArnLike":{"aws:SourceArn":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/*"}}}]}'
)


def component_policy() -> str:
    """The component's policy, built by the component's own code."""
    from cognito_ses_email.rules.policies import sending_authorization_policy

    return sending_authorization_policy(IDENTITY_ARN, ACCOUNT, POOLS_OF_ACCOUNT)


def cognito_statement(**changes: Any) -> dict[str, Any]:
    """The statement of AWS's sending authorization example, with AWS's corrections;
    ``changes`` replace keys (a value of None removes the key)."""
    statement: dict[str, Any] = {
        "Sid": "stmnt1234567891234",
        "Effect": "Allow",
        "Principal": {"Service": ["email.cognito-idp.amazonaws.com"]},
        "Action": ["SES:SendEmail", "SES:SendRawEmail"],
        "Resource": IDENTITY_ARN,
        "Condition": {
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "ArnLike": {"aws:SourceArn": POOL_ARN},
        },
    }
    for key, value in changes.items():
        if value is None:
            statement.pop(key, None)
        else:
            statement[key] = value
    return statement


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def conditions(source_account: dict[str, Any], source_arn: dict[str, Any]) -> dict[str, Any]:
    """A Condition block from two ``{operator: value}`` pairs."""
    block: dict[str, Any] = {}
    for key, tests in (("aws:SourceAccount", source_account), ("aws:SourceArn", source_arn)):
        for operator, value in tests.items():
            block.setdefault(operator, {})[key] = value
    return block
