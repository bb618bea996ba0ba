"""Domain identities: DKIM, Route 53 records, MAIL FROM, DMARC, the wait."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from cognito_ses_email import CognitoSesEmail
from tests.aws_checks import email_configuration_problems
from tests.support import (
    ACCOUNT,
    DKIM_TOKENS,
    VERIFICATION_TOKEN,
    Deployment,
    error_text,
    of_type,
    one,
    pool,
    records,
    unknown,
)
from tests.support import build as build_component

ZONE = "Z0123456789ABCDEFGHIJ"
DOMAIN_ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"
T1, T2, T3 = DKIM_TOKENS  # what the simulated account's Easy DKIM answers


def build(deployment: Deployment, **args: Any) -> CognitoSesEmail:
    """The component for the domain identity example.com (DEVELOPER mode)."""
    defaults = {"sending_account": "DEVELOPER", "identity_domain": "example.com"}
    return build_component(deployment, **{**defaults, **args})


def test_domain_identity_and_dkim_replace_the_email_identity(deployment: Deployment) -> None:
    email = build(deployment)
    assert of_type(deployment, "aws:ses/emailIdentity:EmailIdentity") == []
    domain = one(deployment, "aws:ses/domainIdentity:DomainIdentity")
    assert domain.inputs == {"domain": "example.com"} and domain.parent == "mail"
    dkim = one(deployment, "aws:ses/domainDkim:DomainDkim")
    assert dkim.inputs == {"domain": "example.com"} and "mail-domain" in dkim.dependencies
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"] == DOMAIN_ARN
    assert configuration["fromEmailAddress"] == "no-reply@example.com"
    assert email_configuration_problems(configuration) == []
    assert deployment.value(email.identity_arn) == DOMAIN_ARN


def test_with_a_zone_every_record_is_created_and_the_pool_waits_for_verification(
    deployment: Deployment,
) -> None:
    build(
        deployment,
        hosted_zone_id=ZONE,
        mail_from_domain="mail.example.com",
        dmarc_policy="v=DMARC1; p=quarantine;",
    )
    created = {
        r.name: (r.inputs["type"], r.inputs["name"], r.inputs["records"])
        for r in records(deployment).values()
    }
    assert created == {
        "mail-verification": ("TXT", "_amazonses.example.com", [VERIFICATION_TOKEN]),
        "mail-dkim-1": ("CNAME", f"{T1}._domainkey.example.com", [f"{T1}.dkim.amazonses.com"]),
        "mail-dkim-2": ("CNAME", f"{T2}._domainkey.example.com", [f"{T2}.dkim.amazonses.com"]),
        "mail-dkim-3": ("CNAME", f"{T3}._domainkey.example.com", [f"{T3}.dkim.amazonses.com"]),
        "mail-mail-from-mx": (
            "MX",
            "mail.example.com",
            ["10 feedback-smtp.us-east-1.amazonses.com"],
        ),
        "mail-mail-from-spf": ("TXT", "mail.example.com", ["v=spf1 include:amazonses.com ~all"]),
        "mail-dmarc": ("TXT", "_dmarc.example.com", ["v=DMARC1; p=quarantine;"]),
    }
    for record in records(deployment).values():
        assert record.inputs["zoneId"] == ZONE
        assert record.parent == "mail"
        assert record.inputs["ttl"] > 0
        assert_dns_server_would_accept(record.inputs)
    mail_from = one(deployment, "aws:ses/mailFrom:MailFrom")
    assert mail_from.inputs == {"domain": "example.com", "mailFromDomain": "mail.example.com"}
    wait = one(deployment, "aws:ses/domainIdentityVerification:DomainIdentityVerification")
    assert wait.inputs == {"domain": "example.com"}
    assert "mail-verification" in wait.dependencies
    assert "mail-verification-wait" in pool(deployment).dependencies


def assert_dns_server_would_accept(inputs: dict[str, Any]) -> None:
    name = inputs["name"]
    assert name == name.strip() and " " not in name
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", name), name
    assert all(len(label) <= 63 for label in name.split("."))
    for value in inputs["records"]:
        if inputs["type"] == "TXT":
            assert all(len(part) <= 255 for part in value.split('""')), value
        assert "\n" not in value and "\r" not in value


def test_long_dmarc_record_is_split_for_route_53(deployment: Deployment) -> None:
    policy = "v=DMARC1; p=reject; rua=" + ",".join(f"mailto:d{i}@example.com" for i in range(20))
    build(deployment, hosted_zone_id=ZONE, dmarc_policy=policy)
    [value] = records(deployment)["mail-dmarc"].inputs["records"]
    assert value.replace('""', "") == policy
    assert_dns_server_would_accept(records(deployment)["mail-dmarc"].inputs)


def test_mail_from_mx_names_the_identitys_ses_region(deployment: Deployment) -> None:
    build(
        deployment,
        hosted_zone_id=ZONE,
        mail_from_domain="bounce.example.com",
        ses_region="eu-west-1",
        user_pool_args={"region": "eu-central-1"},
    )
    assert records(deployment)["mail-mail-from-mx"].inputs["records"] == [
        "10 feedback-smtp.eu-west-1.amazonses.com"
    ]
    assert one(deployment, "aws:ses/domainIdentity:DomainIdentity").inputs["region"] == "eu-west-1"


def test_without_a_zone_the_records_are_listed_and_nothing_waits(deployment: Deployment) -> None:
    email = build(deployment, mail_from_domain="mail.example.com", dmarc_policy="v=DMARC1; p=none")
    assert records(deployment) == {}
    assert (
        of_type(deployment, "aws:ses/domainIdentityVerification:DomainIdentityVerification") == []
    )
    assert email.dns_records is not None
    listed = deployment.value(email.dns_records)
    assert [(r["type"], r["name"]) for r in listed] == [
        ("TXT", "_amazonses.example.com"),
        ("CNAME", f"{T1}._domainkey.example.com"),
        ("CNAME", f"{T2}._domainkey.example.com"),
        ("CNAME", f"{T3}._domainkey.example.com"),
        ("MX", "mail.example.com"),
        ("TXT", "mail.example.com"),
        ("TXT", "_dmarc.example.com"),
    ]
    assert listed[0]["value"] == VERIFICATION_TOKEN
    assert listed[-1]["value"] == "v=DMARC1; p=none"
    assert pool(deployment).dependencies == {"mail-domain"}


def test_email_address_identities_have_no_dns_records(deployment: Deployment) -> None:
    email = deployment.run(
        lambda: CognitoSesEmail("mail", {"from_address": "no-reply@example.com"})
    )
    assert email.dns_records is None


def test_adopted_domain_identity_creates_no_identity_or_dns(deployment: Deployment) -> None:
    deployment.run(
        lambda: CognitoSesEmail(
            "mail",
            {
                "from_address": "no-reply@example.com",
                "sending_account": "DEVELOPER",
                "identity_arn": DOMAIN_ARN,
            },
        )
    )
    assert {r.type for r in deployment.resources.values()} == {
        "cognito-ses-email:index:CognitoSesEmail",
        "aws:cognito/userPool:UserPool",
    }


BAD: list[tuple[dict[str, Any], str]] = [
    (
        {"sending_account": "COGNITO_DEFAULT"},
        "identity_domain: can only be set with sending_account='DEVELOPER'",
    ),
    ({"identity_domain": "localhost"}, "identity_domain: expected a domain name"),
    ({"identity_domain": "exa mple.com"}, "identity_domain: expected a domain name"),
    ({"identity_domain": "example.org"}, "from_address: 'no-reply@example.com' is not at"),
    ({"identity_arn": DOMAIN_ARN}, "identity_domain: cannot be combined with identity_arn"),
    ({"mail_from_domain": "mail.other.com"}, "mail_from_domain: 'mail.other.com' must be a"),
    ({"mail_from_domain": "example.com"}, "mail_from_domain: 'example.com' must be a subdomain"),
    ({"dmarc_policy": "p=none"}, "dmarc_policy: a DMARC record starts with 'v=DMARC1'"),
    ({"dmarc_policy": 'v=DMARC1; p="none"'}, "dmarc_policy: must be one line"),
    ({"dmarc_policy": "v=DMARC1; p=none; rua=mailto:d@bücher.de"}, "dmarc_policy: must be one"),
    ({"dmarc_policy": "v=DMARC1; p=none\\;"}, "dmarc_policy: must be one line"),
    ({"hosted_zone_id": "example.com"}, "hosted_zone_id: expected a Route 53 hosted zone id"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_domain_input_is_refused_before_anything_is_registered(
    deployment: Deployment, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        build(deployment, **args)
    assert str(raised.value).startswith(message), raised.value
    assert deployment.resources == {}


def test_mismatch_message_says_which_argument_to_change(deployment: Deployment) -> None:
    with pytest.raises(ValueError) as raised:
        build(deployment, identity_domain="example.org")
    assert "change from_address to an address @example.org" in str(raised.value)
    assert "or identity_domain to example.com" in str(raised.value)


@pytest.mark.parametrize("key", ["hosted_zone_id", "mail_from_domain", "dmarc_policy"])
def test_domain_settings_need_identity_domain(deployment: Deployment, key: str) -> None:
    value = {"hosted_zone_id": ZONE, "mail_from_domain": "m.example.com"}.get(key, "v=DMARC1")
    with pytest.raises(ValueError, match=f"^{key}: needs identity_domain"):
        deployment.run(
            lambda: CognitoSesEmail(
                "mail",
                {"from_address": "a@example.com", "sending_account": "DEVELOPER", key: value},  # type: ignore[misc]
            )
        )


def test_bad_domain_output_stops_every_child(deployment: Deployment) -> None:
    import pulumi

    with pytest.raises(Exception) as raised:
        build(
            deployment, identity_domain=pulumi.Output.from_input("example.org"), hosted_zone_id=ZONE
        )
    assert "from_address: 'no-reply@example.com' is not at" in error_text(raised.value)
    assert set(deployment.resources) == {"mail"}


def test_zone_from_another_resource_keeps_the_wait_in_a_preview(
    new_deployment: Callable[..., Deployment],
) -> None:
    deployment = new_deployment(preview=True)
    deployment.run(
        lambda: CognitoSesEmail(
            "mail",
            {
                "from_address": "no-reply@example.com",
                "sending_account": "DEVELOPER",
                "identity_domain": "example.com",
                "hosted_zone_id": unknown(ZONE),
            },
        )
    )
    wait = one(deployment, "aws:ses/domainIdentityVerification:DomainIdentityVerification")
    assert "mail-verification" in wait.dependencies
    assert "mail-verification-wait" in pool(deployment).dependencies


def test_domain_inputs_from_other_resources_give_the_same_records(deployment: Deployment) -> None:
    import pulumi

    build(
        deployment,
        identity_domain=pulumi.Output.from_input("example.com"),
        hosted_zone_id=pulumi.Output.from_input(ZONE),
        mail_from_domain=pulumi.Output.from_input("mail.example.com"),
        dmarc_policy=pulumi.Output.from_input("v=DMARC1; p=none"),
    )
    assert set(records(deployment)) == {
        "mail-verification",
        "mail-dkim-1",
        "mail-dkim-2",
        "mail-dkim-3",
        "mail-mail-from-mx",
        "mail-mail-from-spf",
        "mail-dmarc",
    }
    assert records(deployment)["mail-dmarc"].inputs["records"] == ["v=DMARC1; p=none"]
    assert "mail-verification-wait" in pool(deployment).dependencies


def test_dkim_records_use_the_identity_regions_dkim_domain(deployment: Deployment) -> None:
    """Some Regions sign with dkim.<region>.amazonses.com; the CNAMEs must point there."""
    email = build(deployment, user_pool_args={"region": "af-south-1"})
    values = [r["value"] for r in deployment.value(email.dns_records) if r["type"] == "CNAME"]
    assert values == [f"{token}.dkim.af-south-1.amazonses.com" for token in DKIM_TOKENS]
