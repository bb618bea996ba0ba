"""DNS record building for domain identities, checked without Pulumi."""

import pytest

from cognito_ses_email.rules.dns import (
    HOSTED_ZONE_ID_RE,
    REGIONAL_DKIM_REGIONS,
    TXT_STRING_LIMIT,
    check_mail_from_domain,
    dkim_records,
    dmarc_record,
    mail_from_records,
    route53_values,
    verification_record,
)
from cognito_ses_email.rules.regions import KNOWN_REGIONS, SES, service_problem


def test_records_have_the_names_and_values_ses_documents() -> None:
    assert verification_record("example.com", "tok=") == {
        "name": "_amazonses.example.com",
        "type": "TXT",
        "value": "tok=",
    }
    assert dkim_records("example.com", ["a1", "b2", "c3"])[1] == {
        "name": "b2._domainkey.example.com",
        "type": "CNAME",
        "value": "b2.dkim.amazonses.com",
    }
    assert mail_from_records("mail.example.com", "eu-west-1") == [
        {
            "name": "mail.example.com",
            "type": "MX",
            "value": "10 feedback-smtp.eu-west-1.amazonses.com",
        },
        {"name": "mail.example.com", "type": "TXT", "value": "v=spf1 include:amazonses.com ~all"},
    ]
    assert dmarc_record("example.com", "v=DMARC1; p=none;")["name"] == "_dmarc.example.com"


def test_long_txt_values_are_split_into_255_character_strings() -> None:
    value = "v=DMARC1; p=reject; rua=" + ",".join(f"mailto:r{i}@example.com" for i in range(30))
    assert len(value) > TXT_STRING_LIMIT
    [joined] = route53_values({"name": "_dmarc.example.com", "type": "TXT", "value": value})
    strings = joined.split('""')
    assert all(len(s) <= TXT_STRING_LIMIT for s in strings)
    assert "".join(strings) == value


def test_short_values_pass_unchanged() -> None:
    assert route53_values({"name": "x.example.com", "type": "TXT", "value": "abc"}) == ["abc"]
    long_cname = "a" * 300
    assert route53_values({"name": "x", "type": "CNAME", "value": long_cname}) == [long_cname]


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        ("mail.example.com", "example.com", True),
        ("a.b.Example.com", "example.com", True),
        ("example.com", "example.com", False),
        ("notexample.com", "example.com", False),
        ("mail.other.com", "example.com", False),
    ],
)
def test_the_mail_from_domain_is_a_subdomain(child: str, parent: str, expected: bool) -> None:
    if expected:
        assert check_mail_from_domain(child, parent) == child
    else:
        with pytest.raises(ValueError, match=r"^mail_from_domain: .* must be a subdomain"):
            check_mail_from_domain(child, parent)


def test_hosted_zone_ids() -> None:
    assert HOSTED_ZONE_ID_RE.fullmatch("Z0123456789ABCDEFGHIJ")
    assert HOSTED_ZONE_ID_RE.fullmatch("/hostedzone/Z2FDTNDATAQYW2")
    assert not HOSTED_ZONE_ID_RE.fullmatch("z123 ")
    assert not HOSTED_ZONE_ID_RE.fullmatch("example.com")


def test_dkim_targets_follow_the_identitys_region() -> None:
    """Regions with their own Easy DKIM domain (AWS General Reference, SES DKIM domains)."""
    [record] = dkim_records("example.com", ["tok"], "af-south-1")
    assert record == {
        "name": "tok._domainkey.example.com",
        "type": "CNAME",
        "value": "tok.dkim.af-south-1.amazonses.com",
    }
    assert dkim_records("example.com", ["tok"], "us-gov-east-1")[0]["value"] == (
        "tok.dkim.us-gov-east-1.amazonses.com"
    )
    # GovCloud (US-West) and most commercial Regions share the global DKIM domain.
    for region in ["us-gov-west-1", "eu-west-1", "us-east-1", None]:
        assert dkim_records("example.com", ["tok"], region)[0]["value"] == "tok.dkim.amazonses.com"
    [record] = dkim_records("example.com", ["tok"], "il-central-1")
    assert record["value"] == "tok.dkim.il-central-1.amazonses.com"


def test_regional_dkim_regions_are_real_regions_offering_ses() -> None:
    """A typo in the copied list would name a Region that does not exist or has no SES."""
    for region in REGIONAL_DKIM_REGIONS:
        assert region in KNOWN_REGIONS, region
        assert service_problem(region, SES) is None, region


def test_mail_from_mx_in_govcloud() -> None:
    """SES Developer Guide, 'Regions and Amazon SES': feedback-smtp.us-gov-west-1.amazonses.com."""
    mx, spf = mail_from_records("mail.example.gov", "us-gov-west-1")
    assert mx["value"] == "10 feedback-smtp.us-gov-west-1.amazonses.com"
    assert spf["value"] == "v=spf1 include:amazonses.com ~all"
