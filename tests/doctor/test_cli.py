"""The doctor's command line without a server: arguments, help, a missing boto3, output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cognito_ses_email.doctor import cli
from cognito_ses_email.doctor.cli import argument_problem
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
        (
            ("--user-pool-id", "us-east-1_AbC123", "--region", "us-est-1"),
            "error: --region 'us-est-1' is not an AWS Region; did you mean us-east-1?\n",
        ),
    ],
)
def test_bad_arguments_are_one_error_line_and_status_2(argv: tuple[str, ...], message: str) -> None:
    assert run(*argv) == (2, "", message)


def test_a_misspelt_region_from_the_environment_is_one_error_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-wset-1")
    assert run("--user-pool-id", "eu-west-1_AbC123") == (
        2,
        "",
        "error: the configured Region 'eu-wset-1' is not an AWS Region; did you mean eu-west-1?\n",
    )


def test_help_in_process() -> None:
    status, out, err = run("--help")
    assert status == 0 and err == ""
    assert (
        "Exit status: 0 nothing fails, 1 a check fails, 2 the doctor cannot run, 3 nothing fails "
        "but a check could not be checked (????)." in " ".join(out.split())
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
    unknown = Check("c", "unknown", "could not check: denied", "allow it")
    checks = [Check("a", "pass", "fine"), Check("b", "fail", "broken", "mend it"), unknown]
    coloured = cli.as_text(deployment, "us-east-1", checks, colour=True)
    assert "  \033[32mPASS\033[0m  a: fine\n" in coloured
    assert "  \033[31mFAIL\033[0m  b: broken\n        fix: mend it\n" in coloured
    assert "  \033[35m????\033[0m  c: could not check: denied\n" in coloured
    plain = cli.as_text(deployment, "us-east-1", checks, colour=False)
    assert plain == (
        "user pool us-east-1_AbC123 (us-east-1, DEVELOPER)\n\n"
        "  PASS  a: fine\n  FAIL  b: broken\n        fix: mend it\n"
        "  ????  c: could not check: denied\n        fix: allow it\n\n"
        "1 passed, 0 warnings, 1 failed, 1 not checked\n"
    )
    assert cli.exit_status(checks) == 1
    assert cli.exit_status([Check("a", "warn", "meh", "fix")]) == 0
    assert cli.exit_status([Check("a", "warn", "meh", "fix"), unknown]) == 3


@pytest.mark.parametrize(
    ("pool_id", "region", "problem"),
    [
        ("us-east-1_AbC123", None, None),
        ("us-east-1_AbC123", "eu-west-1", None),
        ("AbC123", None, "--user-pool-id 'AbC123' is not a user pool id"),
        ("us-east-1_Ab C", None, "--user-pool-id"),
        ("us-east-1_" + "a" * 50, None, "--user-pool-id"),
        (
            "us-east-1_AbC123",
            "useast1",
            "--region 'useast1' is not an AWS Region; did you mean us-east-1?",
        ),
        (
            "us-east-1_AbC123",
            "us-est-1",
            "--region 'us-est-1' is not an AWS Region; did you mean us-east-1?",
        ),
        (
            "us-east-1_AbC123",
            "eu-west-01",
            "--region 'eu-west-01' is not an AWS Region; did you mean eu-west-1?",
        ),
        ("us-east-1_AbC123", "eu-west-4", None),  # Region-shaped, newer than the table: used
        ("us-east-1_AbC123", "moon-1", "--region 'moon-1' is not an AWS Region code"),
    ],
)
def test_argument_problems(pool_id: str, region: str | None, problem: str | None) -> None:
    found = argument_problem(pool_id, region)
    assert found == problem if problem is None or "?" in problem else str(found).startswith(problem)
