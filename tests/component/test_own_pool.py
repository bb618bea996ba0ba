"""Bring your own user pool: create_user_pool=False, and email_configuration for your pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from cognito_ses_email import CognitoSesEmail
from tests.aws_checks import email_configuration_problems
from tests.support import Deployment, error_text

ADDRESS = "no-reply@example.com"
ZONE = "Z0123456789ABCDEFGHIJ"


def with_own_pool(deployment: Deployment, **args: Any) -> CognitoSesEmail:
    """The component without a pool, and the user's own pool that waits for it."""

    def program() -> CognitoSesEmail:
        full: dict[str, Any] = {"from_address": ADDRESS, "create_user_pool": False, **args}
        email = CognitoSesEmail("mail", full)  # type: ignore[arg-type]
        aws.cognito.UserPool(
            "users",
            email_configuration=email.email_configuration,
            deletion_protection="ACTIVE",
            opts=pulumi.ResourceOptions(depends_on=[email]),
        )
        return email

    return deployment.run(program)


def children(deployment: Deployment) -> set[str]:
    return {name for name, r in deployment.resources.items() if r.parent == "mail"}


@pytest.mark.parametrize(
    ("args", "expected_children"),
    [
        ({}, {"mail-identity", "mail-sending-authorization"}),
        ({"sending_account": "DEVELOPER", "from_name": "Example"}, {"mail-identity"}),
        (
            {
                "sending_account": "DEVELOPER",
                "identity_domain": "example.com",
                "hosted_zone_id": ZONE,
                "mail_from_domain": "mail.example.com",
            },
            {
                "mail-domain",
                "mail-dkim",
                "mail-mail-from",
                "mail-verification",
                "mail-dkim-1",
                "mail-dkim-2",
                "mail-dkim-3",
                "mail-mail-from-mx",
                "mail-mail-from-spf",
                "mail-verification-wait",
            },
        ),
    ],
    ids=["cognito-default", "developer", "developer-domain"],
)
def test_no_pool_is_created_and_your_pool_waits_for_every_child(
    deployment: Deployment, args: dict[str, Any], expected_children: set[str]
) -> None:
    email = with_own_pool(deployment, **args)
    assert children(deployment) == expected_children
    assert not any(r.type == "aws:cognito/userPool:UserPool" and r.parent == "mail"
                   for r in deployment.resources.values())  # fmt: skip
    assert email.user_pool is None and email.user_pool_id is None and email.user_pool_arn is None
    # depends_on=[component] waits for every custom resource under it.
    assert expected_children <= deployment.resources["users"].dependencies


def test_email_configuration_is_what_your_pool_takes(deployment: Deployment) -> None:
    email = with_own_pool(
        deployment,
        sending_account="DEVELOPER",
        from_name="Example, Inc.",
        reply_to_address="help@example.com",
        configuration_set="cognito-mail",
    )
    identity_arn = deployment.value(email.identity_arn)
    assert deployment.value(email.email_configuration) == {
        "email_sending_account": "DEVELOPER",
        "source_arn": identity_arn,
        "from_email_address": '"Example, Inc." <no-reply@example.com>',
        "reply_to_email_address": "help@example.com",
        "configuration_set": "cognito-mail",
    }
    received = deployment.resources["users"].inputs["emailConfiguration"]
    assert received["sourceArn"] == identity_arn
    assert email_configuration_problems(received) == []


def test_cognito_default_configuration_has_no_from(deployment: Deployment) -> None:
    email = with_own_pool(deployment)
    assert set(deployment.value(email.email_configuration)) == {
        "email_sending_account",
        "source_arn",
    }
    received = deployment.resources["users"].inputs["emailConfiguration"]
    assert received["emailSendingAccount"] == "COGNITO_DEFAULT"
    assert email_configuration_problems(received) == []
    # The policy names every pool of the account, so it exists before your pool.
    assert "mail-sending-authorization" in deployment.resources["users"].dependencies


def test_the_created_pool_gets_the_same_email_configuration(deployment: Deployment) -> None:
    email = deployment.run(
        lambda: CognitoSesEmail("mail", {"from_address": ADDRESS, "reply_to_address": ADDRESS})
    )
    configuration = deployment.value(email.email_configuration)
    received = deployment.resources["mail-pool"].inputs["emailConfiguration"]
    assert received == {
        "emailSendingAccount": configuration["email_sending_account"],
        "sourceArn": configuration["source_arn"],
        "replyToEmailAddress": configuration["reply_to_email_address"],
    }


