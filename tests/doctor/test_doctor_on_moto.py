"""The doctor against a real endpoint: moto's server, through AWS_ENDPOINT_URL.

Each test deploys what a user would have after ``pulumi up`` (or a broken variant), runs
the doctor's command line in-process (and once as a real process), and reads its JSON.
"""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from cognito_ses_email.doctor.cli import main
from cognito_ses_email.rules.policies import account_policy, user_pool_policy

from .conftest import ACCOUNT, REGION, Aws, isolated_environment, unique
from .hide import run_python

pytestmark = pytest.mark.moto

PolicyMaker = Callable[[str, str], str]


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, object]:
        loaded = json.loads(self.stdout)
        assert isinstance(loaded, dict)
        return loaded

    def check(self, words: str) -> Mapping[str, object]:
        """The one check whose name contains ``words``."""
        checks = self.report["checks"]
        assert isinstance(checks, list)
        [found] = [c for c in checks if words in c["name"]]
        return found

    def statuses(self) -> dict[str, str]:
        checks = self.report["checks"]
        assert isinstance(checks, list)
        return {c["name"]: c["status"] for c in checks}


def doctor(*argv: str) -> Run:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=stdout, stderr=stderr)
    return Run(status, stdout.getvalue(), stderr.getvalue())


def deploy(
    aws: Aws,
    *,
    sending_account: str = "COGNITO_DEFAULT",
    identity: str | None = None,
    create_identity: bool = True,
    policy: PolicyMaker | None = user_pool_policy,
    from_address: str | None = None,
    configuration_set: str | None = None,
) -> tuple[str, str]:
    """A user pool and its SES identity as after ``pulumi up``: (pool id, identity name)."""
    name = identity or f"{unique('no-reply')}@example.com"
    identity_arn = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{name}"
    ses = aws.client("ses")
    if create_identity and "@" in name:
        ses.verify_email_identity(EmailAddress=name)
    elif create_identity:
        ses.verify_domain_identity(Domain=name)
    email_configuration = {"EmailSendingAccount": sending_account, "SourceArn": identity_arn}
    if from_address:
        email_configuration["From"] = from_address
    if configuration_set:
        email_configuration["ConfigurationSet"] = configuration_set
    pool = aws.client("cognito-idp").create_user_pool(
        PoolName=unique("pool"), EmailConfiguration=email_configuration
    )["UserPool"]
    if create_identity and policy is not None and sending_account == "COGNITO_DEFAULT":
        aws.client("sesv2").create_email_identity_policy(
            EmailIdentity=name,
            PolicyName="cognito",
            Policy=policy(identity_arn, pool["Arn"]),
        )
    return pool["Id"], name


def test_a_correct_cognito_default_deployment_passes(aws: Aws) -> None:
    pool_id, name = deploy(aws)
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 0, run.stdout
    assert run.stderr == ""
    statuses = run.statuses()
    assert "fail" not in statuses.values()
    for words in ("SourceArn", "Region pair", "exists", "verified", "FROM address", "policy"):
        assert run.check(words)["status"] == "pass", run.check(words)
    assert name in str(run.check("FROM address")["detail"])
    assert pool_id in str(run.check("policy")["detail"])
    # The 50 a day is always worth a warning in this mode.
    assert run.check("daily quota")["status"] == "warn"
    assert "50" in str(run.check("daily quota")["detail"])


def test_the_component_s_account_wide_policy_passes(aws: Aws) -> None:
    """source_arn_scope='account' (the default): ArnLike on userpool/* covers the pool."""
    pool_id, _ = deploy(aws, policy=lambda identity, pool: account_policy(identity, None))
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 0
    assert run.check("policy")["status"] == "pass"


