"""The benchmark compares equal work: a component kind registers the same custom resources,
with the same inputs and dependencies, and makes the same invokes as the hand-wired kind it
is set against; only names may differ (the policy's, which the component derives from its URN).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from bench.run import PAIRS
from bench.worker import PROGRAMS, longest_chain
from cognito_ses_email.offline.account import EMAIL_IDENTITY, IDENTITY_POLICY
from cognito_ses_email.offline.simulated_aws import Registration
from cognito_ses_email.rules.verification import GET_EMAIL_IDENTITY
from tests.support import Deployment


def work(deployment: Deployment, kind: str) -> tuple[list[Any], list[Any]]:
    """What two of ``kind`` ask the engine: each custom resource (type, name, dependencies,
    inputs) and each invoke (token, arguments), in order."""
    deployment.run(PROGRAMS[kind](2))
    resources = [
        (
            r.type,
            r.name,
            sorted(r.dependencies),
            {key: sorted(deps) for key, deps in r.property_dependencies.items()},
            {k: v for k, v in r.inputs.items() if not (r.type == IDENTITY_POLICY and k == "name")},
        )
        for r in deployment.registrations
        if r.custom
    ]
    invokes = [(call.token, dict(call.args)) for call in deployment.mocks.calls]
    return sorted(resources, key=repr), sorted(invokes, key=repr)


@pytest.mark.parametrize(("kind", "against"), [*PAIRS, ("floor", PAIRS[0][1])])
def test_both_sides_ask_for_the_same_work(
    new_deployment: Callable[..., Deployment], kind: str, against: str
) -> None:
    resources, invokes = work(new_deployment(), kind)
    assert (resources, invokes) == work(new_deployment(), against)
    assert len(resources) == 6  # two identities, policies and pools
    checks = [args for token, args in invokes if token == GET_EMAIL_IDENTITY]
    assert len(checks) == (0 if kind == "component_no_wait" else 2)


@pytest.mark.parametrize("kind", [*PAIRS[0], "floor"])
def test_the_check_holds_back_the_policy_and_the_pool(
    new_deployment: Callable[..., Deployment], kind: str
) -> None:
    """SES answers FAILED: the program fails, and only the identity was registered."""
    deployment = new_deployment()
    deployment.mocks.answer_verification("FAILED")
    with pytest.raises(ValueError, match=re.escape("no-reply0@example.com")):
        deployment.run(PROGRAMS[kind](1))
    assert [r.type for r in deployment.registrations if r.custom] == [EMAIL_IDENTITY]


def registration(name: str, custom: bool, *dependencies: str) -> Registration:
    return Registration(f"urn::{name}", "t", name, custom, None, frozenset(dependencies))


def test_longest_chain_counts_creates_one_after_another() -> None:
    chain = [
        registration("component", False),
        registration("identity", True),
        registration("policy", True, "identity"),
        registration("waits-for-component", False, "policy"),
        registration("pool", True, "waits-for-component"),
        registration("alone", True),
    ]
    assert longest_chain(chain) == 3
    assert longest_chain([]) == 0
