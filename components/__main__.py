"""Serve CognitoSesEmail to programs in every Pulumi language, as a provider plugin.

Pulumi starts a plugin directory whose ``PulumiPlugin.yaml`` says ``runtime: python`` as
``python <dir> <engine address> [flags]``: Python runs this file as a script, with the
directory itself first on ``sys.path`` and no parent package, so the package's relative
imports would fail and its modules (``policy``, ``settings``, ``dns``, ...) could shadow
installed ones. This file therefore takes the directory off ``sys.path`` before anything
else is imported and loads it as the package ``components``, whatever the directory is
called. From the repository root the plugin also starts as
``python -m components <engine address>``.

The provider prints its gRPC port on stdout; its schema is inferred from the annotations
and docstrings of CognitoSesEmail and CognitoSesEmailArgs; its version is the package's
``__version__``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

#: The package name in the schema, in type tokens and in the generated SDKs.
PACKAGE_NAME = "cognito-ses-email"

#: The name the directory is imported under when it runs as a script.
_IMPORT_NAME = "components"

_HERE = os.path.dirname(os.path.abspath(__file__))

if not __package__:  # python <dir>: the directory is on sys.path, and must not be.
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != _HERE]


def load_package() -> ModuleType:
    """The ``components`` package, however this file was started."""
    if __package__:  # python -m components
        return importlib.import_module(__package__)
    spec = importlib.util.spec_from_file_location(
        _IMPORT_NAME, os.path.join(_HERE, "__init__.py"), submodule_search_locations=[_HERE]
    )
    if spec is None or spec.loader is None:  # pragma: no cover - only for a broken copy
        raise ImportError(f"cannot load the component package from {_HERE}")
    package = importlib.util.module_from_spec(spec)
    sys.modules[_IMPORT_NAME] = package
    spec.loader.exec_module(package)
    return package


def main() -> None:
    package = load_package()
    # Imported here, after sys.path no longer holds the plugin directory.
    from pulumi.provider.experimental import component_provider_host

    component_provider_host(
        name=PACKAGE_NAME,
        components=[package.CognitoSesEmail],
        version=package.__version__,
    )


if __name__ == "__main__":
    main()
