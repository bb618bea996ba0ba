"""What ``import cognito_ses_email`` loads: its face only (the doctor runs without pulumi); a
component loads its own modules, never the doctor's."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support import ROOT

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

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


def test_the_import_loads_the_face_and_a_component_not_the_doctor() -> None:
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
    assert "cognito_ses_email.component" in loaded["run"]
    assert [m for m in loaded["run"] if m.startswith("cognito_ses_email.doctor")] == []
