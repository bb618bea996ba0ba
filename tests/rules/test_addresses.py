"""Address checks, domain conversion and FROM formatting.

Checked against Python's email package, and for internationalised domains against
Mozilla's IDNA 2008 test vectors and Python's own RFC 3492 Punycode codec.
"""

import email
import email.policy
import json
import re
from collections.abc import Callable
from pathlib import Path

import pulumi
import pytest

from cognito_ses_email.rules import addresses, arns, dns
from cognito_ses_email.rules.addresses import (
    address_problem,
    ascii_address,
    ascii_domain,
    encoded_words,
    from_header,
    same_domain,
)
from tests.aws_checks import (
    email_configuration_problems,
    policy_problems,
    shape_problems,
)
from tests.rules.argument_values import (
    MODES,
    raised,
    source_arn_pattern,
)
from tests.support import (
    ACCOUNT,
    Deployment,
    build,
    decode_rfc2047,
    error_text,
    identity,
    policy,
    pool,
)

GOOD = [
    "no-reply@example.com",
    "first.last+tag@mail.example.co.uk",
    "o'neil@example.com",
    "x@xn--bcher-kva.example",
    "a@bücher.example",
]
BAD = {
    "Name <a@example.com>": "display name",
    "a @example.com": "whitespace",
    "a@example.com\r\nBcc: x@evil.com": "control character",
    "a@example.com\n": "control character",
    "example.com": "exactly one '@'",
    "a@@example.com": "exactly one '@'",
    "a@b@example.com": "exactly one '@'",
    "@example.com": "empty",
    "a@localhost": "no dot",
    "a@": "empty",
    ".a@example.com": "part before '@'",
    "a..b@example.com": "part before '@'",
    "zoë@example.com": "part before '@'",
    "a@-bad-.com": "not a valid domain",
    "a@☕.example": "IDNA 2008",
    "": "empty",
}


@pytest.mark.parametrize("address", GOOD)
def test_plain_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(("address", "reason"), BAD.items())
def test_bad_addresses_are_named(address: str, reason: str) -> None:
    problem = address_problem(address)
    assert problem is not None and reason in problem


def parse_from(header: str) -> tuple[str, str]:
    """Parse a From header back the way a mail client would (email.policy.default)."""
    message = email.message_from_string(f"From: {header}\n\nbody", policy=email.policy.default)
    [mailbox] = message["From"].addresses
    return mailbox.display_name, mailbox.addr_spec


@pytest.mark.parametrize(
    "name",
    [
        "Example",
        "Example Support",
        "Example, Inc.",
        'Say "hi" (now)',
        "back\\slash",
        "a@b <c>; d:",
        "Zoë Café",
        "Служба поддержки",
        "サポート" * 20,
        "🙂 Support",
    ],
)
def test_display_names_survive_a_round_trip(name: str) -> None:
    header = from_header("no-reply@example.com", name)
    assert header.isascii(), "non-ASCII names must be RFC 2047 encoded"
    assert "\r" not in header and "\n" not in header
    assert decode_rfc2047(header) == (name, "no-reply@example.com")
    if " =?" not in header:  # one encoded-word at most: the modern parser agrees
        assert parse_from(header) == (name, "no-reply@example.com")


def test_plain_name_is_not_quoted_and_specials_are() -> None:
    assert from_header("a@example.com", "Example Support") == "Example Support <a@example.com>"
    assert from_header("a@example.com", "Example, Inc.") == '"Example, Inc." <a@example.com>'


def test_no_name_gives_the_bare_address_with_punycode_domain() -> None:
    assert from_header("a@example.com") == "a@example.com"
    assert from_header("a@bücher.example") == "a@xn--bcher-kva.example"


def test_encoded_words_stay_within_rfc_2047_length() -> None:
    words = encoded_words("ü" * 200).split(" ")
    assert len(words) > 1
    assert all(len(word) <= 75 and word.startswith("=?utf-8?b?") for word in words)


def test_injection_attempt_cannot_add_a_header() -> None:
    # A name cannot carry CR/LF past validation, but even a bracket-heavy name stays
    # one mailbox in one header.
    header = from_header("a@example.com", "x> , Bcc <victim@example.com")
    message = email.message_from_string(f"From: {header}\n\nbody", policy=email.policy.default)
    assert message["Bcc"] is None
    assert len(message["From"].addresses) == 1


