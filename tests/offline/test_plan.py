"""The plan of a program: what it creates, what waits for what, and its errors as one line.

`python -m cognito_ses_email.plan` run as a reviewer runs it (a process)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cognito_ses_email.offline.explain import explain
from cognito_ses_email.offline.project import load_project
from tests.offline.plan_support import (
    ACCOUNT,
    IDENTITY,
    POLICY,
    POOL,
    by_name,
    fails_with_one_line,
    own_program,
    plan,
    plan_json,
)
from tests.support import ROOT

GET_EMAIL_IDENTITY = "aws:sesv2/getEmailIdentity:getEmailIdentity"

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


def test_runs_with_no_arguments_on_a_placeholder_address(default_plan: dict[str, Any]) -> None:
    assert any("placeholder no-reply@example.com" in note for note in default_plan["notes"])
    assert default_plan["account"] == ACCOUNT
    assert default_plan["region"] == "us-east-1"


def test_resource_tree_names_types_and_parents(default_plan: dict[str, Any]) -> None:
    resources = default_plan["resources"]
    assert [(r["type"], r["name"], r["parent"]) for r in resources] == [
        ("pulumi:pulumi:Stack", "cognito-ses-email-plan", None),
        ("cognito-ses-email:index:CognitoSesEmail", "cognito-email", "cognito-ses-email-plan"),
        ("aws:ses/emailIdentity:EmailIdentity", IDENTITY, "cognito-email"),
        ("aws:ses/identityPolicy:IdentityPolicy", POLICY, "cognito-email"),
        ("aws:cognito/userPool:UserPool", POOL, "cognito-email"),
    ]
    assert all(set(r) == {"type", "name", "parent", "dependsOn"} for r in resources)


def test_account_scope_pool_waits_for_policy_and_policy_for_identity(
    default_plan: dict[str, Any],
) -> None:
    resources = by_name(default_plan)
    assert resources[IDENTITY]["dependsOn"] == []
    assert resources[POLICY]["dependsOn"] == [IDENTITY]
    assert POLICY in resources[POOL]["dependsOn"]
    assert POOL not in resources[POLICY]["dependsOn"]


def test_policy_document_is_the_parsed_policy(default_plan: dict[str, Any]) -> None:
    identity_arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
    document = default_plan["policyDocument"]
    assert document["Version"] == "2012-10-17"
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Service": "email.cognito-idp.amazonaws.com"}
    assert statement["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
    assert statement["Resource"] == identity_arn
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/*"},
    }
    assert json.loads(default_plan["outputs"]["policyDocument"]) == document


def test_email_configuration_and_outputs(default_plan: dict[str, Any]) -> None:
    identity_arn = f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
    assert default_plan["emailConfiguration"] == {
        "emailSendingAccount": "COGNITO_DEFAULT",
        "sourceArn": identity_arn,
    }
    outputs = default_plan["outputs"]
    assert {"userPoolId", "userPoolArn", "identityArn", "policyDocument"} <= set(outputs)
    assert outputs["identityArn"] == identity_arn
    assert outputs["userPoolArn"] == (
        f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/{outputs['userPoolId']}"
    )
    # The one check that SES has verified the new address (the simulated account: verified).
    assert default_plan["invokes"] == [GET_EMAIL_IDENTITY]


def test_developer_mode_has_no_policy() -> None:
    data = plan_json("--config", "sendingAccount=DEVELOPER", "--config", "fromName=Example Support")
    resources = by_name(data)
    assert POLICY not in resources
    assert resources[POOL]["dependsOn"] == [IDENTITY]
    assert data["policyDocument"] is None
    assert data["outputs"]["policyDocument"] is None
    assert data["emailConfiguration"]["emailSendingAccount"] == "DEVELOPER"
    assert data["emailConfiguration"]["fromEmailAddress"] == (
        "Example Support <no-reply@example.com>"
    )


def test_user_pool_scope_policy_waits_for_the_pool() -> None:
    data = plan_json(
        "--config", "sourceArnScope=user-pool", "--config", "fromAddress=mail@corp.example"
    )
    resources = by_name(data)
    assert POOL in resources[POLICY]["dependsOn"]
    assert POLICY not in resources[POOL]["dependsOn"]
    (statement,) = data["policyDocument"]["Statement"]
    assert statement["Condition"]["ArnLike"] == {"aws:SourceArn": data["outputs"]["userPoolArn"]}
    assert statement["Resource"].endswith(":identity/mail@corp.example")
    assert data["notes"] == []


def test_ses_region_without_pool_region_asks_the_provider_once() -> None:
    data = plan_json("--config", "sesRegion=eu-west-1")
    assert data["invokes"] == ["aws:index/getRegion:getRegion", GET_EMAIL_IDENTITY]
    assert data["outputs"]["identityArn"].startswith("arn:aws:ses:eu-west-1:")


def test_domain_plan_lists_records_and_the_pool_waits_for_verification() -> None:
    data = plan_json(
        "--config",
        "fromAddress=no-reply@example.com",
        "--config",
        "sendingAccount=DEVELOPER",
        "--config",
        "identityDomain=example.com",
        "--config",
        "hostedZoneId=Z0123456789ABCDEFGHIJ",
    )
    resources = by_name(data)
    wait = resources["cognito-email-verification-wait"]
    assert wait["type"] == "aws:ses/domainIdentityVerification:DomainIdentityVerification"
    assert "cognito-email-verification" in wait["dependsOn"]
    assert "cognito-email-verification-wait" in resources[POOL]["dependsOn"]
    assert [r["type"] for r in data["outputs"]["dnsRecords"]] == ["TXT", "CNAME", "CNAME", "CNAME"]
    assert data["emailConfiguration"]["sourceArn"].endswith(":identity/example.com")
    assert data["policyDocument"] is None


def test_domain_that_does_not_match_the_address_exits_2() -> None:
    result = plan(
        "--config",
        "fromAddress=no-reply@example.com",
        "--config",
        "sendingAccount=DEVELOPER",
        "--config",
        "identityDomain=example.org",
    )
    fails_with_one_line(result, "fromAddress (from_address):", "identity_domain to example.com")


def test_invalid_from_address_exits_2_with_one_line() -> None:
    line = fails_with_one_line(
        plan("--json", "--config", "fromAddress=a@@b.example"), "fromAddress (from_address):"
    )
    assert "'@'" in line


def test_error_raised_when_an_output_resolves_is_one_line_too() -> None:
    # ses_region is checked against the pool's Region, which comes from an invoke.
    fails_with_one_line(plan("--config", "sesRegion=ap-south-1"), "sesRegion (ses_region):")


def test_ill_typed_setting_exits_2() -> None:
    fails_with_one_line(plan("--config", "deletionProtection=maybe"), "deletionProtection")


def test_explain_digs_the_value_error_out_of_wrapping_exceptions(project: Path) -> None:
    loaded = load_project(project, None, ["sesRegion=xx"])
    try:
        try:
            raise ValueError("ses_region: expected an AWS Region code, got 'xx'")
        except ValueError as inner:
            raise RuntimeError("apply failed") from inner
    except RuntimeError as outer:
        assert explain(outer, loaded) == (
            "sesRegion (ses_region): expected an AWS Region code, got 'xx'"
        )
    assert explain(ValueError("policy_name: bad"), loaded) == "policyName (policy_name): bad"
    assert explain(ValueError("tags: bad"), loaded) == "tags: bad"  # not a stack setting
    # A key as the program spelt it, however: camelCase, kebab-case, misspelt.
    for key in ("sesRegion", "ses-region", "ses_regoin"):
        assert explain(ValueError(f"{key}: is not an argument"), loaded) == (
            f"{key}: is not an argument"
        )
    assert explain(RuntimeError("boom"), loaded) is None


def test_plan_renders_your_own_pool_waiting_for_the_component() -> None:
    data = plan_json("--config", "createUserPool=false")
    resources = by_name(data)
    assert POOL not in resources
    users = resources["users"]
    assert users["parent"] == "cognito-ses-email-plan"
    assert {IDENTITY, POLICY} <= set(users["dependsOn"])
    assert data["emailConfiguration"]["emailSendingAccount"] == "COGNITO_DEFAULT"
    assert data["outputs"]["userPoolId"].startswith("us-east-1_")


def test_plan_renders_notifications_alarms_and_the_topic_policy() -> None:
    data = plan_json(
        "--config", "sendingAccount=DEVELOPER", "--config", "notifications=true",
        "--config", "alarms=true",
    )  # fmt: skip
    types = {resource["type"] for resource in data["resources"]}
    assert {
        "aws:sns/topic:Topic",
        "aws:sns/topicPolicy:TopicPolicy",
        "aws:ses/identityNotificationTopic:IdentityNotificationTopic",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
    } <= types
    assert sorted(n["type"] for n in data["notifications"]) == ["Bounce", "Complaint"]
    principals = [s["Principal"] for s in data["topicPolicyDocument"]["Statement"]]
    assert {"Service": "ses.amazonaws.com"} in principals
    assert data["outputs"]["notificationTopicArn"].startswith("arn:aws:sns:us-east-1:")
    human = plan("--config", "notifications=true").stdout
    assert "Notifications (SES -> SNS):" in human and "Notification topic policy:" in human


def test_alarms_in_cognito_default_mode_exit_2_naming_the_setting() -> None:
    fails_with_one_line(plan("--config", "alarms=true"), "needs sending_account='DEVELOPER'")


# -- the plan on your own program --------------------------------------------------------


def readme_route53_example() -> str:
    """README's Route 53 example, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, re.MULTILINE | re.DOTALL)
    (block,) = [block for block in blocks if "get_zone_output" in block]
    return str(block)


