"""Internationalised domains under Pulumi's mock runtime: every resource gets the IDNA 2008 form.

The expected forms are Mozilla's IDNA 2008 test vectors
(https://searchfox.org/mozilla-central/source/netwerk/test/unit/test_idna2008.js):
``straße`` is ``xn--strae-oqa``, where Python's built-in IDNA 2003 codec says ``strasse``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.aws_checks import email_configuration_problems, policy_problems
from tests.support import (
    ACCOUNT,
    DKIM_TOKENS,
    Deployment,
    build,
    error_text,
    identity,
    of_type,
    one,
    policy,
    pool,
    records,
)

ZONE = "Z0123456789ABCDEFGHIJ"
UNICODE_DOMAIN = "straße.de"
ASCII_DOMAIN = "xn--strae-oqa.de"
IDNA_2003_DOMAIN = "strasse.de"  # someone else's domain: must never appear
T1, T2, T3 = DKIM_TOKENS  # what the simulated account's Easy DKIM answers


def assert_no_idna_2003_form(deployment: Deployment) -> None:
    """No resource input names the IDNA 2003 domain (or any Unicode one)."""
    for registration in deployment.resources.values():
        text = json.dumps(registration.inputs, ensure_ascii=False)
        assert IDNA_2003_DOMAIN not in text, registration.name
        assert UNICODE_DOMAIN not in text.lower(), registration.name


def test_unicode_from_address_gives_one_idna_2008_identity(deployment: Deployment) -> None:
    email = build(deployment, from_address=f"no-reply@{UNICODE_DOMAIN}")
    address = f"no-reply@{ASCII_DOMAIN}"
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{address}"
    assert identity(deployment).inputs == {"email": address}
    attached = policy(deployment).inputs
    assert attached["identity"] == arn
    assert json.loads(attached["policy"])["Statement"][0]["Resource"] == arn
    assert policy_problems(attached["policy"]) == []
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"] == arn
    assert email_configuration_problems(configuration) == []
    assert deployment.value(email.identity_arn) == arn
    assert_no_idna_2003_form(deployment)


def test_unicode_identity_domain_and_mail_from_use_idna_2008_everywhere(
    deployment: Deployment,
) -> None:
    build(
        deployment,
        from_address=f"no-reply@{UNICODE_DOMAIN}",
        from_name="Straße GmbH",
        sending_account="DEVELOPER",
        identity_domain="Straße.de",  # UTS #46 lower-cases it
        mail_from_domain=f"post.{UNICODE_DOMAIN}",
        hosted_zone_id=ZONE,
        dmarc_policy="v=DMARC1; p=none;",
    )
    domain = one(deployment, "aws:ses/domainIdentity:DomainIdentity")
    assert domain.inputs == {"domain": ASCII_DOMAIN}
    assert one(deployment, "aws:ses/domainDkim:DomainDkim").inputs == {"domain": ASCII_DOMAIN}
    assert one(deployment, "aws:ses/mailFrom:MailFrom").inputs == {
        "domain": ASCII_DOMAIN,
        "mailFromDomain": f"post.{ASCII_DOMAIN}",
    }
    names = {name: r.inputs["name"] for name, r in records(deployment).items()}
    assert names == {
        "mail-verification": f"_amazonses.{ASCII_DOMAIN}",
        "mail-dkim-1": f"{T1}._domainkey.{ASCII_DOMAIN}",
        "mail-dkim-2": f"{T2}._domainkey.{ASCII_DOMAIN}",
        "mail-dkim-3": f"{T3}._domainkey.{ASCII_DOMAIN}",
        "mail-mail-from-mx": f"post.{ASCII_DOMAIN}",
        "mail-mail-from-spf": f"post.{ASCII_DOMAIN}",
        "mail-dmarc": f"_dmarc.{ASCII_DOMAIN}",
    }
    assert all(name.isascii() and name == name.lower() for name in names.values())
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"] == f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{ASCII_DOMAIN}"
    assert configuration["fromEmailAddress"].endswith(f" <no-reply@{ASCII_DOMAIN}>")
    assert email_configuration_problems(configuration) == []
    assert_no_idna_2003_form(deployment)


@pytest.mark.parametrize(
    ("name", "sending_account"),
    [
        (f"no-reply@{ASCII_DOMAIN}", "COGNITO_DEFAULT"),
        (f"no-reply@{ASCII_DOMAIN.upper()}", "COGNITO_DEFAULT"),
        (ASCII_DOMAIN, "DEVELOPER"),
    ],
)
def test_adopted_punycode_identity_matches_a_unicode_from_address(
    deployment: Deployment, name: str, sending_account: str
) -> None:
    adopted = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{name}"
    build(
        deployment,
        from_address=f"no-reply@{UNICODE_DOMAIN}",
        sending_account=sending_account,
        identity_arn=adopted,
    )
    assert of_type(deployment, "aws:ses/emailIdentity:EmailIdentity") == []
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"] == adopted
    if sending_account == "DEVELOPER":
        assert configuration["fromEmailAddress"] == f"no-reply@{ASCII_DOMAIN}"


def test_adopted_identity_of_the_idna_2003_domain_is_refused(deployment: Deployment) -> None:
    adopted = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@{IDNA_2003_DOMAIN}"
    with pytest.raises(Exception) as raised:
        build(deployment, from_address=f"no-reply@{UNICODE_DOMAIN}", identity_arn=adopted)
    assert "identity_arn: the identity 'no-reply@strasse.de' does not cover" in error_text(
        raised.value
    )
    assert of_type(deployment, "aws:cognito/userPool:UserPool") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"from_address": "no-reply@☕.example"}, "from_address: "),
        (
            {
                "from_address": "no-reply@example.com",
                "sending_account": "DEVELOPER",
                "identity_domain": "☕.example",
            },
            "identity_domain: expected a domain name",
        ),
    ],
)
def test_disallowed_domain_is_refused_before_any_resource(
    deployment: Deployment, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(Exception) as raised:
        build(deployment, **args)
    text = error_text(raised.value)
    assert message in text and "IDNA 2008" in text and "xn--" in text
    assert [r.type for r in deployment.resources.values()] == []
