"""The fix lines work when copied: each AWS CLI command names its Region (pure)."""

from __future__ import annotations

import re
from dataclasses import replace

from cognito_ses_email.doctor.checks import run_checks

from .test_checks import ACCOUNT, configured, deployment


def test_every_aws_cli_command_in_a_fix_names_its_region() -> None:
    far = "eu-west-1"
    name = "no-reply@example.org"
    broken = deployment(
        "DEVELOPER",
        name=name,
        identity=None,
        policies={},
        notifications={},
        account={"SendingEnabled": False, "ProductionAccessEnabled": False, "SendQuota": {}},
        configuration_set=None,
    )
    broken = configured(
        broken, SourceArn=f"arn:aws:ses:{far}:{ACCOUNT}:identity/{name}", ConfigurationSet="mail"
    )
    pending = replace(
        broken, identity={"VerificationStatus": "PENDING"}, notifications={"BounceTopic": "t"}
    )
    cognito_default = configured(pending, EmailSendingAccount="COGNITO_DEFAULT")
    fixes = [c.fix or "" for d in (broken, pending, cognito_default) for c in run_checks(d)]
    commands = [
        m[0]
        for fix in fixes
        for m in re.finditer(r"\baws (?:sesv2|ses|cognito-idp|sns|cloudwatch) [^;()]*", fix)
    ]
    kinds = {c.split()[2] for c in commands}
    assert kinds >= {
        "create-email-identity",
        "verify-email-identity",
        "create-email-identity-policy",
        "put-account-sending-attributes",
        "put-account-details",
        "create-configuration-set",
        "set-identity-notification-topic",
    }, kinds
    assert all(c.rstrip().endswith(f"--region {far}") for c in commands), commands
    assert not any("pulumi" in fix for fix in fixes)
