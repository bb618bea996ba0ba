"""``python -m cognito_ses_email.plan``: the offline plan's command (:mod:`.offline`)."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .doctor.cli import use_colour
from .offline.plan import DEFAULT_STACK, VERIFICATION_ANSWERS, make_plan
from .offline.project import PlanError, load_project
from .offline.render import FORMATS, mermaid, plan_json, render


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m cognito_ses_email.plan",
        description="Render the stack offline under Pulumi's mock runtime (no AWS, no CLI).",
    )
    add = parser.add_argument
    add("--stack", help="read Pulumi.STACK.yaml for configuration")
    add("--config", action="append", default=[], metavar="KEY=VALUE",
        help="set a configuration value (fromAddress=..., aws:region=...); repeatable")  # fmt: skip
    add("--format", choices=FORMATS, default="text",
        help="text (default), json (one JSON object) or mermaid (a flowchart)")  # fmt: skip
    add("--json", action="store_const", dest="format", const="json", help="--format json")
    add("--verification", choices=tuple(VERIFICATION_ANSWERS), default="verified",
        help="what SES answers the verification check with: verified (default), pending (up"
        " waits out verificationTimeoutMinutes) or failed (the link expired)")  # fmt: skip
    add("--stack-output", action="append", default=[], metavar="STACK:NAME=VALUE",
        help="an output of a stack the program references (pulumi.StackReference), e.g."
        " acme/network/prod:zoneId=Z0123; repeatable")  # fmt: skip
    add("--program", type=Path, default=Path(), metavar="DIR",
        help="the project directory (Pulumi.yaml, program, stack files): default .")  # fmt: skip
    return parser.parse_args(argv)


def stack_outputs(given: Sequence[str]) -> dict[str, dict[str, str]]:
    """Each referenced stack's outputs from ``--stack-output STACK:NAME=VALUE``."""
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
