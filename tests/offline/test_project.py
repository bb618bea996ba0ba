"""A project directory's configuration for a stack: Pulumi.yaml, the stack file, --config,
read as the Pulumi CLI reads them (docs/plan.md#sources)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cognito_ses_email.offline.project import PlanError, load_project
from tests.offline.plan_support import (
    ACCOUNT,
    HEADER,
    fails_with_one_line,
    make_project,
    plan,
)

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


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
    (note,) = loaded.notes
    assert "myorg/dev" in note
    assert "aws:region" not in note


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


def test_stack_file_keys_need_a_namespace(tmp_path: Path) -> None:
    # Pulumi's config.ParseKey refuses a bare key in a stack file.
    make_project(tmp_path, "", {"Pulumi.dev.yaml": "config:\n  fromAddress: a@b.example\n"})
    line = fails_with_one_line(plan("--program", str(tmp_path), "--stack", "dev"), "fromAddress")
    assert "cognito-ses-email:fromAddress" in line


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
    assert tags == '{"cost":1.0,"owners":["a<b",true],"team":"mail"}'  # compact, keys sorted
    assert loaded.config["pulumi:tags"] == '{"env":"dev"}'
    assert loaded.config["cognito-ses-email:limits"] == '{"daily":50}'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le", "latin-1"])
def test_a_file_not_in_utf8_is_one_line(tmp_path: Path, encoding: str) -> None:
    text = "config:\n  cognito-ses-email:fromName: Équipe\n"
    make_project(tmp_path, "", {"Pulumi.dev.yaml": text.encode(encoding)})
    with pytest.raises(PlanError, match=r"Pulumi\.dev\.yaml is not UTF-8 text.*save it as UTF-8"):
        load_project(tmp_path, "dev", [], environ={})


def test_esc_environments_in_every_form_are_named(tmp_path: Path) -> None:
    inline = (
        "environment:\n  imports: [a/b, {c/d: {merge: false}}]\n"
        "  values: {pulumiConfig: {x: 1}}\nmainEnvironment: e/f@3\n"
    )
    make_project(tmp_path, "", {"Pulumi.dev.yaml": inline})
    (note,) = load_project(tmp_path, "dev", [], environ={}).notes
    assert "environment(s) a/b, c/d, an inline environment, e/f@3:" in note


def test_a_value_set_on_the_command_line_is_not_read_from_the_encrypted_stack_file(
    tmp_path: Path,
) -> None:
    make_project(
        tmp_path, "", {"Pulumi.dev.yaml": "config:\n  cognito-ses-email:db:\n    secure: AA\n"}
    )
    assert load_project(tmp_path, "dev", ["db=x"], environ={}).config["cognito-ses-email:db"] == "x"
