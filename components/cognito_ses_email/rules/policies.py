"""The policies that let Cognito send as an identity and SES publish to a topic (pure)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .arns import is_account, known_identity_arn, parse_arn, parse_identity_arn, parse_topic_arn
from .errors import argument_error

#: The service principal Cognito uses when it sends through SES on your behalf.
COGNITO_EMAIL_PRINCIPAL = "email.cognito-idp.amazonaws.com"

#: The actions Cognito calls on the identity; the policy must allow both.
SEND_ACTIONS = ("ses:SendEmail", "ses:SendRawEmail")


def sending_authorization_policy(identity_arn: str, source_account: str, source_arn: str) -> str:
    """The policy that lets Cognito send as ``identity_arn`` (SES rejects ``AWS:...`` keys)."""
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


def account_policy(
    identity_arn: str, pool_region: str | None, pool_account: str | None = None
) -> str:
    """The policy for every pool of ``pool_account`` in ``pool_region`` (None: the identity's)."""
    parsed = known_identity_arn(identity_arn)
    account = pool_account or parsed.account
    region = pool_region or parsed.region
    every_pool = f"arn:{parsed.partition}:cognito-idp:{region}:{account}:userpool/*"
    return sending_authorization_policy(identity_arn, account, every_pool)


def user_pool_policy(identity_arn: str, user_pool_arn: str) -> str:
    """The policy for exactly one user pool, whose account is ``aws:SourceAccount``."""
    known_identity_arn(identity_arn)
    pool = parse_arn(user_pool_arn)
    if pool is None:
        raise ValueError(f"user_pool_arn: {user_pool_arn!r} is not a user pool ARN")
    return sending_authorization_policy(identity_arn, pool.account, user_pool_arn)


def check_identity_owner(
    identity_arn: str, pool_account: str | None, pool_region: str | None
) -> str:
    """The identity's account, which must be the pool's (``PutIdentityPolicy``: owner only)."""
    owner = known_identity_arn(identity_arn).account
    if not pool_account or pool_account == owner:
        return owner
    policy = account_policy(identity_arn, pool_region, pool_account)
    raise argument_error(
        "identity_arn",
        f"is an identity of account {owner}, and the user pool is in account {pool_account} "
        "(the account of this component's AWS provider). COGNITO_DEFAULT needs a sending "
        "authorization policy on the identity, and SES lets only its owner put one "
        f"(PutIdentityPolicy), so this component puts none: have account {owner} attach "
        f"this policy to the identity: {policy} Then create the user pool without this "
        "component (aws.cognito.UserPool with email_configuration email_sending_account "
        f"'COGNITO_DEFAULT' and source_arn the identity's ARN), or adopt an identity of "
        f"account {pool_account} (docs/why-a-policy.md)",
    )


SOURCE_ARN_SCOPES = ("account", "user-pool")


def topic_policy(
    topic_arn: str, account: str, identity_arns: Sequence[str], alarm_arns: Sequence[str] = ()
) -> str:
    """The policy of a topic the component creates, for SES and ``alarm_arns`` to publish."""
    # StringEquals, as the SES guide writes it: '*' and '?' are legal in an address.
    topic = parse_topic_arn(topic_arn)
    if topic is None or topic.name.endswith(".fifo"):
        raise argument_error("topic_arn", f"expected a Standard SNS topic ARN, got {topic_arn!r}")
    if not is_account(account):
        raise argument_error("account", f"expected a 12-digit AWS account id, got {account!r}")
    if isinstance(identity_arns, str) or not identity_arns:
        raise argument_error(
            "identity_arns", "give the list of identity ARNs that publish to the topic"
        )
    for arn in identity_arns:
        identity = parse_identity_arn(arn)
        if identity is None:
            raise argument_error(
                "identity_arns",
                "expected SES identity ARNs such as "
                f"arn:aws:ses:us-east-1:123456789012:identity/example.com, got {arn!r}",
            )
        if (identity.partition, identity.region) != (topic.partition, topic.region):
            raise argument_error(
                "identity_arns",
                f"{arn} is not in the topic's partition and Region ({topic.partition}, "
                f"{topic.region}); SES publishes only to topics in its own Region",
            )
    statements = [
        _publish("AllowSesFeedback", "ses", topic_arn, "StringEquals", identity_arns, account)
    ]
    if alarm_arns:
        prefix = f"arn:{topic.partition}:cloudwatch:{topic.region}:{topic.account}:alarm:"
        if isinstance(alarm_arns, str) or not all(
            isinstance(a, str) and a.startswith(prefix) and len(a) > len(prefix) for a in alarm_arns
        ):
            raise argument_error(
                "alarm_arns", f"expected alarm ARNs starting with {prefix}, got {alarm_arns!r}"
            )
        statements.append(
            _publish("AllowReputationAlarms", "cloudwatch", topic_arn, "ArnLike", alarm_arns)
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def _publish(
    sid: str, service: str, topic_arn: str, operator: str, sources: Sequence[str], account: str = ""
) -> dict[str, Any]:
    """A statement letting ``service``.amazonaws.com publish to the topic for ``sources``."""
    unique = sorted(set(sources))
    condition: dict[str, Any] = {"aws:SourceAccount": account} if account else {}
    condition["aws:SourceArn"] = unique[0] if len(unique) == 1 else unique
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": f"{service}.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": topic_arn,
        "Condition": {operator: condition},
    }