@pytest.mark.parametrize("kind", ["output", "secret"])
def test_email_configuration_from_outputs_matches_plain(deployment: Deployment, kind: str) -> None:
    wrap = pulumi.Output.from_input if kind == "output" else pulumi.Output.secret
    email = with_own_pool(
        deployment,
        sending_account="DEVELOPER",
        from_name=wrap("Example"),
        reply_to_address=wrap(ADDRESS),
    )
    configuration = deployment.value(email.email_configuration)
    assert configuration["from_email_address"] == f"Example <{ADDRESS}>"
    assert configuration["reply_to_email_address"] == ADDRESS
    import asyncio

    secret = asyncio.get_event_loop().run_until_complete(email.email_configuration.is_secret())
    assert secret is (kind == "secret")


@pytest.mark.parametrize(
    "key",
    [
        "user_pool_name",
        "user_pool_args",
        "deletion_protection",
        "verification_message",
        "invitation_message",
    ],
)
def test_pool_arguments_are_refused_without_a_pool(deployment: Deployment, key: str) -> None:
    value = {
        "user_pool_name": "users",
        "user_pool_args": {"mfa_configuration": "OFF"},
        "deletion_protection": True,
        "verification_message": {"subject": "Code", "body": "Code {####}"},
        "invitation_message": {"subject": "Hi", "body": "Hi {username} {####}"},
    }[key]
    with pytest.raises(ValueError, match=rf"^{key}: configures the user pool this component"):
        deployment.run(
            lambda: CognitoSesEmail(
                "mail",
                {"from_address": ADDRESS, "create_user_pool": False, key: value},  # type: ignore[misc]
            )
        )
    assert deployment.resources == {}


def test_user_pool_scope_is_refused_without_a_pool(deployment: Deployment) -> None:
    with pytest.raises(ValueError, match=r"^source_arn_scope: 'user-pool' names the pool"):
        deployment.run(
            lambda: CognitoSesEmail(
                "mail",
                {
                    "from_address": ADDRESS,
                    "create_user_pool": False,
                    "source_arn_scope": "user-pool",
                },
            )
        )
    assert deployment.resources == {}


@pytest.mark.parametrize("value", ["output", "no", 0])
def test_create_user_pool_must_be_a_plain_bool(deployment: Deployment, value: Any) -> None:
    if value == "output":
        value = pulumi.Output.from_input(False)
    with pytest.raises(ValueError, match=r"^create_user_pool: must be a plain True or False"):
        deployment.run(
            lambda: CognitoSesEmail("mail", {"from_address": ADDRESS, "create_user_pool": value})
        )
    assert deployment.resources == {}


def test_the_documented_migration_keeps_the_existing_pool(
    new_deployment: Callable[..., Deployment],
) -> None:
    """docs/own-pool.md: switching an existing stack to create_user_pool=False, your own
    pool declares an alias to the component's pool, so Pulumi keeps it (and its users)
    instead of deleting one pool and creating another."""
    before = new_deployment()
    before.run(lambda: CognitoSesEmail("mail", {"from_address": ADDRESS}))
    old_urn = before.resources["mail-pool"].urn

    after = new_deployment()

    def program() -> None:
        email = CognitoSesEmail("mail", {"from_address": ADDRESS, "create_user_pool": False})
        aws.cognito.UserPool(
            "users",
            email_configuration=email.email_configuration,
            deletion_protection="ACTIVE",
            opts=pulumi.ResourceOptions(
                depends_on=[email], aliases=[pulumi.Alias(name="mail-pool", parent=email)]
            ),
        )

    after.run(program)
    assert "mail-pool" not in after.resources
    assert list(after.resources["users"].aliases) == [old_urn]
    # The same email configuration, so the update is in place.
    assert (
        after.resources["users"].inputs["emailConfiguration"]
        == before.resources["mail-pool"].inputs["emailConfiguration"]
    )


# --- your pool in another Region than the provider's ---------------------------------------

ARN_US = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com"


REGION_WRAPS: dict[str, Callable[[str], Any]] = {
    "plain": lambda value: value,
    "output": pulumi.Output.from_input,
    "secret": pulumi.Output.secret,
}


