"""Programs beyond the example, through the real engine (stand-in AWS): the policy pack as the
engine runs it, another language through the plugin, moving the pool out of the component,
and two components in one stack with a secret address."""

from __future__ import annotations

import json
from collections.abc import Iterator

from .engine import ROOT

PACK = str(ROOT / "policypack")


def test_the_policy_pack_passes_the_component(stack) -> None:
    s = stack("example", fromAddress="no-reply@example.com")
    done = s.preview("--policy-pack", PACK)
    assert "cognito-ses-email" in done.stdout  # the pack ran


def test_the_policy_pack_stops_a_wildcard_principal(stack) -> None:
    s = stack("broad-policy")
    done = s.preview("--policy-pack", PACK, ok=False)
    assert "ses-identity-policy-no-wildcard-principal" in done.stdout


def test_a_yaml_program_through_the_plugin(stack, moto) -> None:
    s = stack("yaml")
    s.up()
    out = s.outputs()
    assert out["adoptedArn"] == out["identityArn"]
    assert out["identityArn"].endswith(":identity/no-reply@example.com")
    pool = moto.client("cognito-idp").describe_user_pool(UserPoolId=out["userPoolId"])["UserPool"]
    assert pool["EmailConfiguration"]["SourceArn"] == out["identityArn"]
    policies = moto.client("sesv2").get_email_identity_policies(
        EmailIdentity="no-reply@example.com"
    )
    assert [json.loads(p) for p in policies["Policies"].values()] == [
        json.loads(out["policyDocument"])
    ]


def test_moving_the_pool_out_keeps_it(stack, moto) -> None:
    s = stack("own-pool")
    s.up()
    before = s.outputs()["userPoolId"]
    (s.folder / "__main__.py").write_text((s.folder / "after.py").read_text())

    preview = json.loads(s.preview("--json").stdout)
    # The alias makes the pool under its new name the same resource: nothing is created,
    # deleted or replaced; a pool whose arguments differed would show as an update.
    assert set(preview["changeSummary"]) <= {"same", "update"}, preview["changeSummary"]
    assert not [
        step
        for step in preview["steps"]
        if "userPool" in step["urn"] and step["op"] not in ("same", "update")
    ]

    s.up()
    assert s.outputs()["userPoolId"] == before
    pools = moto.client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
    assert [p["Id"] for p in pools] == [before]


def test_two_components_and_a_secret_address(stack, moto, tmp_path) -> None:
    secret = "ceo@example.net"
    s = stack("two", secret_staffFrom=secret)
    s.up()
    out = s.outputs()
    pools = {
        p["Id"] for p in moto.client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
    }
    assert pools == {out["staffPool"], out["customersPool"]}
    shown = s.pulumi("stack", "output", "--json").stdout
    assert secret not in shown
    # Pulumi never encrypts a resource's id, and an SES identity's id is its name (the
    # policy's embeds it): everywhere else in the state file the address is ciphertext.
    found = [
        (state.name, path)
        for state in (tmp_path / "state").rglob("*.json")
        for path in _where(json.loads(state.read_text()), secret, "")
    ]
    assert found and all(path.endswith("/id") for _, path in found), found


def _where(value: object, text: str, path: str) -> Iterator[str]:
    """The paths in a JSON value of every string that holds ``text``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _where(item, text, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _where(item, text, f"{path}/{index}")
    elif isinstance(value, str) and text in value:
        yield path
