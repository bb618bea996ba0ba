"""The doctor's command line without a server: arguments, help, a missing boto3, output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cognito_ses_email.doctor import cli
from cognito_ses_email.doctor.deployment import Check, Deployment

from .hide import run_python

DOCTOR = ["-m", "cognito_ses_email.doctor"]


def run(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = cli.main(list(argv), stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_help_loads_neither_pulumi_nor_boto3(tmp_path: Path) -> None:
    result = run_python([*DOCTOR, "--help"], tmp_path, hidden={"pulumi", "pulumi_aws", "boto3"})
    assert result.returncode == 0, result.stderr
    assert "--user-pool-id POOL_ID" in result.stdout
    assert "pulumi stack output userPoolId" in result.stdout


def test_the_checks_import_neither_boto3_nor_pulumi(tmp_path: Path) -> None:
    code = "import cognito_ses_email.doctor.checks, cognito_ses_email.doctor.cli; print('ok')"
    result = run_python(["-c", code], tmp_path, hidden={"pulumi", "boto3", "botocore"})
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr


def test_a_missing_boto3_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    result = run_python(
        [*DOCTOR, "--user-pool-id", "us-east-1_AbC123"], tmp_path, hidden={"boto3", "botocore"}
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr == 'error: the doctor needs boto3: pip install "cognito-ses-email[doctor]"\n'
    )


def test_the_package_still_gives_the_component(tmp_path: Path) -> None:
    code = (
        "import sys, cognito_ses_email as c\n"
        "assert 'pulumi' not in sys.modules, 'pulumi loaded by the package itself'\n"
        "from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs\n"
        "from cognito_ses_email.component import CognitoSesEmail as direct\n"
        "assert CognitoSesEmail is direct and 'pulumi' in sys.modules\n"
        "assert 'VerificationMessage' in dir(c)\n"
        "try:\n    c.NoSuchName\nexcept AttributeError as e:\n    print(e)\n"
    )
    result = run_python(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "module 'cognito_ses_email' has no attribute 'NoSuchName'\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "error: the following arguments are required: --user-pool-id (see --help)\n"),
        (
            ("--user-pool-id",),
            "error: argument --user-pool-id: expected one argument (see --help)\n",
        ),
        (
            ("--user-pool-id", "x", "--colour"),
            "error: unrecognized arguments: --colour (see --help)\n",
        ),
        (
            ("--user-pool-id", "not a pool"),
            "error: --user-pool-id 'not a pool' is not a user pool id (REGION_ID, e.g. "
            "us-east-1_AbC123)\n",
        ),
        (
            ("--user-pool-id", "us-east-1_AbC123", "--region", "moon-1"),
            "error: --region 'moon-1' is not an AWS Region code (e.g. us-east-1)\n",
        ),
    ],
)
def test_bad_arguments_are_one_error_line_and_status_2(argv: tuple[str, ...], message: str) -> None:
    assert run(*argv) == (2, "", message)


def test_help_in_process() -> None:
    status, out, err = run("--help")
    assert status == 0 and err == ""
    assert "Exit status: 0 nothing fails, 1 a check fails, 2 the doctor cannot run" in " ".join(
        out.split()
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.use_colour(Terminal())
    assert not cli.use_colour(io.StringIO())  # piped
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli.use_colour(Terminal())
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: set and not empty
    assert cli.use_colour(Terminal())


def test_the_checklist_colours_only_the_status() -> None:
    deployment = Deployment("us-east-1_AbC123", "arn", {"EmailSendingAccount": "DEVELOPER"})
    checks = [Check("a", "pass", "fine"), Check("b", "fail", "broken", "mend it")]
    coloured = cli.as_text(deployment, "us-east-1", checks, colour=True)
    assert "  \033[32mPASS\033[0m  a: fine\n" in coloured
    assert "  \033[31mFAIL\033[0m  b: broken\n        fix: mend it\n" in coloured
    plain = cli.as_text(deployment, "us-east-1", checks, colour=False)
    assert plain == (
        "user pool us-east-1_AbC123 (us-east-1, DEVELOPER)\n\n"
        "  PASS  a: fine\n  FAIL  b: broken\n        fix: mend it\n\n"
        "1 passed, 0 warnings, 1 failed\n"
    )
    assert cli.exit_status(checks) == 1
    assert cli.exit_status([Check("a", "warn", "meh", "fix")]) == 0
