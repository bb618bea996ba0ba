"""One measurement in a fresh process; prints one JSON object on stdout.

``python -m bench.worker component|baseline N`` times N components (or N hand-wired
copies of the same three resources) under the mock runtime; ``python -m bench.worker
scenarios`` reports invokes and the longest dependency chain for each way of configuring one
component. :mod:`bench.run` starts these; they are not meant to be run by hand.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from typing import Any, cast

import pulumi
import pulumi_aws as aws

from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs
from cognito_ses_email.offline.simulated_aws import (
    GET_EMAIL_IDENTITY,
    STACK_TYPE,
    Run,
    longest_chain,
    run_program,
)
from cognito_ses_email.rules.policies import (
    account_pool_arn_pattern,
    parse_identity_arn,
    sending_authorization_policy,
)

PROJECT = "cognito-ses-email-bench"

#: What one run times: the component, the three resources by hand, and by hand under a bare
#: ComponentResource.
KINDS = ("component", "baseline", "wrapped")

#: Ways to configure a component, and what each should show (for the scenarios table).
SCENARIOS: dict[str, dict[str, Any]] = {
    "default (Region from the identity ARN)": {},
    "user_pool_args region": {"user_pool_args": {"region": "eu-west-1"}},
    "ses_region and user_pool_args region": {
        "ses_region": "eu-west-1",
        "user_pool_args": {"region": "eu-west-1"},
    },
    "ses_region, pool Region unknown": {"ses_region": "eu-west-1"},
    "source_arn_scope='user-pool'": {"source_arn_scope": "user-pool"},
    "DEVELOPER": {"sending_account": "DEVELOPER"},
}


def components(n: int, extra: dict[str, Any] | None = None) -> Callable[[], None]:
    def program() -> None:
        for i in range(n):
            args = cast(CognitoSesEmailArgs, {"from_address": f"no-reply{i}@example.com"})
            args.update(cast(CognitoSesEmailArgs, extra or {}))
            CognitoSesEmail(f"email{i}", args)

    return program


def hand_wired(n: int, wrapped: bool = False) -> Callable[[], None]:
    """The same three resources, in the same shape, without the component.

    ``wrapped`` puts each copy under a bare ``pulumi.ComponentResource`` (no arguments, no
    checks): what any component costs in the Pulumi SDK, the floor for CognitoSesEmail.
    """

    def policy(arn: str) -> str:
        parsed = parse_identity_arn(arn)
        assert parsed is not None
        pattern = account_pool_arn_pattern(parsed.partition, parsed.region, parsed.account)
        return sending_authorization_policy(arn, parsed.account, pattern)

    def program() -> None:
        for i in range(n):
            parent = pulumi.ComponentResource("bench:index:Bare", f"email{i}") if wrapped else None
            opts = pulumi.ResourceOptions(parent=parent)
            identity = aws.ses.EmailIdentity(
                f"email{i}-identity", email=f"no-reply{i}@example.com", opts=opts
            )
            authorization = aws.ses.IdentityPolicy(
                f"email{i}-sending-authorization",
                identity=identity.arn,
                name=f"email{i}-cognito-sending",
                policy=identity.arn.apply(policy),
                opts=opts,
            )
            aws.cognito.UserPool(
                f"email{i}-pool",
                deletion_protection="ACTIVE",
                email_configuration=aws.cognito.UserPoolEmailConfigurationArgs(
                    email_sending_account="COGNITO_DEFAULT",
                    source_arn=identity.arn,
                ),
                opts=pulumi.ResourceOptions(parent=parent, depends_on=[authorization]),
            )
            if parent is not None:
                parent.register_outputs({})

    return program


def summary(run: Run, n: int) -> dict[str, Any]:
    registered = [r for r in run.registrations if r.type != STACK_TYPE]
    # The check that SES verified the identity is the feature, made once per `pulumi up`
    # (never in a preview); counted apart from the lookups the goal is about.
    checks = sum(1 for token in run.invokes if token == GET_EMAIL_IDENTITY)
    return {
        "resources_per_component": len(registered) / n,
        "custom_per_component": sum(1 for r in registered if r.custom) / n,
        "invokes_per_component": (len(run.invokes) - checks) / n,
        "verification_checks_per_component": checks / n,
        "longest_chain": longest_chain(run.registrations),
    }


def program_of(kind: str, n: int) -> Callable[[], None]:
    return components(n) if kind == "component" else hand_wired(n, kind == "wrapped")


def count_calls(kind: str, n: int) -> dict[str, Any]:
    """Python function calls made to run ``n`` of ``kind``: unlike time, the same every run."""
    profile = cProfile.Profile()
    profile.enable()
    run_program(program_of(kind, n), project=PROJECT, stack="bench", record_inputs=False)
    profile.disable()
    calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]  # untyped in typeshed
    return {"kind": kind, "n": n, "calls": calls}


def measure(kind: str, n: int) -> dict[str, Any]:
    program = program_of(kind, n)
    start, cpu = time.perf_counter(), time.process_time()
    run = run_program(program, project=PROJECT, stack="bench", record_inputs=False)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"kind": kind, "n": n, "seconds": seconds, "cpu_seconds": cpu, **summary(run, n)}


def scenarios() -> list[dict[str, Any]]:
    rows = []
    for label, extra in SCENARIOS.items():
        run = run_program(components(1, extra), project=PROJECT, stack="bench")
        rows.append({"scenario": label, **summary(run, 1)})
    return rows


def main(argv: list[str]) -> int:
    if argv[:1] == ["scenarios"]:
        result: Any = scenarios()
    elif len(argv) == 2 and argv[0] in KINDS:
        result = measure(argv[0], int(argv[1]))
    elif len(argv) == 3 and argv[0] == "calls" and argv[1] in KINDS:
        result = count_calls(argv[1], int(argv[2]))
    else:
        kinds = "|".join(KINDS)
        print(
            f"usage: python -m bench.worker {kinds} N | calls {kinds} N | scenarios",
            file=sys.stderr,
        )
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
