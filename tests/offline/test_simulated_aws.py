"""The harness that installs the simulated account as Pulumi's mocks: what its monitor records
and what a run gives, under the mock runtime."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
from pulumi.runtime.rpc import is_rpc_secret

from cognito_ses_email.offline.account import (
    ACCOUNT,
    EMAIL_IDENTITY,
    GET_REGION,
    IDENTITY_POLICY,
    STACK_TYPE,
    SimulatedAws,
    identity_arn,
)
from cognito_ses_email.offline.simulated_aws import run_program
from tests.support import Deployment


def test_the_monitor_records_the_tree_the_waits_and_secret_markers(
    deployment: Deployment,
) -> None:
    def program() -> None:
        parent = pulumi.ComponentResource("test:index:Mail", "mail")
        child = pulumi.ResourceOptions(parent=parent)
        address = aws.ses.EmailIdentity(
            "mail-identity", email=pulumi.Output.secret("a@example.com"), opts=child
        )
        aws.ses.IdentityPolicy(
            "mail-policy", identity=address.arn, name="p", policy="{}", opts=child
        )

    deployment.run(program)
    assert [r.type for r in deployment.registrations] == [
        STACK_TYPE,
        "test:index:Mail",
        EMAIL_IDENTITY,
        IDENTITY_POLICY,
    ]
    assert set(deployment.resources) == {"mail", "mail-identity", "mail-policy"}
    identity = deployment.resources["mail-identity"]
    assert identity.parent == "mail" and identity.custom
    assert is_rpc_secret(identity.inputs["email"]), "a secret input keeps its marker"
    policy = deployment.resources["mail-policy"]
    assert policy.dependencies == {"mail-identity"}
    assert policy.property_dependencies["identity"] == {"mail-identity"}
    assert policy.inputs == {"identity": identity_arn("us-east-1", "a@example.com")} | {
        "name": "p",
        "policy": "{}",
    }
    assert not deployment.resources["mail"].custom


def test_run_program_gives_registrations_invokes_and_exports() -> None:
    def program() -> None:
        config = pulumi.Config()
        identity = aws.ses.EmailIdentity("identity", email=config.require("address"))
        pulumi.export("arn", identity.arn)
        pulumi.export("region", aws.get_region_output().region)

    run = run_program(
        program,
        project="p",
        stack="s",
        config={"p:address": "a@example.com"},
        mocks=SimulatedAws("eu-west-1"),
    )
    assert run.outputs == {
        "arn": f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/a@example.com",
        "region": "eu-west-1",
    }
    assert [call.token for call in run.mocks.calls] == [GET_REGION]
    assert [(r.type, r.name, r.parent) for r in run.registrations] == [
        (STACK_TYPE, "p-s", None),
        (EMAIL_IDENTITY, "identity", "p-s"),
    ]
    assert pulumi.runtime.get_config("p:address") is None, "the configuration is reset"
