"""The AWS stand-in as a plugin: ``python <this directory> <engine address>``, as the
Python language host runs it (PulumiPlugin.yaml). It serves gRPC on a loopback port and
prints the port, like any Pulumi provider."""

import sys
from importlib.metadata import PackageNotFoundError, version

from pulumi.provider.experimental.server import main
from standin import AwsStandIn


def _version() -> str:
    """The version of the pulumi_aws SDK the programs use, which asks for this plugin."""
    try:
        return version("pulumi_aws")
    except PackageNotFoundError:
        return "7.51.1"


if __name__ == "__main__":
    main(sys.argv[1:], _version(), AwsStandIn(_version()))
