"""What each component costs the Pulumi SDK: no type hints of its own resolved per instance."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pulumi
import pytest
from pulumi import _types

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.component import OUTPUT_ANNOTATIONS, output_annotations
from cognito_ses_email.provider import CognitoSesEmailProvider
from tests.support import ACCOUNT, ADDRESS, Deployment, build


@pytest.fixture
def type_hint_targets() -> Iterator[list[str]]:
    """The names of what Pulumi's SDK resolves type hints of, while the test runs."""
    targets: list[str] = []
    resolve = _types.get_type_hints

    def counting(obj: Any, *args: Any, **kwargs: Any) -> Any:
        targets.append(getattr(obj, "__name__", repr(obj)))
        return resolve(obj, *args, **kwargs)

    with mock.patch.object(_types, "get_type_hints", counting):
        yield targets


def test_the_sdk_resolves_no_type_hints_of_the_component(
    new_deployment: Callable[..., Deployment], type_hint_targets: list[str]
) -> None:
    """Per instance, Pulumi resolves the class's own annotations; they are off the class."""
    deployment = new_deployment()
    email = build(deployment)
    assert deployment.value(email.identity_arn) == (
        f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/{ADDRESS}"
    )
    assert isinstance(email.email_configuration, pulumi.Output)
    assert "CognitoSesEmail" not in type_hint_targets
    # The same component with its annotations on the class: the SDK resolves them.
    with output_annotations():
        build(new_deployment())
    assert "CognitoSesEmail" in type_hint_targets


def test_the_schema_still_reads_the_output_annotations() -> None:
    provider = CognitoSesEmailProvider()
    definition = provider._component_defs["CognitoSesEmail"]
    assert set(definition.outputs_mapping.values()) == set(OUTPUT_ANNOTATIONS)
    outputs = json.loads(provider.schema or "{}")["resources"][
        "cognito-ses-email:index:CognitoSesEmail"
    ]["properties"]
    assert all(spec.get("description") for spec in outputs.values())
    assert inspect.get_annotations(CognitoSesEmail) == {}  # and off again afterwards


def test_output_annotations_name_every_output(deployment: Deployment) -> None:
    """Each public attribute the constructor sets is declared (an output of the schema)."""
    email = build(deployment)
    bare = deployment.run(lambda: pulumi.ComponentResource("test:index:Bare", "bare"))
    assert set(vars(email)) - set(vars(bare)) - {"__dict__"} == set(OUTPUT_ANNOTATIONS)
