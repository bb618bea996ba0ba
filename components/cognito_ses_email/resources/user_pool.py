"""The user pool, with the email configuration that points Cognito at SES."""

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from ..rules.names import USER_POOL, child_name
from .options import ChildOptions


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
