"""The user pool, with the email configuration that points Cognito at SES; and, in
COGNITO_DEFAULT mode, the SES sending authorization policy that lets Cognito send as the
identity: scope "account" makes it before the pool, scope "user-pool" after it. Its
document: :mod:`..rules.policies`."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import pulumi
import pulumi_aws as aws

from ..model import AdoptedIdentity, Identity, Policy
from ..outputs import ChildOptions, given, late
from ..rules.names import USER_POOL, child_name, default_policy_name
from ..rules.policies import account_policy, check_identity_owner, user_pool_policy
from .identity import MadeIdentity


def email_configuration(
    settings: Mapping[str, Any], source_arn: pulumi.Input[str]
) -> dict[str, Any]:
    """The pool's ``email_configuration`` (as ``aws.cognito.UserPool`` takes it): the checked
    ``settings`` and the identity's ARN."""
    return {"email_sending_account": settings["email_sending_account"], "source_arn": source_arn,
            **settings}  # fmt: skip


def create_user_pool(
    name: str,
    arguments: Mapping[str, Any],
    configuration: Mapping[str, Any],
    waits_for: Sequence[pulumi.Resource],
    child: ChildOptions,
) -> aws.cognito.UserPool:
    """The user pool, created after ``waits_for`` (the policy, the domain's verification).

    Replacing a pool deletes its users: ``deletion_protection`` defaults to ACTIVE, and
    ``name`` (like ``alias_attributes``, ``username_attributes`` and
    ``username_configuration`` in ``user_pool_args``) is the only argument here that
    replaces it; ``email_configuration`` and the message templates change in place.
    """
    # Auto-named unless user_pool_name is given: then the Pulumi name reaches no API.
    resource_name = f"{name}-pool" if "name" in arguments else child_name(name, "pool", USER_POOL)
    return aws.cognito.UserPool(
        resource_name,
        **arguments,
        email_configuration=aws.cognito.UserPoolEmailConfigurationArgs(**configuration),
        opts=child(*waits_for),
    )


@dataclass(frozen=True)
class MadePolicy:
    """The sending authorization policy and its document."""

    resource: aws.ses.IdentityPolicy
    document: pulumi.Output[str]


def pool_account(
    component: pulumi.Resource,
    policy: Policy | None,
    identity: Identity,
    pool_region: pulumi.Input[str] | None,
) -> pulumi.Output[str] | None:
    """COGNITO_DEFAULT with an adopted identity: the caller's account once it is the
    identity's owner (:func:`..rules.policies.check_identity_owner`; every child waits for
    it). None: no policy, or an identity the component creates in the pool's account."""
    if policy is None or not isinstance(identity, AdoptedIdentity):
        return None
    caller = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=component))
    checked = late(check_identity_owner, identity.arn, caller.account_id, pool_region)
    return cast(pulumi.Output[str], checked)


def policy_for_every_pool(
    name: str,
    policy: Policy | None,
    identity: MadeIdentity,
    pool_region: pulumi.Input[str] | None,
    account: pulumi.Output[str] | None,
    child: ChildOptions,
) -> MadePolicy | None:
    """Scope "account": a policy for every pool of ``account`` (from :func:`pool_account`;
    None: the identity's) in the pool's Region. It can exist first, so Cognito's check at
    CreateUserPool passes."""
    if policy is None or policy.scope != "account":
        return None
    if account is None and (pool_region is None or isinstance(pool_region, str)):
        document = identity.arn.apply(partial(account_policy, pool_region=pool_region))
    else:
        document = pulumi.Output.all(identity.arn, pool_region, account).apply(
            lambda v: account_policy(v[0], v[1], v[2])
        )
    return _sending_authorization(name, policy, identity, document, child)


def policy_for_the_pool(
    name: str,
    policy: Policy | None,
    identity: MadeIdentity,
    pool: aws.cognito.UserPool | None,
    child: ChildOptions,
) -> MadePolicy | None:
    """Scope "user-pool": a policy for exactly this pool, after it. DEVELOPER mode needs no
    policy (Cognito sends through its service-linked role)."""
    if policy is None or pool is None:
        return None
    document = pulumi.Output.all(identity.arn, pool.arn).apply(
        lambda v: user_pool_policy(v[0], v[1])
    )
    return _sending_authorization(name, policy, identity, document, child)


def _sending_authorization(
    name: str,
    policy: Policy,
    identity: MadeIdentity,
    document: pulumi.Output[str],
    child: ChildOptions,
) -> MadePolicy:
    """The SES identity policy that lets Cognito send as the identity."""
    policy_name = policy.name
    if policy_name is None:
        # The component's URN as a value: depending on the Output would wait on the parent.
        urn = child.parent.urn
        urn_value = pulumi.Output(set(), cast(Awaitable[str], urn.future()), urn.is_known())
        policy_name = urn_value.apply(default_policy_name)
    resource = aws.ses.IdentityPolicy(
        f"{name}-sending-authorization",
        identity=identity.arn,
        name=policy_name,
        policy=document,
        **given(region=identity.region),
        opts=child(),
    )
    return MadePolicy(resource, document)
