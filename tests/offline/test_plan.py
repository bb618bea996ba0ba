"""`python -m cognito_ses_email.plan`, the offline plan, run as a reviewer runs it (a process)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cognito_ses_email.offline.plan import (
    PlanError,
    config_string,
    environment_imports,
    explain,
    load_project,
    matches_type,
)
from tests.support import ROOT, run_module

GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

ACCOUNT = "123456789012"
IDENTITY = "cognito-email-identity"
POLICY = "cognito-email-sending-authorization"
POOL = "cognito-email-pool"


def plan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_module("cognito_ses_email.plan", *args, cwd=cwd)


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
    # The one check that SES has verified the new address (the simulated account: verified).
    assert default_plan["invokes"] == [GET_EMAIL_IDENTITY]


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
    assert data["invokes"] == ["aws:index/getRegion:getRegion", GET_EMAIL_IDENTITY]
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
    # Pulumi.yaml declares every optional setting with a default: "" (not set) or false.
    assert {key: value for key, value in loaded.config.items() if value not in {"", "false"}} == {
        "cognito-ses-email:deletionProtection": "true",
        "aws:region": "eu-west-2",
        "cognito-ses-email:fromName": "X",
        "cognito-ses-email:createUserPool": "true",  # a boolean default, as text
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
    assert explain(ValueError("policy_name: bad"), loaded) == "policyName (policy_name): bad"
    assert explain(ValueError("tags: bad"), loaded) == "tags: bad"  # not a stack setting
    assert explain(RuntimeError("boom"), loaded) is None


# -- configuration read as the Pulumi CLI reads it -----------------------------------------
#
# Rules from Pulumi's project file reference
# (https://www.pulumi.com/docs/iac/concepts/projects/project-file/) and the CLI's code
# (pulumi/pulumi sdk/go/common/workspace/project.go, config.go, loaders.go).

HEADER = "name: cognito-ses-email\nruntime: python\n"


@pytest.fixture(autouse=True, scope="module")
def no_region_from_the_environment() -> Any:
    """The plan honours AWS_REGION as pulumi-aws does; keep the tester's out of these tests."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
            patch.delenv(variable, raising=False)
        yield


