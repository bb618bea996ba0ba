"""DNS record building for domain identities, checked without Pulumi."""

import pytest

from components.dns import (
    HOSTED_ZONE_ID_RE,
    TXT_STRING_LIMIT,
    dkim_records,
    dmarc_record,
    is_subdomain,
    mail_from_records,
    route53_values,
    verification_record,
)


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
        ("a.b.Example.com.", "example.com", True),
        ("example.com", "example.com", False),
        ("notexample.com", "example.com", False),
        ("mail.other.com", "example.com", False),
    ],
)
def test_is_subdomain(child: str, parent: str, expected: bool) -> None:
    assert is_subdomain(child, parent) is expected


def test_hosted_zone_ids() -> None:
    assert HOSTED_ZONE_ID_RE.fullmatch("Z0123456789ABCDEFGHIJ")
    assert HOSTED_ZONE_ID_RE.fullmatch("/hostedzone/Z2FDTNDATAQYW2")
    assert not HOSTED_ZONE_ID_RE.fullmatch("z123 ")
    assert not HOSTED_ZONE_ID_RE.fullmatch("example.com")