# --- internationalised domains: IDNA 2008, UTS #46 non-transitional ---------------------

#: Mozilla's IDNA 2008 test (netwerk/test/unit/test_idna2008.js): label, non-transitional
#: (IDNA 2008) form, and the transitional form, which is what IDNA 2003 gives.
#: https://searchfox.org/mozilla-central/source/netwerk/test/unit/test_idna2008.js
MOZILLA_DEVIATIONS = [
    ("stra\u00dfe", "xn--strae-oqa", "strasse"),  # sharp s
    ("\u03b5\u03bb\u03bb\u03ac\u03c2", "xn--hxarsa0b", "xn--hxarsa5b"),  # final sigma
    ("\u0646\u0627\u0645\u0647\u200c\u0627\u06cc", "xn--mgba3gch31f060k", "xn--mgba3gch31f"),
    ("\u0dc1\u0dca\u200d\u0dbb\u0dd3", "xn--10cl1a0b660p", "xn--10cl1a0b"),  # ZWJ after virama
]


@pytest.mark.parametrize(("label", "idna2008", "idna2003"), MOZILLA_DEVIATIONS)
def test_deviation_characters_keep_the_idna_2008_form(
    label: str, idna2008: str, idna2003: str
) -> None:
    assert ascii_domain(f"{label}.example") == f"{idna2008}.example"
    # Python's built-in codec is IDNA 2003 and names a different domain.
    assert label.encode("idna").decode("ascii") == idna2003 != idna2008


def test_sharp_s_is_never_mapped_to_ss() -> None:
    assert ascii_domain("straße.de") == "xn--strae-oqa.de"
    assert ascii_address("info@straße.de") == "info@xn--strae-oqa.de"
    assert "info@straße.de".encode("idna") == b"info@strasse.de"  # what IDNA 2003 would send
    assert from_header("info@straße.de", "Info") == "Info <info@xn--strae-oqa.de>"


def test_final_sigma_is_kept() -> None:
    encoded = ascii_domain("βόλος.gr")
    assert encoded == "xn--nxasmm1c.gr"
    # Decoded with the standard library's RFC 3492 codec: the final sigma survives.
    assert unpunycode(encoded.split(".")[0]) == "βόλος"
    assert "βόλος".encode("idna") == b"xn--nxasmq6b"  # IDNA 2003: plain sigma, βόλοσ


@pytest.mark.parametrize(
    ("domain", "joiner"),
    [
        ("\u0646\u0627\u0645\u0647\u200c\u0627\u06cc.ir", "\u200c"),  # Persian ZWNJ
        ("\u0915\u094d\u200d\u0937.in", "\u200d"),  # Devanagari ZWJ after virama
    ],
)
def test_joiners_allowed_in_context_are_kept(domain: str, joiner: str) -> None:
    label = ascii_domain(domain).split(".")[0]
    idna2003 = domain.encode("idna").decode("ascii").split(".")[0]
    assert label != idna2003
    assert joiner in unpunycode(label)
    assert joiner not in unpunycode(idna2003)  # IDNA 2003 drops joiners: another domain


def unpunycode(label: str) -> str:
    """An A-label decoded with the standard library's RFC 3492 codec."""
    assert label.startswith("xn--")
    return label[4:].encode("ascii").decode("punycode")


@pytest.mark.parametrize("domain", ["m\u200cn.example", "p\u200dq.example"])
def test_joiners_out_of_context_are_refused(domain: str) -> None:
    # Mozilla's vectors: CONTEXTJ forbids joiners in Latin script.
    with pytest.raises(ValueError, match="IDNA 2008"):
        ascii_domain(domain)


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("Straße.DE", "xn--strae-oqa.de"),
        ("BÜCHER.example", "xn--bcher-kva.example"),
        ("例え。jp", "xn--r8jz45g.jp"),  # UTS #46 maps the ideographic full stop
    ],
)
def test_uts46_mapping_gives_one_lower_case_form(domain: str, expected: str) -> None:
    assert ascii_domain(domain) == expected


@pytest.mark.parametrize("domain", ["STRASSE.de", "Example.COM", "XN--STRAE-OQA.DE"])
def test_an_ascii_domain_keeps_its_case(domain: str) -> None:
    """An SES identity is named by the string it was created with: lower-casing an ASCII
    domain would replace an existing, verified identity with an unverified one."""
    assert ascii_domain(domain) == domain
    assert same_domain(domain, domain.lower())