@pytest.mark.parametrize("kind", sorted(REGION_WRAPS))
def test_user_pool_region_places_the_policy_and_checks_the_pair(
    new_deployment: Callable[..., Deployment], kind: str
) -> None:
    """Provider in eu-west-3, identity and your pool in us-east-1: without user_pool_region
    the pool would be taken to be in eu-west-3, which may not use SES in us-east-1."""
    deployment = new_deployment(region="eu-west-3")
    region = REGION_WRAPS[kind]("us-east-1")
    email = with_own_pool(deployment, identity_arn=ARN_US, user_pool_region=region)
    document = deployment.value(email.policy_document)
    assert '"aws:SourceArn":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/*"' in document
    assert deployment.invokes("aws:index/getRegion:getRegion") == 0


@pytest.mark.parametrize("kind", sorted(REGION_WRAPS))
def test_user_pool_region_in_developer_mode_checks_the_pair(
    new_deployment: Callable[..., Deployment], kind: str
) -> None:
    """No policy in DEVELOPER mode, but the pair must still be one Cognito allows: the
    identity lands in the pool's Region, and no Region lookup is needed."""
    deployment = new_deployment(region="eu-west-3")
    region = REGION_WRAPS[kind]("us-east-1")
    email = with_own_pool(deployment, sending_account="DEVELOPER", user_pool_region=region)
    assert deployment.value(email.identity_arn).startswith("arn:aws:ses:us-east-1:")
    assert deployment.invokes("aws:index/getRegion:getRegion") == 0
    with pytest.raises(Exception) as raised:
        with_own_pool(
            new_deployment(region="eu-west-3"),
            sending_account="DEVELOPER",
            ses_region="eu-north-1",
            user_pool_region=REGION_WRAPS[kind]("us-east-1"),
        )
    text = error_text(raised.value)
    if kind == "secret":  # a secret value is not shown in the error
        assert "ses_region: a user pool in [secret]" in text
        assert "us-east-1" not in text
    else:
        assert "ses_region: a user pool in us-east-1" in text


@pytest.mark.parametrize("mode", [{}, {"sending_account": "DEVELOPER"}], ids=["default", "dev"])
def test_a_bad_user_pool_region_from_an_output_stops_every_child(
    deployment: Deployment, mode: dict[str, str]
) -> None:
    with pytest.raises(Exception) as raised:
        with_own_pool(deployment, user_pool_region=pulumi.Output.from_input("us-esat-1"), **mode)
    assert "user_pool_region: " in error_text(raised.value)
    assert not children(deployment), "no child may be created"


def test_without_user_pool_region_the_providers_region_is_checked(
    new_deployment: Callable[..., Deployment],
) -> None:
    deployment = new_deployment(region="eu-west-3")
    with pytest.raises(Exception) as raised:
        with_own_pool(deployment, identity_arn=ARN_US)
    assert "identity_arn: a user pool in eu-west-3" in error_text(raised.value)


def test_user_pool_region_with_a_created_pool_is_refused(deployment: Deployment) -> None:
    with pytest.raises(ValueError, match=r"^user_pool_region: is for your own pool"):
        deployment.run(
            lambda: CognitoSesEmail(
                "mail", {"from_address": ADDRESS, "user_pool_region": "us-east-1"}
            )
        )
    assert deployment.resources == {}


def test_a_bad_user_pool_region_is_named(deployment: Deployment) -> None:
    with pytest.raises(ValueError, match=r"^user_pool_region: .*did you mean 'us-east-1'"):
        with_own_pool(deployment, user_pool_region="us-esat-1")
    assert deployment.resources == {}


def test_a_secret_user_pool_region_keeps_the_identity_arn_secret(
    new_deployment: Callable[..., Deployment],
) -> None:
    """In DEVELOPER mode the identity is made in your pool's Region, which its ARN names."""
    import asyncio

    deployment = new_deployment(region="eu-west-3")
    email = with_own_pool(
        deployment, sending_account="DEVELOPER", user_pool_region=pulumi.Output.secret("us-east-1")
    )
    loop = asyncio.get_event_loop()
    assert loop.run_until_complete(email.identity_arn.is_secret())
    assert loop.run_until_complete(email.email_configuration.is_secret())
