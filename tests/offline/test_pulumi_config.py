"""Pulumi's configuration rules as the Pulumi CLI applies them (docs/plan.md#sources)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cognito_ses_email.offline.project import load_project
from cognito_ses_email.offline.pulumi_config import (
    PlanError,
    config_string,
    environment_imports,
    matches_type,
)
from tests.offline.plan_support import (
    HEADER,
    fails_with_one_line,
    make_project,
    plan,
)

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


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
    # Go's json.Marshal: compact, keys sorted, "<" escaped, 1.0 written as 1.
    assert tags == '{"cost":1,"owners":["a\\u003cb",true],"team":"mail"}'
    assert json.loads(tags) == {"cost": 1, "owners": ["a<b", True], "team": "mail"}
    assert loaded.config["pulumi:tags"] == '{"env":"dev"}'
    assert loaded.config["cognito-ses-email:limits"] == '{"daily":50}'


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