def test_readme_route53_example_is_planned(tmp_path: Path) -> None:
    project = own_program(tmp_path, readme_route53_example())
    result = plan("--json", "--program", str(project))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "aws:route53/getZone:getZone" in data["invokes"]
    records = [r for r in data["resources"] if r["type"] == "aws:route53/record:Record"]
    assert {"auth-email-verification", "auth-email-dkim-1"} <= {r["name"] for r in records}
    assert data["emailConfiguration"]["sourceArn"].endswith(":identity/example.com")
    assert data["notes"] == []  # the program reads no configuration


@pytest.mark.parametrize(
    "call", ["aws.ec2.get_vpc(default=True).id", "aws.ec2.get_vpc_output(default=True).id"]
)
def test_unanswered_invoke_is_one_line_naming_the_function(tmp_path: Path, call: str) -> None:
    program = f"import pulumi\nimport pulumi_aws as aws\n\npulumi.export('vpc', {call})\n"
    result = plan("--program", str(own_program(tmp_path, program)))
    line = fails_with_one_line(result, "aws:ec2/getVpc:getVpc", "does not answer")
    assert "cognito_ses_email.testing.Mocks" in line


def test_provider_region_is_checked_by_the_region_rule() -> None:
    fails_with_one_line(
        plan("--config", "aws:region=us-esat-1"), "aws:region", "did you mean 'us-east-1'?"
    )


