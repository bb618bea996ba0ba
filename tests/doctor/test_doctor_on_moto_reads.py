"""On moto's server: the policies IAM allows that the doctor once misread, an identity of another
account, and how many AWS calls a run makes (no read the checks do not need)."""

from __future__ import annotations

import json

import boto3
import pytest

from cognito_ses_email.rules.policies import account_policy, user_pool_policy

from .conftest import ACCOUNT, REGION, Aws, unique
from .test_doctor_on_moto import PolicyMaker, deploy, doctor

pytestmark = pytest.mark.moto

OTHER_ACCOUNT = "210987654321"


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The AWS API calls of every boto3 session made from now on, as "service Operation"."""
    made: list[str] = []

    class Counting(boto3.session.Session):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.events.register(
                "before-call",
                lambda model, **_: made.append(f"{model.service_model.service_name} {model.name}"),
            )

    monkeypatch.setattr(boto3.session, "Session", Counting)
    return made


def _with_date_deny(identity: str, pool: str) -> str:
    document = json.loads(user_pool_policy(identity, pool))
    document["Statement"].append(
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "ses:*",
            "Resource": identity,
            "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
        }
    )
    return json.dumps(document)


@pytest.mark.parametrize(
    ("policy", "exit_status", "status"),
    [
        # ArnEquals takes wildcards as ArnLike does (IAM: the same test).
        (lambda i, p: account_policy(i, None).replace('"ArnLike"', '"ArnEquals"'), 0, "pass"),
        # A JSON number compares as its text.
        (
            lambda i, p: user_pool_policy(i, p).replace(
                f'"aws:SourceAccount":"{ACCOUNT}"', f'"aws:SourceAccount":{ACCOUNT}'
            ),
            0,
            "pass",
        ),
        # A Deny the doctor cannot evaluate may block every send: not a pass.
        (_with_date_deny, 3, "unknown"),
    ],
    ids=["ArnEquals-wildcard", "number-account", "DateGreaterThan-deny"],
)
def test_policies_as_iam_reads_them(
    aws: Aws, policy: PolicyMaker, exit_status: int, status: str
) -> None:
    pool_id, _ = deploy(aws, policy=policy)
    run = doctor("--user-pool-id", pool_id, "--json")
    assert (run.status, run.check("policy")["status"]) == (exit_status, status), run.stdout
    assert run.report["exitStatus"] == exit_status


def test_an_identity_of_another_account_is_not_looked_up_in_this_one(
    aws: Aws, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = f"{unique('no-reply')}@example.com"
    aws.client("ses").verify_email_identity(EmailAddress=name)  # same name here: not the one
    elsewhere = f"arn:aws:ses:{REGION}:{OTHER_ACCOUNT}:identity/{name}"
    pool_id = aws.client("cognito-idp").create_user_pool(
        PoolName=unique("pool"),
        EmailConfiguration={"EmailSendingAccount": "COGNITO_DEFAULT", "SourceArn": elsewhere},
    )["UserPool"]["Id"]
    made = counting(monkeypatch)
    run = doctor("--user-pool-id", pool_id, "--json")
    assert made == ["cognito-idp DescribeUserPool"]
    assert run.status == 3, run.stdout
    unseen = {
        "detail": f"could not check: cannot see it from this account (account {ACCOUNT}): "
        f"SourceArn names {name} of account {OTHER_ACCOUNT}",
        "fix": f"check it with account {OTHER_ACCOUNT}'s credentials: aws sesv2 "
        f"get-email-identity --email-identity {name} --region {REGION}",
    }
    for words in ("exists", "verified", "policy", "notifications"):
        check = run.check(words)
        assert check["status"] == "unknown"
        assert {k: check[k] for k in unseen} == unseen
    assert run.check("FROM address")["status"] == "pass"  # needs no read


@pytest.mark.parametrize(
    ("sending_account", "exit_status", "calls"),
    [
        (
            "COGNITO_DEFAULT",
            0,
            [
                "cognito-idp DescribeUserPool",
                "sesv2 GetEmailIdentity",  # status, policies (and a domain's DKIM, MAIL FROM)
                "ses GetIdentityNotificationAttributes",
            ],
        ),
        (
            "DEVELOPER",
            3,  # moto answers neither GetAccount nor GetAccountSendingEnabled
            [
                "cognito-idp DescribeUserPool",
                "sesv2 GetEmailIdentity",
                "ses GetIdentityNotificationAttributes",
                "sesv2 GetAccount",  # missing on moto (404): SES v1's two answer instead
                "ses GetAccountSendingEnabled",
                "ses GetSendQuota",
            ],
        ),
    ],
)
def test_the_calls_a_run_makes(
    aws: Aws,
    monkeypatch: pytest.MonkeyPatch,
    sending_account: str,
    exit_status: int,
    calls: list[str],
) -> None:
    pool_id, _ = deploy(aws, sending_account=sending_account)
    made = counting(monkeypatch)
    assert doctor("--user-pool-id", pool_id).status == exit_status
    assert made == calls
