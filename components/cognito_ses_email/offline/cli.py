"""``python -m cognito_ses_email.plan``: the command line, its exit status and ``error:`` line.

Exit status: 0 with a plan, 2 with one ``error:`` line when the configuration is invalid.
A plan of SES not verifying (``--verification pending|failed``) is a plan: 0, the error
``pulumi up`` would end with shown in it.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..doctor.cli import use_colour
from .plan import DEFAULT_STACK, VERIFICATION_ANSWERS, make_plan
from .project import PlanError, load_project
from .render import FORMATS, mermaid, plan_json, render


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m cognito_ses_email.plan",
        description="Render the stack offline under Pulumi's mock runtime (no AWS, no CLI).",
    )
    parser.add_argument("--stack", help="read Pulumi.STACK.yaml for configuration")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a configuration value (fromAddress=..., aws:region=...); repeatable",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json (one JSON object) or mermaid (a flowchart)",
    )
    parser.add_argument(
        "--json",
        action="store_const",
        dest="format",
        const="json",
        help="the same as --format json",
    )
    parser.add_argument(
        "--verification",
        choices=tuple(VERIFICATION_ANSWERS),
        default="verified",
        help="what SES answers the verification check with: verified (default), pending (up"
        " waits out verificationTimeoutMinutes) or failed (the link expired)",
    )
    parser.add_argument(
        "--stack-output",
        action="append",
        default=[],
        metavar="STACK:NAME=VALUE",
        help="an output of a stack the program references (pulumi.StackReference), e.g."
        " acme/network/prod:zoneId=Z0123; repeatable",
    )
    parser.add_argument(
        "--program",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the project directory (Pulumi.yaml, program, stack files); default: the current one",
    )
    return parser.parse_args(argv)


def stack_outputs(given: Sequence[str]) -> dict[str, dict[str, str]]:
    """Each referenced stack's outputs from ``--stack-output STACK:NAME=VALUE`` (a stack's
    name has no ``:``; values are strings)."""
    outputs: dict[str, dict[str, str]] = {}
    for text in given:
        stack, _, assignment = text.partition(":")
        name, equals, value = assignment.partition("=")
        if not (stack and name and equals):
            raise PlanError(  # not echoed: the value may be a secret
                "--stack-output: expected STACK:NAME=VALUE, e.g. org/network/prod:zoneId=Z0123"
            )
        outputs.setdefault(stack, {})[name] = value
    return outputs


def _ignore_event_loop_teardown(unraisable: Any) -> None:
    """Drop the mock monitor's event-loop report at exit (``BaseEventLoop.__del__``), not ours."""
    if getattr(unraisable.object, "__qualname__", "") != "BaseEventLoop.__del__":
        sys.__unraisablehook__(unraisable)


def main(argv: Sequence[str] | None = None) -> int:
    sys.unraisablehook = _ignore_event_loop_teardown
    # Pulumi's Output drops the coroutines of a value whose read failed (a stack reference
    # the plan cannot answer): its warnings at exit are not the program's, nor ours.
    warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)
    args = parse_args(argv)
    try:
        project = load_project(args.program.resolve(), args.stack, args.config)
        references = stack_outputs(args.stack_output)
        plan = make_plan(project, args.stack or DEFAULT_STACK, args.verification, references)
    except PlanError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(plan_json(plan), indent=2))
    elif args.format == "mermaid":
        print(mermaid(plan))
    else:
        print(render(plan, colour=use_colour(sys.stdout)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
