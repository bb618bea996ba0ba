"""One measurement in a fresh process; prints one JSON object on stdout.

``python -m bench.worker KIND N`` times N of a kind (:data:`PROGRAMS`: the component, or the
same three resources by hand, ...) under the mock runtime; ``calls KIND N`` counts its Python
calls, ``run KIND N`` only runs it (for callgrind to count its instructions); ``scenarios``
reports invokes and the longest dependency chain for each way of configuring one component.
:mod:`bench.run` starts these; they are not meant to be run by hand.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import pulumi
import pulumi_aws as aws

from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs
from cognito_ses_email.offline.account import STACK_TYPE
from cognito_ses_email.offline.simulated_aws import Deployment, Registration, run_program
from cognito_ses_email.resources.identity import GET_EMAIL_IDENTITY
from cognito_ses_email.rules.policies import parse_identity_arn, sending_authorization_policy

PROJECT = "cognito-ses-email-bench"

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


def _policy(arn: str) -> str:
    parsed = parse_identity_arn(arn)
    assert parsed is not None
    pattern = f"arn:{parsed.partition}:cognito-idp:{parsed.region}:{parsed.account}:userpool/*"
    return sending_authorization_policy(arn, parsed.account, pattern)


def _verified(values: list[Any]) -> str:
    arn, status = values
    if status != "SUCCESS":
        raise ValueError(f"SES has not verified {arn}: {status}")
    return str(arn)


def verified_arn(identity: aws.ses.EmailIdentity) -> pulumi.Output[str]:
    """The identity's ARN once SES says it is verified: the check CognitoSesEmail makes (one
    get_email_identity in the identity's Region, here answered SUCCESS at once), written as a
    person would."""
    answer = aws.sesv2.get_email_identity_output(
        email_identity=identity.email,
        region=identity.arn.apply(lambda arn: arn.split(":")[3]),
    )
    return pulumi.Output.all(identity.arn, answer.verification_status).apply(_verified)


def three_resources(
    name: str, i: int, checked: bool, parent: pulumi.Resource | None = None
) -> None:
    """The component's three resources, in its shape: ``EmailIdentity`` -> ``IdentityPolicy``
    (the same policy JSON) -> ``UserPool`` (``depends_on`` the policy); ``checked``: the
    policy and the pool take the ARN once SES has verified the identity, as the component's."""
    opts = pulumi.ResourceOptions(parent=parent)
    identity = aws.ses.EmailIdentity(
        f"{name}-identity", email=f"no-reply{i}@example.com", opts=opts
    )
    arn = verified_arn(identity) if checked else identity.arn
    authorization = aws.ses.IdentityPolicy(
        f"{name}-sending-authorization",
        identity=arn,
        name=f"{name}-cognito-sending",
        policy=arn.apply(_policy),
        opts=opts,
    )
    aws.cognito.UserPool(
        f"{name}-pool",
        deletion_protection="ACTIVE",
        email_configuration=aws.cognito.UserPoolEmailConfigurationArgs(
            email_sending_account="COGNITO_DEFAULT", source_arn=arn
        ),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[authorization]),
    )


class Floor(pulumi.ComponentResource):
    """A component with no logic of its own: it makes the hand-wired three and the check
    (:func:`three_resources`), what any component around them costs in the Pulumi SDK."""

    def __init__(self, name: str, i: int) -> None:
        super().__init__("bench:index:Floor", name)
        three_resources(name, i, checked=True, parent=self)
        self.register_outputs({})


def hand_wired(n: int, checked: bool = False) -> Callable[[], None]:
    """The component's three resources, by hand; ``checked``: with its verification check."""

    def program() -> None:
        for i in range(n):
            three_resources(f"email{i}", i, checked)

    return program


def floor(n: int) -> Callable[[], None]:
    def program() -> None:
        for i in range(n):
            Floor(f"email{i}", i)

    return program


#: What one run makes N of: the component (by default; with verification_timeout_minutes=0,
#: no check), the same three resources by hand (with the check; without), and the floor.
PROGRAMS: dict[str, Callable[[int], Callable[[], None]]] = {
    "component": components,
    "hand_wired_checked": partial(hand_wired, checked=True),
    "component_no_wait": partial(components, extra={"verification_timeout_minutes": 0}),
    "hand_wired": hand_wired,
    "floor": floor,
}
KINDS = tuple(PROGRAMS)


def longest_chain(registrations: list[Registration]) -> int:
    """The most custom resources created one after another (components are not created in AWS)."""
    by_name = {r.name: r for r in registrations}
    memo: dict[str, int] = {}

    def depth(name: str, visiting: frozenset[str]) -> int:
        if name not in memo:
            if name not in by_name or name in visiting:
                return 0
            below = (depth(d, visiting | {name}) for d in by_name[name].dependencies)
            memo[name] = int(by_name[name].custom) + max(below, default=0)
        return memo[name]

    return max((depth(name, frozenset()) for name in by_name), default=0)


def summary(run: Deployment, n: int) -> dict[str, Any]:
    registered = [r for r in run.registrations if r.type != STACK_TYPE]
    invokes = [call.token for call in run.mocks.calls]
    # The check that SES verified the identity is the feature, made once per `pulumi up`
    # (never in a preview); counted apart from the lookups the goal is about.
    checks = invokes.count(GET_EMAIL_IDENTITY)
    return {
        "resources_per_component": len(registered) / n,
        "custom_per_component": sum(1 for r in registered if r.custom) / n,
        "invokes_per_component": (len(invokes) - checks) / n,
        "verification_checks_per_component": checks / n,
        "longest_chain": longest_chain(run.registrations),
    }


def run(kind: str, n: int) -> Deployment:
    return run_program(PROGRAMS[kind](n), project=PROJECT, stack="bench", record_inputs=False)


def count_calls(kind: str, n: int) -> dict[str, Any]:
    """Python function calls made to run ``n`` of ``kind``: unlike time, the same every run."""
    profile = cProfile.Profile()
    profile.enable()
    run(kind, n)
    profile.disable()
    calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]  # untyped in typeshed
    return {"kind": kind, "n": n, "calls": calls}


def measure(kind: str, n: int) -> dict[str, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    done = run(kind, n)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"kind": kind, "n": n, "seconds": seconds, "cpu_seconds": cpu, **summary(done, n)}


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
    elif len(argv) == 3 and argv[0] == "run" and argv[1] in KINDS:
        run(argv[1], int(argv[2]))  # for callgrind to count; N = 0: start-up and imports
        result = {"kind": argv[1], "n": int(argv[2])}
    else:
        kinds = "|".join(KINDS)
        print(
            f"usage: python -m bench.worker {kinds} N | calls|run {kinds} N | scenarios",
            file=sys.stderr,
        )
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
