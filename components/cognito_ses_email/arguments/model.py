"""The checked arguments, as a typed model: what :mod:`.checking` makes of CognitoSesEmailArgs.

One frozen dataclass per shape of identity (an address created here, an adopted identity, a
domain identity) and per sending mode, so that each step of the component reads only the
fields its case has. A field typed ``Value[T]`` is a plain ``T`` when the argument was plain,
or an Output that resolves to a checked ``T`` when it came from another resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeVar

import pulumi

from ..rules import verification

if TYPE_CHECKING:
    from ..rules.alarms import Alarms
    from ..rules.notifications import Notifications

T = TypeVar("T")

#: A checked value: plain, or an Output that resolves to it (checked when it resolves).
Value: TypeAlias = T | pulumi.Output[T]

SourceArnScope = Literal["account", "user-pool"]


@dataclass(frozen=True)
class CreatedAddress:
    """An SES email-address identity this component creates (``from_address`` itself)."""

    address: Value[str]
    region: Value[str] | None  # None: the provider's Region


@dataclass(frozen=True)
class AdoptedIdentity:
    """An existing, verified SES identity given as ``identity_arn``."""

    arn: Value[str]
    region: Value[str]  # read off the ARN


@dataclass(frozen=True)
class CreatedDomain:
    """An SES domain identity this component creates and verifies (``identity_domain``)."""

    domain: Value[str]
    region: Value[str] | None  # None: the provider's Region
    hosted_zone_id: Value[str] | None
    mail_from_domain: Value[str] | None
    dmarc_policy: Value[str] | None


Identity: TypeAlias = CreatedAddress | AdoptedIdentity | CreatedDomain


@dataclass(frozen=True)
class CognitoDefault:
    """COGNITO_DEFAULT: Cognito's SES account sends, under a sending authorization policy."""

    policy_name: Value[str] | None  # None: derived from the component's URN
    scope: SourceArnScope


@dataclass(frozen=True)
class Developer:
    """DEVELOPER: your SES account sends, through Cognito's service-linked role."""

    from_header: Value[str]  # "Name <address>" or the address
    configuration_set: Value[str] | None


Mode: TypeAlias = CognitoDefault | Developer


@dataclass(frozen=True)
class PoolSettings:
    """The user pool's own settings."""

    name: Value[str] | None
    deletion_protection: Value[str]  # "ACTIVE" or "INACTIVE"
    region: Value[str] | None  # None: the provider's Region
    extra: Mapping[str, object]  # further aws.cognito.UserPool arguments, snake_case
    #: verification_message_template / invite_message_template keyword arguments.
    verification_template: Value[Mapping[str, str]] | None = None
    invitation_template: Value[Mapping[str, str]] | None = None


@dataclass(frozen=True)
class AlarmSettings:
    """CloudWatch alarms on SES's reputation metrics (DEVELOPER mode)."""

    #: The checked thresholds and actions (actions None: the notification topic).
    alarms: Value[Alarms]
    #: Whether the alarms notify the notification topic (no actions given).
    notify_topic: bool


@dataclass(frozen=True)
class CheckedArgs:
    """Everything the component needs, checked."""

    from_address: Value[str]
    reply_to: Value[str] | None
    identity: Identity
    mode: Mode
    #: The pool to create; None when the user brings their own (create_user_pool=False).
    pool: PoolSettings | None
    #: ``topic_arn`` None: the component creates the topic and its policy.
    notifications: Notifications | None
    alarms: AlarmSettings | None
    #: Tags for every child that takes tags (the pool, the SNS topic, the alarms).
    tags: Value[Mapping[str, object]] | None
    #: The pool's Region when user_pool_args sets it (None: the provider's).
    pool_region: Value[str] | None
    #: Which argument put the identity in its Region, for a refused Region pair.
    region_argument: str
    #: Outputs that fail when a value that arrived late is refused: every child waits.
    checks: tuple[pulumi.Output[object], ...]
    #: The arguments as given that name the identity, and those that configure a domain:
    #: what the component derives from them is secret when any of them is.
    identity_inputs: tuple[object, ...]
    domain_inputs: tuple[object, ...]
    #: verification_timeout_minutes as given and checked; None: not given (the default).
    verification_timeout_minutes: int | None = None

    @property
    def verification_wait_minutes(self) -> int:
        """How long ``pulumi up`` waits for SES's verification (0: not at all)."""
        if self.verification_timeout_minutes is None:
            return verification.DEFAULT_MINUTES
        return self.verification_timeout_minutes

    @property
    def identity_region(self) -> Value[str] | None:
        """The identity's Region, when an argument sets it."""
        return self.identity.region