def test_the_report_s_json_shape(aws: Aws) -> None:
    pool_id, _ = deploy(aws)
    report = doctor("--user-pool-id", pool_id, "--json").report
    assert report["userPoolId"] == pool_id
    assert report["region"] == REGION
    assert report["sendingAccount"] == "COGNITO_DEFAULT"
    checks = report["checks"]
    assert isinstance(checks, list) and checks
    for check in checks:
        assert set(check) == {"name", "status", "detail", "fix"}
        assert check["status"] in {"pass", "warn", "fail", "unknown"}
        assert isinstance(check["detail"], str) and "\n" not in check["detail"]
        assert (check["fix"] is None) == (check["status"] == "pass")
    assert report["summary"] == {
        status: sum(c["status"] == status for c in checks)
        for status in ("pass", "warn", "fail", "unknown")
    }


def test_a_missing_policy_fails_with_the_policy_to_attach(aws: Aws) -> None:
    pool_id, name = deploy(aws, policy=None)
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 1
    policy = run.check("policy")
    assert policy["status"] == "fail"
    assert policy["detail"] == f"no policy on {name}"
    fix = str(policy["fix"])
    assert "create-email-identity-policy" in fix
    assert '"aws:SourceAccount":"123456789012"' in fix and pool_id in fix
    # Only the policy is wrong.
    assert [n for n, s in run.statuses().items() if s == "fail"] == [policy["name"]]


def test_a_policy_for_another_account_fails(aws: Aws) -> None:
    def other_account(identity: str, pool: str) -> str:
        return user_pool_policy(identity, pool).replace(
            '"aws:SourceAccount":"123456789012"', '"aws:SourceAccount":"210987654321"'
        )

    pool_id, _ = deploy(aws, policy=other_account)
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 1
    policy = run.check("policy")
    assert policy["status"] == "fail"
    assert "aws:SourceAccount is 210987654321, which does not admit 123456789012" in str(
        policy["detail"]
    )


def test_a_policy_for_another_pool_fails(aws: Aws) -> None:
    other_pool = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_SomeOtherPool"
    pool_id, _ = deploy(aws, policy=lambda identity, pool: user_pool_policy(identity, other_pool))
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 1
    policy = run.check("policy")
    assert policy["status"] == "fail"
    assert f"ArnLike aws:SourceArn is {other_pool}, which does not admit" in str(policy["detail"])
    assert pool_id in str(policy["fix"])


def test_a_pool_naming_an_identity_that_does_not_exist_fails(aws: Aws) -> None:
    pool_id, name = deploy(aws, create_identity=False)
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 1
    exists = run.check("exists")
    assert exists["status"] == "fail"
    assert exists["detail"] == f"no identity {name} in SES {REGION}"
    assert "create-email-identity" in str(exists["fix"])
    assert run.check("verified")["status"] == "fail"


def test_developer_mode_in_the_sandbox_warns(aws: Aws) -> None:
    configuration_set = unique("cognito-mail")
    aws.client("ses").create_configuration_set(ConfigurationSet={"Name": configuration_set})
    domain = f"{unique('d')}.example.com"
    pool_id, _ = deploy(
        aws,
        sending_account="DEVELOPER",
        identity=domain,
        from_address=f'"Example, Inc." <no-reply@{domain}>',
        configuration_set=configuration_set,
    )
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 3, run.stdout  # nothing fails; "SES sending enabled" cannot be read
    assert run.report["sendingAccount"] == "DEVELOPER"
    sandbox = run.check("sandbox")
    assert sandbox["status"] == "warn"
    # moto has no sesv2 GetAccount: the sandbox is told by GetSendQuota's 200 and 1.
    assert str(sandbox["detail"]).startswith("probably in the SES sandbox")
    assert "GetAccount answered HTTP 404" in str(sandbox["detail"])
    assert "production access" in str(sandbox["fix"])
    quota = run.check("24-hour quota")
    assert (quota["status"], quota["detail"]) == (
        "pass",
        "sent 0 of 200 in the last 24 hours; 1 a second",
    )
    assert run.check("configuration set")["status"] == "pass"
    # moto implements neither GetAccount nor GetAccountSendingEnabled.
    sending = run.check("sending enabled")
    assert sending["status"] == "unknown"
    assert str(sending["detail"]).startswith("could not check:")
    assert [n for n, s in run.statuses().items() if s == "unknown"] == [sending["name"]]
    assert run.check("FROM address")["status"] == "pass"
    assert "policy" not in " ".join(run.statuses())  # DEVELOPER needs none
    assert {"DKIM signing", "MAIL FROM domain"} <= set(run.statuses())


