"""The pack loads as Pulumi loads it (``policypack/`` alone on ``sys.path``), stands alone, and
its documents layer imports neither pulumi nor pulumi_policy."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import grpc  # type: ignore[import-untyped]
import pytest
from google.protobuf import empty_pb2  # type: ignore[import-untyped]
from pulumi.runtime.proto import analyzer_pb2_grpc

PACK = Path(__file__).parents[2] / "policypack"
PACKAGE = PACK / "cognito_ses_email_pack"
POLICY_NAMES = [
    "ses-cognito-sending-authorization",
    "ses-identity-policy-no-wildcard-principal",
    "cognito-user-pool-deletion-protection",
    "cognito-default-identity-has-sending-authorization",
    "ses-cognito-identity-has-feedback-notifications",
]


def run_isolated(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Python with only ``policypack/`` before the standard library and site-packages:
    ``-I`` drops the working directory, PYTHONPATH and the user's site."""
    script = f"import sys; sys.path.insert(0, {str(PACK)!r})\n{code}"
    return subprocess.run(
        [sys.executable, "-I", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def imported_modules(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_policies_and_documents_import_with_only_the_pack_on_the_path(
    tmp_path: Path,
) -> None:
    result = run_isolated(
        "import json\n"
        "from cognito_ses_email_pack.documents.sending_authorization import "
        "cognito_statement_problems\n"
        "from cognito_ses_email_pack.policies import POLICIES\n"
        "print(json.dumps({'names': [p.name for p in POLICIES], 'problems': "
        "cognito_statement_problems('{}'), 'component': 'cognito_ses_email' in sys.modules}))",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["names"] == POLICY_NAMES
    assert loaded["problems"] == ["the policy has no Statement list"]
    assert loaded["component"] is False


def test_the_documents_layer_loads_without_pulumi(tmp_path: Path) -> None:
    modules = sorted(p.stem for p in (PACKAGE / "documents").glob("*.py") if p.stem != "__init__")
    assert "sending_authorization" in modules
    result = run_isolated(
        "import importlib, json\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('cognito_ses_email_pack.documents.' + name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pulumi', 'pulumi_policy'))))",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "module", sorted((PACKAGE / "documents").glob("*.py")), ids=lambda p: p.stem
)
def test_no_documents_module_imports_pulumi(module: Path) -> None:
    assert not imported_modules(module) & {"pulumi", "pulumi_policy"}


@pytest.mark.parametrize(
    "module", sorted([PACK / "__main__.py", *PACKAGE.rglob("*.py")]), ids=lambda p: p.stem
)
def test_the_pack_imports_only_the_standard_library_pulumi_policy_and_itself(
    module: Path,
) -> None:
    # Users install the pack apart (policypack/requirements.txt): no cognito_ses_email.
    outside = imported_modules(module) - sys.stdlib_module_names
    assert outside <= {"pulumi_policy", "cognito_ses_email_pack"}


@pytest.mark.slow
def test_pulumi_runs_the_pack_and_the_engine_sees_the_five_policies(tmp_path: Path) -> None:
    # What `pulumi preview --policy-pack policypack` starts: pulumi's policy host runs the
    # directory (runpy puts it first on sys.path) from the user's project directory, and the
    # pack prints the port of its analyzer.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:0", str(PACK)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as host:
        try:
            assert host.stdout is not None
            port = host.stdout.readline().strip()
            assert port.isdigit(), host.stderr.read() if host.stderr else port
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                analyzer = analyzer_pb2_grpc.AnalyzerStub(channel)
                info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
        finally:
            host.kill()
    assert info.name == "cognito-ses-email"
    assert [p.name for p in info.policies] == POLICY_NAMES
