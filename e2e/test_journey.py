"""The seed's journey and its timeout, through the real engine (stand-in AWS): a new address in
COGNITO_DEFAULT mode, from preview to destroy, with the doctor in the middle."""

from __future__ import annotations

import json
import subprocess
import sys

from .engine import REGION

ADDRESS = "no-reply@example.com"


def _pools(moto) -> list[dict]:
    return list(moto.client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"])


def test_the_seeds_journey(stack, moto) -> None:
    s = stack("example", fromAddress=ADDRESS)

    preview = s.preview(STANDIN_PENDING_CHECKS="never")
    assert "waiting for SES" not in preview.stdout  # a preview makes no check, waits for nothing
    assert not _pools(moto)

    up = s.up(STANDIN_PENDING_CHECKS="3")  # the person clicks after three checks
    assert f"waiting for SES to verify {ADDRESS}" in up.stdout
    out = s.outputs()
    ses = moto.client("sesv2")
    assert ses.get_email_identity(EmailIdentity=ADDRESS)["VerificationStatus"] == "SUCCESS"
    policies = ses.get_email_identity_policies(EmailIdentity=ADDRESS)["Policies"]
    assert [json.loads(p) for p in policies.values()] == [json.loads(out["policyDocument"])]
    pool = moto.client("cognito-idp").describe_user_pool(UserPoolId=out["userPoolId"])["UserPool"]
    assert pool["EmailConfiguration"]["SourceArn"] == out["identityArn"]
    assert pool["EmailConfiguration"]["EmailSendingAccount"] == "COGNITO_DEFAULT"
    assert pool["DeletionProtection"] == "ACTIVE"

    # The offline plan (Pulumi's mocks) names the policy as the engine did.
    plan = [sys.executable, "-m", "cognito_ses_email.plan", "--program", str(s.folder)]
    planned = subprocess.run([*plan, "--stack", "dev"], env=s.env, capture_output=True, text=True)
    assert f"Sending authorization policy '{next(iter(policies))}'" in planned.stdout

    s.up("--expect-no-changes")  # no perpetual diff
    s.pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes")

    doctor_command = ["--user-pool-id", out["userPoolId"], "--region", REGION]
    doctor = subprocess.run(
        [sys.executable, "-m", "cognito_ses_email.doctor", *doctor_command],
        env=s.env,
        capture_output=True,
        text=True,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr

    refused = s.pulumi("destroy", "--yes", ok=False)
    assert "deletion protection" in (refused.stdout + refused.stderr).lower()
    assert [p["Id"] for p in _pools(moto)] == [out["userPoolId"]]  # it stopped at the pool

    s.config(deletionProtection="false")
    s.up()
    s.pulumi("destroy", "--yes")
    assert not _pools(moto)
    assert not ses.list_email_identities()["EmailIdentities"]


def test_the_timeout_then_the_click(stack, moto) -> None:
    s = stack("example", fromAddress=ADDRESS, verificationTimeoutMinutes="1")

    failed = s.up(ok=False, STANDIN_PENDING_CHECKS="never")
    assert f"SES has not verified {ADDRESS} after 1 min" in failed.stdout + failed.stderr
    ses = moto.client("sesv2")
    assert [i["IdentityName"] for i in ses.list_email_identities()["EmailIdentities"]] == [ADDRESS]
    assert not ses.get_email_identity_policies(EmailIdentity=ADDRESS)["Policies"]
    assert not _pools(moto)

    s.up(STANDIN_PENDING_CHECKS="0")  # the link was opened
    assert len(_pools(moto)) == 1
    assert ses.get_email_identity_policies(EmailIdentity=ADDRESS)["Policies"]
