"""The wait for SES to verify the identity, so that one ``pulumi up`` creates the user pool.

:class:`VerificationWait` maps the identity's ARN to the same ARN, resolved once SES answers
``SUCCESS`` (:mod:`..rules.verification` says what each answer means). The check is the
``aws.sesv2.get_email_identity`` invoke, read as the engine sends it; the loop sleeps on
Pulumi's event loop with a :class:`Pace` (a test's mocks may give a fake one). Nothing is
asked in a preview.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

import pulumi
import pulumi_aws as aws
from pulumi.runtime.settings import get_monitor

from ..model import AdoptedIdentity, CheckedArgs, CreatedDomain
from ..outputs import SECRET, redacted
from ..rules import verification as rules
from ..rules.arns import IdentityArn, parse_identity_arn


class Pace(Protocol):
    """One wait's clock and sleep."""

    def clock(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class RealPace:
    """The real clock and sleep, as under ``pulumi up``."""

    def clock(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


#: The invokes of ``aws.sesv2.get_email_identity`` and ``aws.get_caller_identity``.
GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"
GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"


async def _invoke(component: pulumi.Resource, token: str, args: dict[str, Any]) -> dict[str, Any]:
    """One invoke as pulumi-aws makes it (its plugin version, the component's provider),
    awaited here so that its error is ours to handle; the answer has camelCase keys."""
    defaults = aws._utilities.get_invoke_opts_defaults()
    opts = pulumi.InvokeOptions.merge(defaults, pulumi.InvokeOptions(parent=component))
    return await pulumi.runtime.invoke_async(token, args, opts=opts) or {}


class VerificationWait:
    """The identity's ARN, once SES has verified the identity (see the module)."""

    def __init__(self, component: pulumi.Resource, checked: CheckedArgs) -> None:
        self.component = component
        # The mocks' pace, when the program runs under mocks that give one (set_mocks puts
        # them on the monitor it installs): a test's fake clock.
        pace = getattr(getattr(get_monitor(), "mocks", None), "verification_pace", None)
        self.pace: Callable[[str, int], Pace] = pace if callable(pace) else lambda *_: RealPace()
        minutes = checked.verification_timeout_minutes
        self.minutes = rules.DEFAULT_MINUTES if minutes is None else minutes
        identity = checked.identity
        self.adopted = isinstance(identity, AdoptedIdentity)
        # With a hosted zone, aws.ses.DomainIdentityVerification waits for the domain.
        self.watched = not (isinstance(identity, CreatedDomain) and identity.hosted_zone_id)

    def __call__(self, arn: pulumi.Output[str]) -> pulumi.Output[str]:
        if self.minutes == 0 or not self.watched or pulumi.runtime.is_dry_run():
            return arn
        return arn.apply(lambda value: self._verified(value, arn))

    async def _verified(self, arn: str, output: pulumi.Output[str]) -> str:
        """``arn`` (the value of ``output``), once SES says the identity is verified (or the
        check cannot be made)."""
        parsed = parse_identity_arn(arn)
        if parsed is None:
            return arn  # not an identity ARN: its own check reports it
        shown = SECRET if await output.is_secret() else parsed.name
        if self.adopted and not await self._same_account(parsed, shown):
            return arn
        pace = self.pace(parsed.name, self.minutes)
        await _Watch(self, arn, parsed, shown, pace).until_verified()
        return arn

    async def _same_account(self, identity: IdentityArn, shown: str) -> bool:
        """Whether the adopted identity is of the account ``pulumi up`` runs in."""
        try:
            caller = await _invoke(self.component, GET_CALLER_IDENTITY, {})
        except Exception:  # unknown: SES's own answer says more
            return True
        account = caller.get("accountId")
        if not account or account == identity.account:
            return True
        note = rules.other_account_note(shown, SECRET if shown == SECRET else identity.account)
        pulumi.log.info(note, resource=self.component)
        return False


@dataclass
class _Watch:
    """One identity's checks, from the first to the answer that ends them."""

    wait: VerificationWait
    arn: str  # every part of it is kept out of messages for a secret identity
    identity: IdentityArn
    shown: str
    pace: Pace

    @property
    def kind(self) -> rules.Kind:
        return "address" if "@" in self.identity.name else "domain"

    async def until_verified(self) -> None:
        """Returns once verified (or unanswerable, or undetermined); raises NotVerified on
        FAILED or at the timeout."""
        component, timeout = self.wait.component, self.wait.minutes
        started = self.pace.clock()
        said = None  # when progress was last said
        checks = 0
        while True:
            answer = await self._status(answered=checks > 0)
            checks += 1
            if answer in ("verified", "refused", "unanswered", "undetermined"):
                return
            if answer == "failed":
                self._stop(rules.failed_message(self.shown, self.kind))
            waited = self.pace.clock() - started
            if waited >= timeout * 60:
                self._stop(rules.timeout_message(self.shown, self.kind, timeout))
            if said is None or waited - said >= rules.PROGRESS_SECONDS:
                message = rules.progress_message(self.shown, self.kind, waited, timeout)
                pulumi.log.info(message, resource=component)
                said = waited
            await self.pace.sleep(min(rules.recheck_delay(checks), timeout * 60 - waited))

    async def _status(self, answered: bool) -> rules.Outcome | str:
        """What SES's answer means. A failed first check is "refused" (warned: no permission,
        mostly); one after SES has answered (throttled, a dropped connection) waits on."""
        component = self.wait.component
        try:
            args = {"emailIdentity": self.identity.name, "region": self.identity.region}
            answer = await _invoke(component, GET_EMAIL_IDENTITY, args)
        except Exception as error:
            text = str(error) if self.shown != SECRET else redacted(str(error), [self.arn])
            if answered:
                pulumi.log.info(rules.recheck_note(self.shown, text), resource=component)
                return "pending"
            pulumi.log.warn(rules.refused_warning(self.shown, text), resource=component)
            return "refused"
        result = rules.outcome(answer.get("verificationStatus"))
        if answered and result == "unanswered":
            return "pending"  # SES answered before: this answer says nothing new
        if result == "unanswered":
            pulumi.log.info(rules.unanswered_note(self.shown), resource=component)
        if result == "undetermined":
            pulumi.log.warn(rules.undetermined_note(self.shown), resource=component)
        return result

    def _stop(self, message: str) -> NoReturn:
        raise rules.NotVerified(message, self.identity.name)
