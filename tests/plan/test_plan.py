"""`python -m components.plan`: the offline plan, run as a reviewer runs it (a subprocess)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from components.plan import PlanError, explain, load_project
from tests.plan import ROOT, run_module

ACCOUNT = "123456789012"
IDENTITY = "cognito-email-identity"
POLICY = "cognito-email-sending-authorization"
POOL = "cognito-email-pool"


def plan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_module("components.plan", *args, cwd=cwd)


def plan_json(*args: str) -> dict[str, Any]:
    result = plan("--json", *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {resource["name"]: resource for resource in data["resources"]}


def fails_with_one_line(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("error: ")
    for text in expected:
        assert text in line
    return line


@pytest.fixture(scope="module")
def default_plan() -> dict[str, Any]:
    return plan_json()


def test_runs_with_no_arguments_on_a_placeholder_address(default_plan: dict[str, Any]) -> None:
    assert any("placeholder no-reply@example.com" in note for note in default_plan["notes"])
    assert default_plan["account"] == ACCOUNT
    assert default_plan["region"] == "us-east-1"


def test_resource_tree_names_types_and_parents(default_plan: dict[str, Any]) -> None:
    resources = default_plan["resources"]
    assert [(r["type"], r["name"], r["parent"]) for r in resources] == [
        ("pulumi:pulumi:Stack", "cognito-ses-email-plan", None),
        ("cognito-ses-email:index:CognitoSesEmail", "cognito-email", "cognito-ses-email-plan"),
        ("aws:ses/emailIdentity:EmailIdentity", IDENTITY, "cognito-email"),
        ("aws:ses/identityPolicy:IdentityPolicy", POLICY, "cognito-email"),
        ("aws:cognito/userPool:UserPool", POOL, "cognito-email"),
    ]
    assert all(set(r) == {"type", "name", "parent", "dependsOn"} for r in resources)


def test_account_scope_pool_waits_for_policy_and_policy_for_identity(
    default_plan: dict[str, Any],
) -> None:
    resources = by_name(default_plan)
    assert resources[IDENTITY]["dependsOn"] == []
    assert resources[POLICY]["dependsOn"] == [IDENTITY]
    assert POLICY in resources[POOL]["dependsOn"]
    assert POOL not in resources[POLICY]["dependsOn"]


def test_policy_document_is_the_parsed_policy(default_plan: dict[str, Any]) -> None:
    identity_arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
    document = default_plan["policyDocument"]
    assert document["Version"] == "2012-10-17"
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Service": "email.cognito-idp.amazonaws.com"}
    assert statement["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
    assert statement["Resource"] == identity_arn
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"},
    }
    assert json.loads(default_plan["outputs"]["policyDocument"]) == document


def test_email_configuration_and_outputs(default_plan: dict[str, Any]) -> None:
    identity_arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
    assert default_plan["emailConfiguration"] == {
        "emailSendingAccount": "COGNITO_DEFAULT",
        "sourceArn": identity_arn,
    }
    outputs = default_plan["outputs"]
    assert {"userPoolId", "userPoolArn", "identityArn", "policyDocument"} <= set(outputs)
    assert outputs["identityArn"] == identity_arn
    assert outputs["userPoolArn"] == (
        f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/{outputs['userPoolId']}"
    )
    assert default_plan["invokes"] == []


def test_developer_mode_has_no_policy() -> None:
    data = plan_json("--config", "sendingAccount=DEVELOPER", "--config", "fromName=Example Support")
    resources = by_name(data)
    assert POLICY not in resources
    assert resources[POOL]["dependsOn"] == [IDENTITY]
    assert data["policyDocument"] is None
    assert data["outputs"]["policyDocument"] is None
    assert data["emailConfiguration"]["emailSendingAccount"] == "DEVELOPER"
    assert data["emailConfiguration"]["fromEmailAddress"] == (
        "Example Support <no-reply@example.com>"
    )


def test_user_pool_scope_policy_waits_for_the_pool() -> None:
    data = plan_json(
        "--config", "sourceArnScope=user-pool", "--config", "fromAddress=mail@corp.example"
    )
    resources = by_name(data)
    assert POOL in resources[POLICY]["dependsOn"]
    assert POLICY not in resources[POOL]["dependsOn"]
    (statement,) = data["policyDocument"]["Statement"]
    assert statement["Condition"]["ArnLike"] == {"aws:SourceArn": data["outputs"]["userPoolArn"]}
    assert statement["Resource"].endswith(":identity/mail@corp.example")
    assert data["notes"] == []


def test_ses_region_without_pool_region_asks_the_provider_once() -> None:
    data = plan_json("--config", "sesRegion=eu-west-1")
    assert data["invokes"] == ["aws:index/getRegion:getRegion"]
    assert data["outputs"]["identityArn"].startswith("arn:aws:ses:eu-west-1:")


def test_domain_plan_lists_records_and_the_pool_waits_for_verification() -> None:
    data = plan_json(
        "--config",
        "fromAddress=no-reply@example.com",
        "--config",
        "sendingAccount=DEVELOPER",
        "--config",
        "identityDomain=example.com",
        "--config",
        "hostedZoneId=Z0123456789ABCDEFGHIJ",
    )
    resources = by_name(data)
    wait = resources["cognito-email-verification-wait"]
    assert wait["type"] == "aws:ses/domainIdentityVerification:DomainIdentityVerification"
    assert "cognito-email-verification" in wait["dependsOn"]
    assert "cognito-email-verification-wait" in resources[POOL]["dependsOn"]
    assert [r["type"] for r in data["outputs"]["dnsRecords"]] == ["TXT", "CNAME", "CNAME", "CNAME"]
    assert data["emailConfiguration"]["sourceArn"].endswith(":identity/example.com")
    assert data["policyDocument"] is None


def test_domain_that_does_not_match_the_address_exits_2() -> None:
    result = plan(
        "--config",
        "fromAddress=no-reply@example.com",
        "--config",
        "sendingAccount=DEVELOPER",
        "--config",
        "identityDomain=example.org",
    )
    fails_with_one_line(result, "fromAddress (from_address):", "identity_domain to example.com")


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


def test_invalid_from_address_exits_2_with_one_line() -> None:
    line = fails_with_one_line(
        plan("--json", "--config", "fromAddress=a@@b.example"), "fromAddress (from_address):"
    )
    assert "'@'" in line


def test_error_raised_when_an_output_resolves_is_one_line_too() -> None:
    # ses_region is checked against the pool's Region, which comes from an invoke.
    fails_with_one_line(plan("--config", "sesRegion=ap-south-1"), "sesRegion (ses_region):")


def test_ill_typed_setting_exits_2() -> None:
    fails_with_one_line(plan("--config", "deletionProtection=maybe"), "deletionProtection")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--config", "fromAddress"], "KEY=VALUE"),
        (["--config", "aws:region=moon"], "aws:region"),
        (["--stack", "nope"], "Pulumi.nope.yaml"),
        (["--program", "/nonexistent-dir"], "Pulumi.yaml"),
    ],
)
def test_bad_invocations_exit_2(args: list[str], expected: str) -> None:
    fails_with_one_line(plan(*args), expected)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project, so stack files never land in the repository."""
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copy(ROOT / "__main__.py", tmp_path / "__main__.py")
    return tmp_path