def make_project(
    directory: Path, manifest: str, files: dict[str, str | bytes] | None = None
) -> Path:
    """A project with this Pulumi.yaml, the example program and ``files`` (path: content)."""
    (directory / "Pulumi.yaml").write_text(HEADER + manifest, encoding="utf-8")
    shutil.copy(ROOT / "__main__.py", directory / "__main__.py")
    for name, content in (files or {}).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def test_namespaced_value_in_pulumi_yaml_sets_region_and_arns(tmp_path: Path) -> None:
    make_project(tmp_path, "config:\n  aws:region:\n    value: eu-west-1\n")
    result = plan("--json", "--program", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"] == "eu-west-1"
    assert data["outputs"]["identityArn"] == (
        f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/no-reply@example.com"
    )
    assert data["outputs"]["userPoolArn"].startswith(f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:")
    (statement,) = data["policyDocument"]["Statement"]
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == (
        f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/*"
    )


def test_project_config_forms(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "config:\n"
        "  aws:region: eu-west-2\n"  # a namespaced plain value is a value
        "  fromAddress:\n    type: string\n    default: team@corp.example\n"
        "  cognito-ses-email:userPoolName: pool-from-project\n"  # own namespace, spelled out
        "  deletionProtection: false\n"  # own key, plain: its default
        "  fromName:\n    type: string\n    description: no default, so not set\n",
    )
    loaded = load_project(tmp_path, None, [], environ={})
    assert loaded.config == {
        "aws:region": "eu-west-2",
        "cognito-ses-email:fromAddress": "team@corp.example",
        "cognito-ses-email:userPoolName": "pool-from-project",
        "cognito-ses-email:deletionProtection": "false",
    }
    assert loaded.notes == []


def test_stack_file_overrides_project_config(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "config:\n"
        "  aws:region:\n    value: eu-west-1\n"
        "  fromAddress:\n    type: string\n    default: project@corp.example\n"
        "  userPoolName: pool-from-project\n",
        {
            "Pulumi.dev.yaml": "config:\n"
            "  aws:region: us-west-2\n"
            "  cognito-ses-email:userPoolName: pool-from-stack\n"
        },
    )
    loaded = load_project(tmp_path, "dev", [], environ={})
    assert loaded.config["aws:region"] == "us-west-2"
    assert loaded.config["cognito-ses-email:userPoolName"] == "pool-from-stack"
    assert loaded.config["cognito-ses-email:fromAddress"] == "project@corp.example"
    result = plan("--json", "--program", str(tmp_path), "--stack", "dev")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"] == "us-west-2"
    assert data["outputs"]["identityArn"] == (
        f"arn:aws:ses:us-west-2:{ACCOUNT}:identity/project@corp.example"
    )


@pytest.mark.parametrize("setting", ["stackConfigDir: config\n", "config: config\n"])
def test_stack_config_dir_finds_the_stack_file(tmp_path: Path, setting: str) -> None:
    # "config: <dir>" is the old spelling of stackConfigDir (project.go).
    make_project(
        tmp_path,
        setting,
        {
            "config/Pulumi.dev.yaml": "config:\n  aws:region: ap-southeast-2\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-north-1\n",  # not read
        },
    )
    result = plan("--json", "--program", str(tmp_path), "--stack", "dev")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["region"] == "ap-southeast-2"
    missing = plan("--program", str(tmp_path), "--stack", "prod")
    fails_with_one_line(missing, "Pulumi.prod.yaml", str(tmp_path / "config"))


def test_both_config_and_stack_config_dir_is_refused(tmp_path: Path) -> None:
    make_project(tmp_path, "config: a\nstackConfigDir: b\n")
    fails_with_one_line(
        plan("--program", str(tmp_path), "--stack", "dev"), "keep only stackConfigDir"
    )


def test_esc_environment_is_named_in_a_note(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "",
        {
            "Pulumi.dev.yaml": "environment:\n  - myorg/common\n  - myorg/dev\n"
            "config:\n  cognito-ses-email:fromAddress: team@corp.example\n"
        },
    )
    result = plan("--program", str(tmp_path), "--stack", "dev")
    assert result.returncode == 0, result.stderr
    (note,) = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert "Pulumi.dev.yaml imports the Pulumi ESC environment(s) myorg/common, myorg/dev" in note
    assert "missing" in note
    assert "--config KEY=VALUE" in note
    assert "aws:region" in note  # the Region may come from them: nothing else set it


def test_esc_note_leaves_region_out_when_the_stack_file_sets_it(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "",
        {"Pulumi.dev.yaml": "environment: [myorg/dev]\nconfig:\n  aws:region: eu-west-1\n"},
    )
    loaded = load_project(tmp_path, "dev", [], environ={})
    assert loaded.environments == ["myorg/dev"]
    (note,) = loaded.notes
    assert "myorg/dev" in note
    assert "aws:region" not in note


def test_esc_environment_forms() -> None:
    assert environment_imports({"environment": ["a/b", "c/d"]}) == ["a/b", "c/d"]
    inline = {
        "environment": {
            "imports": ["a/b", {"c/d": {"merge": False}}],
            "values": {"pulumiConfig": {"aws:region": "eu-west-1"}},
        },
        "mainEnvironment": "e/f@3",
    }
    assert environment_imports(inline) == ["a/b", "c/d", "an inline environment", "e/f@3"]
    assert environment_imports({"config": {}}) == []


def test_missing_required_value_with_esc_is_one_error(tmp_path: Path) -> None:
    # The note is not a failure; a value the program requires and nothing sets still is one.
    make_project(
        tmp_path,
        "",
        {"Pulumi.dev.yaml": "environment: [myorg/dev]\nconfig:\n  aws:region: eu-west-1\n"},
    )
    (tmp_path / "__main__.py").write_text(
        "import pulumi\npulumi.Config().require('hostedZoneId')\n", encoding="utf-8"
    )
    fails_with_one_line(
        plan("--program", str(tmp_path), "--stack", "dev"),
        "hostedZoneId is required; pass --config hostedZoneId=VALUE",
    )


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-16", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-16-le", "NUL"),
        ("latin-1", "byte 0xc9 at offset 38"),
    ],
)
def test_stack_file_not_in_utf8_exits_2_with_one_line(
    tmp_path: Path, encoding: str, expected: str
) -> None:
    text = "config:\n  cognito-ses-email:fromName: Équipe\n"
    make_project(tmp_path, "", {"Pulumi.dev.yaml": text.encode(encoding)})
    line = fails_with_one_line(
        plan("--program", str(tmp_path), "--stack", "dev"), "Pulumi.dev.yaml", "save it as UTF-8"
    )
    assert expected in line


def test_pulumi_yaml_in_utf16_exits_2_with_one_line(tmp_path: Path) -> None:
    make_project(tmp_path, "")
    (tmp_path / "Pulumi.yaml").write_bytes(HEADER.encode("utf-16"))
    fails_with_one_line(
        plan("--program", str(tmp_path)), f"{tmp_path / 'Pulumi.yaml'} is UTF-16", "UTF-8"
    )


def test_utf8_with_bom_is_read_as_pulumi_reads_it(tmp_path: Path) -> None:
    # Pulumi strips a UTF-8 byte order mark (readFileStripUTF8BOM in loaders.go).
    text = "config:\n  cognito-ses-email:fromName: Équipe\n  aws:region: eu-west-1\n"
    make_project(tmp_path, "", {"Pulumi.dev.yaml": text.encode("utf-8-sig")})
    (tmp_path / "Pulumi.yaml").write_bytes(HEADER.encode("utf-8-sig"))
    loaded = load_project(tmp_path, "dev", [], environ={})
    assert loaded.name == "cognito-ses-email"
    assert loaded.config["cognito-ses-email:fromName"] == "Équipe"
    assert loaded.config["aws:region"] == "eu-west-1"


def test_nested_value_becomes_json_as_pulumi_passes_it(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "config:\n"
        "  tags:\n    value:\n      team: mail\n      cost: 1.0\n      owners: [a<b, true]\n"
        "  pulumi:tags:\n    value:\n      env: dev\n",
        {"Pulumi.dev.yaml": "config:\n  cognito-ses-email:limits:\n    daily: 50\n"},
    )
    loaded = load_project(tmp_path, "dev", [], environ={})
    tags = loaded.config["cognito-ses-email:tags"]
    # Go's json.Marshal: compact, keys sorted, "<" escaped, 1.0 written as 1.
    assert tags == '{"cost":1,"owners":["a\\u003cb",true],"team":"mail"}'
    assert json.loads(tags) == {"cost": 1, "owners": ["a<b", True], "team": "mail"}
    assert loaded.config["pulumi:tags"] == '{"env":"dev"}'
    assert loaded.config["cognito-ses-email:limits"] == '{"daily":50}'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "true"),
        (5, "5"),
        (2.5, "2.5"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (0.00001, "0.00001"),
        (None, "null"),
        ("as written", "as written"),
        ({"b": [], "a": {"&": "\u2028"}}, '{"a":{"\\u0026":"\\u2028"},"b":[]}'),
    ],
)
def test_config_string_writes_values_as_go_does(value: Any, expected: str) -> None:
    assert config_string(value) == expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("  aws:region:\n    default: eu-west-1\n", "takes 'value:', not 'default:'"),
        ("  aws:region:\n    type: string\n    value: eu-west-1\n", "cannot declare a 'type'"),
        ("  aws:region:\n    description: no value\n", "needs a 'value:'"),
        ("  fromName:\n    default: a\n    value: b\n", "both 'default' and 'value'"),
        ("  tags:\n    team: mail\n", "object value goes under 'value:'"),
        ("  ids:\n    type: array\n", "without 'items'"),
        ("  deletionProtection:\n    type: boolean\n    default: maybe\n", "not of its type"),
        ("  count:\n    type: number\n", "not one of string, integer"),
        ("  a:b:c: 1\n", "<namespace>:<name>"),
    ],
)
def test_project_config_pulumi_refuses_is_one_error(
    tmp_path: Path, config: str, expected: str
) -> None:
    make_project(tmp_path, "config:\n" + config)
    with pytest.raises(PlanError, match=re.escape(expected)) as caught:
        load_project(tmp_path, None, [], environ={})
    assert str(caught.value).startswith("Pulumi.yaml: config ")
    fails_with_one_line(plan("--program", str(tmp_path)), expected)


def test_declared_types_check_stack_and_override_values(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "config:\n"
        "  deletionProtection:\n    type: boolean\n"
        "  retries:\n    type: integer\n"
        "  ids:\n    type: array\n    items:\n      type: string\n",
        {
            "Pulumi.ok.yaml": "config:\n"
            "  cognito-ses-email:deletionProtection: true\n"
            "  cognito-ses-email:retries: '3'\n"
            "  cognito-ses-email:ids: [a, b]\n",
            "Pulumi.bad.yaml": "config:\n  cognito-ses-email:deletionProtection: maybe\n",
        },
    )
    loaded = load_project(tmp_path, "ok", [], environ={})
    assert loaded.config["cognito-ses-email:ids"] == '["a","b"]'
    with pytest.raises(PlanError, match=r"^retries must be of type 'integer'"):
        load_project(tmp_path, "ok", ["retries=three"], environ={})
    line = fails_with_one_line(
        plan("--program", str(tmp_path), "--stack", "bad"), "deletionProtection"
    )
    assert "must be of type 'boolean'" in line
    assert matches_type("array", {"type": "integer"}, [1, "2"])
    assert not matches_type("array", {"type": "integer"}, [1, "two"])
    assert not matches_type("integer", None, True)


def test_stack_file_keys_need_a_namespace(tmp_path: Path) -> None:
    # Pulumi's config.ParseKey refuses a bare key in a stack file.
    make_project(tmp_path, "", {"Pulumi.dev.yaml": "config:\n  fromAddress: a@b.example\n"})
    line = fails_with_one_line(plan("--program", str(tmp_path), "--stack", "dev"), "fromAddress")
    assert "cognito-ses-email:fromAddress" in line
    make_project(tmp_path, "", {"Pulumi.old.yaml": "config:\n  aws:config:region: eu-west-1\n"})
    assert load_project(tmp_path, "old", [], environ={}).config == {"aws:region": "eu-west-1"}


def test_secret_declared_in_project_must_be_encrypted_in_stack(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "config:\n  fromAddress:\n    type: string\n    secret: true\n",
        {"Pulumi.dev.yaml": "config:\n  cognito-ses-email:fromAddress: a@b.example\n"},
    )
    fails_with_one_line(
        plan("--program", str(tmp_path), "--stack", "dev"), "declared secret", "--secret"
    )


def test_encrypted_value_inside_an_object_is_unknown_too(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        "",
        {"Pulumi.dev.yaml": "config:\n  cognito-ses-email:db:\n    password:\n      secure: AA\n"},
    )
    with pytest.raises(PlanError, match=r"db is encrypted in Pulumi\.dev\.yaml"):
        load_project(tmp_path, "dev", [], environ={})


def test_region_from_the_environment_as_pulumi_aws_reads_it(tmp_path: Path) -> None:
    make_project(tmp_path, "")
    loaded = load_project(tmp_path, None, [], environ={"AWS_DEFAULT_REGION": "eu-central-1"})
    assert loaded.config["aws:region"] == "eu-central-1"
    assert loaded.notes == [
        "aws:region is not configured: using eu-central-1 from AWS_DEFAULT_REGION, "
        "as pulumi-aws does"
    ]
    both = {"AWS_REGION": "ca-central-1", "AWS_DEFAULT_REGION": "eu-central-1"}
    assert load_project(tmp_path, None, [], environ=both).config["aws:region"] == "ca-central-1"
    configured = load_project(tmp_path, None, ["aws:region=sa-east-1"], environ=both)
    assert configured.config["aws:region"] == "sa-east-1"
    assert configured.notes == []


def test_plan_region_from_aws_region_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, "")
    monkeypatch.setenv("AWS_REGION", "ap-northeast-1")
    result = plan("--json", "--program", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"] == "ap-northeast-1"
    assert data["outputs"]["identityArn"].startswith(f"arn:aws:ses:ap-northeast-1:{ACCOUNT}:")
    assert any("from AWS_REGION" in note for note in data["notes"])


# -- bring your own pool, notifications and alarms -------------------------------------------


def test_plan_renders_your_own_pool_waiting_for_the_component() -> None:
    data = plan_json("--config", "createUserPool=false")
    resources = by_name(data)
    assert POOL not in resources
    users = resources["users"]
    assert users["parent"] == "cognito-ses-email-plan"
    assert {IDENTITY, POLICY} <= set(users["dependsOn"])
    assert data["emailConfiguration"]["emailSendingAccount"] == "COGNITO_DEFAULT"
    assert data["outputs"]["userPoolId"].startswith("us-east-1_")


def test_plan_renders_notifications_alarms_and_the_topic_policy() -> None:
    data = plan_json(
        "--config", "sendingAccount=DEVELOPER", "--config", "notifications=true",
        "--config", "alarms=true",
    )  # fmt: skip
    types = {resource["type"] for resource in data["resources"]}
    assert {
        "aws:sns/topic:Topic",
        "aws:sns/topicPolicy:TopicPolicy",
        "aws:ses/identityNotificationTopic:IdentityNotificationTopic",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
    } <= types
    assert sorted(n["type"] for n in data["notifications"]) == ["Bounce", "Complaint"]
    principals = [s["Principal"] for s in data["topicPolicyDocument"]["Statement"]]
    assert {"Service": "ses.amazonaws.com"} in principals
    assert data["outputs"]["notificationTopicArn"].startswith("arn:aws:sns:us-east-1:")
    human = plan("--config", "notifications=true").stdout
    assert "Notifications (SES -> SNS):" in human and "Notification topic policy:" in human


def test_alarms_in_cognito_default_mode_exit_2_naming_the_setting() -> None:
    fails_with_one_line(plan("--config", "alarms=true"), "needs sending_account='DEVELOPER'")
