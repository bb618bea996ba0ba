"""The component as a Pulumi provider plugin, with a schema the Pulumi Registry accepts.

Pulumi infers the schema from the annotations and docstrings of :class:`CognitoSesEmail` and
:class:`CognitoSesEmailArgs`; :func:`package_schema` then adds what inference does not give:
the package's metadata, flush-left descriptions (docstrings keep their source indentation,
differently on Python 3.11 and 3.13), enum types for the two arguments that take one of a few
strings, and a fixed pulumi-aws version, so that SDKs generated from the schema do not ask for
whatever pulumi-aws was newest on the day.
"""

from __future__ import annotations

import inspect
import json
import sys
from typing import Any

from pulumi.errors import InputPropertyError
from pulumi.output import Inputs
from pulumi.provider import main
from pulumi.provider.experimental.analyzer import ComponentDefinition, PropertyType
from pulumi.provider.experimental.component import ComponentProvider

from . import __version__
from .component import CognitoSesEmail
from .rules.keys import did_you_mean

#: The package name: in type tokens, the schema and the generated SDKs.
PACKAGE_NAME = "cognito-ses-email"

#: The pulumi-aws version the schema records (and generated SDKs require at least). The
#: oldest release this package is tested against would be ideal; this is the locked one,
#: and a test keeps it equal to the lock.
PULUMI_AWS_VERSION = "7.51.1"

#: Registry metadata. NAMESPACE scopes the generated SDKs (npm ``@<namespace>/...``, Go and
#: .NET paths); without it they would take Pulumi's own.
METADATA: dict[str, Any] = {
    "displayName": "Cognito SES Email",
    "description": (
        "A Cognito user pool that sends its emails (sign-up codes, invitations, password "
        "resets) from your own address through Amazon SES, with the SES identity and the "
        "sending authorization policy that lets Cognito use it."
    ),
    "namespace": "cognito-ses-email",
    "publisher": "cognito-ses-email maintainers",
    "repository": "https://github.com/cognito-ses-email/cognito-ses-email",
    "license": "Apache-2.0",
    "keywords": ["kind/component", "category/cloud", "aws", "cognito", "ses", "email"],
}

#: Arguments that take one of a few strings -> (enum type name, description, values).
ENUMS: dict[str, tuple[str, str, dict[str, str]]] = {
    "sendingAccount": (
        "SendingAccount",
        "How Cognito sends the user pool's emails.",
        {
            "COGNITO_DEFAULT": "Cognito's own SES account; needs the sending authorization "
            "policy this component creates.",
            "DEVELOPER": "Your SES account, through Cognito's service-linked role.",
        },
    ),
    "sourceArnScope": (
        "SourceArnScope",
        "What the sending authorization policy's aws:SourceArn condition names.",
        {
            "account": "Every user pool of the account in the pool's Region: the policy "
            "exists before the pool.",
            "user-pool": "Exactly this user pool: the policy is created after the pool.",
        },
    ),
}


def _flush_left(value: Any) -> Any:
    """``value`` with every ``description`` string dedented (``inspect.cleandoc``)."""
    if isinstance(value, dict):
        return {
            key: inspect.cleandoc(item)
            if key == "description" and isinstance(item, str)
            else _flush_left(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_flush_left(item) for item in value]
    return value


def package_schema(inferred: dict[str, Any]) -> dict[str, Any]:
    """The schema to serve, from the one Pulumi inferred."""
    schema = _flush_left(inferred)
    for dependency in schema.get("dependencies", []):
        if dependency.get("name") == "aws":  # its version, and every reference to its types
            version, dependency["version"] = dependency["version"], PULUMI_AWS_VERSION
            text = json.dumps(schema).replace(f"/aws/v{version}/", f"/aws/v{PULUMI_AWS_VERSION}/")
            schema = json.loads(text)
            break
    schema.update(METADATA)
    resource = schema["resources"][f"{PACKAGE_NAME}:index:{CognitoSesEmail.__name__}"]
    for argument, (type_name, description, values) in ENUMS.items():
        token = f"{PACKAGE_NAME}:index:{type_name}"
        schema.setdefault("types", {})[token] = {
            "type": "string",
            "description": description,
            "enum": [
                {"name": _enum_member_name(value), "value": value, "description": text}
                for value, text in values.items()
            ],
        }
        spec = resource["inputProperties"][argument]
        resource["inputProperties"][argument] = {
            "description": spec.get("description"),
            "plain": True,  # it decides which resources exist
            "$ref": f"#/types/{token}",
        }
    return schema


def _enum_member_name(value: str) -> str:
    """``COGNITO_DEFAULT`` -> ``CognitoDefault``, ``user-pool`` -> ``UserPool``."""
    return "".join(part.capitalize() for part in value.replace("-", "_").lower().split("_"))


class CognitoSesEmailProvider(ComponentProvider):
    """Pulumi's component provider, serving :func:`package_schema`."""

    def __init__(self) -> None:
        super().__init__([CognitoSesEmail], PACKAGE_NAME, METADATA["namespace"], __version__)
        self.schema = json.dumps(package_schema(json.loads(self.schema or "{}")))

    def map_inputs(self, inputs: Inputs, component_def: ComponentDefinition) -> Inputs:
        """The inputs as Python names; an input name the schema does not have is refused,
        with the closest one, as CognitoSesEmail refuses a misspelt argument (the SDK
        would drop it). Integer inputs reach the component as sent, for its own check: the
        SDK's ``int(value)`` raises a TypeError naming no argument for an Output."""
        given = inputs if isinstance(inputs, dict) else {}
        for key in given:
            if key not in component_def.inputs:
                raise InputPropertyError(
                    key,
                    f"{key!r} is not an input of CognitoSesEmail"
                    f"{did_you_mean(key, component_def.inputs)}",
                )
        integers = {
            key: value
            for key, value in given.items()
            if component_def.inputs[key].type == PropertyType.INTEGER
        }
        others = {key: value for key, value in given.items() if key not in integers}
        mapped = dict(super().map_inputs(others, component_def))
        mapped.update((component_def.inputs_mapping[key], value) for key, value in integers.items())
        return mapped


def serve() -> None:
    """Start the provider: print its port and serve the engine (``python <dir> <engine>``)."""
    main(CognitoSesEmailProvider(), sys.argv[1:])
