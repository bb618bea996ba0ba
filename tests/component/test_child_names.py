"""The names AWS gives the children: valid whatever the component's name, and unchanged
wherever they were valid before (existing stacks must not move).

AWS's rules come from botocore's models (tests/aws_checks.py); a child without a name
input gets pulumi-aws's auto-name, its Pulumi name plus ``-`` and 7 random hex digits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.account import (
    IDENTITY_POLICY,
    METRIC_ALARM,
    SNS_TOPIC,
    USER_POOL,
    revealed,
)
from cognito_ses_email.rules import names
from tests.aws_checks import child_name_problems
from tests.support import ADDRESS, ROOT, Deployment, of_type

#: A suffix of the shape pulumi-aws's auto-naming appends (its digits are random).
AUTO_SUFFIX = "-3f9a0c1"

#: Where each child's name goes in AWS: (service, structure, member) in botocore.
NAME_MEMBERS = {
    USER_POOL: ("cognito-idp", "CreateUserPoolRequest", "PoolName"),
    SNS_TOPIC: ("sns", "CreateTopicInput", "Name"),
    METRIC_ALARM: ("cloudwatch", "PutMetricAlarmInput", "AlarmName"),
    IDENTITY_POLICY: ("ses", "PutIdentityPolicyRequest", "PolicyName"),
}

ZONE = "Z0123456789ABCDEFGHIJ"
PAGER = "arn:aws:sns:us-east-1:123456789012:pager"
DEVELOPER = {"sending_account": "DEVELOPER"}

#: Components whose children AWS accepts today: their children's names, URNs and name
#: inputs were captured from the code before this rule (commit a197d70) into
#: tests/data/child_names_a197d70.json, and must never change. The default policy names there
#: are the engine's: the mocks' URN once put the root stack's type in the digest, which
#: `pulumi up` never did (e2e/test_journey.py compares the plan's name with the engine's).
PINNED: dict[str, tuple[str, dict[str, Any]]] = {
    "default": ("mail", {}),
    "user-pool-scope": ("auth", {"source_arn_scope": "user-pool", "policy_name": "keep_me"}),
    "feedback-cognito": ("my-app", {"notifications": {}}),
    "feedback-developer": (
        "My_App2",
        {
            **DEVELOPER,
            "notifications": {"types": ["Bounce", "Complaint", "Delivery"]},
            "alarms": {},
        },
    ),
    "domain": (
        "mail",
        {
            **DEVELOPER,
            "identity_domain": "example.com",
            "hosted_zone_id": ZONE,
            "mail_from_domain": "mail.example.com",
            "dmarc_policy": "v=DMARC1; p=none;",
            "notifications": {},
            "alarms": {},
        },
    ),
    "own-pool": ("shared", {"create_user_pool": False}),
    # Cognito and CloudWatch take "." and " ": this pool and these alarms deployed.
    "dotted-pool-and-alarms": ("my.app v2", {**DEVELOPER, "alarms": {"actions": [PAGER]}}),
    # With user_pool_name the pool's Pulumi name reaches no API: it deployed too.
    "named-pool-unicode": (
        "Ünïcode:app",
        {"user_pool_name": "Users", "notifications": {"topic_arn": PAGER}},
    ),
}

#: Component names AWS would refuse in some child's auto-name.
HOSTILE = [
    "my.app",
    "my app",
    "auth:prod",
    "mail🙂",
    "Ünïcode",
    "邮件",
    "a" * 300,
    "x." * 150,
    "tab\tand\nnewline",
    "🙂",
]


def registered(deployment: Deployment) -> list[list[Any]]:
    """[type, name, URN, name input] of every resource, by URN."""
    return sorted(
        (
            [r.type, r.name, r.urn, revealed(r.inputs).get("name")]
            for r in deployment.registrations
            if r.type != "pulumi:pulumi:Stack"
        ),
        key=lambda row: row[2],
    )


def names_reaching_aws(deployment: Deployment) -> list[tuple[str, str]]:
    """(type, the name AWS receives) of every child that sends one: its name input, or
    pulumi-aws's auto-name of its Pulumi name."""
    found = []
    for type_ in NAME_MEMBERS:
        for r in of_type(deployment, type_):
            given = revealed(r.inputs).get("name")
            found.append((type_, given if given is not None else r.name + AUTO_SUFFIX))
    return found


def full_args(mode: dict[str, Any]) -> dict[str, Any]:
    """Every child that AWS names: the pool, the topic, the alarms (DEVELOPER), the policy."""
    args: dict[str, Any] = {"from_address": ADDRESS, "notifications": {}, **mode}
    if mode:
        args["alarms"] = {}
    return args


# --- existing stacks keep their children -----------------------------------------------------


@pytest.mark.parametrize("case", list(PINNED))
def test_components_whose_children_aws_accepts_keep_todays_names(
    deployment: Deployment, case: str
) -> None:
    pinned = json.loads((ROOT / "tests" / "data" / "child_names_a197d70.json").read_text())
    name, args = PINNED[case]
    full: dict[str, Any] = {"from_address": ADDRESS, **args}
    deployment.run(lambda: CognitoSesEmail(name, full))  # type: ignore[arg-type]
    assert registered(deployment) == pinned[case]


