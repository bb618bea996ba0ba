"""The wheel, built from the repository as `pip wheel .` builds it, installed and used as a
user's program uses it: beside the user's own ``components`` package, without the
repository on the path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import cognito_ses_email

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

#: A user's Pulumi program: its own components/ package, and this one installed.
USER_PROGRAM = """
import json, sys
import pulumi
from components import team_name  # the user's own package, not ours
import cognito_ses_email
from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.simulated_aws import run_program

assert "/repo-checkout/" not in cognito_ses_email.__file__

def program():
    email = CognitoSesEmail(team_name(), {"from_address": "no-reply@example.com"})
    pulumi.export("identityArn", email.identity_arn)

run = run_program(program, project="user", stack="dev")
print(json.dumps({
    "file": cognito_ses_email.__file__,
    "version": cognito_ses_email.__version__,
    "resources": sorted((r.type, r.name) for r in run.registrations),
    "outputs": run.outputs,
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # The build writes build/ and *.egg-info beside its sources: build a copy of what the
    # wheel is made of, so that the checkout stays clean.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "components" / "cognito_ses_email",
        source / "components" / "cognito_ses_email",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--quiet", "--disable-pip-version-check", "-w", str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=out,
    )  # fmt: skip
    [built] = out.glob("*.whl")
    return built


def test_the_wheel_holds_one_typed_package_with_its_metadata(wheel: Path) -> None:
    version = cognito_ses_email.__version__
    assert wheel.name == f"cognito_ses_email-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = Parser().parsestr(
            archive.read(f"cognito_ses_email-{version}.dist-info/METADATA").decode()
        )
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith("-info")}
    assert packages == {"cognito_ses_email"}
    assert "cognito_ses_email/py.typed" in names
    assert "cognito_ses_email/testing.py" in names  # users' tests import the Mocks
    # The doctor: its own sub-package, its boto3 an extra (not a requirement of the package).
    doctor = {
        "__init__",
        "__main__",
        "cli",
        "checks",
        "deployment",
        "policy_eval",
        "reads",
    }
    assert {f"cognito_ses_email/doctor/{module}.py" for module in doctor} <= set(names)
    assert f"cognito_ses_email-{version}.dist-info/licenses/LICENSE" in names
    assert metadata["Name"] == "cognito-ses-email"
    assert metadata["Version"] == version
    assert metadata["License-Expression"] == "Apache-2.0"
    declared = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]
    runtime = {r.name: r.specifier for r in declared if r.marker is None}
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [Requirement(line) for line in pyproject["project"]["dependencies"]]
    assert runtime == {r.name: r.specifier for r in wanted}
    assert {"pulumi", "pulumi-aws"} <= set(runtime)
    # Development tools are an extra, never a requirement of the package.
    assert all("extra" in str(r.marker) for r in declared if r.marker is not None)
    assert "doctor" in (metadata.get_all("Provides-Extra") or [])
    doctor_extra = [
        Requirement(line) for line in pyproject["project"]["optional-dependencies"]["doctor"]
    ]
    in_wheel = {r.name: r.specifier for r in declared if 'extra == "doctor"' in str(r.marker)}
    assert in_wheel == {r.name: r.specifier for r in doctor_extra}
    assert "boto3" in in_wheel and "boto3" not in runtime


def install_wheel(wheel: Path, site: Path) -> Path:
    """The wheel's files alone in ``site`` (its dependencies come from this environment)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
         "--disable-pip-version-check", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    return site


def run_in(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python args`` in the user's project directory, with only ``env``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_user_program_imports_its_own_components_and_this_package(
    wheel: Path, tmp_path: Path
) -> None:
    site = install_wheel(wheel, tmp_path / "site")
    project = tmp_path / "user-project"
    (project / "components").mkdir(parents=True)
    (project / "components" / "__init__.py").write_text(
        'def team_name() -> str:\n    return "team-mail"\n'
    )
    (project / "program.py").write_text(USER_PROGRAM.replace("/repo-checkout/", str(ROOT) + "/"))
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PULUMI_CONFIG"}}
    env["PYTHONPATH"] = str(site)
    result = run_in(project, env, "program.py")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["file"].startswith(str(site))
    assert seen["version"] == cognito_ses_email.__version__
    assert sorted(name for _, name in seen["resources"]) == [
        "team-mail",  # named by the user's own components package
        "team-mail-identity",
        "team-mail-pool",
        "team-mail-sending-authorization",
        "user-dev",  # the stack
    ]
    assert seen["outputs"]["identityArn"].endswith(":identity/no-reply@example.com")
    # The doctor runs from the installed wheel too.
    doctor = run_in(project, env, "-m", "cognito_ses_email.doctor", "--help")
    assert doctor.returncode == 0, doctor.stderr
    assert "--user-pool-id POOL_ID" in doctor.stdout


#: A user's program in its own directory: a function that builds the stack's resources...
USER_INFRA = """
import pulumi
from cognito_ses_email import CognitoSesEmail


def auth_email(from_address: str) -> CognitoSesEmail:
    email = CognitoSesEmail("auth-email", {"from_address": from_address})
    pulumi.export("userPoolId", email.created_user_pool_id)
    return email
"""

#: ... and its own pytest test, with the Mocks the wheel ships.
USER_TEST = """
import json

import pulumi
import pytest

from cognito_ses_email.testing import Mocks
from infra import auth_email


@pytest.fixture
def mocks():
    mocks = Mocks(region="eu-west-1", account_id="111122223333")
    pulumi.runtime.set_mocks(mocks, preview=False)
    return mocks


@pulumi.runtime.test
def test_the_policy_lets_cognito_send_as_the_address(mocks):
    email = auth_email("no-reply@example.com")

    def check(values):
        document, pool_id = values
        [statement] = json.loads(document)["Statement"]
        assert statement["Resource"].startswith("arn:aws:ses:eu-west-1:111122223333:identity/")
        assert pool_id.startswith("eu-west-1_")

    return pulumi.Output.all(email.policy_document, email.created_user_pool_id).apply(check)


def test_a_bad_address_is_refused():
    with pytest.raises(ValueError, match="^from_address: "):
        auth_email("not an address")


def test_the_package_is_the_installed_wheel():
    import cognito_ses_email.testing

    assert cognito_ses_email.testing.__file__.startswith("<site>")
"""


def test_a_user_program_elsewhere_passes_its_own_tests_with_the_shipped_mocks(
    wheel: Path, tmp_path: Path
) -> None:
    site = install_wheel(wheel, tmp_path / "site")
    project = tmp_path / "user-project"
    project.mkdir()
    (project / "infra.py").write_text(USER_INFRA)
    (project / "test_infra.py").write_text(USER_TEST.replace("<site>", str(site)))
    # The wheel's package first; its dependencies (pulumi, pulumi-aws, pytest) from this
    # environment, without the repository's own sources.
    dependencies = [p for p in sys.path if p.endswith("site-packages")]
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PULUMI_CONFIG"}}
    env["PYTHONPATH"] = os.pathsep.join([str(site), *dependencies])
    result = run_in(
        project, env, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", "/dev/null",
        "--rootdir", str(project), "--import-mode=append", str(project),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout, result.stdout
