"""One `pulumi up` for a new address: the pool waits for SES's verification, under the mock
runtime, with a fake clock (the waits below take simulated minutes, not real ones)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from pulumi.runtime.rpc import is_rpc_secret

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.account import (
    DOMAIN_VERIFICATION,
    IDENTITY_POLICY,
    MAIL_FROM,
    NOTIFICATION_TOPIC,
    USER_POOL,
)
from cognito_ses_email.rules.verification import GET_CALLER_IDENTITY, GET_EMAIL_IDENTITY
from tests.support import ACCOUNT, ADDRESS, Deployment, build, error_text, of_type, revealed

MODES = pytest.mark.parametrize("mode", ["COGNITO_DEFAULT", "DEVELOPER"])
WRAPS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda v: v,
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}
CLICKED = ["PENDING", "PENDING", "SUCCESS"]  # two checks before the click, then verified
OTHER_ACCOUNT = "210987654321"


@dataclass
class FakeTime:
    """A clock that moves only when the wait sleeps; what was registered at each sleep."""

    deployment: Deployment | None = None
    now: float = 0.0
    slept: list[float] = field(default_factory=list)
    registered_while_waiting: set[str] = field(default_factory=set)

    def pace(self, identity: str, minutes: int) -> FakeTime:
        """The pace of every wait (as the mocks' ``verification_pace``)."""
        return self

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0.01)  # the rest of the program goes on meanwhile
        if self.deployment is not None:
            self.registered_while_waiting |= set(self.deployment.resources)


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch, deployment: Deployment) -> FakeTime:
    fake = FakeTime(deployment)
    monkeypatch.setattr(deployment.mocks, "verification_pace", fake.pace)
    return fake


@pytest.fixture
def messages(caplog: pytest.LogCaptureFixture) -> Callable[[int], list[str]]:
    """The messages the program logged at ``level`` (the mock engine logs to Python's)."""
    caplog.set_level(logging.INFO)
    return lambda level: [r.getMessage() for r in caplog.records if r.levelno == level]


def checks(deployment: Deployment) -> list[dict[str, Any]]:
    """The arguments of every verification check."""
    return [dict(c.args) for c in deployment.mocks.calls if c.token == GET_EMAIL_IDENTITY]


def progress(messages: Callable[[int], list[str]]) -> list[str]:
    return [m for m in messages(logging.INFO) if m.startswith("waiting for SES to verify")]


# --- a new address: the click -------------------------------------------------------------


@MODES
def test_a_new_address_deploys_in_one_up_with_the_click(
    deployment: Deployment, fake_time: FakeTime, messages: Any, mode: str
) -> None:
    deployment.mocks.answer_verification(CLICKED)
    email = build(deployment, sending_account=mode)
    assert checks(deployment) == [{"emailIdentity": ADDRESS, "region": "us-east-1"}] * 3
    [pool] = of_type(deployment, USER_POOL)
    assert pool.inputs["emailConfiguration"]["sourceArn"] == deployment.value(email.identity_arn)
    assert "mail-pool" not in fake_time.registered_while_waiting
    # PutIdentityPolicy refuses an unverified identity: the policy waits too.
    assert "mail-sending-authorization" not in fake_time.registered_while_waiting
    if mode == "COGNITO_DEFAULT":
        [policy] = of_type(deployment, IDENTITY_POLICY)
        assert policy.inputs["identity"] == deployment.value(email.identity_arn)
    assert fake_time.slept[0] <= 5, "the first re-check comes soon"
    assert progress(messages) == [
        f"waiting for SES to verify {ADDRESS}: open the link SES mailed to it (0 of 15 min)"
    ]


