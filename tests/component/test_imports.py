"""What ``import cognito_ses_email`` loads: the default case leaves the optional rules out."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support import ROOT

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

#: The package modules one default component loads (``import cognito_ses_email`` alone loads
#: the package's face only: its names load on first use).
DEFAULT_MODULES = {
    "cognito_ses_email",
    "cognito_ses_email.arguments",
    "cognito_ses_email.arguments.checking",
    "cognito_ses_email.arguments.identity",
    "cognito_ses_email.component",
    "cognito_ses_email.model",
    "cognito_ses_email.outputs",
    "cognito_ses_email.resources",
    "cognito_ses_email.resources.identity",
    "cognito_ses_email.resources.options",
    "cognito_ses_email.resources.sending_policy",
    "cognito_ses_email.resources.user_pool",
    "cognito_ses_email.resources.verification",
    "cognito_ses_email.rules",
    "cognito_ses_email.rules.addresses",
    "cognito_ses_email.rules.arns",
    "cognito_ses_email.rules.dns",
    "cognito_ses_email.rules.errors",
    "cognito_ses_email.rules.keys",
    "cognito_ses_email.rules.names",
    "cognito_ses_email.rules.policies",
    "cognito_ses_email.rules.regions",
    "cognito_ses_email.rules.tags",
    "cognito_ses_email.rules.user_pool",
    "cognito_ses_email.rules.verification",
}

#: Prints the package modules loaded after the import, then after one default component
#: under the mock runtime (the simulated account's own modules left out).
_LOADED = """
import json, sys
def loaded():
    return sorted(m for m in sys.modules if m.startswith("cognito_ses_email"))
import cognito_ses_email
after_import = loaded()
from cognito_ses_email.offline.simulated_aws import run_program
run_program(
    lambda: cognito_ses_email.CognitoSesEmail("mail", {"from_address": "no-reply@example.com"}),
    project="p",
    stack="s",
)
after_run = [m for m in loaded() if not m.startswith("cognito_ses_email.offline")]
print(json.dumps({"import": after_import, "run": after_run}))
"""


def test_the_default_case_loads_only_the_modules_it_uses() -> None:
    """No message or notification rules for just a from_address."""
    paths = [str(ROOT / "components"), str(ROOT)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    env.pop("PULUMI_CONFIG", None)
    completed = subprocess.run(
        [sys.executable, "-c", _LOADED],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = json.loads(completed.stdout)
    assert loaded["import"] == ["cognito_ses_email"]
    assert set(loaded["run"]) == DEFAULT_MODULES
