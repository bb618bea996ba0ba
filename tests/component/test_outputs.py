"""Every argument as a value from another resource: as an Output, alone and together, and
as a secret, in both sending modes and every shape of identity. The resources and their
inputs must equal the plain case; what derives from a secret must stay secret."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from pulumi.runtime.rpc import is_rpc_secret

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.rules.names import SES_NAME_RE, default_policy_name
from tests.support import ACCOUNT, ADDRESS, POOL_ID, Deployment, build, error_text, revealed

#: Arguments that decide which resources exist: plain by contract.
STRUCTURAL = {"sending_account", "source_arn_scope"}

SCENARIOS: dict[str, dict[str, Any]] = {
    "cognito-default": {
        "from_address": ADDRESS,
        "reply_to_address": "help@example.com",
        "ses_region": "us-west-2",
        "policy_name": "send-policy",
        "user_pool_name": "customers",
        "deletion_protection": False,
        "tags": {"team": "identity"},
        "user_pool_args": {"region": "us-east-1", "mfa_configuration": "OFF"},
    },
    "cognito-default-user-pool-scope": {
        "from_address": ADDRESS,
        "source_arn_scope": "user-pool",
        "reply_to_address": "help@example.com",
    },
    "cognito-default-adopted": {
        "from_address": ADDRESS,
        "identity_arn": f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/{ADDRESS}",
        "ses_region": "eu-west-1",
        "reply_to_address": "help@example.com",
        "user_pool_args": {"region": "us-east-1"},
    },
    "developer": {
        "from_address": ADDRESS,
        "sending_account": "DEVELOPER",
        "from_name": "Example, Inc.",
        "configuration_set": "cognito-mail",
        "reply_to_address": "help@example.com",
        "ses_region": "us-east-1",
        "user_pool_name": "customers",
        "tags": {"team": "identity"},
    },
    "developer-adopted-domain": {
        "from_address": ADDRESS,
        "sending_account": "DEVELOPER",
        "identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/example.com",
        "from_name": "Example",
    },
    "developer-domain": {
        "from_address": ADDRESS,
        "sending_account": "DEVELOPER",
        "identity_domain": "example.com",
        "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
        "mail_from_domain": "mail.example.com",
        "dmarc_policy": "v=DMARC1; p=none;",
        "from_name": "Example",
    },
}


def as_outputs(args: dict[str, Any], keys: set[str], wrap: Callable[[Any], Any]) -> dict[str, Any]:
    """``args`` with each of ``keys`` wrapped; user_pool_args stays a dict of wrapped values."""
    wrapped = dict(args)
    for key in keys:
        if key == "user_pool_args":
            wrapped[key] = {k: wrap(v) for k, v in args[key].items()}
        else:
            wrapped[key] = wrap(args[key])
    return wrapped


def snapshot(deployment: Deployment) -> dict[str, Any]:
    """What the engine was asked to create: types, parents, waits and (unwrapped) inputs."""
    return {
        name: (r.type, r.parent, sorted(r.dependencies), revealed(r.inputs))
        for name, r in deployment.resources.items()
    }


def cases() -> list[tuple[str, frozenset[str]]]:
    found = []
    for scenario, args in SCENARIOS.items():
        variable = sorted(set(args) - STRUCTURAL)
        found += [(scenario, frozenset({key})) for key in variable]
        found.append((scenario, frozenset(variable)))
    return found


def plain_snapshot(new_deployment: Callable[..., Deployment], scenario: str) -> dict[str, Any]:
    deployment = new_deployment()
    build(deployment, **SCENARIOS[scenario])
    return snapshot(deployment)


@pytest.mark.parametrize(
    ("scenario", "keys"),
    cases(),
    ids=[f"{s}-{'+'.join(sorted(k)) if len(k) < 3 else 'all'}" for s, k in cases()],
)
@pytest.mark.parametrize("kind", ["output", "secret"])
def test_outputs_give_the_resources_and_inputs_of_plain_values(
    new_deployment: Callable[..., Deployment], scenario: str, keys: frozenset[str], kind: str
) -> None:
    expected = plain_snapshot(new_deployment, scenario)
    deployment = new_deployment()
    wrap = pulumi.Output.from_input if kind == "output" else pulumi.Output.secret
    build(deployment, **as_outputs(SCENARIOS[scenario], set(keys), wrap))
    assert snapshot(deployment) == expected


def test_plain_adopted_identity_with_output_address_and_region_resolves(
    deployment: Deployment,
) -> None:
    """A NamedTuple returned from an apply came back a plain tuple and crashed here."""
    args = as_outputs(
        SCENARIOS["cognito-default-adopted"],
        {"from_address", "ses_region"},
        pulumi.Output.from_input,
    )
    email = build(deployment, **args)
    assert (
        deployment.value(email.identity_arn) == SCENARIOS["cognito-default-adopted"]["identity_arn"]
    )
    assert "mail-sending-authorization" in deployment.resources


# --- secrets stay secret -------------------------------------------------------------------


def is_secret(deployment: Deployment, output: Any) -> bool:
    import asyncio

    return asyncio.get_event_loop().run_until_complete(output.is_secret())


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_secret_address_makes_every_derived_output_secret(
    deployment: Deployment, scenario: str
) -> None:
    email = build(
        deployment, **as_outputs(SCENARIOS[scenario], {"from_address"}, pulumi.Output.secret)
    )
    assert is_secret(deployment, email.identity_arn)
    if email.policy_document is not None:
        assert is_secret(deployment, email.policy_document)
    if email.dns_records is not None:
        assert is_secret(deployment, email.dns_records)
    configuration = deployment.resources["mail-pool"].inputs["emailConfiguration"]
    assert is_rpc_secret(configuration), "the pool's email configuration names the address"
    assert not is_secret(deployment, email.user_pool_id), "nothing secret went into the id"


@pytest.mark.parametrize("key", ["identity_domain", "mail_from_domain", "dmarc_policy"])
def test_secret_domain_settings_make_the_dns_records_secret(
    deployment: Deployment, key: str
) -> None:
    args = as_outputs(SCENARIOS["developer-domain"], {key}, pulumi.Output.secret)
    email = build(deployment, **args)
    assert email.dns_records is not None and is_secret(deployment, email.dns_records)


@pytest.mark.parametrize("scenario", ["cognito-default", "developer-domain"])
def test_an_output_address_keeps_the_identitys_arn_encrypted_in_the_state(
    deployment: Deployment, scenario: str
) -> None:
    """The ARN names the address (or domain); the provider marks secret only the output named
    like the secret input, so the real engine stored the ARN in plain text (./dev e2e)."""
    key = "identity_domain" if scenario == "developer-domain" else "from_address"
    build(deployment, **as_outputs(SCENARIOS[scenario], {key}, pulumi.Output.secret))
    identity = deployment.resources["mail-domain" if key == "identity_domain" else "mail-identity"]
    assert identity.secret_outputs == ("arn",)


def test_a_plain_address_keeps_the_identitys_arn_plain(deployment: Deployment) -> None:
    build(deployment, **SCENARIOS["cognito-default"])
    assert deployment.resources["mail-identity"].secret_outputs == ()


def test_the_default_policy_name_is_the_engines_under_the_mocks() -> None:
    """The mock runtime puts the root stack's type first in the URN's type chain; `pulumi up`
    does not (./dev e2e): the name is the one the engine's URN gives."""
    engine = "urn:pulumi:dev::app::cognito-ses-email:index:CognitoSesEmail::mail"
    mocks = "urn:pulumi:dev::app::pulumi:pulumi:Stack$cognito-ses-email:index:CognitoSesEmail::mail"
    assert default_policy_name(mocks) == default_policy_name(engine)
    digest = hashlib.sha256(engine.encode()).hexdigest()[:16]
    assert default_policy_name(engine) == f"mail-cognito-{digest}"


