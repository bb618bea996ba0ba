"""SES bounce, complaint and delivery notifications: the rules of the ``notifications`` argument.

Pure (no Pulumi). Sources and reasoning: docs/operations.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .arns import arn_problem, parse_topic_arn
from .errors import argument_error
from .keys import items_by_name

#: SetIdentityNotificationTopic's NotificationType values (SES API reference).
NOTIFICATION_TYPES: tuple[str, ...] = ("Bounce", "Complaint", "Delivery")


#: What the component subscribes to when ``notifications['types']`` is left out:
#: the two events that make up the reputation SES reviews.
DEFAULT_TYPES: tuple[str, ...] = ("Bounce", "Complaint")

#: The keys of the ``notifications`` argument (each may also be camelCase).
NOTIFICATION_KEYS = ("topic_arn", "types", "include_original_headers")


@dataclass(frozen=True)
class Notifications:
    """Checked ``notifications``: one ``aws.ses.IdentityNotificationTopic`` per type.

    ``topic_arn`` is None when the component creates the topic (and its policy). It and
    ``include_original_headers`` may also be deferred values (``pulumi.Output``s) that
    the caller checks when they resolve: the one model from checking to resource.
    """

    types: tuple[str, ...]
    include_original_headers: Any  # bool, or deferred
    topic_arn: Any  # str or None, or deferred


def check_topic_arn(
    value: Any,
    *,
    ses_region: str | None = None,
    argument: str = "notifications['topic_arn']",
) -> str:
    """``value`` if it is the ARN of a Standard SNS topic SES can publish to.

    SES refuses FIFO topics and needs the topic in the Region where it sends
    (``ses_region``, when known). A topic of another account is allowed (SES calls it
    "SNS topic you don't own"); its owner must let SES publish to it.
    """
    parsed = parse_topic_arn(value)
    if parsed is None:
        why = arn_problem(value)
        raise argument_error(
            argument,
            "expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ses-feedback "
            f"(name: 1-256 letters, digits, '-' or '_'), got {value!r}"
            + (f": {why}" if why else ""),
        )
    if parsed.name.endswith(".fifo"):
        raise argument_error(
            argument,
            f"{value!r} is a FIFO topic; SES publishes only to Standard topics, "
            "so give a Standard topic or leave topic_arn out to let the component create one",
        )
    if ses_region is not None and parsed.region != ses_region:
        raise argument_error(
            argument,
            f"the topic is in {parsed.region} but the SES identity is in {ses_region}; "
            "SES publishes only to topics in its own Region",
        )
    return str(value)


def _check_types(argument: str, value: Any) -> tuple[str, ...]:
    """Notification types: a non-empty list of distinct NOTIFICATION_TYPES."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise argument_error(
            argument, f"expected a list such as ['Bounce', 'Complaint'], got {value!r}"
        )
    if not value:
        raise argument_error(
            argument,
            "is empty; list at least one of 'Bounce', 'Complaint', 'Delivery', "
            "or leave notifications out",
        )
    seen: list[str] = []
    for item in value:
        if item not in NOTIFICATION_TYPES:
            raise argument_error(
                argument,
                f"{item!r} is not a notification type; use "
                + ", ".join(map(repr, NOTIFICATION_TYPES)),
            )
        if item in seen:
            raise argument_error(argument, f"{item!r} is listed twice")
        seen.append(item)
    # One order whatever the input order, so resource names stay stable.
    return tuple(t for t in NOTIFICATION_TYPES if t in seen)


def check_notifications(
    value: Any, *, is_deferred: Callable[[Any], bool] | None = None
) -> Notifications | None:
    """Check the ``notifications`` argument; None when it is left out.

    ``{"topic_arn": str (optional), "types": [...], "include_original_headers": bool}``;
    keys may also be camelCase. ``types`` defaults to :data:`DEFAULT_TYPES`. A
    ``topic_arn`` for which ``is_deferred`` is true (a ``pulumi.Output``) is kept as is
    for the caller to check with :func:`check_topic_arn` once it resolves.
    """
    if value is None:
        return None
    items = items_by_name("notifications", value, NOTIFICATION_KEYS)
    types: tuple[str, ...] = DEFAULT_TYPES
    if "types" in items:
        key, given = items["types"]
        types = _check_types(f"notifications[{key!r}]", given)
    headers = False
    if "include_original_headers" in items:
        key, given = items["include_original_headers"]
        if not isinstance(given, bool):
            raise argument_error(
                f"notifications[{key!r}]", f"expected True or False, got {given!r}"
            )
        headers = given
    topic_arn: Any = None
    if "topic_arn" in items:
        key, given = items["topic_arn"]
        if given is not None:
            deferred = is_deferred is not None and is_deferred(given)
            topic_arn = (
                given if deferred else check_topic_arn(given, argument=f"notifications[{key!r}]")
            )
    return Notifications(types=types, include_original_headers=headers, topic_arn=topic_arn)


def notification_topic_kwargs(
    types: Sequence[str],
    *,
    include_original_headers: Any,
    identity: Any,
    topic_arn: Any,
    region: Any = None,
) -> dict[str, dict[str, Any]]:
    """``aws.ses.IdentityNotificationTopic`` keyword arguments, one set per type.

    ``types`` and ``include_original_headers`` as :func:`check_notifications` gives them
    (the flag may also be an Output); ``identity`` is the identity's name or ARN (created
    or adopted, address or domain); ``topic_arn`` the given or created topic's ARN;
    ``region`` the SES Region (pulumi-aws v7's per-resource ``region``), left out when
    None. Create these after the topic policy: when SES cannot publish to a topic it
    removes the topic from the identity and turns email feedback forwarding back on
    (docs/operations.md). A domain identity's topics apply to its addresses, except
    addresses that are verified identities themselves.
    """
    result: dict[str, dict[str, Any]] = {}
    for notification_type in types:
        kwargs: dict[str, Any] = {
            "identity": identity,
            "notification_type": notification_type,
            "topic_arn": topic_arn,
            "include_original_headers": include_original_headers,
        }
        if region is not None:
            kwargs["region"] = region
        result[notification_type] = kwargs
    return result


def shared_identity_problem(identity: str, region: str, first: str, second: str) -> str:
    """Why two components may not both send one identity's notifications, and the fix."""
    return (
        f"components {first!r} and {second!r} both send the notifications of the SES "
        f"identity {identity!r} in {region}; SES keeps one topic per identity and type, "
        "so each `pulumi up` would overwrite the other's and destroying either would clear "
        f"both. Let {first!r} own them: leave notifications out of {second!r} and "
        f"subscribe to {first!r}'s notification_topic_arn (docs/operations.md)"
    )
