"""Mocks for unit tests of a program using ``CognitoSesEmail`` (docs/testing-your-program.md)."""

from __future__ import annotations

import pulumi

from .offline.account import VERIFICATION_STATUSES, SimulatedAws

__all__ = ["VERIFICATION_STATUSES", "Mocks"]


class Mocks(SimulatedAws):
    """``pulumi.runtime.Mocks`` that answer like one AWS account."""

    def unanswered_call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict, list[tuple[str, str]]]:
        """An invoke these mocks do not know: its arguments echoed."""
        return dict(args.args), []
