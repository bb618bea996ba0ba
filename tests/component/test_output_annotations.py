"""The outputs are the annotated attributes of CognitoSesEmail: on the class, read by the schema."""

from __future__ import annotations

import inspect
import json

import pulumi

from cognito_ses_email import CognitoSesEmail
from cognito_ses_email.provider import CognitoSesEmailProvider
from tests.support import Deployment, build

#: The outputs, as the class declares them.
OUTPUTS = set(inspect.get_annotations(CognitoSesEmail))


def test_the_schema_reads_the_output_annotations() -> None:
    provider = CognitoSesEmailProvider()
    definition = provider._component_defs["CognitoSesEmail"]
    assert set(definition.outputs_mapping.values()) == OUTPUTS
    outputs = json.loads(provider.schema or "{}")["resources"][
        "cognito-ses-email:index:CognitoSesEmail"
    ]["properties"]
    assert all(spec.get("description") for spec in outputs.values())


def test_output_annotations_name_every_output(deployment: Deployment) -> None:
    """Each public attribute the constructor sets is declared (an output of the schema), and
    a component built under the runtime leaves the class's annotations as they were."""
    email = build(deployment)
    bare = deployment.run(lambda: pulumi.ComponentResource("test:index:Bare", "bare"))
    assert set(vars(email)) - set(vars(bare)) - {"__dict__"} == OUTPUTS
    assert "user_pool" in OUTPUTS and set(inspect.get_annotations(CognitoSesEmail)) == OUTPUTS
