"""Where the user pool is created, with the email configuration that points Cognito at SES."""

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from ..arguments.model import CheckedArgs, Developer, PoolSettings
from ..arguments.values import map_deep
from ..rules.names import USER_POOL, child_name
from .options import ChildOptions, given


def email_configuration(checked: CheckedArgs, identity_arn: pulumi.Input[str]) -> dict[str, Any]:
    """The pool's ``email_configuration`` (snake_case keys as ``aws.cognito.UserPool`` takes
    them; unset ones left out).

    COGNITO_DEFAULT sends no FROM and no configuration set: AWS refuses both in that mode
    ("Cannot configure From email address for default email configuration").
    """
    developer = checked.mode if isinstance(checked.mode, Developer) else None
    return given(
        email_sending_account="DEVELOPER" if developer else "COGNITO_DEFAULT",
        source_arn=identity_arn,
        reply_to_email_address=checked.reply_to,
        from_email_address=developer.from_header if developer else None,
        configuration_set=developer.configuration_set if developer else None,
    )


def create_user_pool(
    name: str,
    pool: PoolSettings,
    tags: pulumi.Input[Mapping[str, object]] | None,
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
    arguments: dict[str, Any] = {
        **pool.extra,
        "email_configuration": aws.cognito.UserPoolEmailConfigurationArgs(**configuration),
        **given(name=pool.name, deletion_protection=pool.deletion_protection, tags=tags),
        **_message_templates(pool),
    }
    # Auto-named unless user_pool_name is given: then the Pulumi name reaches no API.
    resource_name = f"{name}-pool" if pool.name is not None else child_name(name, "pool", USER_POOL)
    return aws.cognito.UserPool(resource_name, **arguments, opts=child(*waits_for))


def _message_templates(pool: PoolSettings) -> dict[str, Any]:
    """The verification and invitation templates, merged into user_pool_args' own."""
    if pool.verification_template is None and pool.invitation_template is None:
        return {}
    from ..rules import pool_args_messages  # only for programs that use it: it costs import time

    templates: dict[str, Any] = {}
    if pool.verification_template is not None:
        templates["verification_message_template"] = map_deep(
            [pool.extra.get("verification_message_template"), pool.verification_template],
            lambda v: pool_args_messages.merge_verification_message_template(v[0], v[1]),
        )
    if pool.invitation_template is not None:
        templates["admin_create_user_config"] = map_deep(
            [pool.extra.get("admin_create_user_config"), pool.invitation_template],
            lambda v: pool_args_messages.merge_admin_create_user_config(v[0], v[1]),
        )
    return templates