def test_plain_inputs_give_plain_outputs(deployment: Deployment) -> None:
    email = build(deployment, **SCENARIOS["cognito-default"])
    assert not is_secret(deployment, email.identity_arn)
    assert email.policy_document is not None
    assert not is_secret(deployment, email.policy_document)
    assert not is_rpc_secret(deployment.resources["mail-pool"].inputs["emailConfiguration"])


# --- what must be plain, said exactly ---------------------------------------------------------


def test_user_pool_args_as_an_output_names_what_must_be_plain(deployment: Deployment) -> None:
    args = {"from_address": ADDRESS, "user_pool_args": pulumi.Output.from_input({})}
    with pytest.raises(ValueError, match=r"^user_pool_args: must be a plain dict, not an Output"):
        build(deployment, **args)
    assert deployment.resources == {}


@pytest.mark.parametrize("key", sorted(STRUCTURAL))
def test_structural_arguments_as_outputs_are_refused(deployment: Deployment, key: str) -> None:
    value = {"sending_account": "COGNITO_DEFAULT", "source_arn_scope": "account"}[key]
    args = {"from_address": ADDRESS, key: pulumi.Output.from_input(value)}
    with pytest.raises(ValueError, match=rf"^{key}: must be a plain value, not an Output"):
        build(deployment, **args)
    assert deployment.resources == {}


