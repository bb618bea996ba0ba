"""The SES identity: an address, a domain with its records, or none (adopted); and the wait
for SES to verify it, so that one ``pulumi up`` creates the user pool.

The identity's ARN names the address (or domain), so it carries the secrecy of the arguments
that name it. :class:`VerificationWait` maps the ARN to the same ARN, resolved once SES answers
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

from ..model import AdoptedIdentity, CheckedArgs, CreatedDomain, Identity
from ..outputs import SECRET, ChildOptions, given, redacted, with_secrecy_of
from ..rules import dns
from ..rules import verification as rules
from ..rules.arns import IdentityArn, known_identity_arn, parse_identity_arn
from ..rules.verification import GET_CALLER_IDENTITY, GET_EMAIL_IDENTITY

#: Route 53 TTL of the records the component creates (seconds).
RECORD_TTL = 600

#: Maps the identity's ARN to it once SES has verified the identity.
Verified = Callable[[pulumi.Output[str]], pulumi.Output[str]]


@dataclass(frozen=True)
class MadeIdentity:
    """The identity Cognito sends as, and what was made for it."""

    arn: pulumi.Output[str]
    region: pulumi.Input[str] | None  # as an argument sets it; None: the provider's
    email_identity: aws.ses.EmailIdentity | None = None
    domain_identity: aws.ses.DomainIdentity | None = None
    dns_records: pulumi.Output[list[dns.DnsRecord]] | None = None
    #: What the user pool must wait for (the domain's verification, with a hosted zone).
    ready: tuple[pulumi.Resource, ...] = ()
    #: ``arn`` once SES has verified the identity (``resources.verification``): for what
    #: SES refuses for an unverified identity. None: ``arn`` (nothing waits).
    verified_arn: pulumi.Output[str] | None = None


def create_identity(
    name: str,
    identity: Identity,
    child: ChildOptions,
    verified: Verified = lambda arn: arn,
    timeout_minutes: int | None = None,
) -> MadeIdentity:
    """The identity: adopted as given, or created as an address or a domain (whose wait,
    with a hosted zone, takes ``timeout_minutes`` as its create timeout when set)."""
    if isinstance(identity, AdoptedIdentity):
        arn = with_secrecy_of(identity.arn, *identity.given)
        return MadeIdentity(arn=arn, region=identity.region, verified_arn=verified(arn))
    if isinstance(identity, CreatedDomain):
        return _domain_identity(name, identity, child, verified, timeout_minutes)
    email_identity = aws.ses.EmailIdentity(
        f"{name}-identity",
        email=identity.address,
        **given(region=identity.region),
        opts=_secret_arn(child(), identity.given),
    )
    arn = with_secrecy_of(pulumi.Output.unsecret(email_identity.arn), *identity.given)
    return MadeIdentity(arn, identity.region, email_identity, verified_arn=verified(arn))


def _secret_arn(opts: pulumi.ResourceOptions, given: tuple[object, ...]) -> pulumi.ResourceOptions:
    """``opts`` keeping the ARN secret in the state when the identity's name is an Output
    (the provider marks secret only outputs named like a secret input; ids never are)."""
    if any(isinstance(value, pulumi.Output) for value in given):
        opts.additional_secret_outputs = ["arn"]
    return opts


#: A record's key -> (its type, plain so that previews show it; the record).
_Records = dict[str, tuple[str, pulumi.Output[dns.DnsRecord]]]

#: The order of the records in ``dns_records``.
_RECORD_ORDER = ("verification", "dkim-1", "dkim-2", "dkim-3", "mail-from-mx", "mail-from-spf",
                 "dmarc")  # fmt: skip


def _domain_identity(
    name: str, domain: CreatedDomain, child: ChildOptions, verified: Verified, minutes: int | None
) -> MadeIdentity:
    """The domain identity with Easy DKIM and MAIL FROM, and its DNS records: created, and
    waited for, in a hosted zone; else only listed (``dns_records``) for the user."""
    identity = aws.ses.DomainIdentity(
        f"{name}-domain",
        domain=domain.domain,
        region=domain.region,
        opts=_secret_arn(child(), domain.given),
    )
    # The identity's Region: some Regions sign with dkim.<region>.amazonses.com.
    ses_region = identity.arn.apply(lambda arn: known_identity_arn(arn).region)
    arn = with_secrecy_of(pulumi.Output.unsecret(identity.arn), *domain.given)
    verified_arn = verified(arn)  # the wait, without a hosted zone
    dkim = aws.ses.DomainDkim(
        f"{name}-dkim", domain=identity.domain, region=domain.region, opts=child()
    )
    records: _Records = {
        "verification": ("TXT", _record(dns.verification_record, identity.domain,
                                         identity.verification_token)),
        **{f"dkim-{index + 1}": ("CNAME", _record(dns.dkim_records, identity.domain,
                                                  dkim.dkim_tokens, ses_region, index=index))
           for index in range(3)},  # Easy DKIM always gives three tokens
    }  # fmt: skip
    if domain.dmarc_policy is not None:
        records["dmarc"] = ("TXT", _record(dns.dmarc_record, identity.domain, domain.dmarc_policy))
    waited = None
    if domain.hosted_zone_id is not None:
        waited = _records_and_wait(name, identity, domain, records, child, minutes)
    if domain.mail_from_domain is not None:
        # SetIdentityMailFromDomain takes "a verified identity". Without a hosted zone the
        # domain input waits for the verified ARN, and the records are made from the
        # argument, so that dns_records does not wait for the verification it is needed for.
        after_verification = pulumi.Output.all(identity.domain, verified_arn).apply(lambda v: v[0])
        mail_from = aws.ses.MailFrom(
            f"{name}-mail-from",
            domain=identity.domain if waited is not None else after_verification,
            mail_from_domain=domain.mail_from_domain,
            region=domain.region,
            opts=child(*([waited] if waited is not None else [])),
        )
        source = mail_from.mail_from_domain if waited is not None else domain.mail_from_domain
        mail_records: _Records = {
            f"mail-from-{suffix}": (
                type_,
                _record(dns.mail_from_records, source, ses_region, index=i),
            )
            for i, (suffix, type_) in enumerate([("mx", "MX"), ("spf", "TXT")])
        }
        if waited is not None:
            _create_records(name, domain.hosted_zone_id, mail_records, child)
        records.update(mail_records)
    ordered = [records[key][1] for key in _RECORD_ORDER if key in records]
    return MadeIdentity(
        arn=arn,
        region=domain.region,
        domain_identity=identity,
        dns_records=with_secrecy_of(
            pulumi.Output.all(*ordered).apply(lambda values: [dict(v) for v in values]),
            *domain.given,
            *domain.records_given,
        ),
        ready=(waited,) if waited is not None else (),
        verified_arn=verified_arn,
    )


def _record(
    make: Callable[..., Any], *values: Any, index: int | None = None
) -> pulumi.Output[dns.DnsRecord]:
    """``make(*values)`` once they resolve (its record ``index``, when it makes a list)."""
    return pulumi.Output.all(*values).apply(
        lambda got: make(*got) if index is None else make(*got)[index]
    )


def _records_and_wait(
    name: str,
    identity: aws.ses.DomainIdentity,
    domain: CreatedDomain,
    records: _Records,
    child: ChildOptions,
    minutes: int | None,
) -> aws.ses.DomainIdentityVerification:
    """The Route 53 records, and the wait for SES to see the verification record (as long
    as verification_timeout_minutes says, when set; else the provider's 45 minutes)."""
    created = _create_records(name, domain.hosted_zone_id, records, child)
    opts = child(created["verification"])
    if minutes:
        timeouts = pulumi.CustomTimeouts(create=f"{minutes}m")
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(custom_timeouts=timeouts))
    return aws.ses.DomainIdentityVerification(
        f"{name}-verification-wait", domain=identity.domain, region=domain.region, opts=opts
    )


def _create_records(
    name: str, zone: Any, records: _Records, child: ChildOptions
) -> dict[str, aws.route53.Record]:
    """The Route 53 records of ``records`` in the hosted zone."""
    return {
        key: aws.route53.Record(
            f"{name}-{key}",
            zone_id=zone,
            name=record.apply(lambda r: r["name"]),
            type=type_,
            ttl=RECORD_TTL,
            records=record.apply(dns.route53_values),
            opts=child(),
        )
        for key, (type_, record) in records.items()
    }


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
