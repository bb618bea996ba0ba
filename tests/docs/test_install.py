"""README's install lines, pyproject's [project.urls] and the schema's repository agree."""

from __future__ import annotations

import re
import tomllib

from cognito_ses_email import __version__
from cognito_ses_email.provider import METADATA
from tests.support import ROOT


def test_one_repository_address_everywhere() -> None:
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert METADATA["repository"] == repository["Repository"]
    host_path = repository["Repository"].removeprefix("https://")
    readme = (ROOT / "README.md").read_text()
    pages = [readme, (ROOT / "docs" / "multi-language.md").read_text()]
    addresses = {m for page in pages for m in re.findall(r"github\.com/[\w.-]+/[\w.-]+", page)}
    # Every GitHub address that names this package is the one the metadata names.
    ours = {a for a in addresses if a.endswith("/cognito-ses-email")}
    assert ours == {host_path}
    assert f"git+{repository['Repository']}@v{__version__}" in readme
    assert f"{host_path}/components@v{__version__}" in readme
    assert "<org>" not in "".join(pages)


def test_the_wheel_line_names_the_wheel_of_this_version() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"dist/cognito_ses_email-{__version__}-py3-none-any.whl" in readme
    assert "pip install ./path/to/cognito-ses-email" in readme