def test_a_bad_value_inside_user_pool_args_output_stops_every_child(
    deployment: Deployment,
) -> None:
    args = {
        "from_address": ADDRESS,
        "user_pool_args": {"region": pulumi.Output.from_input("eu-north-1")},
        "ses_region": "us-east-1",
    }
    with pytest.raises(Exception) as raised:
        build(deployment, **args)
    assert "ses_region: a user pool in eu-north-1" in error_text(raised.value)
    assert set(deployment.resources) == {"mail"}


# --- policy names that never collide -------------------------------------------------------


def policy_names(deployment: Deployment) -> dict[str | None, str]:
    return {
        r.parent: r.inputs["name"]
        for r in deployment.resources.values()
        if r.type == "aws:ses/identityPolicy:IdentityPolicy"
    }


def test_names_sharing_a_long_prefix_get_different_policy_names(deployment: Deployment) -> None:
    stem = "customer-identity-platform-production-email-sender-"
    deployment.run(
        lambda: [CognitoSesEmail(f"{stem}{n}", {"from_address": ADDRESS}) for n in ("a", "b")]
    )
    names = policy_names(deployment)
    assert len(set(names.values())) == 2, names
    assert all(SES_NAME_RE.fullmatch(name) for name in names.values())


def test_one_name_under_two_parents_gets_two_policy_names(deployment: Deployment) -> None:
    def program() -> None:
        # A URN holds the parents' types, not their names: two parents of one type
        # cannot both have a child "mail" (Pulumi refuses the duplicate URN).
        for team in ("Red", "Blue"):
            parent = pulumi.ComponentResource(f"test:index:{team}", team.lower())
            CognitoSesEmail(
                "mail", {"from_address": ADDRESS}, pulumi.ResourceOptions(parent=parent)
            )

    deployment.run(program)
    names = [
        r.inputs["name"]
        for r in deployment.registrations
        if r.type == "aws:ses/identityPolicy:IdentityPolicy"
    ]
    assert len(names) == 2 and names[0] != names[1], names


def test_default_policy_name_is_stable_across_runs(
    new_deployment: Callable[..., Deployment],
) -> None:
    names = []
    for _ in range(2):
        deployment = new_deployment()
        build(deployment)
        names.append(deployment.resources["mail-sending-authorization"].inputs["name"])
    assert names[0] == names[1]
    assert names[0].startswith("mail-cognito-")


def test_default_policy_name_from_urn_is_valid_and_unique() -> None:
    base = "urn:pulumi:{stack}::app::cognito-ses-email:index:CognitoSesEmail::{name}"
    urns = [
        base.format(stack=stack, name=name)
        for stack in ("dev", "prod")
        for name in ("mail", "x" * 200, "My App/Email.Sender", "ünïcode", "--")
    ]
    names = [default_policy_name(urn) for urn in urns]
    assert len(set(names)) == len(names)
    for name in names:
        assert SES_NAME_RE.fullmatch(name), name
    assert default_policy_name(urns[0]) == default_policy_name(urns[0])


# --- typed access to the created pool ---------------------------------------------------


@pytest.mark.parametrize("sending_account", ["COGNITO_DEFAULT", "DEVELOPER"])
def test_the_created_pool_accessors_need_no_none_check(
    deployment: Deployment, sending_account: str
) -> None:
    email = build(deployment, sending_account=sending_account)
    # Typed without Optional: mypy (./dev check) checks these assignments.
    pool: aws.cognito.UserPool = email.created_user_pool
    pool_id: pulumi.Output[str] = email.created_user_pool_id
    pool_arn: pulumi.Output[str] = email.created_user_pool_arn
    assert pool is email.user_pool
    assert deployment.value(pool_id) == POOL_ID == deployment.value(email.user_pool_id)
    assert deployment.value(pool_arn) == deployment.value(email.user_pool_arn)
    assert deployment.value(pool_arn).endswith(f":{ACCOUNT}:userpool/{POOL_ID}")


@pytest.mark.parametrize(
    "accessor", ["created_user_pool", "created_user_pool_id", "created_user_pool_arn"]
)
def test_without_a_pool_the_accessors_say_create_user_pool_is_false(
    deployment: Deployment, accessor: str
) -> None:
    email = build(deployment, create_user_pool=False)
    with pytest.raises(AttributeError, match=rf"^{accessor}: .* create_user_pool=False"):
        getattr(email, accessor)
    assert (email.user_pool, email.user_pool_id, email.user_pool_arn) == (None, None, None)