def test_misspelt_setting_is_a_warning_naming_the_declared_key() -> None:
    result = plan("--json", "--config", "fromAdress=team@corp.example")
    assert result.returncode == 0, result.stderr
    warnings = json.loads(result.stdout)["warnings"]
    assert warnings == [
        "fromAdress (set in --config) is not declared in Pulumi.yaml's config and the "
        "program does not read it (did you mean 'fromAddress'?)"
    ]
    assert f"warning: {warnings[0]}" in result.stderr.splitlines()


def test_undeclared_setting_in_a_stack_file_is_named_with_the_file(project: Path) -> None:
    (project / "Pulumi.dev.yaml").write_text(
        "config:\n  cognito-ses-email:sesRegoin: eu-west-1\n", encoding="utf-8"
    )
    data = json.loads(plan("--json", "--program", str(project), "--stack", "dev").stdout)
    (warning,) = data["warnings"]
    assert warning.startswith("sesRegoin (set in Pulumi.dev.yaml) is not declared")
    assert warning.endswith("(did you mean 'sesRegion'?)")


def test_undeclared_setting_the_program_reads_is_no_warning(tmp_path: Path) -> None:
    program = "import pulumi\n\npulumi.export('team', pulumi.Config().get('team'))\n"
    project = own_program(tmp_path, program, "config:\n  owner: nobody\n")
    result = plan("--json", "--program", str(project), "--config", "team=mail", "--config", "x=1")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outputs"] == {"team": "mail"}
    assert [w.split(" ", 1)[0] for w in data["warnings"]] == ["x"]  # read: no warning
    assert data["notes"] == []  # fromAddress is never read: no placeholder note


def test_error_about_the_placeholder_address_says_it_is_the_placeholder() -> None:
    result = plan("--config", "sendingAccount=DEVELOPER", "--config", "identityDomain=example.org")
    line = fails_with_one_line(result, "fromAddress (from_address):")
    assert "no-reply@example.com is the plan's placeholder" in line
    assert "--config fromAddress=YOUR_ADDRESS" in line
    given = plan(
        "--config", "sendingAccount=DEVELOPER", "--config", "identityDomain=example.org",
        "--config", "fromAddress=no-reply@example.com",
    )  # fmt: skip
    assert "placeholder" not in fails_with_one_line(given, "fromAddress (from_address):")


def test_error_caused_by_a_misspelt_key_names_it_on_the_same_line() -> None:
    result = plan(
        "--config", "fromAdress=team@corp.example", "--config", "sendingAccount=DEVELOPER",
        "--config", "identityDomain=corp.example",
    )  # fmt: skip
    line = fails_with_one_line(result, "fromAddress (from_address):", "placeholder")
    assert line.endswith(
        "; also: fromAdress (set in --config) is not declared in Pulumi.yaml's config and the "
        "program does not read it (did you mean 'fromAddress'?)"
    )
