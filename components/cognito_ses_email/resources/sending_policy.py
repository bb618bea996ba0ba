"""Where the SES sending authorization policy is created (COGNITO_DEFAULT mode).

Its document is built in :mod:`..rules.policies`; scope "account" makes it before the pool,
scope "user-pool" after it.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from functools import partial
from typing import cast

import pulumi
import pulumi_aws as aws

from ..arguments.model import AdoptedIdentity, CheckedArgs, CognitoDefault
from ..arguments.values import checked_late
from ..rules.names import default_policy_name
from ..rules.policies import account_policy, check_identity_owner, user_pool_policy
from .identity import MadeIdentity
from .options import ChildOptions, given


@dataclass(frozen=True)
class MadePolicy:
    """The sending authorization policy and its document."""

    resource: aws.ses.IdentityPolicy
    document: pulumi.Output[str]


def pool_account(
    component: pulumi.Resource, checked: CheckedArgs, pool_region: pulumi.Input[str] | None
) -> pulumi.Output[str] | None:
    """COGNITO_DEFAULT with an adopted identity: the pool's account (the caller's, from one
    get_caller_identity invoke parented here, so an explicit provider is honoured), once it
    is the identity's owner; an identity of another account is refused with the policy its
    owner must attach (:func:`..rules.policies.check_identity_owner`), and, as every child
    waits for this, nothing is created. None: no policy, or an identity the component
    creates, whose account is the pool's (one provider makes both)."""
    if not (
        isinstance(checked.mode, CognitoDefault) and isinstance(checked.identity, AdoptedIdentity)
    ):
        return None
    caller = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=component))
    return cast(
        pulumi.Output[str],
        checked_late([checked.identity.arn, caller.account_id, pool_region], check_identity_owner),
    )


def policy_for_every_pool(
    component: pulumi.Resource,
    name: str,
    checked: CheckedArgs,
    identity: MadeIdentity,
    pool_region: pulumi.Input[str] | None,
    child: ChildOptions,
    account: pulumi.Output[str] | None = None,
) -> MadePolicy | None:
    """COGNITO_DEFAULT, scope "account": a policy for every pool of ``account`` (from
    :func:`pool_account`; None: the identity's) in the pool's Region. It can exist first, so
    Cognito's check at CreateUserPool passes."""
    mode = checked.mode
    if not isinstance(mode, CognitoDefault) or mode.scope != "account":
        return None
    if account is None and (pool_region is None or isinstance(pool_region, str)):
        document = identity.arn.apply(partial(account_policy, pool_region=pool_region))
    else:
        document = pulumi.Output.all(identity.arn, pool_region, account).apply(
            lambda v: account_policy(v[0], v[1], v[2])
        )
    return _sending_authorization(component, name, mode, checked, identity, document, child)


def policy_for_the_pool(
    component: pulumi.Resource,
    name: str,
    checked: CheckedArgs,
    identity: MadeIdentity,
    pool: aws.cognito.UserPool | None,
    child: ChildOptions,
) -> MadePolicy | None:
    """COGNITO_DEFAULT, scope "user-pool": a policy for exactly this pool, after it.
    DEVELOPER mode needs no policy (Cognito sends through its service-linked role)."""
    mode = checked.mode
    if not isinstance(mode, CognitoDefault) or pool is None:
        return None
    document = pulumi.Output.all(identity.arn, pool.arn).apply(
        lambda v: user_pool_policy(v[0], v[1])
    )
    return _sending_authorization(component, name, mode, checked, identity, document, child)


def _sending_authorization(
    component: pulumi.Resource,
    name: str,
    mode: CognitoDefault,
    checked: CheckedArgs,
    identity: MadeIdentity,
    document: pulumi.Output[str],
    child: ChildOptions,
) -> MadePolicy:
    """The SES identity policy that lets Cognito send as the identity."""
    resource = aws.ses.IdentityPolicy(
        f"{name}-sending-authorization",
        identity=identity.arn,
        name=mode.policy_name or _urn_value(component).apply(default_policy_name),
        policy=document,
        **given(region=checked.identity_region),
        opts=child(),
    )
    return MadePolicy(resource, document)


def _urn_value(component: pulumi.Resource) -> pulumi.Output[str]:
    """The component's URN as a value: depending on the Output would wait on the parent."""
    urn = cast(Awaitable[str], component.urn.future())
    return pulumi.Output(set(), urn, component.urn.is_known())
