"""What the engine sends: resource types, camelCase property paths, and preview unknowns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import (
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

from cognito_ses_email_pack.documents.property_values import UNKNOWN

USER_POOL_TYPE: Final = "aws:cognito/userPool:UserPool"

#: Identity policy resource type -> the property naming the identity (name or ARN).
IDENTITY_POLICY_TYPES: Final[Mapping[str, str]] = {
    "aws:ses/identityPolicy:IdentityPolicy": "identity",
    "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy": "emailIdentity",
}

#: SES identity resource type -> the property holding the identity's name.
IDENTITY_TYPES: Final[Mapping[str, str]] = {
    "aws:ses/emailIdentity:EmailIdentity": "email",
    "aws:ses/domainIdentity:DomainIdentity": "domain",
    "aws:sesv2/emailIdentity:EmailIdentity": "emailIdentity",
}

#: Where SES sends an identity's bounce, complaint and delivery notifications.
IDENTITY_NOTIFICATION_TOPIC_TYPE: Final = (
    "aws:ses/identityNotificationTopic:IdentityNotificationTopic"
)

SESV2_IDENTITY_TYPE: Final = "aws:sesv2/emailIdentity:EmailIdentity"

#: A user pool's email settings, as property paths.
SOURCE_ARN: Final = ("emailConfiguration", "sourceArn")
SENDING_ACCOUNT: Final = ("emailConfiguration", "emailSendingAccount")
CONFIGURATION_SET: Final = ("emailConfiguration", "configurationSet")

#: The strings the engine sends for each kind of preview unknown.
_UNKNOWN_SENTINELS: Final = frozenset(
    {
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


def known(props: Mapping[str, Any], *path: str) -> Any:
    """The property at ``path``: None when absent, ``UNKNOWN`` when a preview cannot know it.

    The engine's property proxies raise on unknowns; remediations see the raw sentinels.
    Both become ``UNKNOWN`` here, so a policy decides what to do rather than crash.
    """
    value: Any = props
    for key in path:
        if not isinstance(value, Mapping):
            return None
        try:
            value = value[key]
        except KeyError:
            return None
        except UnknownValueError:
            return UNKNOWN
        if isinstance(value, str) and value in _UNKNOWN_SENTINELS:
            return UNKNOWN
    return value


def with_prop(props: Mapping[str, Any], key: str, value: Any) -> Mapping[str, Any]:
    """``props`` with ``key`` set to ``value``; every other property as it was."""
    if isinstance(props, dict):
        return {**props, key: value}
    setter = getattr(props, "__setitem__", None)
    if callable(setter):
        # The engine's proxies write through and keep a secret property secret.
        setter(key, value)
        return props
    return {**{k: props[k] for k in props}, key: value}


def of_types(resources: Iterable[PolicyResource], types: Iterable[str]) -> list[PolicyResource]:
    wanted = set(types)
    return [r for r in resources if r.resource_type in wanted]


def computed_from(resource: PolicyResource, prop: str, identity: PolicyResource) -> bool:
    """Whether the engine says property ``prop`` of ``resource`` was computed from ``identity``."""
    return identity.urn in {r.urn for r in resource.property_dependencies.get(prop, [])}