@pytest.mark.parametrize(
    "domain",
    ["xn--strae-oqa.de", "xn--nxasmm1c.gr", "xn--mgba3gch31f060k.ir", "example.com"],
)
def test_ascii_input_passes_unchanged(domain: str) -> None:
    assert ascii_domain(domain) == domain
    assert ascii_domain(domain.upper()) == domain.upper()


def test_a_registered_ascii_form_is_taken_even_if_idna_2008_refuses_its_unicode() -> None:
    # 💩.la was registered under IDNA 2003; only its ASCII form can name it now.
    with pytest.raises(ValueError):
        ascii_domain("💩.la")
    assert ascii_domain("xn--ls8h.la") == "xn--ls8h.la"


@pytest.mark.parametrize("domain", ["xn--zz.example", "xn--9.example"])
def test_an_xn_label_must_be_punycode(domain: str) -> None:
    with pytest.raises(ValueError, match="Punycode"):
        ascii_domain(domain)


@pytest.mark.parametrize("domain", ["☕.example", "♥.example", "a\u2044b.example", "a_b.example"])
def test_domains_idna_2008_disallows_are_refused_naming_the_argument(domain: str) -> None:
    with pytest.raises(ValueError) as raised:
        addresses.check_domain("identity_domain", domain)
    message = str(raised.value)
    assert message.startswith("identity_domain: expected a domain name"), message
    assert repr(domain) in message


@pytest.mark.parametrize("domain", ["☕.example", "♥.example"])
def test_refused_unicode_says_to_give_the_registered_ascii_form(domain: str) -> None:
    with pytest.raises(ValueError, match=r"registered ASCII form \(xn--"):
        addresses.check_domain("identity_domain", domain)


#: A 56-character Unicode label whose ASCII form is exactly 63 characters, and one
#: character more (57, still under 63) whose ASCII form is 64.
LONGEST_LABEL = "a" * 55 + "ü"
TOO_LONG_LABEL = "a" * 56 + "ü"


def test_label_length_is_measured_in_the_ascii_form() -> None:
    assert len(TOO_LONG_LABEL) < 63
    assert len(ascii_domain(f"{LONGEST_LABEL}.de").split(".")[0]) == 63
    assert len(("a" * 56 + "ü").encode("punycode")) + len("xn--") == 64  # stdlib agrees
    with pytest.raises(ValueError, match=r"^mail_from_domain: .*64 characters.*63"):
        addresses.check_domain("mail_from_domain", f"{TOO_LONG_LABEL}.de")


def test_domain_length_is_measured_in_the_ascii_form() -> None:
    stem = ".".join([LONGEST_LABEL] * 3)  # 3 x 63 ASCII characters and 2 dots
    fits = f"{stem}.{'b' * 61}"
    over = f"{stem}.{'b' * 62}"
    assert len(over) < 253
    assert len(ascii_domain(fits)) == 253
    with pytest.raises(ValueError, match=r"^identity_domain: .*254 characters.*253"):
        addresses.check_domain("identity_domain", over)


def test_address_length_is_measured_in_the_ascii_form() -> None:
    domain = f"{LONGEST_LABEL}.{LONGEST_LABEL}"  # 127 ASCII characters
    fits = f"{'l' * 64}@{domain}.{'b' * 61}"
    over = f"{'l' * 64}@{domain}.{'b' * 62}"
    assert len(over) < 254
    assert len(addresses.check_address("from_address", fits)) == 254
    with pytest.raises(ValueError, match=r"^from_address: it is 255 characters"):
        addresses.check_address("from_address", over)


def test_check_address_returns_the_idna_2008_form() -> None:
    assert addresses.check_address("from_address", "No-Reply@Straße.de") == (
        "No-Reply@xn--strae-oqa.de"  # the local part is case-sensitive in SES: kept
    )


def test_same_domain_compares_ascii_forms() -> None:
    assert same_domain("XN--STRAE-OQA.de", "straße.DE")
    assert not same_domain("strasse.de", "straße.de")
    assert not same_domain("☕.example", "☕.example")  # invalid matches nothing


