"""The plan's wait for SES to verify the identity: a step, not a resource, in every output;
what `pulumi up` does when SES answers PENDING or FAILED (the plan never sleeps for it)."""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

import pytest

from tests.offline.plan_support import IDENTITY, POLICY, POOL, plan
from tests.offline.test_render import parse_mermaid, parse_mermaid_waits

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

STEP = "SES verifies no-reply@example.com"
DOMAIN_STEP = "SES verifies example.com"
DEVELOPER = ["--config", "sendingAccount=DEVELOPER"]
DOMAIN = [*DEVELOPER, "--config", "identityDomain=example.com"]
NOTIFIED_DOMAIN = [*DOMAIN, "--config", "notifications=true"]
ZONE = [*DOMAIN, "--config", "hostedZoneId=Z0123456789ABCDEFGHIJ"]
DOMAIN_IDENTITY = "cognito-email-domain"
DOMAIN_VERIFICATION = "cognito-email-verification-wait"
NOTIFICATIONS = ["cognito-email-bounce-notifications", "cognito-email-complaint-notifications"]


def outputs(*args: str) -> tuple[str, dict[str, Any], str]:
    """The text, the JSON and the Mermaid of one plan; each exits 0 with no warning."""
    results = [plan("--format", form, *args) for form in ("text", "json", "mermaid")]
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "warning:" not in result.stderr and "Traceback" not in result.stderr
    text, data, chart = results[0].stdout, json.loads(results[1].stdout), results[2].stdout
    return text, data, chart


def waits_line(text: str, name: str) -> str:
    """The ``name <- ...`` line of the text's "Waits for" section."""
    (line,) = [line for line in text.splitlines() if line.startswith(f"  {name} <- ")]
    return line


def assert_mermaid_wait(chart: str, step: str, source: str, waiting: list[str]) -> None:
    """One hexagon labelled ``step``: a dotted arrow from ``source``, and to each waiting."""
    labels, _edges, _parents = parse_mermaid(chart)
    waits, dotted = parse_mermaid_waits(chart)
    ids = {label.split(" (", 1)[0]: node for node, label in labels.items()}
    ((node, label),) = waits.items()
    assert label.startswith(f"{step} (wait: ")
    assert dotted == {(ids[source], node)} | {(node, ids[name]) for name in waiting}


@pytest.mark.parametrize(
    ("args", "waiting"),
    [([], [POLICY, POOL]), (DEVELOPER, [POOL])],
    ids=["COGNITO_DEFAULT", "DEVELOPER"],
)
def test_verified_the_pool_and_policy_wait_for_the_step(
    args: list[str], waiting: list[str]
) -> None:
    text, data, chart = outputs(*args)
    assert data["verification"] == {
        "answer": "verified",
        "steps": [
            {
                "step": STEP,
                "identity": "no-reply@example.com",
                "minutes": 15,
                "resource": None,
                "createTimeout": None,
                "waitedForBy": waiting,
                "madeBefore": [],
                "upError": None,
            }
        ],
    }
    assert "aws:sesv2/getEmailIdentity:getEmailIdentity" in data["invokes"]
    for name in waiting:
        assert waits_line(text, name).endswith(f", [{STEP}]")
    assert f"  {STEP}: pulumi up waits up to 15 min" in text
    assert f"then: {', '.join(waiting)}" in text
    assert "ends with" not in text
    assert IDENTITY not in data["verification"]["steps"][0]["waitedForBy"]
    assert_mermaid_wait(chart, STEP, IDENTITY, waiting)


@pytest.mark.parametrize(
    ("args", "waiting"),
    [([], [POLICY, POOL]), (DEVELOPER, [POOL])],
    ids=["COGNITO_DEFAULT", "DEVELOPER"],
)
def test_pending_up_creates_the_identity_waits_then_times_out(
    args: list[str], waiting: list[str]
) -> None:
    text, data, chart = outputs("--verification", "pending", *args)
    (step,) = data["verification"]["steps"]
    assert data["verification"]["answer"] == "pending"
    assert step["madeBefore"] == [IDENTITY]
    assert step["waitedForBy"] == waiting
    assert step["upError"].startswith(
        "verification_timeout_minutes: SES has not verified no-reply@example.com after 15 min"
    )
    assert "pulumi up when SES answers PENDING (--verification pending):" in text
    assert f"  creates: {IDENTITY}\n  waits: {STEP}\n  ends with: error: {step['upError']}" in text
    assert f"  not created: {', '.join(waiting)}" in text
    # The plan itself is still the verified one: what `up` creates once the link is clicked.
    assert {r["name"] for r in data["resources"]} >= {IDENTITY, *waiting}
    assert_mermaid_wait(chart, STEP, IDENTITY, waiting)


