"""The checked arguments: what :mod:`.arguments` makes of CognitoSesEmailArgs, the pieces
:mod:`.resources` builds from. A ``Value[T]`` is a plain ``T``, or an Output of a checked ``T``;
``given`` keeps arguments as given: what is made from them is secret when one is."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias, TypeVar

import pulumi

T = TypeVar("T")

Value: TypeAlias = T | pulumi.Output[T]


@dataclass(frozen=True)
class CreatedAddress:
    """An SES email-address identity this component creates (``from_address`` itself)."""

    address: Value[str]
    region: Value[str] | None  # None: the provider's Region
    given: tuple[object, ...] = ()  # the arguments that name the identity


@dataclass(frozen=True)
class AdoptedIdentity:
    """An existing, verified SES identity given as ``identity_arn``."""

    arn: Value[str]
    region: Value[str]  # read off the ARN
    name: Value[str]  # the address or domain, read off the ARN
    given: tuple[object, ...] = ()


@dataclass(frozen=True)
class CreatedDomain:
    """An SES domain identity this component creates and verifies (``identity_domain``)."""

    domain: Value[str]
    region: Value[str] | None
    hosted_zone_id: Value[str] | None
    mail_from_domain: Value[str] | None
    dmarc_policy: Value[str] | None
    given: tuple[object, ...] = ()
    records_given: tuple[object, ...] = ()  # mail_from_domain and dmarc_policy


Identity: TypeAlias = CreatedAddress | AdoptedIdentity | CreatedDomain


@dataclass(frozen=True)
class Policy:
    """COGNITO_DEFAULT's sending authorization policy."""

    name: Value[str] | None  # None: derived from the component's URN
    scope: Literal["account", "user-pool"]


@dataclass(frozen=True)
class Notifications:
    """``notifications`` and ``alarms``, checked."""

    types: tuple[str, ...]  # (): no notifications, only alarms
    topic_arn: Value[str] | None  # None: the component creates the topic
    include_original_headers: Value[bool]
    alarm_thresholds: Mapping[str, Value[float]] | None  # by rate name; None: no alarms
    alarm_actions: Value[list[str]] | None  # None: the notification topic
    #: The identity's name and Region when both are known now (a clash is refused at once).
    known_identity: tuple[str, str] | None = None


@dataclass(frozen=True)
class CheckedArgs:
    """Everything the component needs, checked."""

    identity: Identity
    policy: Policy | None  # None: DEVELOPER mode
    #: The pool's email configuration but its source_arn (the identity's ARN, made later).
    email_configuration: Mapping[str, Value[str]]
    #: aws.cognito.UserPool's arguments but email_configuration; None: create_user_pool=False.
    pool: Mapping[str, object] | None
    notifications: Notifications | None
    tags: Value[Mapping[str, object]] | None
    pool_region: Value[str] | None  # when an argument sets it; None: the provider's
    region_argument: str  # what put the identity in its Region, for a refused Region pair
    checks: tuple[pulumi.Output[object], ...]  # the Output checks: every child waits for them
    #: None: not given (the wait's default; a hosted zone's DomainIdentityVerification waits
    #: for the provider's create timeout).
    verification_timeout_minutes: int | None