def test_address_at_identity_domain_compares_ascii_forms() -> None:
    addresses.check_address_at_domain("a@xn--strae-oqa.de", "Straße.de")
    with pytest.raises(ValueError, match=r"^from_address: 'a@strasse.de' is not at"):
        addresses.check_address_at_domain("a@strasse.de", "straße.de")


@pytest.mark.parametrize("identity_domain", ["straße.de", "xn--strae-oqa.de", "STRASSE.de"])
def test_mail_from_domain_is_returned_in_ascii_under_a_unicode_domain(
    identity_domain: str,
) -> None:
    if identity_domain == "STRASSE.de":  # strasse.de is another domain
        with pytest.raises(ValueError, match=r"^mail_from_domain: .*must be a subdomain"):
            dns.check_mail_from_domain("post.straße.de", identity_domain)
        return
    assert dns.check_mail_from_domain("Post.Straße.de", identity_domain) == (
        "post.xn--strae-oqa.de"
    )


def test_mail_from_domain_refusals_name_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^mail_from_domain: expected a domain name"):
        dns.check_mail_from_domain("☕.straße.de", "straße.de")


@pytest.mark.parametrize(
    ("name", "sending_account"),
    [
        ("no-reply@xn--strae-oqa.de", "COGNITO_DEFAULT"),
        ("no-reply@XN--STRAE-OQA.DE", "COGNITO_DEFAULT"),
        ("xn--strae-oqa.de", "DEVELOPER"),
    ],
)
def test_adopted_punycode_identity_covers_a_unicode_address(
    name: str, sending_account: str
) -> None:
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{name}"
    parsed = arns.check_identity_arn(arn, "no-reply@straße.de", sending_account)
    assert parsed.name == name


@pytest.mark.parametrize("name", ["no-reply@strasse.de", "No-Reply@xn--strae-oqa.de", "strasse.de"])
def test_adopted_identity_of_another_domain_or_local_part_is_refused(name: str) -> None:
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{name}"
    with pytest.raises(ValueError, match=r"^identity_arn: .*does not cover from_address"):
        arns.check_identity_arn(arn, "no-reply@straße.de", "DEVELOPER")


def test_no_domain_is_converted_outside_ascii_domain() -> None:
    # The built-in "idna" codec is IDNA 2003: one stray use would convert differently.
    codec = re.compile(r"""["']idna["']\s*[,)]""")  # "idna" passed as a codec name
    assert codec.search('d.encode("idna")') and codec.search("codecs.decode(d, 'idna')")
    components = Path(__file__).resolve().parents[2] / "components"
    for source in components.rglob("*.py"):
        assert not codec.search(source.read_text(encoding="utf-8")), source.name


# --- addresses ---------------------------------------------------------------------------

#: RFC 5322 atext beyond letters and digits: what the local part may hold by the RFC.
RFC_SPECIALS = "!#$%&'*+/=?^_`{|}~-"


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_address_identity_is_accepted_exactly_when_cognito_takes_its_arn(
    new_deployment: Callable[..., Deployment], mode: str
) -> None:
    """The rule is the SourceArn pattern itself: accepted iff botocore's ArnType takes the
    identity ARN; refused as a from_address error naming the character."""
    accepted = ""
    for character in RFC_SPECIALS:
        deployment = new_deployment()
        address = f"a{character}b@example.com"
        arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{address}"
        if not source_arn_pattern().fullmatch(arn):
            text = raised(deployment, from_address=address, **MODES[mode])
            assert text.startswith("from_address: the part before '@' holds"), character
            assert repr(character) in text and "SourceArn" in text
            assert deployment.resources == {}
            continue
        accepted += character
        build(deployment, from_address=address, **MODES[mode])
        configuration = pool(deployment).inputs["emailConfiguration"]
        assert configuration["sourceArn"] == arn
        assert email_configuration_problems(configuration) == []
        assert identity(deployment).inputs["email"] == address
        assert shape_problems("sesv2", "Identity", address) == []
        assert shape_problems("ses", "Address", address) == []
        if mode == "cognito-default":
            document = policy(deployment).inputs["policy"]
            assert json.loads(document)["Statement"][0]["Resource"] == arn
            assert policy_problems(document) == []
    assert sorted(accepted) == sorted("+/=_-")