def test_pending_never_sleeps_for_real_even_for_a_day() -> None:
    started = time.monotonic()
    _text, data, _chart = outputs(
        "--verification", "pending", "--config", "verificationTimeoutMinutes=1440"
    )
    assert time.monotonic() - started < 60  # three plans; a real wait would take a day
    (step,) = data["verification"]["steps"]
    assert step["minutes"] == 1440
    assert "after 1440 min" in step["upError"]


def test_failed_ends_at_once_with_ses_failed() -> None:
    text, data, chart = outputs("--verification", "failed")
    (step,) = data["verification"]["steps"]
    assert step["upError"].startswith("SES reports the verification of no-reply@example.com FAILED")
    assert step["madeBefore"] == [IDENTITY]
    assert "pulumi up when SES answers FAILED (--verification failed):" in text
    assert f"ends with: error: {step['upError']}" in text
    assert_mermaid_wait(chart, STEP, IDENTITY, [POLICY, POOL])


@pytest.mark.parametrize("answer", ["verified", "pending"])
def test_zero_minutes_shows_no_wait(answer: str) -> None:
    text, data, chart = outputs(
        "--verification", answer, "--config", "verificationTimeoutMinutes=0"
    )
    assert data["verification"] == {"answer": answer, "steps": []}
    assert "aws:sesv2/getEmailIdentity:getEmailIdentity" not in data["invokes"]
    assert "  none: nothing waits for SES to verify the identity" in text
    assert "[SES verifies" not in text and "ends with" not in text
    assert parse_mermaid_waits(chart) == ({}, set())
    said = any("changes nothing here" in note for note in data["notes"])
    assert said == (answer == "pending")


def test_a_domain_without_a_zone_waits_for_the_check() -> None:
    text, data, chart = outputs("--verification", "pending", *NOTIFIED_DOMAIN)
    (step,) = data["verification"]["steps"]
    assert step["step"] == DOMAIN_STEP and step["minutes"] == 15 and step["resource"] is None
    assert {POOL, *NOTIFICATIONS} <= set(step["waitedForBy"])
    assert DOMAIN_IDENTITY in step["madeBefore"]
    assert not set(step["madeBefore"]) & set(step["waitedForBy"])
    assert "SES has not verified example.com after 15 min" in step["upError"]
    for name in (POOL, *NOTIFICATIONS):
        assert waits_line(text, name).endswith(f", [{DOMAIN_STEP}]")
    assert_mermaid_wait(chart, DOMAIN_STEP, DOMAIN_IDENTITY, step["waitedForBy"])


def test_with_a_hosted_zone_the_domain_identity_verification_is_the_wait() -> None:
    text, data, chart = outputs(*ZONE)
    (step,) = data["verification"]["steps"]
    assert step["resource"] == DOMAIN_VERIFICATION and step["minutes"] is None
    assert step["createTimeout"] == ""
    assert step["waitedForBy"] == [POOL]
    assert "aws:sesv2/getEmailIdentity:getEmailIdentity" not in data["invokes"]
    types = {r["name"]: r["type"] for r in data["resources"]}
    assert types[DOMAIN_VERIFICATION] == (
        "aws:ses/domainIdentityVerification:DomainIdentityVerification"
    )
    assert (
        f"  {DOMAIN_STEP}: the DomainIdentityVerification {DOMAIN_VERIFICATION} waits"
        " (create timeout: the provider's); then: cognito-email-pool"
    ) in text
    assert "[SES verifies" not in text  # the wait is a resource: the pool's own dependency
    assert DOMAIN_VERIFICATION in waits_line(text, POOL)
    assert_mermaid_wait(chart, DOMAIN_STEP, DOMAIN_VERIFICATION, [POOL])


def test_with_a_hosted_zone_pending_is_said_to_change_nothing() -> None:
    _text, data, _chart = outputs("--verification", "pending", *ZONE)
    (step,) = data["verification"]["steps"]
    assert step["upError"] is None
    assert any("DomainIdentityVerification resource is the wait" in n for n in data["notes"])


def test_an_unknown_answer_is_refused_by_the_command_line() -> None:
    result: subprocess.CompletedProcess[str] = plan("--verification", "clicked")
    assert result.returncode == 2
    assert "invalid choice: 'clicked'" in result.stderr


def test_with_a_hosted_zone_a_set_timeout_is_the_resources_create_timeout() -> None:
    text, data, _chart = outputs(*ZONE, "--config", "verificationTimeoutMinutes=30")
    (step,) = data["verification"]["steps"]
    assert step["createTimeout"] == "30m" and step["minutes"] is None
    assert "(create timeout: 30m)" in text
