"""Every ```python block in README.md and docs/*.md runs as written.

A block is a program (run under ``cognito_ses_email.testing.Mocks`` in a fresh mock
runtime: it must create a CognitoSesEmail), a pytest module (it defines ``test_``
functions: run by pytest in a fresh process, outside the repository), or a fragment (its
first line is ``# (fragment)``: compiled only). Code is compiled with its own file name
and line numbers, so a failure points at the line in the page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

import pytest

from cognito_ses_email.offline.simulated_aws import Deployment, fresh_runtime
from cognito_ses_email.testing import Mocks

ROOT = Path(__file__).resolve().parents[2]

#: The pages whose examples a user copies.
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FRAGMENT_MARK = "# (fragment)"
COMPONENT_TYPE = "cognito-ses-email:index:CognitoSesEmail"

_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w+-]*)\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of Python: where it is, and its code (dedented)."""

    page: str
    #: The line of the block's first line of code (after the fence), 1-based.
    line: int
    code: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def kind(self) -> str:
        if self.code.startswith(FRAGMENT_MARK):
            return "fragment"
        if re.search(r"^def test_", self.code, re.MULTILINE):
            return "pytest"
        return "program"

    def compiled(self) -> CodeType:
        """The code compiled with the page's name and line numbers."""
        return compile("\n" * (self.line - 1) + self.code, self.page, "exec")


def python_blocks(text: str, page: str) -> list[Block]:
    """The ```python blocks of a Markdown text (fences may be indented, as in a list)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        index += 1
        if fence is None or fence["lang"] == "":
            continue
        start = index
        while index < len(lines) and lines[index].strip() != "```":
            index += 1
        if fence["lang"] == "python":
            code = textwrap.dedent("\n".join(lines[start:index])) + "\n"
            blocks.append(Block(page, start + 1, code))
        index += 1
    return blocks


def _all_blocks() -> list[Block]:
    return [
        block
        for page in PAGES
        for block in python_blocks(page.read_text(), str(page.relative_to(ROOT)))
    ]


BLOCKS = _all_blocks()


def _of_kind(kind: str) -> list[pytest.ParameterSet]:
    return [pytest.param(b, id=b.where) for b in BLOCKS if b.kind == kind]


# --- the extraction itself ---------------------------------------------------------------


def test_every_python_fence_of_every_page_is_found() -> None:
    for page in PAGES:
        fences = len(re.findall(r"^ *```python\s*$", page.read_text(), re.MULTILINE))
        found = [b for b in BLOCKS if b.page == str(page.relative_to(ROOT))]
        assert len(found) == fences, page
    assert len(BLOCKS) >= 10
    assert {b.kind for b in BLOCKS} >= {"program", "pytest"}


def test_blocks_are_found_with_their_lines_and_kinds() -> None:
    text = (
        "# Page\n\n```python\nx = 1\n```\n\n1. A step:\n\n   ```python\n   # (fragment)\n"
        "   y = x\n   ```\n\n```sh\nls\n```\n\n```python\ndef test_it():\n    pass\n```\n"
    )
    blocks = python_blocks(text, "page.md")
    assert [(b.line, b.kind, b.code) for b in blocks] == [
        (4, "program", "x = 1\n"),
        (10, "fragment", "# (fragment)\ny = x\n"),
        (19, "pytest", "def test_it():\n    pass\n"),
    ]


def test_an_error_points_at_the_line_in_the_page() -> None:
    [block] = python_blocks("text\n\n```python\nx = 1\nx = (\n```\n", "page.md")
    with pytest.raises(SyntaxError) as raised:
        block.compiled()
    assert (raised.value.filename, raised.value.lineno) == ("page.md", 5)


# --- the examples ------------------------------------------------------------------------


@pytest.mark.parametrize("block", [pytest.param(b, id=b.where) for b in BLOCKS])
def test_every_block_compiles(block: Block) -> None:
    block.compiled()


@pytest.mark.parametrize("block", _of_kind("program"))
def test_every_program_runs_under_the_mocks(block: Block) -> None:
    code = block.compiled()
    with fresh_runtime():
        mocks = Mocks()
        deployment = Deployment(mocks)
        try:
            deployment.run(lambda: exec(code, {"__name__": "__main__"}))
        except Exception as error:
            error.add_note(f"{block.where}: the example fails as written")
            raise
        types = {r.type for r in deployment.registrations}
    assert COMPONENT_TYPE in types, f"{block.where}: the example creates no CognitoSesEmail"


@pytest.mark.slow
@pytest.mark.parametrize("block", _of_kind("pytest"))
def test_every_pytest_example_passes_as_written(block: Block, tmp_path: Path) -> None:
    # Line numbers kept: a failure's traceback names the page's line.
    (tmp_path / "test_example.py").write_text("\n" * (block.line - 1) + block.code)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PULUMI_CONFIG"}}
    env["PYTHONPATH"] = str(ROOT / "components")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{block.where}: the example fails:\n{result.stdout}"
    assert re.search(r"\b[1-9]\d* passed\b", result.stdout), result.stdout
