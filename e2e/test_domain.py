"""A whole domain in DEVELOPER mode through the real engine (stand-in AWS): moto's Route 53
zone takes the DKIM, MAIL FROM and DMARC records, notifications go to a topic, alarms watch
the reputation; `pulumi up`, then `pulumi destroy` leaves nothing behind."""

from __future__ import annotations

DOMAIN = "mail.example.com"


def test_a_domain_up_and_destroyed(stack, moto) -> None:
    zone = moto.client("route53").create_hosted_zone(Name=DOMAIN, CallerReference="e2e")
    zone_id = zone["HostedZone"]["Id"].split("/")[-1]
    s = stack(
        "example",
        fromAddress=f"no-reply@{DOMAIN}",
        sendingAccount="DEVELOPER",
        identityDomain=DOMAIN,
        hostedZoneId=zone_id,
        mailFromDomain=f"bounce.{DOMAIN}",
        dmarcPolicy="v=DMARC1; p=none;",
        notifications="true",
        alarms="true",
        deletionProtection="false",
    )
    s.up()
    out = s.outputs()

    records = moto.client("route53").list_resource_record_sets(HostedZoneId=zone_id)
    names = {(r["Name"].rstrip("."), r["Type"]) for r in records["ResourceRecordSets"]}
    assert (f"_dmarc.{DOMAIN}", "TXT") in names
    assert (f"bounce.{DOMAIN}", "MX") in names
    assert sum(1 for name, kind in names if kind == "CNAME" and "_domainkey" in name) == 3
    pool = moto.client("cognito-idp").describe_user_pool(UserPoolId=out["userPoolId"])["UserPool"]
    assert pool["EmailConfiguration"]["EmailSendingAccount"] == "DEVELOPER"
    assert pool["EmailConfiguration"]["SourceArn"] == out["identityArn"]
    assert out["notificationTopicArn"] in {
        t["TopicArn"] for t in moto.client("sns").list_topics()["Topics"]
    }
    assert moto.client("cloudwatch").describe_alarms()["MetricAlarms"]
    s.up("--expect-no-changes")

    s.pulumi("destroy", "--yes")
    assert not moto.client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
    assert not moto.client("sesv2").list_email_identities()["EmailIdentities"]
    assert not moto.client("sns").list_topics()["Topics"]
    assert not moto.client("cloudwatch").describe_alarms()["MetricAlarms"]
    left = moto.client("route53").list_resource_record_sets(HostedZoneId=zone_id)
    assert {r["Type"] for r in left["ResourceRecordSets"]} <= {"NS", "SOA"}