def test_the_pinned_cases_are_ones_aws_accepts() -> None:
    """The pinned names are only worth keeping if AWS took them."""
    pinned = json.loads((ROOT / "tests" / "data" / "child_names_a197d70.json").read_text())
    assert set(pinned) == set(PINNED)
    for rows in pinned.values():
        for type_, name, _, given in rows:
            if type_ in NAME_MEMBERS:
                value = given if given is not None else name + AUTO_SUFFIX
                assert child_name_problems(*NAME_MEMBERS[type_], value) == []


def test_a_pool_named_by_user_pool_name_keeps_its_pulumi_name_as_an_output(
    deployment: Deployment,
) -> None:
    """The Pulumi name reaches no API when the pool gets a name input, plain or late."""
    args = {"from_address": ADDRESS, "user_pool_name": pulumi.Output.from_input("Users")}
    deployment.run(lambda: CognitoSesEmail("mail🙂", args))  # type: ignore[arg-type]
    [pool] = of_type(deployment, USER_POOL)
    assert (pool.name, revealed(pool.inputs)["name"]) == ("mail🙂-pool", "Users")


# --- hostile names -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [{}, DEVELOPER], ids=["cognito-default", "developer"])
@pytest.mark.parametrize("name", HOSTILE, ids=lambda n: repr(n[:20]))
def test_every_name_that_reaches_aws_is_one_its_model_accepts(
    deployment: Deployment, name: str, mode: dict[str, Any]
) -> None:
    deployment.run(lambda: CognitoSesEmail(name, full_args(mode)))  # type: ignore[arg-type]
    reaching = names_reaching_aws(deployment)
    expected_types = {USER_POOL, SNS_TOPIC, *([METRIC_ALARM] if mode else [IDENTITY_POLICY])}
    assert {type_ for type_, _ in reaching} == expected_types
    problems = [p for t, value in reaching for p in child_name_problems(*NAME_MEMBERS[t], value)]
    assert problems == []


def test_hostile_names_give_children_unique_to_the_component(
    new_deployment: Callable[..., Deployment],
) -> None:
    """Names that differ only where they are made valid still give distinct children (and
    distinct URNs: the program registers both), the same on every run."""
    each: list[tuple[str, Any]] = [
        (n, {**full_args(DEVELOPER), "from_address": f"app{i}@example.com"})
        for i, n in enumerate(("my.app", "my app", "my:app"))
    ]
    runs = []
    for _ in range(2):
        deployment = new_deployment()
        deployment.run(lambda: [CognitoSesEmail(n, args) for n, args in each])
        runs.append(sorted(r.name for r in of_type(deployment, SNS_TOPIC)))
    assert runs[0] == runs[1]
    assert len(set(runs[0])) == 3
    assert all(n.startswith("my-app-") and n.endswith("-feedback") for n in runs[0])


def test_only_the_children_aws_refuses_are_renamed(deployment: Deployment) -> None:
    """ "my.app": Cognito and CloudWatch take the dot, SNS does not."""
    deployment.run(lambda: CognitoSesEmail("my.app", full_args(DEVELOPER)))  # type: ignore[arg-type]
    by_type = {r.type: r.name for r in deployment.resources.values() if r.type in NAME_MEMBERS}
    assert by_type[USER_POOL] == "my.app-pool"
    assert by_type[METRIC_ALARM] in {"my.app-bounce-rate", "my.app-complaint-rate"}
    assert by_type[SNS_TOPIC] == names.child_name("my.app", "feedback", names.SNS_TOPIC)
    assert by_type[SNS_TOPIC] != "my.app-feedback"


# --- the rule, pure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "member"),
    [
        (names.SNS_TOPIC, NAME_MEMBERS[SNS_TOPIC]),
        (names.USER_POOL, NAME_MEMBERS[USER_POOL]),
        (names.METRIC_ALARM, NAME_MEMBERS[METRIC_ALARM]),
    ],
    ids=["sns", "cognito", "cloudwatch"],
)
@pytest.mark.parametrize(
    "name", [*HOSTILE, "mail", "x" * 1000, "-", "..."], ids=lambda n: repr(n[:20])
)
def test_child_name_gives_auto_names_botocore_accepts(
    rule: names.NameRule, member: tuple[str, str, str], name: str
) -> None:
    for suffix in ("pool", "feedback", "complaint-rate"):
        child = names.child_name(name, suffix, rule)
        assert child_name_problems(*member, child + AUTO_SUFFIX) == []
        assert child == names.child_name(name, suffix, rule)  # stable


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("mail", names.SNS_TOPIC),
        ("My_App-2", names.SNS_TOPIC),
        ("my.app v2", names.USER_POOL),
        ("a" * 115, names.USER_POOL),
        ("mail🙂", names.METRIC_ALARM),
    ],
)
def test_child_name_keeps_a_name_aws_accepts(name: str, rule: names.NameRule) -> None:
    assert names.child_name(name, "pool", rule) == f"{name}-pool"


def test_child_name_stand_ins_are_readable_and_differ_per_name() -> None:
    pool = names.child_name("Ünïcode app", "feedback", names.SNS_TOPIC)
    assert pool.startswith("Unicode-app-") and pool.endswith("-feedback")
    long_names = {names.child_name("a" * n, "pool", names.USER_POOL) for n in range(116, 130)}
    assert len(long_names) == 14