def test_developer_mode_with_a_missing_configuration_set_fails(aws: Aws) -> None:
    pool_id, _ = deploy(aws, sending_account="DEVELOPER", configuration_set=unique("missing"))
    run = doctor("--user-pool-id", pool_id, "--json")
    assert run.status == 1
    assert run.check("configuration set")["status"] == "fail"


def test_the_human_checklist_without_colour_when_piped(
    aws: Aws, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool_id, _ = deploy(aws, policy=None)
    monkeypatch.delenv("NO_COLOR", raising=False)
    run = doctor("--user-pool-id", pool_id)
    assert run.status == 1
    lines = run.stdout.splitlines()
    assert lines[0] == f"user pool {pool_id} ({REGION}, COGNITO_DEFAULT)"
    assert "\033[" not in run.stdout  # a StringIO is no terminal
    [failed] = [i for i, line in enumerate(lines) if line.startswith("  FAIL")]
    assert "sending authorization policy" in lines[failed]
    assert lines[failed + 1].startswith("        fix: attach one: aws sesv2 create-email-identity")
    assert lines[-1].endswith("warnings, 1 failed, 0 not checked")


def test_a_pool_that_does_not_exist_cannot_run(aws: Aws) -> None:
    run = doctor("--user-pool-id", f"{REGION}_DoesNotExist1")
    assert run.status == 2
    assert run.stdout == ""
    assert run.stderr == f"error: no user pool {REGION}_DoesNotExist1 in {REGION}\n"


def test_the_region_comes_from_the_pool_id_when_nothing_names_one(
    aws: Aws, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool_id, _ = deploy(aws)
    monkeypatch.delenv("AWS_REGION")
    assert doctor("--user-pool-id", pool_id, "--json").report["region"] == REGION


def test_region_overrides_the_environment(aws: Aws) -> None:
    pool_id, _ = deploy(aws)
    run = doctor("--user-pool-id", pool_id, "--region", "eu-west-1")
    assert run.status == 2
    hint = f"(the id says {REGION}: try --region {REGION})"
    assert run.stderr == f"error: no user pool {pool_id} in eu-west-1 {hint}\n"


def _subprocess(
    argv: list[str], environment: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """The doctor as a real process, with pulumi hidden: it must not need it."""
    return run_python(
        ["-m", "cognito_ses_email.doctor", *argv],
        tmp_path,
        hidden={"pulumi", "pulumi_aws"},
        environment=environment,
    )


def test_as_a_real_process_it_passes_a_correct_deployment(
    aws: Aws, aws_environment: dict[str, str], tmp_path: Path
) -> None:
    pool_id, _ = deploy(aws)
    result = _subprocess(["--user-pool-id", pool_id, "--json"], aws_environment, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["userPoolId"] == pool_id


def test_an_unreachable_endpoint_cannot_run(
    aws_environment: dict[str, str], tmp_path: Path
) -> None:
    import socket

    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    environment = {**aws_environment, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    result = _subprocess(["--user-pool-id", f"{REGION}_AbC123"], environment, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: cannot reach the AWS endpoint: ")
    assert f"127.0.0.1:{port}" in line


def test_no_credentials_cannot_run(moto_endpoint: str, tmp_path: Path) -> None:
    environment = isolated_environment(tmp_path, AWS_ENDPOINT_URL=moto_endpoint, AWS_REGION=REGION)
    result = _subprocess(["--user-pool-id", f"{REGION}_AbC123"], environment, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: no AWS credentials found")
    assert len(result.stderr.splitlines()) == 1


def test_a_profile_that_does_not_exist_cannot_run(
    aws_environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    run = doctor("--user-pool-id", f"{REGION}_AbC123")
    assert (run.status, run.stdout) == (2, "")
    assert run.stderr == "error: The config profile (no-such-profile) could not be found\n"
