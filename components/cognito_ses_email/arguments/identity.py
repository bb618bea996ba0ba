"""The identity arguments: an address, an adopted identity_arn or an identity_domain."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import pulumi

from ..rules import addresses, arns, dns, errors, regions
from .combinations import DOMAIN_ONLY
from .model import (
    AdoptedIdentity,
    CheckedArgs,
    CreatedAddress,
    CreatedDomain,
    Identity,
    Value,
)
from .values import Checks, map_value, optional, warn

#: What puts the resources in the provider's Region when no Region argument does.
PROVIDER_REGION = "aws:region"

#: Where pulumi-aws takes the provider's Region from when aws:region is not set, in order.
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


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
    for variable in REGION_VARIABLES:
        if os.environ.get(variable):
            return ProviderRegion(os.environ[variable], variable)
    return None


def check_provider_region(config: CheckedArgs, provider: ProviderRegion | None) -> None:
    """With no Region argument the identity (and pool) go to the provider's Region; where
    that is known (``aws:region``, or the environment pulumi-aws reads), it is checked as a
    Region argument is, and SES and Cognito must be offered there."""
    if provider is None or config.identity_region is not None:
        return
    region, source = provider.name, provider.source
    services = [regions.SES, *([regions.COGNITO_IDP] if config.pool is not None else [])]
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
    checks: Checks,
) -> tuple[Identity, str]:
    """The identity, and the argument to blame when its Region is refused: the one that
    put it there (without ses_region, the pool's Region argument, ``pool[1]``)."""
    pool_region, pool_argument = pool
    ses_region = optional(
        args,
        checks,
        "ses_region",
        lambda v: regions.check_region("ses_region", v, warn, service=regions.SES),
    )
    if args.get("identity_domain") is None:
        for key in DOMAIN_ONLY:
            if args.get(key) is not None:
                raise errors.argument_error(key, "needs identity_domain: it configures that domain")
    if args.get("identity_arn") is not None:
        return _adopted(args, sending_account, from_address, ses_region, checks), "identity_arn"
    region = ses_region if ses_region is not None else pool_region
    blamed = "ses_region" if ses_region is not None else pool_argument
    if args.get("identity_domain") is None:
        return CreatedAddress(address=from_address, region=region), blamed
    return _domain(args, from_address, region, checks), blamed


def _adopted(
    args: Mapping[str, Any],
    sending_account: str,
    from_address: Value[str],
    ses_region: Value[str] | None,
    checks: Checks,
) -> AdoptedIdentity:
    if args.get("identity_domain") is not None:
        raise errors.argument_error(
            "identity_domain",
            "cannot be combined with identity_arn: adopt an existing identity, or let "
            "the component create and verify identity_domain, not both",
        )
    arn = checks.many(
        [args["identity_arn"], from_address],
        lambda arn, address: _checked_identity_arn(arn, address, sending_account),
    )
    if ses_region is not None:
        checks.many([arn, ses_region], _check_same_region)
    return AdoptedIdentity(arn=arn, region=map_value(arn, _region_of))


def _checked_identity_arn(arn: object, from_address: str, sending_account: str) -> str:
    arns.check_identity_arn(arn, from_address, sending_account)
    return str(arn)


def _region_of(identity_arn: str) -> str:
    return arns.known_identity_arn(identity_arn).region


def _check_same_region(identity_arn: str, ses_region: str) -> None:
    region = _region_of(identity_arn)
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
    checks: Checks,
) -> CreatedDomain:
    domain = checks.one(args["identity_domain"], partial(addresses.check_domain, "identity_domain"))
    checks.many([from_address, domain], addresses.check_address_at_domain)
    mail_from_domain = None
    if args.get("mail_from_domain") is not None:
        mail_from_domain = checks.many(
            [args["mail_from_domain"], domain], dns.check_mail_from_domain
        )
    return CreatedDomain(
        domain=domain,
        region=region,
        hosted_zone_id=optional(args, checks, "hosted_zone_id", dns.check_hosted_zone_id),
        mail_from_domain=mail_from_domain,
        dmarc_policy=optional(args, checks, "dmarc_policy", dns.check_dmarc_policy),
    )