def test_reads_the_stack_file_and_overrides(project: Path) -> None:
    (project / "Pulumi.review.yaml").write_text(
        "config:\n"
        "  aws:region: eu-west-1\n"
        "  cognito-ses-email:fromAddress: team@corp.example\n"
        "  cognito-ses-email:deletionProtection: false\n"
        "  cognito-ses-email:userPoolName: from-stack-file\n",
        encoding="utf-8",
    )
    result = plan(
        "--json",
        "--program",
        str(project),
        "--stack",
        "review",
        "--config",
        "userPoolName=overridden",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"] == "eu-west-1"
    assert data["resources"][0]["name"] == "cognito-ses-email-review"
    identity_arn = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/team@corp.example"
    assert data["outputs"]["identityArn"] == identity_arn
    (statement,) = data["policyDocument"]["Statement"]
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == (
        f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/*"
    )
    assert data["notes"] == []


def test_encrypted_stack_value_needs_an_override(project: Path) -> None:
    (project / "Pulumi.sec.yaml").write_text(
        "config:\n  cognito-ses-email:fromAddress:\n    secure: AAABADEADBEEF\n", encoding="utf-8"
    )
    args = ["--program", str(project), "--stack", "sec"]
    fails_with_one_line(plan(*args), "fromAddress is encrypted", "--config fromAddress=")
    result = plan(*args, "--json", "--config", "fromAddress=ok@corp.example")
    assert result.returncode == 0, result.stderr


def test_load_project_qualifies_keys_and_stringifies_values(project: Path) -> None:
    (project / "Pulumi.t.yaml").write_text(
        "config:\n  cognito-ses-email:deletionProtection: true\n  aws:region: us-west-2\n",
        encoding="utf-8",
    )
    loaded = load_project(project, "t", ["fromName=X", "aws:region=eu-west-2"])
    assert loaded.name == "cognito-ses-email"
    assert loaded.config == {
        "cognito-ses-email:deletionProtection": "true",
        "aws:region": "eu-west-2",
        "cognito-ses-email:fromName": "X",
    }
    with pytest.raises(PlanError, match=r"Pulumi\.missing\.yaml"):
        load_project(project, "missing", [])


def test_explain_digs_the_value_error_out_of_wrapping_exceptions(project: Path) -> None:
    loaded = load_project(project, None, ["sesRegion=xx"])
    try:
        try:
            raise ValueError("ses_region: expected an AWS Region code, got 'xx'")
        except ValueError as inner:
            raise RuntimeError("apply failed") from inner
    except RuntimeError as outer:
        assert explain(outer, loaded) == (
            "sesRegion (ses_region): expected an AWS Region code, got 'xx'"
        )
    assert explain(ValueError("policy_name: bad"), loaded) == "policy_name: bad"
    assert explain(RuntimeError("boom"), loaded) is None
