"""What the plan is given besides the stack's configuration, and its mistakes: the outputs of
a referenced stack (``--stack-output``), argument keys as a program spells them, and settings
of the AWS provider. Each mistake is one ``error:`` line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.offline.plan_support import fails_with_one_line, own_program, plan

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

REFERENCE = "acme/network/prod"

#: A program that takes its FROM address from another stack's output.
REFERENCING = f"""
import pulumi
from cognito_ses_email import CognitoSesEmail

network = pulumi.StackReference("{REFERENCE}")
CognitoSesEmail("mail", {{"from_address": network.require_output("fromAddress")}})
"""


def test_a_stack_references_outputs_are_given_on_the_command_line(tmp_path: Path) -> None:
    given = f"{REFERENCE}:fromAddress=team@corp.example"
    result = plan("--json", "--program", str(own_program(tmp_path, REFERENCING)),
                  "--stack-output", given)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["emailConfiguration"]["sourceArn"].endswith(":identity/team@corp.example")
    assert [s["identity"] for s in data["verification"]["steps"]] == ["team@corp.example"]


def test_a_stack_reference_not_given_is_one_line_naming_it_and_the_flag(tmp_path: Path) -> None:
    result = plan("--program", str(own_program(tmp_path, REFERENCING)))
    fails_with_one_line(result, REFERENCE, f"--stack-output {REFERENCE}:NAME=VALUE")


def test_an_output_the_command_line_does_not_give_is_one_line_naming_it(tmp_path: Path) -> None:
    project = own_program(tmp_path, REFERENCING)
    result = plan("--program", str(project), "--stack-output", f"{REFERENCE}:zoneId=Z0123")
    fails_with_one_line(result, "'fromAddress'", "--stack-output STACK:fromAddress=VALUE")


@pytest.mark.parametrize("given", ["acme/network/prod", "acme/network/prod:fromAddress", "=x"])
def test_a_malformed_stack_output_is_one_line_without_its_value(given: str) -> None:
    line = fails_with_one_line(plan("--stack-output", given), "--stack-output: expected")
    assert given not in line  # a value may be a secret


@pytest.mark.parametrize("key", ["fromAddress", "from-address", "from_adress"])
def test_an_argument_key_as_the_program_spells_it_is_one_line(tmp_path: Path, key: str) -> None:
    program = (
        "from cognito_ses_email import CognitoSesEmail\n\n"
        f"CognitoSesEmail('mail', {{{key!r}: 'no-reply@example.com'}})\n"
    )
    result = plan("--program", str(own_program(tmp_path, program)))
    line = fails_with_one_line(result, f"error: {key}: is not an argument of CognitoSesEmail")
    assert "did you mean 'from_address'?" in line
    assert "placeholder" not in line


def test_a_misspelt_provider_key_is_one_line_with_a_did_you_mean(project: Path) -> None:
    line = fails_with_one_line(
        plan("--program", str(project), "--config", "aws:regoin=eu-west-1"),
        "aws:regoin (set in --config) is not a setting of pulumi-aws",
        "(did you mean 'aws:region'?)",
    )
    assert "Invalid or unknown key" in line
    (project / "Pulumi.dev.yaml").write_text("config:\n  aws:profle: dev\n", encoding="utf-8")
    fails_with_one_line(
        plan("--program", str(project), "--stack", "dev"),
        "aws:profle (set in Pulumi.dev.yaml)",
        "(did you mean 'aws:profile'?)",
    )


def test_provider_keys_pulumi_aws_takes_are_not_refused(project: Path) -> None:
    result = plan("--program", str(project), "--config", "aws:profile=dev",
                  "--config", "aws:skipCredentialsValidation=true")  # fmt: skip
    assert result.returncode == 0, result.stderr
