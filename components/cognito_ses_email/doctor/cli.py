"""The doctor's command line: arguments in, a checklist (or JSON) and an exit status out."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ..rules.regions import partition_of, suggest_region
from .checks import run_checks
from .deployment import POOL_ID_RE, Check, Deployment, sending_account

EXIT_OK, EXIT_FAILED, EXIT_CANNOT_RUN, EXIT_UNCHECKED = 0, 1, 2, 3

_LABELS = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "unknown": "????"}
_COLOURS = {"pass": 32, "warn": 33, "fail": 31, "unknown": 35}  # ANSI


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_CANNOT_RUN, f"error: {message} (see --help)\n")


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the doctor; returns the exit status."""
    parser = _Parser(
        prog="python -m cognito_ses_email.doctor",
        description="Check a deployed Cognito user pool's email set-up (SES identity, "
        "sending authorization policy, quotas, Regions) and say what to fix. Reads only.",
        epilog="Exit status: 0 nothing fails, 1 a check fails, 2 the doctor cannot run, "
        "3 nothing fails but a check could not be checked (????). "
        "Credentials and endpoint: boto3's standard chain (AWS_PROFILE, AWS_ENDPOINT_URL...).",
    )
    parser.add_argument(
        "--user-pool-id",
        required=True,
        metavar="POOL_ID",
        help="e.g. `pulumi stack output userPoolId`",
    )
    parser.add_argument(
        "--region",
        help="the pool's Region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, "
        "else the Region the pool id starts with)",
    )
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:  # argparse writes --help and its errors to sys.stdout and sys.stderr
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            arguments = parser.parse_args(argv)
    except SystemExit as done:
        return int(done.code or 0)
    problem = argument_problem(arguments.user_pool_id, arguments.region)
    if problem:
        return _error(err, problem)
    try:
        from . import reads
    except ModuleNotFoundError as missing:
        if str(missing.name).split(".")[0] not in {"boto3", "botocore"}:
            raise
        return _error(err, 'the doctor needs boto3: pip install "cognito-ses-email[doctor]"')
    try:
        configured = None if arguments.region else reads.session_region()  # --region is checked
        problem = configured and region_problem("the configured Region", configured)
        if problem:
            return _error(err, problem)
        region = arguments.region or configured or arguments.user_pool_id.split("_")[0]
        deployment = reads.read_deployment(arguments.user_pool_id, region)
    except reads.CannotRun as cannot:
        return _error(err, str(cannot))
    checks = run_checks(deployment)
    if arguments.json:
        out.write(json.dumps(as_json(deployment, region, checks), indent=2) + "\n")
    else:
        out.write(as_text(deployment, region, checks, colour=use_colour(out)))
    return exit_status(checks)


def _error(err: TextIO, message: str) -> int:
    err.write(f"error: {message}\n")
    return EXIT_CANNOT_RUN


def exit_status(checks: Sequence[Check]) -> int:
    if any(c.status == "fail" for c in checks):
        return EXIT_FAILED
    return EXIT_UNCHECKED if any(c.status == "unknown" for c in checks) else EXIT_OK


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (no-color.org); the doctor's and the plan's."""
    return not os.environ.get("NO_COLOR") and stream.isatty()


def summary(checks: Sequence[Check]) -> dict[str, int]:
    return {status: sum(c.status == status for c in checks) for status in _LABELS}


def as_json(deployment: Deployment, region: str, checks: Sequence[Check]) -> dict[str, object]:
    return {
        "userPoolId": deployment.pool_id,
        "userPoolArn": deployment.pool_arn,
        "region": region,
        "sendingAccount": sending_account(deployment),
        "checks": [dataclasses.asdict(c) for c in checks],
        "summary": summary(checks),
        "exitStatus": exit_status(checks),
    }


def as_text(deployment: Deployment, region: str, checks: Sequence[Check], colour: bool) -> str:
    lines = [f"user pool {deployment.pool_id} ({region}, {sending_account(deployment)})", ""]
    for check in checks:
        label = _LABELS[check.status]
        label = f"\033[{_COLOURS[check.status]}m{label}\033[0m" if colour else label
        lines.append(f"  {label}  {check.name}: {check.detail}")
        if check.fix:
            lines.append(f"        fix: {check.fix}")
    totals = "{pass} passed, {warn} warnings, {fail} failed, {unknown} not checked"
    return "\n".join([*lines, "", totals.format_map(summary(checks))]) + "\n"


def argument_problem(pool_id: str, region: str | None) -> str | None:
    """What is wrong with the command line's values, or None."""
    if len(pool_id) > 55 or not POOL_ID_RE.fullmatch(pool_id):
        return (
            f"--user-pool-id {pool_id!r} is not a user pool id (REGION_ID, e.g. us-east-1_AbC123)"
        )
    return None if region is None else region_problem("--region", region)


def region_problem(origin: str, region: str) -> str | None:
    """A near miss of a known Region, or not the shape of one; a newer Region passes."""
    suggestion = suggest_region(region)
    if suggestion not in (None, region):
        return f"{origin} {region!r} is not an AWS Region; did you mean {suggestion}?"
    if partition_of(region) is None:
        return f"{origin} {region!r} is not an AWS Region code (e.g. us-east-1)"
    return None