def test_an_unrelated_resource_is_not_delayed_by_the_wait(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    deployment.mocks.answer_verification(["PENDING"] * 5 + ["SUCCESS"])

    def program() -> None:
        CognitoSesEmail("mail", {"from_address": ADDRESS})
        aws.sns.Topic("unrelated")

    deployment.run(program)
    assert "unrelated" in fake_time.registered_while_waiting
    assert "mail-pool" not in fake_time.registered_while_waiting
    assert "mail-pool" in deployment.resources


def test_the_check_goes_through_the_components_provider(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    def program() -> None:
        provider = aws.Provider("explicit", region="eu-west-1")
        CognitoSesEmail(
            "mail", {"from_address": ADDRESS}, pulumi.ResourceOptions(providers={"aws": provider})
        )

    deployment.run(program)
    [call] = [c for c in deployment.mocks.calls if c.token == GET_EMAIL_IDENTITY]
    assert call.provider is not None and "explicit" in call.provider


@pytest.mark.parametrize("kind", list(WRAPS))
def test_the_address_may_be_plain_late_or_secret(
    deployment: Deployment, fake_time: FakeTime, messages: Any, kind: str
) -> None:
    deployment.mocks.answer_verification(CLICKED)
    email = build(deployment, from_address=WRAPS[kind](ADDRESS))
    assert len(checks(deployment)) == 3
    secret = kind == "secret"
    # The SDK hands an invoke's arguments to the provider as plain values in any case.
    assert [revealed(c["emailIdentity"]) for c in checks(deployment)] == [ADDRESS] * 3
    assert asyncio.get_event_loop().run_until_complete(email.identity_arn.is_secret()) is secret
    [pool] = of_type(deployment, USER_POOL)
    assert is_rpc_secret(pool.inputs["emailConfiguration"]) is secret
    shown = "[secret]" if secret else ADDRESS
    assert progress(messages) == [
        f"waiting for SES to verify {shown}: open the link SES mailed to it (0 of 15 min)"
    ]
    assert secret is not any(ADDRESS in m for m in messages(logging.INFO))


# --- the endings --------------------------------------------------------------------------


@MODES
def test_failed_is_reported_at_once_and_no_pool_is_made(
    deployment: Deployment, fake_time: FakeTime, mode: str
) -> None:
    deployment.mocks.answer_verification("FAILED")
    with pytest.raises(Exception) as raised:
        build(deployment, sending_account=mode)
    text = error_text(raised.value)
    assert f"verification of {ADDRESS} FAILED" in text and "aws ses verify-email-identity" in text
    assert len(checks(deployment)) == 1 and fake_time.slept == []
    assert of_type(deployment, USER_POOL) == []
    assert of_type(deployment, IDENTITY_POLICY) == []  # SES refuses it for an unverified identity
    assert "mail-identity" in deployment.resources  # nothing half-made beyond the identity


def test_nobody_clicks_the_wait_ends_at_the_timeout(
    deployment: Deployment, fake_time: FakeTime, messages: Any
) -> None:
    deployment.mocks.answer_verification("PENDING")
    started = time.monotonic()
    with pytest.raises(Exception) as raised:
        build(deployment, verification_timeout_minutes=15)
    assert time.monotonic() - started < 5, "the fake clock kept the test fast"
    text = error_text(raised.value)
    assert f"verification_timeout_minutes: SES has not verified {ADDRESS} after 15 min" in text
    assert "pulumi up --replace" in text and "continues where it stopped" in text
    assert fake_time.now == pytest.approx(15 * 60)
    assert max(fake_time.slept) <= 30
    assert 30 <= len(checks(deployment)) <= 40
    said = progress(messages)
    assert 25 <= len(said) <= 35, "about every 30 s"
    assert said[-1].endswith("(14 of 15 min)")
    assert of_type(deployment, USER_POOL) == []


def test_a_refused_check_warns_once_and_goes_on(
    deployment: Deployment, fake_time: FakeTime, messages: Any
) -> None:
    deployment.mocks.refused.add(GET_EMAIL_IDENTITY)
    deployment.mocks.answer_verification("PENDING")
    build(deployment)
    assert len(checks(deployment)) == 1
    [warning] = [m for m in messages(logging.WARNING) if "ses:GetEmailIdentity" in m]
    assert ADDRESS in warning and "AccessDenied" in warning
    assert len(of_type(deployment, USER_POOL)) == 1


def test_a_check_that_fails_after_ses_answered_waits_on(
    deployment: Deployment, fake_time: FakeTime, messages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PENDING, then a throttled check, then the click: the wait goes on through the failure.
    deployment.mocks.answer_verification(["PENDING", "SUCCESS"])
    answer = deployment.mocks.call
    asked: list[str] = []

    def throttled_once(args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
        if args.token == GET_EMAIL_IDENTITY:
            asked.append(args.token)
            if len(asked) == 2:
                deployment.mocks.calls.append(args)
                return {}, [("", "ThrottlingException: Rate exceeded (simulated)")]
        return answer(args)

    monkeypatch.setattr(deployment.mocks, "call", throttled_once)
    build(deployment)
    assert len(checks(deployment)) == 3
    assert not [m for m in messages(logging.WARNING) if "ses:GetEmailIdentity" in m]
    assert any("Rate exceeded" in m and "asking again" in m for m in messages(logging.INFO))
    assert "mail-pool" not in fake_time.registered_while_waiting
    assert len(of_type(deployment, USER_POOL)) == 1


def test_a_refused_check_of_a_secret_address_does_not_show_it(
    deployment: Deployment, fake_time: FakeTime, messages: Any
) -> None:
    deployment.mocks.refused.add(GET_EMAIL_IDENTITY)
    build(deployment, from_address=pulumi.Output.secret(ADDRESS))
    [warning] = [m for m in messages(logging.WARNING) if "ses:GetEmailIdentity" in m]
    assert "[secret]" in warning and ADDRESS not in warning


def test_an_answer_without_a_status_does_not_hang(
    deployment: Deployment, fake_time: FakeTime, messages: Any, monitor_answers: Any
) -> None:
    monitor_answers(GET_EMAIL_IDENTITY, {})
    build(deployment)
    assert len(checks(deployment)) == 1 and fake_time.slept == []
    assert len(of_type(deployment, USER_POOL)) == 1
    assert any("no verification status" in m for m in messages(logging.INFO))


def test_a_verified_domain_ses_cannot_check_for_now_holds_nothing_up(
    deployment: Deployment, fake_time: FakeTime, messages: Any
) -> None:
    """TEMPORARY_FAILURE (a DNS hiccup on a verified domain): one check, a warning, the pool."""
    deployment.mocks.answer_verification("TEMPORARY_FAILURE")
    build(deployment, **domain_args())
    assert len(checks(deployment)) == 1 and fake_time.slept == []
    [warning] = [m for m in messages(logging.WARNING) if "TEMPORARY_FAILURE" in m]
    assert "example.com" in warning and "not waiting" in warning
    assert len(of_type(deployment, USER_POOL)) == 1


def test_verified_for_sending_does_not_stand_for_a_pending_address(
    deployment: Deployment, fake_time: FakeTime, monitor_answers: Any
) -> None:
    """True for an address of a verified domain while the address is pending
    (terraform-provider-aws 41634); Cognito checks the address itself: the wait goes on."""
    monitor_answers(
        GET_EMAIL_IDENTITY, {"verificationStatus": "PENDING", "verifiedForSendingStatus": True}
    )
    with pytest.raises(Exception, match="has not verified"):
        build(deployment, verification_timeout_minutes=1)
    assert len(checks(deployment)) > 1 and not of_type(deployment, USER_POOL)


@pytest.fixture
def monitor_answers(deployment: Deployment, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Answer one invoke with a fixed result, as a program's own echoing mocks might."""

    def answer(token: str, result: dict[str, Any]) -> None:
        original = deployment.mocks.call

        def call(args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
            if args.token != token:
                return original(args)
            deployment.mocks.calls.append(args)
            return dict(result), []

        monkeypatch.setattr(deployment.mocks, "call", call)

    return answer


# --- when nothing is asked ---------------------------------------------------------------


def test_a_preview_asks_nothing_and_waits_for_nothing(
    new_deployment: Callable[..., Deployment], monkeypatch: pytest.MonkeyPatch
) -> None:
    deployment = new_deployment(preview=True)
    fake = FakeTime(deployment)
    monkeypatch.setattr(deployment.mocks, "verification_pace", fake.pace)
    deployment.mocks.answer_verification("PENDING")
    build(deployment)
    assert deployment.invokes(GET_EMAIL_IDENTITY) == 0 and fake.slept == []
    assert len(of_type(deployment, USER_POOL)) == 1


@MODES
def test_zero_minutes_checks_nothing(
    deployment: Deployment, fake_time: FakeTime, mode: str
) -> None:
    deployment.mocks.answer_verification("PENDING")
    build(deployment, sending_account=mode, verification_timeout_minutes=0)
    assert deployment.invokes(GET_EMAIL_IDENTITY) == 0
    assert len(of_type(deployment, USER_POOL)) == 1


@MODES
def test_a_day_is_the_longest_wait(
    deployment: Deployment, fake_time: FakeTime, messages: Any, mode: str
) -> None:
    deployment.mocks.answer_verification(CLICKED)
    build(deployment, sending_account=mode, verification_timeout_minutes=1440)
    assert len(checks(deployment)) == 3
    assert progress(messages)[0].endswith("(0 of 1440 min)")
    assert len(of_type(deployment, USER_POOL)) == 1


@MODES
@pytest.mark.parametrize("value", [-1, 1441, "15", 15.5, True, "an Output of 15", "a secret 15"])
def test_a_bad_timeout_is_refused_before_anything_is_registered(
    deployment: Deployment, value: Any, mode: str
) -> None:
    # A plain whole number only: made here, on the test's event loop, for the Output cases.
    if value == "an Output of 15":
        value = pulumi.Output.from_input(15)
    elif value == "a secret 15":
        value = pulumi.Output.secret(15)
    with pytest.raises(ValueError, match=r"^verification_timeout_minutes: "):
        build(deployment, sending_account=mode, verification_timeout_minutes=value)
    assert deployment.resources == {}


# --- every identity Cognito checks ---------------------------------------------------------


def test_your_own_pool_waits_through_email_configuration(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    deployment.mocks.answer_verification("FAILED")

    def program() -> None:
        email = CognitoSesEmail("mail", {"from_address": ADDRESS, "create_user_pool": False})
        aws.cognito.UserPool(
            "users",
            email_configuration=email.email_configuration,
            opts=pulumi.ResourceOptions(depends_on=[email]),
        )

    with pytest.raises(Exception) as raised:
        deployment.run(program)
    assert "FAILED" in error_text(raised.value)
    assert "users" not in deployment.resources


def test_your_own_pool_is_made_once_verified(deployment: Deployment, fake_time: FakeTime) -> None:
    deployment.mocks.answer_verification(CLICKED)

    def program() -> CognitoSesEmail:
        email = CognitoSesEmail("mail", {"from_address": ADDRESS, "create_user_pool": False})
        aws.cognito.UserPool("users", email_configuration=email.email_configuration)
        return email

    email = deployment.run(program)
    assert len(checks(deployment)) == 3
    assert "users" not in fake_time.registered_while_waiting
    received = deployment.resources["users"].inputs["emailConfiguration"]
    assert received["sourceArn"] == deployment.value(email.identity_arn)


def domain_args(**extra: Any) -> dict[str, Any]:
    return {
        "sending_account": "DEVELOPER",
        "identity_domain": "example.com",
        "mail_from_domain": "mail.example.com",
        "notifications": {},
        **extra,
    }


def test_a_domain_without_a_zone_waits_for_the_records_you_create(
    deployment: Deployment, fake_time: FakeTime, messages: Any
) -> None:
    deployment.mocks.answer_verification(CLICKED)
    email = build(deployment, **domain_args())
    assert checks(deployment) == [{"emailIdentity": "example.com", "region": "us-east-1"}] * 3
    assert "DNS records" in progress(messages)[0]
    waited_for = {"mail-pool", "mail-mail-from", "mail-bounce-notifications"}
    assert not waited_for & fake_time.registered_while_waiting
    assert waited_for <= set(deployment.resources)
    assert len(deployment.value(email.dns_records)) == 6


def nth(records: list[Any], index: int) -> Any:
    return records[index]


def test_records_made_from_dns_records_do_not_wait_for_the_verification_they_are_for(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    """A program that creates the records at its own DNS (here: records of another zone)
    from dns_records gets them while the wait runs, not after it (which would never end)."""
    deployment.mocks.answer_verification(["PENDING"] * 4 + ["SUCCESS"])

    def program() -> None:
        email = CognitoSesEmail("mail", {"from_address": ADDRESS, **domain_args()})  # type: ignore[typeddict-item]
        assert email.dns_records is not None
        for index in range(6):
            record = email.dns_records.apply(partial(nth, index=index))
            aws.route53.Record(
                f"elsewhere-{index}",
                zone_id="Z0ELSEWHERE",
                name=record.apply(lambda r: r["name"]),
                type=record.apply(lambda r: r["type"]),
                records=[record.apply(lambda r: r["value"])],
                ttl=300,
            )

    deployment.run(program)
    elsewhere = {f"elsewhere-{index}" for index in range(6)}
    assert elsewhere <= fake_time.registered_while_waiting
    assert "mail-pool" not in fake_time.registered_while_waiting


def test_what_ses_refuses_unverified_is_not_made_when_the_domain_fails(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    deployment.mocks.answer_verification("FAILED")
    with pytest.raises(Exception) as raised:
        build(deployment, **domain_args())
    assert "verification of example.com FAILED" in error_text(raised.value)
    for type_ in (USER_POOL, MAIL_FROM, NOTIFICATION_TOPIC):
        assert of_type(deployment, type_) == [], type_
    assert "mail-domain" in deployment.resources


def test_a_domain_with_a_zone_keeps_its_verification_resource(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    build(deployment, **domain_args(hosted_zone_id="Z0123456789ABCDEFGHIJ"))
    assert deployment.invokes(GET_EMAIL_IDENTITY) == 0
    [verification] = of_type(deployment, DOMAIN_VERIFICATION)
    assert verification.create_timeout == "", "the provider's own timeout unless set"


def test_a_zones_verification_follows_the_timeout_when_set(
    deployment: Deployment, fake_time: FakeTime
) -> None:
    build(deployment, **domain_args(hosted_zone_id="Z0123456789ABCDEFGHIJ"),
          verification_timeout_minutes=120)  # fmt: skip
    [verification] = of_type(deployment, DOMAIN_VERIFICATION)
    assert verification.create_timeout == "120m"


@MODES
def test_an_adopted_identity_is_checked_in_its_own_region(
    deployment: Deployment, fake_time: FakeTime, mode: str
) -> None:
    deployment.mocks.answer_verification(CLICKED)
    adopted = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/{ADDRESS}"
    build(deployment, sending_account=mode, identity_arn=adopted,
          user_pool_args={"region": "eu-west-1"})  # fmt: skip
    assert checks(deployment) == [{"emailIdentity": ADDRESS, "region": "eu-west-1"}] * 3
    assert len(of_type(deployment, USER_POOL)) == 1


def test_an_identity_of_another_account_is_not_checked(
    deployment: Deployment, fake_time: FakeTime, messages: Any
) -> None:
    deployment.mocks.answer_verification("PENDING")
    adopted = f"arn:aws:ses:us-east-1:{OTHER_ACCOUNT}:identity/{ADDRESS}"
    # DEVELOPER: in COGNITO_DEFAULT only the identity's owner may put the policy on it.
    build(deployment, identity_arn=adopted, sending_account="DEVELOPER")
    assert deployment.invokes(GET_EMAIL_IDENTITY) == 0
    assert deployment.invokes(GET_CALLER_IDENTITY) == 1
    [note] = [m for m in messages(logging.INFO) if OTHER_ACCOUNT in m]
    assert "not checked" in note
    assert len(of_type(deployment, USER_POOL)) == 1
