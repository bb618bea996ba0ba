"""The identity arguments (an address, an adopted identity_arn or an identity_domain), and
the default provider's Region where the identity goes when no argument says."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

import pulumi

from ..model import AdoptedIdentity, CreatedAddress, CreatedDomain, Identity, Value
from ..outputs import Checks, late, warn
from ..rules import addresses, arns, dns, errors, regions

#: What puts the resources in the provider's Region when no Region argument does.
PROVIDER_REGION = "aws:region"

#: Arguments that configure identity_domain.
DOMAIN_ARGUMENTS = ("hosted_zone_id", "mail_from_domain", "dmarc_policy")


@dataclass(frozen=True)
class ProviderRegion:
    """The default provider's Region, and where pulumi-aws takes it from."""

    name: str
    #: ``aws:region``, or the environment variable it came from (``AWS_REGION``).
    source: str


def default_provider_region() -> ProviderRegion | None:
    """The default provider's Region as pulumi-aws finds it: the ``aws:region`` setting,
    else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``; None when none is set."""
    configured = pulumi.Config("aws").get("region")
    if configured:
        return ProviderRegion(configured, PROVIDER_REGION)
    for variable in regions.REGION_VARIABLES:
        if os.environ.get(variable):
            return ProviderRegion(os.environ[variable], variable)
    return None


def check_provider_region(provider: ProviderRegion | None, services: list[str]) -> None:
    """With no Region argument the identity (and pool) go to the provider's Region: where
    that is known, it is checked as a Region argument is, and ``services`` must be offered."""
    if provider is None:
        return
    region, source = provider.name, provider.source
    try:
        regions.check_region(source, region, warn)
        problem = next(filter(None, (regions.service_problem(region, s) for s in services)), None)
    except ValueError as error:
        problem = str(error).removeprefix(f"{source}: ")
    if problem is None:
        return
    goes = "no ses_region, user_pool_args['region'] or user_pool_region is given"
    if source == PROVIDER_REGION:
        message = f"{problem} (the provider's Region, where the SES identity goes: {goes}); fix it"
    else:
        message = (
            f"the Region from {source}, {region}, is the provider's (aws:region is not set) and"
            f" the SES identity's ({goes}): {problem}; fix {source} or set aws:region"
        )
    raise errors.argument_error(source, f"{message}, or set ses_region to a Region Cognito can use")


def checked_identity(
    args: Mapping[str, Any],
    sending_account: str,
    from_address: Value[str],
    pool: tuple[Value[str] | None, str],
    given: tuple[object, ...],
    checks: Checks,
) -> tuple[Identity, str]:
    """The identity, and the argument to blame when its Region is refused: the one that
    put it there (without ses_region, the pool's Region argument, ``pool[1]``)."""
    pool_region, pool_argument = pool
    ses_region = args.get("ses_region")
    if ses_region is not None:
        check = partial(regions.check_region, "ses_region", warn=warn, service=regions.SES)
        ses_region = checks(check, ses_region)
    domain = args.get("identity_domain")
    if domain is None:
        for key in DOMAIN_ARGUMENTS:
            if args.get(key) is not None:
                raise errors.argument_error(key, "needs identity_domain: it configures that domain")
    if args.get("identity_arn") is not None:
        if domain is not None:
            raise errors.argument_error(
                "identity_domain",
                "cannot be combined with identity_arn: adopt an existing identity, or let "
                "the component create and verify identity_domain, not both",
            )
        adopted = _adopted(args["identity_arn"], from_address, sending_account, ses_region, checks)
        return AdoptedIdentity(*adopted, given=given), "identity_arn"
    region = ses_region if ses_region is not None else pool_region
    blamed = "ses_region" if ses_region is not None else pool_argument
    if domain is None:
        return CreatedAddress(address=from_address, region=region, given=given), blamed
    return _domain(args, from_address, region, given, checks), blamed


def known_identity(
    identity: Identity, provider: ProviderRegion | None, default_provider: bool
) -> tuple[str, str] | None:
    """The identity's name and Region when both are plain (None: known only later)."""
    name = (
        identity.name if isinstance(identity, AdoptedIdentity)
        else identity.address if isinstance(identity, CreatedAddress)
        else identity.domain
    )  # fmt: skip
    region = identity.region
    if region is None and default_provider:
        region = provider.name if provider is not None else "the provider's Region"
    return (name, region) if isinstance(name, str) and isinstance(region, str) else None


def _adopted(
    value: Any, from_address: Value[str], sending_account: str, ses_region: Any, checks: Checks
) -> tuple[Value[str], Value[str], Value[str]]:
    """The adopted identity's ARN, and its Region and name read off it."""

    def checked(arn: object, address: str) -> str:
        arns.check_identity_arn(arn, address, sending_account)
        return str(arn)

    arn = checks(checked, value, from_address)
    parsed = late(arns.known_identity_arn, arn)
    region = late(attrgetter("region"), parsed)
    if ses_region is not None:
        checks(_check_same_region, region, ses_region)
    return arn, region, late(attrgetter("name"), parsed)


def _check_same_region(region: str, ses_region: str) -> None:
    if region != ses_region:
        raise errors.argument_error(
            "ses_region",
            f"is {ses_region!r} but identity_arn is in {region!r}; "
            "leave ses_region out when adopting an identity, or make them match",
        )


def _domain(
    args: Mapping[str, Any],
    from_address: Value[str],
    region: Value[str] | None,
    given: tuple[object, ...],
    checks: Checks,
) -> CreatedDomain:
    domain = checks(partial(addresses.check_domain, "identity_domain"), args["identity_domain"])
    checks(addresses.check_address_at_domain, from_address, domain)
    zone, mail_from, dmarc = (args.get(key) for key in DOMAIN_ARGUMENTS)
    mail_from_domain = (
        None if mail_from is None else checks(dns.check_mail_from_domain, mail_from, domain)
    )
    return CreatedDomain(
        domain=domain,
        region=region,
        hosted_zone_id=None if zone is None else checks(dns.check_hosted_zone_id, zone),
        mail_from_domain=mail_from_domain,
        dmarc_policy=None if dmarc is None else checks(dns.check_dmarc_policy, dmarc),
        given=given,
        records_given=(mail_from, dmarc),
    )