def test_the_refused_characters_are_exactly_those_arn_type_refuses() -> None:
    from cognito_ses_email.rules import addresses

    pattern = source_arn_pattern()
    for character in RFC_SPECIALS:
        arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/a{character}b@example.com"
        refused = addresses.address_problem(f"a{character}b@example.com", in_arn=True)
        assert (refused is None) == bool(pattern.fullmatch(arn)), character


@pytest.mark.parametrize("mode", sorted(MODES))
def test_a_slash_in_the_address_is_accepted_by_every_check_of_the_package(
    deployment: Deployment, mode: str
) -> None:
    """Today a '/' passes the address rule and then fails the identity ARN parser."""
    email = build(deployment, from_address="team/alerts@example.com", **MODES[mode])
    arn = deployment.value(email.identity_arn)
    assert arn == f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/team/alerts@example.com"
    assert arns.parse_identity_arn(arn) == arns.IdentityArn(
        "aws", "us-east-1", ACCOUNT, "team/alerts@example.com"
    )
    assert email_configuration_problems(pool(deployment).inputs["emailConfiguration"]) == []


def test_an_adopted_identity_with_a_slash_is_accepted(deployment: Deployment) -> None:
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/team/alerts@example.com"
    build(deployment, from_address="team/alerts@example.com", identity_arn=arn)
    assert pool(deployment).inputs["emailConfiguration"]["sourceArn"] == arn
    assert policy_problems(policy(deployment).inputs["policy"]) == []


def test_an_adopted_address_identity_cognito_refuses_says_which_character(
    new_deployment: Callable[..., Deployment],
) -> None:
    """DEVELOPER mode may adopt the domain's identity; the address's own, with a character
    ArnType refuses, is refused naming it (COGNITO_DEFAULT blames from_address first)."""
    address = "o'brien@example.com"
    arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{address}"
    text = raised(new_deployment(), from_address=address, identity_arn=arn, **MODES["developer"])
    assert text.startswith("identity_arn: expected an SES identity ARN")
    assert 'its name holds "\'", which Cognito refuses in SourceArn' in text
    text = raised(new_deployment(), from_address=address, identity_arn=arn)
    assert text.startswith("from_address: the part before '@' holds")
    domain = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com"
    deployment = new_deployment()
    build(deployment, from_address=address, identity_arn=domain, **MODES["developer"])
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["sourceArn"] == domain
    assert email_configuration_problems(configuration) == []


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_address_output_cognito_refuses_stops_every_child(
    deployment: Deployment, mode: str
) -> None:
    with pytest.raises(Exception) as raised:
        build(
            deployment, from_address=pulumi.Output.from_input("o'brien@example.com"), **MODES[mode]
        )
    assert "from_address: the part before '@' holds \"'\"" in error_text(raised.value)
    assert set(deployment.resources) == {"mail"}


def test_a_domain_identity_sends_from_any_rfc_address(
    new_deployment: Callable[..., Deployment],
) -> None:
    """With a domain identity the address is only the From header (cognito-idp
    StringType), never inside SourceArn: RFC 5322's characters pass; as an address
    identity the same address is refused."""
    refused = raised(new_deployment(), from_address="o'brien@example.com", **MODES["developer"])
    assert refused.startswith("from_address: the part before '@' holds")
    deployment = new_deployment()
    build(
        deployment,
        from_address="o'brien@example.com",
        identity_domain="example.com",
        sending_account="DEVELOPER",
    )
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["fromEmailAddress"] == "o'brien@example.com"
    assert configuration["sourceArn"].endswith(":identity/example.com")
    assert email_configuration_problems(configuration) == []


@pytest.mark.parametrize("mode", sorted(MODES))
def test_reply_to_keeps_the_rfc_rule_its_own_pattern_allows(
    new_deployment: Callable[..., Deployment], mode: str
) -> None:
    """ReplyToEmailAddress (EmailAddressType, \\p{P}\\p{S}...) takes what RFC 5322 does;
    the same address as from_address (an address identity) does not pass SourceArn."""
    refused = raised(new_deployment(), from_address="o'brien+{x}@example.com", **MODES[mode])
    assert refused.startswith("from_address: the part before '@' holds")
    deployment = new_deployment()
    build(deployment, reply_to_address="o'brien+{x}@example.com", **MODES[mode])
    configuration = pool(deployment).inputs["emailConfiguration"]
    assert configuration["replyToEmailAddress"] == "o'brien+{x}@example.com"
    assert email_configuration_problems(configuration) == []
