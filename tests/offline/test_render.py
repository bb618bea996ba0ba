"""The plan printed for a reader, as JSON and as a Mermaid flowchart."""

from __future__ import annotations

import json

import pytest

from tests.offline.plan_support import (
    IDENTITY,
    POLICY,
    POOL,
    plan,
)

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


def test_human_output_shows_tree_waits_configuration_and_policy() -> None:
    result = plan()
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "placeholder no-reply@example.com" in text
    assert "└─ cognito-email  (cognito-ses-email:index:CognitoSesEmail)" in text
    assert f"├─ {IDENTITY}  (aws:ses/emailIdentity:EmailIdentity)" in text
    assert f"└─ {POOL}  (aws:cognito/userPool:UserPool)" in text
    assert f"{POLICY} <- {IDENTITY}" in text
    assert "emailSendingAccount  COGNITO_DEFAULT" in text
    policy = text.split("Sending authorization policy", 1)[1].split("\n", 1)[1]
    policy = policy.split("\n\nOutputs:", 1)[0]
    assert json.loads(policy)["Statement"][0]["Sid"] == "AllowCognitoToSendAsIdentity"
    assert '\n  "Statement": [' in policy  # pretty-printed
    assert "userPoolId: " in text
