"""cognito_ses_email.testing.Mocks: the public mocks for users' tests.

Its answers are checked against pulumi-aws's result types (every field it answers is one
the SDK takes) and botocore's models (the enums and shapes AWS answers with); the
component and the docs' invokes run under it; a hand-written echo mock gets a message that
says what to do.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import botocore.session
import pulumi
import pulumi_aws as aws
import pytest

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.offline.account import GET_ZONE, HOSTED_ZONE, USER_POOL
from cognito_ses_email.offline.simulated_aws import Deployment, fresh_runtime
from cognito_ses_email.rules.verification import GET_EMAIL_IDENTITY
from cognito_ses_email.testing import VERIFICATION_STATUSES, Mocks
from tests.support import ROOT, error_text

ACCOUNT_ID = "111122223333"
ADDRESS = "no-reply@example.com"


def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _fields(result_type: type) -> set[str]:
    """The camelCase names of a pulumi-aws result type's fields (its __init__'s arguments)."""
    parameters = inspect.signature(result_type.__init__).parameters  # type: ignore[misc]
    return {_camel(name) for name in parameters if name not in {"self", "__self__"}}


def invoke(mocks: Mocks, token: str, **args: Any) -> dict[str, Any]:
    result, failures = mocks.call(pulumi.runtime.MockCallArgs(token, args, ""))
    assert failures == []
    return result


@pytest.fixture
def run_under() -> Iterator[Any]:
    """Run a program under given mocks in a fresh runtime; returns (deployment, result)."""

    def run(mocks: pulumi.runtime.Mocks, program: Any) -> tuple[Deployment, Any]:
        deployment = Deployment(mocks)  # type: ignore[arg-type]
        return deployment, deployment.run(program)

    with fresh_runtime():
        yield run


# --- the component under the Mocks, in the given account and Region -----------------------


def test_the_component_gets_arns_in_the_given_account_and_region(run_under: Any) -> None:
    mocks = Mocks(region="eu-west-1", account_id=ACCOUNT_ID)
    deployment, email = run_under(
        mocks, lambda: CognitoSesEmail("mail", {"from_address": "no-reply@example.com"})
    )
    identity = f"arn:aws:ses:eu-west-1:{ACCOUNT_ID}:identity/no-reply@example.com"
    assert deployment.value(email.identity_arn) == identity
    pool_id = deployment.value(email.created_user_pool_id)
    assert re.fullmatch(r"eu-west-1_[0-9a-zA-Z]+", pool_id)
    assert deployment.value(email.created_user_pool_arn) == (
        f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT_ID}:userpool/{pool_id}"
    )
    statement = json.loads(deployment.value(email.policy_document))["Statement"][0]
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT_ID}
    [pool] = mocks.inputs_of(USER_POOL)
    assert pool["emailConfiguration"]["sourceArn"] == identity
    assert mocks.resources[0].typ == "cognito-ses-email:index:CognitoSesEmail"


def test_readme_route53_example_gets_a_zone(run_under: Any) -> None:
    mocks = Mocks(account_id=ACCOUNT_ID)

    def program() -> CognitoSesEmail:
        zone = aws.route53.get_zone_output(name="example.com.")
        return CognitoSesEmail(
            "mail",
            {
                "from_address": "no-reply@example.com",
                "sending_account": "DEVELOPER",
                "identity_domain": "example.com",
                "hosted_zone_id": zone.zone_id,
            },
        )

    run_under(mocks, program)
    records = mocks.inputs_of("aws:route53/record:Record")
    [zone_answer] = [call for call in mocks.calls if call.token == GET_ZONE]
    zone_id = invoke(Mocks(), GET_ZONE, name="example.com")["zoneId"]
    assert len(records) == 4  # verification and three DKIM records, in the zone asked for
    assert {record["zoneId"] for record in records} == {zone_id}
    assert zone_answer.args["name"] == "example.com."


# --- its answers, against pulumi-aws and botocore -----------------------------------------


def test_get_zone_answers_with_pulumi_aws_fields_and_route53_shapes() -> None:
    answer = invoke(Mocks(), GET_ZONE, name="Example.com.")
    # Every field the installed pulumi-aws reads; a field of a newer one is ignored by an older
    # one (pulumi-aws 7.7.0, the floor, has no enableAcceleratedRecovery).
    newer = {"enableAcceleratedRecovery"}
    assert (
        _fields(aws.route53.GetZoneResult)
        <= set(answer)
        <= _fields(aws.route53.GetZoneResult) | newer
    )
    assert answer["name"] == "example.com"
    assert answer["id"] == answer["zoneId"]
    assert answer["arn"] == f"arn:aws:route53:::hostedzone/{answer['zoneId']}"
    resource_id = _model("route53").shape_for("ResourceId").metadata
    assert len(answer["zoneId"]) <= resource_id["max"]
    assert re.fullmatch(r"Z[A-Z0-9]+", answer["zoneId"])
    assert len(answer["nameServers"]) == 4 and answer["primaryNameServer"] in answer["nameServers"]
    assert (
        invoke(Mocks(), GET_ZONE, zoneId="Z0123456789ABCDEFGHIJ")["id"] == "Z0123456789ABCDEFGHIJ"
    )


def test_a_declared_zone_gets_the_id_get_zone_answers(run_under: Any) -> None:
    mocks = Mocks()
    deployment, zone = run_under(mocks, lambda: aws.route53.Zone("zone", name="example.com"))
    assert deployment.value(zone.zone_id) == invoke(mocks, GET_ZONE, name="example.com")["zoneId"]
    assert [r.typ for r in mocks.resources] == [HOSTED_ZONE]


def test_get_email_identity_answers_with_pulumi_aws_fields_and_sesv2_enums() -> None:
    sesv2 = _model("sesv2")
    assert set(VERIFICATION_STATUSES) == set(sesv2.shape_for("VerificationStatus").enum)
    for identity, kind in [("no-reply@example.com", "EMAIL_ADDRESS"), ("example.com", "DOMAIN")]:
        answer = invoke(Mocks(account_id=ACCOUNT_ID), GET_EMAIL_IDENTITY, emailIdentity=identity)
        assert set(answer) == _fields(aws.sesv2.GetEmailIdentityResult)
        assert answer["identityType"] == kind
        assert kind in sesv2.shape_for("IdentityType").enum
        assert answer["arn"] == f"arn:aws:ses:us-east-1:{ACCOUNT_ID}:identity/{identity}"
        assert (answer["verificationStatus"], answer["verifiedForSendingStatus"]) == (
            "SUCCESS",
            True,
        )
        [dkim] = answer["dkimSigningAttributes"]
        assert set(dkim) == _fields(aws.sesv2.outputs.GetEmailIdentityDkimSigningAttributeResult)
        assert dkim["status"] in sesv2.shape_for("DkimStatus").enum
        assert (
            dkim["signingAttributesOrigin"] in sesv2.shape_for("DkimSigningAttributesOrigin").enum
        )
        assert dkim["currentSigningKeyLength"] in sesv2.shape_for("DkimSigningKeyLength").enum


def test_verification_failed_or_pending_then_verified_for_each_identity() -> None:
    failed = invoke(Mocks(verification="FAILED"), GET_EMAIL_IDENTITY, emailIdentity="a@example.com")
    assert (failed["verificationStatus"], failed["verifiedForSendingStatus"]) == ("FAILED", False)
    mocks = Mocks(verification=["PENDING", "PENDING", "SUCCESS"])

    def status(identity: str) -> str:
        return str(invoke(mocks, GET_EMAIL_IDENTITY, emailIdentity=identity)["verificationStatus"])

    first = [status("a@example.com") for _ in range(4)]
    assert first == ["PENDING", "PENDING", "SUCCESS", "SUCCESS"]
    assert status("b@example.com") == "PENDING"  # each identity has its own turn


def test_verification_through_the_sdk(run_under: Any) -> None:
    mocks = Mocks(verification=["PENDING", "SUCCESS"])

    def program() -> list[str]:
        return [
            aws.sesv2.get_email_identity(email_identity="example.com").verification_status
            for _ in range(2)
        ]

    _, statuses = run_under(mocks, program)
    assert statuses == ["PENDING", "SUCCESS"]


def run_as_documented(mocks: Mocks, program: Any) -> float:
    """Run ``program`` as a user's test does (``set_mocks``, ``@pulumi.runtime.test``);
    returns the seconds it took on the real clock."""
    with fresh_runtime():
        pulumi.runtime.set_mocks(mocks, preview=False)
        started = time.monotonic()
        try:
            pulumi.runtime.test(program)()
        finally:
            elapsed = time.monotonic() - started
    return elapsed


def pool_id_of_a_new_address() -> pulumi.Output[str]:
    return CognitoSesEmail("mail", {"from_address": ADDRESS}).created_user_pool_id


def test_nobody_clicks_the_wait_times_out_on_the_mocks_clock_not_the_real_one() -> None:
    mocks = Mocks(verification="PENDING")
    elapsed = 0.0
    with pytest.raises(Exception) as raised:
        elapsed = run_as_documented(mocks, pool_id_of_a_new_address)
    assert f"SES has not verified {ADDRESS} after 15 min" in error_text(raised.value)
    [wait] = mocks.waits
    assert (wait.identity, wait.minutes, wait.now) == (ADDRESS, 15, 15 * 60)
    assert elapsed < 5, "a quarter of an hour on the real clock"
    assert mocks.inputs_of(USER_POOL) == []


def test_a_few_pending_checks_then_the_click_creates_the_pool() -> None:
    mocks = Mocks(verification=["PENDING", "PENDING", "PENDING", "SUCCESS"])
    assert run_as_documented(mocks, pool_id_of_a_new_address) < 5
    [wait] = mocks.waits
    assert 0 < wait.now < 60
    assert [c.token for c in mocks.calls].count(GET_EMAIL_IDENTITY) == 4
    assert len(mocks.inputs_of(USER_POOL)) == 1


def test_a_stack_reference_answers_the_outputs_given_and_no_other_stack() -> None:
    outputs = {"acme/network/prod": {"fromAddress": "team@corp.example", "port": 25}}
    mocks = Mocks(stack_outputs=outputs)

    def program() -> pulumi.Output[Any]:
        network = pulumi.StackReference("acme/network/prod")
        email = CognitoSesEmail("mail", {"from_address": network.require_output("fromAddress")})
        return pulumi.Output.all(network.get_output("port"), email.identity_arn)

    run_as_documented(mocks, program)
    assert mocks.inputs_of(USER_POOL)[0]["emailConfiguration"]["sourceArn"].endswith(
        ":identity/team@corp.example"
    )
    with pytest.raises(Exception) as raised:
        run_as_documented(mocks, lambda: pulumi.StackReference("acme/other/prod").outputs)
    assert "stack reference acme/other/prod" in error_text(raised.value)


@pytest.mark.parametrize("verification", ["VERIFIED", [], ["PENDING", "Success"]])
def test_a_status_ses_does_not_use_is_refused(verification: Any) -> None:
    with pytest.raises(ValueError, match=r"^verification: .* PENDING, SUCCESS, FAILED"):
        Mocks(verification=verification)


@pytest.mark.parametrize("account_id", ["12345678901", "1234567890123", "account", 123456789012])
def test_an_account_id_of_other_than_twelve_digits_is_refused(account_id: Any) -> None:
    with pytest.raises(ValueError, match=r"^account_id: .* give 12 digits"):
        Mocks(account_id=account_id)


# --- everything else echoed; subclassing --------------------------------------------------


def test_other_resources_and_invokes_are_echoed() -> None:
    mocks = Mocks()
    args = pulumi.runtime.MockResourceArgs("aws:sqs/queue:Queue", "site", {"bucket": "b"})
    assert mocks.new_resource(args) == ("site-id", {"bucket": "b"})
    assert invoke(mocks, "aws:index/getAmi:getAmi", owners=["amazon"]) == {"owners": ["amazon"]}


def test_a_subclass_answers_its_own_types_and_leaves_the_rest_to_the_mocks(
    run_under: Any,
) -> None:
    class MyMocks(Mocks):
        def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
            if args.typ == "aws:sqs/queue:Queue":
                return args.name, {
                    **args.inputs,
                    "arn": f"arn:aws:sqs:{self.region}:{self.account_id}:{args.name}",
                }
            return super().new_resource(args)

        def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
            if args.token == "aws:ssm/getParameter:getParameter":
                return {"name": args.args["name"], "value": "team@example.com"}, []
            return super().call(args)

    mocks = MyMocks()

    def program() -> tuple[aws.sqs.Queue, CognitoSesEmail]:
        address = aws.ssm.get_parameter_output(name="/from").value
        return aws.sqs.Queue("site"), CognitoSesEmail("mail", {"from_address": address})

    deployment, (bucket, email) = run_under(mocks, program)
    assert deployment.value(bucket.arn) == "arn:aws:sqs:us-east-1:123456789012:site"
    assert deployment.value(email.identity_arn).endswith(":identity/team@example.com")
    # What the subclass answered itself did not reach Mocks.new_resource.
    assert [r.typ for r in mocks.resources].count(USER_POOL) == 1
    assert "aws:sqs/queue:Queue" not in {r.typ for r in mocks.resources}


# --- Pulumi's documented echo mocks: a message that says what to do ------------------------


class EchoMocks(pulumi.runtime.Mocks):
    """Pulumi's documented mocks: inputs as outputs, every invoke answered {}."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list[tuple[str, str]]]:
        return {}, []


