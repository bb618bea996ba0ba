"""The doctor's checks on plain answers, without any server (what AWS answers but moto
cannot: GetAccount, GetAccountSendingEnabled, v1 policies, unverified identities...)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from cognito_ses_email.doctor.checks import run_checks
from cognito_ses_email.doctor.cli import exit_status
from cognito_ses_email.doctor.deployment import Check, Deployment, Unavailable
from cognito_ses_email.rules.policies import user_pool_policy

ACCOUNT = "123456789012"
POOL_ID = "us-east-1_AbC123"
POOL_ARN = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/{POOL_ID}"
ADDRESS = "no-reply@example.com"


def identity_arn(name: str = ADDRESS, region: str = "us-east-1") -> str:
    return f"arn:aws:ses:{region}:{ACCOUNT}:identity/{name}"


def deployment(
    sending_account: str = "COGNITO_DEFAULT", name: str = ADDRESS, **fields: object
) -> Deployment:
    """A healthy deployment as AWS (not moto) would answer it; ``fields`` replace parts."""
    configuration: dict[str, object] = {
        "EmailSendingAccount": sending_account,
        "SourceArn": identity_arn(name),
    }
    healthy = Deployment(
        pool_id=POOL_ID,
        pool_arn=POOL_ARN,
        email_configuration=configuration,
        identity={
            "IdentityType": "EMAIL_ADDRESS" if "@" in name else "DOMAIN",
            "VerificationStatus": "SUCCESS",
            "VerifiedForSendingStatus": False,  # moto's answer; the doctor never reads it
            "DkimAttributes": {"Status": "SUCCESS", "SigningEnabled": True},
        },
        verification={"VerificationStatus": "Success"},
        policies={"cognito": user_pool_policy(identity_arn(name), POOL_ARN)},
        notifications={"BounceTopic": "arn:aws:sns:::b", "ComplaintTopic": "arn:aws:sns:::c"},
        account={
            "SendingEnabled": True,
            "ProductionAccessEnabled": True,
            "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 10.0},
        },
        send_quota={"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 10.0},
        sending_enabled={"Enabled": True},
    )
    return replace(healthy, **fields)  # type: ignore[arg-type]


def by_name(checks: list[Check], words: str) -> Check:
    [found] = [c for c in checks if words in c.name]
    return found


def status_of(d: Deployment, words: str) -> str:
    return by_name(run_checks(d), words).status


def configured(d: Deployment, **email_configuration: object) -> Deployment:
    return replace(d, email_configuration={**d.email_configuration, **email_configuration})


def test_a_healthy_deployment_passes_in_both_modes() -> None:
    cognito_default = run_checks(deployment())
    assert [c.status for c in cognito_default if c.status != "pass"] == ["warn"]  # the 50 a day
    developer = run_checks(deployment("DEVELOPER"))
    assert all(c.status == "pass" for c in developer), developer
    assert not any("policy" in c.name for c in developer)
    assert all(c.fix is None for c in developer)


def test_verification_reads_verification_status_never_verified_for_sending() -> None:
    pending = deployment(
        verification={"VerificationStatus": "Pending"},
        identity={"VerificationStatus": "PENDING", "VerifiedForSendingStatus": True},
    )
    check = by_name(run_checks(pending), "verified")
    assert (check.status, check.detail) == ("fail", f"{ADDRESS}: verification PENDING")
    assert "click the link SES mailed" in str(check.fix)
    # v1 unavailable (denied): sesv2's VerificationStatus decides.
    v2_only = deployment(
        verification=Unavailable("GetIdentityVerificationAttributes: AccessDenied")
    )
    assert status_of(v2_only, "verified") == "pass"
    both = deployment(verification=Unavailable("v1: AccessDenied"), identity=Unavailable("v2: 404"))
    check = by_name(run_checks(both), "verified")
    assert (check.status, check.detail) == ("unknown", "could not check: v2: 404; v1: AccessDenied")
    # sesv2 answered: SES v1 is not read at all, and not needed.
    assert status_of(deployment(verification=Unavailable("not read")), "verified") == "pass"


def test_an_identity_missing_from_both_apis() -> None:
    gone = deployment(identity=None, verification=None, policies={})
    assert status_of(gone, "exists") == "fail"
    assert status_of(gone, "verified") == "fail"
    # v2 denied, v1 answers no entry: it does not exist either.
    assert (
        status_of(deployment(identity=Unavailable("denied"), verification=None), "exists") == "fail"
    )


def test_cognito_default_needs_the_address_identity_itself() -> None:
    for domain in (
        deployment(name="example.com"),
        configured(deployment(name="example.com"), From=ADDRESS),
    ):
        check = by_name(run_checks(domain), "FROM address")
        assert check.status == "fail"
        assert check.detail == (
            "COGNITO_DEFAULT sends from the exact address of an email-address identity; "
            "SourceArn names the domain example.com"
        )
        assert "DEVELOPER" in str(check.fix)
    # DEVELOPER with a domain identity needs From to say which address.
    check = by_name(run_checks(deployment("DEVELOPER", name="example.com")), "FROM address")
    assert check.status == "fail" and check.detail.startswith("SourceArn names the domain")


def test_developer_may_send_as_an_address_of_its_domain_identity() -> None:
    developer = configured(
        deployment("DEVELOPER", name="example.com"), From=f'"Ex, Inc." <{ADDRESS}>'
    )
    check = by_name(run_checks(developer), "FROM address")
    assert check.status == "pass"
    assert check.detail == f"Cognito sends as {ADDRESS} through example.com"
    other = configured(developer, From="no-reply@example.org")
    assert status_of(other, "FROM address") == "fail"
    # The local part compares exactly (SES: addresses are case-sensitive).
    assert (
        status_of(configured(deployment("DEVELOPER"), From="No-Reply@example.com"), "FROM address")
        == "fail"
    )


def test_region_pair_outside_cognito_s_table_fails() -> None:
    far = configured(deployment(), SourceArn=identity_arn(region="eu-central-1"))
    check = by_name(run_checks(far), "Region pair")
    assert check.status == "fail"
    assert "us-east-1 can send through SES only in eu-west-1, us-east-1, us-west-2" in check.detail


def test_no_source_arn() -> None:
    checks = run_checks(configured(deployment(), SourceArn=None))
    assert [(c.name, c.status) for c in checks] == [
        ("SourceArn names an SES identity", "warn"),
        ("COGNITO_DEFAULT daily quota", "warn"),
    ]
    assert (
        by_name(run_checks(configured(deployment("DEVELOPER"), SourceArn=None)), "SourceArn").status
        == "fail"
    )
    assert (
        by_name(
            run_checks(configured(deployment(), SourceArn="arn:aws:s3:::b")), "SourceArn"
        ).status
        == "fail"
    )


def test_policy_checks() -> None:
    assert status_of(deployment(policies={}), "policy") == "fail"
    unscoped = user_pool_policy(identity_arn(), POOL_ARN).replace(
        ',"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},'
        '"ArnLike":{"aws:SourceArn":"' + POOL_ARN + '"}}',
        "",
    )
    assert '"Condition"' not in unscoped
    check = by_name(run_checks(deployment(policies={"p": unscoped})), "policy")
    assert check.status == "warn" and "any account's user pool" in check.detail
    denied = deployment(policies=Unavailable("GetIdentityPolicies: AccessDenied: no"))
    assert by_name(run_checks(denied), "policy").detail.startswith("could not check:")


def test_a_deny_the_doctor_cannot_evaluate_is_could_not_check_and_exit_3() -> None:
    deny = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "ses:*",
        "Resource": "*",
        "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
    }
    blocked = deployment(
        policies={
            "cognito": user_pool_policy(identity_arn(), POOL_ARN),
            "freeze": json.dumps({"Version": "2012-10-17", "Statement": [deny]}),
        }
    )
    checks = run_checks(blocked)
    check = by_name(checks, "policy")
    assert check.status == "unknown"
    assert check.detail.startswith("could not check: ses:SendEmail: policy 'freeze' has a Deny: ")
    assert "DateGreaterThan is one the doctor does not evaluate" in check.detail
    assert exit_status(checks) == 3
    assert exit_status([*checks, Check("x", "fail", "broken", "mend")]) == 1  # a failure wins


@pytest.mark.parametrize(
    ("dkim", "status"),
    [
        ({"Status": "SUCCESS", "SigningEnabled": True}, "pass"),
        ({"Status": "PENDING", "SigningEnabled": True}, "warn"),
        ({"Status": "SUCCESS", "SigningEnabled": False}, "warn"),
    ],
)
def test_dkim_for_domains(dkim: dict[str, object], status: str) -> None:
    domain = configured(
        deployment(
            "DEVELOPER",
            name="example.com",
            identity={"VerificationStatus": "SUCCESS", "DkimAttributes": dkim},
        ),
        From=ADDRESS,
    )
    assert status_of(domain, "DKIM") == status
    assert not any(c.name == "DKIM signing" for c in run_checks(deployment()))  # addresses: none


def test_dkim_and_mail_from_from_v1_when_sesv2_is_denied() -> None:
    domain = configured(
        deployment(
            "DEVELOPER",
            name="example.com",
            identity=Unavailable("denied"),
            dkim={"DkimEnabled": True, "DkimVerificationStatus": "Success"},
            mail_from={
                "MailFromDomain": "mail.example.com",
                "MailFromDomainStatus": "Pending",
                "BehaviorOnMXFailure": "RejectMessage",
            },
        ),
        From=ADDRESS,
    )
    assert status_of(domain, "DKIM") == "pass"
    check = by_name(run_checks(domain), "MAIL FROM")
    assert check.status == "fail" and "rejects mail" in check.detail


def test_mail_from_from_sesv2() -> None:
    def with_mail_from(attributes: dict[str, object]) -> str:
        identity = {"VerificationStatus": "SUCCESS", "MailFromAttributes": attributes}
        return status_of(
            configured(
                deployment("DEVELOPER", name="example.com", identity=identity), From=ADDRESS
            ),
            "MAIL FROM",
        )

    assert with_mail_from({}) == "pass"
    assert (
        with_mail_from({"MailFromDomain": "m.example.com", "MailFromDomainStatus": "SUCCESS"})
        == "pass"
    )
    assert (
        with_mail_from(
            {
                "MailFromDomain": "m.example.com",
                "MailFromDomainStatus": "FAILED",
                "BehaviorOnMxFailure": "USE_DEFAULT_VALUE",
            }
        )
        == "warn"
    )


def test_developer_account_checks_from_get_account() -> None:
    paused = deployment(
        "DEVELOPER", account={"SendingEnabled": False, "EnforcementStatus": "SHUTDOWN"}
    )
    check = by_name(run_checks(paused), "sending enabled")
    assert (check.status, check.detail) == (
        "fail",
        "the account's SES sending is paused (enforcement status SHUTDOWN)",
    )
    sandbox = deployment(
        "DEVELOPER", account={"SendingEnabled": True, "ProductionAccessEnabled": False}
    )
    assert status_of(sandbox, "sandbox") == "warn"


def test_developer_account_checks_from_ses_v1_when_get_account_is_missing() -> None:
    missing = Unavailable("sesv2 GetAccount answered HTTP 404")
    sandbox = deployment(
        "DEVELOPER",
        account=missing,
        send_quota={"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": 0.0},
    )
    check = by_name(run_checks(sandbox), "sandbox")
    assert check.status == "warn" and check.detail.startswith("probably in the SES sandbox")
    assert (
        status_of(
            replace(
                sandbox,
                send_quota={"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 0.0},
            ),
            "sandbox",
        )
        == "pass"
    )
    assert (
        status_of(replace(sandbox, sending_enabled={"Enabled": False}), "sending enabled") == "fail"
    )
    assert (
        status_of(replace(sandbox, sending_enabled={"Enabled": True}), "sending enabled") == "pass"
    )
    assert (
        status_of(replace(sandbox, sending_enabled=Unavailable("500")), "sending enabled")
        == "unknown"
    )


@pytest.mark.parametrize(
    ("sent", "maximum", "status"),
    [
        (0.0, 200.0, "pass"),
        (159.0, 200.0, "pass"),
        (160.0, 200.0, "warn"),
        (200.0, 200.0, "fail"),
        (10**6, -1.0, "pass"),
    ],
)
def test_the_24_hour_quota(sent: float, maximum: float, status: str) -> None:
    quota = {"Max24HourSend": maximum, "MaxSendRate": 1.0, "SentLast24Hours": sent}
    d = deployment("DEVELOPER", account=Unavailable("404"), send_quota=quota)
    assert status_of(d, "24-hour quota") == status


def test_the_configuration_set() -> None:
    developer = configured(deployment("DEVELOPER"), ConfigurationSet="mail")
    assert (
        status_of(
            replace(developer, configuration_set={"ConfigurationSetName": "mail"}),
            "configuration set",
        )
        == "pass"
    )
    check = by_name(run_checks(replace(developer, configuration_set=None)), "configuration set")
    assert check.status == "fail" and "create mail" in str(check.fix)
    assert status_of(deployment("DEVELOPER"), "configuration set") == "pass"  # none named


def test_notifications() -> None:
    check = by_name(
        run_checks(
            deployment(notifications={"BounceTopic": "arn:aws:sns:::b", "ForwardingEnabled": True})
        ),
        "notifications",
    )
    assert check.status == "warn"
    assert (
        check.detail
        == f"{ADDRESS}: no SNS topic for complaints (feedback only by email to the sender)"
    )
    assert status_of(deployment(notifications=None), "notifications") == "warn"
