"""What SES refuses for an unverified domain identity waits for its verification, under the
mock runtime: the notification topics (SetIdentityNotificationTopic) and the MAIL FROM domain
(SetIdentityMailFromDomain), as the pool does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cognito_ses_email.offline.account import (
    DKIM_TOKENS,
    DOMAIN_VERIFICATION,
    MAIL_FROM,
    NOTIFICATION_TOPIC,
)
from tests.support import Deployment, build, of_type

ZONE = "Z0123456789ABCDEFGHIJ"
DEVELOPER = {"sending_account": "DEVELOPER"}
#: Plain, late (an Output of another resource) and secret values.
WRAPS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda v: v,
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}
KINDS = pytest.mark.parametrize("kind", list(WRAPS))


def domain_args(wrap: Callable[[Any], Any], **extra: Any) -> dict[str, Any]:
    return {
        **DEVELOPER,
        "identity_domain": wrap("example.com"),
        "hosted_zone_id": wrap(ZONE),
        "notifications": {"types": ["Bounce", "Complaint", "Delivery"]},
        **extra,
    }


@KINDS
def test_notification_topics_wait_for_the_domains_verification(
    deployment: Deployment, kind: str
) -> None:
    """SetIdentityNotificationTopic: "You can only specify a verified identity"."""
    build(deployment, **domain_args(WRAPS[kind]))
    [verification] = of_type(deployment, DOMAIN_VERIFICATION)
    topics = of_type(deployment, NOTIFICATION_TOPIC)
    assert len(topics) == 3
    for topic in topics:
        assert verification.name in topic.dependencies, topic.name


@KINDS
def test_notification_topics_on_a_given_topic_wait_too(deployment: Deployment, kind: str) -> None:
    topic_arn = "arn:aws:sns:us-east-1:123456789012:ses-feedback"
    args = domain_args(WRAPS[kind])
    args["notifications"] = {"topic_arn": WRAPS[kind](topic_arn)}
    build(deployment, **args)
    topics = of_type(deployment, NOTIFICATION_TOPIC)
    assert topics and all("mail-verification-wait" in t.dependencies for t in topics)


@KINDS
def test_the_mail_from_domain_waits_for_the_domains_verification(
    deployment: Deployment, kind: str
) -> None:
    """SetIdentityMailFromDomain sets MAIL FROM "for a verified identity" (botocore ses
    model); SES answers "...or its parents are not verified for identity" otherwise."""
    build(deployment, **domain_args(WRAPS[kind], mail_from_domain=WRAPS[kind]("mail.example.com")))
    [mail_from] = of_type(deployment, MAIL_FROM)
    assert "mail-verification-wait" in mail_from.dependencies
    records = {r.name: r for r in of_type(deployment, "aws:route53/record:Record")}
    # Its records still come from it, and the verification record does not wait for it.
    assert "mail-mail-from" in records["mail-mail-from-mx"].dependencies
    assert "mail-mail-from" not in records["mail-verification"].dependencies


def test_without_a_zone_no_verification_resource_is_made(
    deployment: Deployment,
) -> None:
    args = domain_args(lambda v: v, mail_from_domain="mail.example.com")
    del args["hosted_zone_id"]
    email = build(deployment, **args)
    assert of_type(deployment, DOMAIN_VERIFICATION) == []
    assert len(of_type(deployment, NOTIFICATION_TOPIC)) == 3
    [mail_from] = of_type(deployment, MAIL_FROM)
    names = [r["name"] for r in deployment.value(email.dns_records)]
    assert names == [
        "_amazonses.example.com",
        *(f"{token}._domainkey.example.com" for token in DKIM_TOKENS),
        "mail.example.com",
        "mail.example.com",
    ]
    assert mail_from.dependencies == {"mail-domain"}