@pytest.mark.parametrize(
    "args",
    [
        {"from_address": "no-reply@example.com"},
        {"from_address": "no-reply@example.com", "source_arn_scope": "user-pool"},
        {
            "from_address": "no-reply@example.com",
            "sending_account": "DEVELOPER",
            "identity_domain": "example.com",
        },
    ],
    ids=["account-scope", "user-pool-scope", "domain"],
)
def test_echo_mocks_are_told_to_answer_an_arn(run_under: Any, args: dict[str, Any]) -> None:
    with pytest.raises(Exception) as raised:
        run_under(EchoMocks(), lambda: CognitoSesEmail("mail", args))  # type: ignore[arg-type]
    message = error_text(raised.value)
    assert "identity_arn: the SES identity has no ARN (None)" in message
    assert "the mocks answered no 'arn' for aws:ses/emailIdentity:EmailIdentity" in message
    assert "Use cognito_ses_email.testing.Mocks" in message


# --- import cost -------------------------------------------------------------------------


@pytest.mark.slow
def test_importing_the_package_does_not_import_the_mocks() -> None:
    code = (
        "import sys; from cognito_ses_email import CognitoSesEmail; "
        "print(sorted(m for m in sys.modules if m.startswith('cognito_ses_email.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "components")},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = result.stdout
    assert "cognito_ses_email.component" in loaded
    assert "cognito_ses_email.testing" not in loaded
    assert "cognito_ses_email.offline.simulated_aws" not in loaded
