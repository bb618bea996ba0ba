"""The provider plugin as a real process, asked for its schema over gRPC.

``pulumi package add`` starts the plugin directory as a process, reads the port it
prints on stdout, and calls ``GetSchema`` on it to generate an SDK. These tests do the
same for each way the plugin starts, against a stand-in engine on a loopback port.
"""

from __future__ import annotations

import inspect
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc  # type: ignore[import-untyped]
import pytest
from google.protobuf import empty_pb2  # type: ignore[import-untyped]
from pulumi.runtime.proto import engine_pb2_grpc, provider_pb2, provider_pb2_grpc

import cognito_ses_email
from cognito_ses_email import CognitoSesEmail, CognitoSesEmailArgs
from cognito_ses_email.provider import (
    ENUMS,
    METADATA,
    PACKAGE_NAME,
    PULUMI_AWS_VERSION,
    CognitoSesEmailProvider,
)

#: These start processes (the plugin, the plan or the benchmark): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "components"
TOKEN = "cognito-ses-email:index:CognitoSesEmail"
AWS_USER_POOL = "#/resources/aws:cognito%2FuserPool:UserPool"
START_TIMEOUT = 60.0
RPC_TIMEOUT = 30.0

#: Inputs and outputs that SDKs already generated rely on: more may come, none may go.
DOCUMENTED_INPUTS = {
    "fromAddress",
    "sendingAccount",
    "fromName",
    "replyToAddress",
    "identityArn",
    "sesRegion",
    "configurationSet",
    "sourceArnScope",
    "policyName",
    "userPoolName",
    "userPoolArgs",
    "deletionProtection",
    "tags",
    "identityDomain",
    "hostedZoneId",
    "mailFromDomain",
    "dmarcPolicy",
    "verificationMessage",
    "invitationMessage",
    "createUserPool",
    "notifications",
    "alarms",
}
DOCUMENTED_OUTPUTS = {
    "userPool",
    "identityArn",
    "userPoolArn",
    "userPoolId",
    "policyDocument",
    "dnsRecords",
    "emailIdentity",
    "domainIdentity",
    "identityPolicy",
    "emailConfiguration",
    "notificationTopicArn",
}


#: What the plugin must serve: the schema Pulumi infers from the imported package.
IN_PROCESS_SCHEMA = json.loads(CognitoSesEmailProvider().schema or "{}")


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


class FakeEngine(engine_pb2_grpc.EngineServicer):
    """A live engine address for the plugin's argv, as Pulumi gives: it accepts log messages.

    (GetSchema and GetPluginInfo do not call the engine; Construct would.)
    """

    def Log(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()


@dataclass
class Served:
    """What one started plugin process answered, and what it wrote to stderr."""

    port: int | None = None
    schema: dict[str, Any] = field(default_factory=dict)
    version: str | None = None
    stderr: str = ""
    error: str | None = None


def _read_line(stream: Any, timeout: float) -> bytes | None:
    lines: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return None


def serve(command: list[str], cwd: Path, log: Path) -> Served:
    """Start the plugin, read its port, ask for schema and plugin info, stop it."""
    served = Served()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=stderr)
    try:
        line = _read_line(process.stdout, START_TIMEOUT)
        if not line or not line.strip().isdigit():
            served.error = f"no port on stdout within {START_TIMEOUT}s (got {line!r})"
            return served
        served.port = int(line)
        with grpc.insecure_channel(f"127.0.0.1:{served.port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            response = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=RPC_TIMEOUT)
            served.schema = json.loads(response.schema)
            info = stub.GetPluginInfo(empty_pb2.Empty(), timeout=RPC_TIMEOUT)
            served.version = info.version
    except grpc.RpcError as error:
        served.error = f"gRPC call failed: {error}"
    finally:
        process.kill()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        served.stderr = log.read_text(errors="replace")
    return served


@pytest.fixture(scope="module")
def engine() -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    engine_pb2_grpc.add_EngineServicer_to_server(FakeEngine(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(grace=None)


def _copy_of_package(target: Path) -> Path:
    """The plugin directory alone, under a name that is not an importable identifier.

    The copy's package also holds a ``grpc.py``: a module of the package that happened to
    share a name with an installed one must not replace it. The plugin directory is first
    on ``sys.path``, so the package's modules live inside the package, not beside it.
    """
    shutil.copytree(
        PACKAGE_DIR, target, ignore=shutil.ignore_patterns("venv", "__pycache__", "*.pyc")
    )
    (target / "cognito_ses_email" / "grpc.py").write_text(
        'raise ImportError("the plugin directory shadows the installed grpc")\n'
    )
    return target


@pytest.fixture(scope="module")
def plugins(engine: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Served]:
    """Each way the plugin starts, started once, with what it answered."""
    address = engine
    work = tmp_path_factory.mktemp("plugin")
    copy = _copy_of_package(work / "cognito-ses-email@v0")
    flags = ["--logtostderr"]
    starts = {
        # How Pulumi runs a plugin directory: the directory first on sys.path.
        "python components": ([sys.executable, "components", address, *flags], ROOT),
        # The directory on its own (as in Pulumi's plugin cache), run from inside it.
        "python <copy>": ([sys.executable, str(copy), address, *flags], copy),
    }
    return {
        mode: serve(command, cwd, work / f"stderr-{index}.txt")
        for index, (mode, (command, cwd)) in enumerate(starts.items())
    }


@pytest.fixture(scope="module")
def schema(plugins: dict[str, Served]) -> dict[str, Any]:
    served = plugins["python components"]
    assert served.error is None, f"{served.error}\n{served.stderr}"
    return served.schema


@pytest.fixture(scope="module")
def resource(schema: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = schema["resources"][TOKEN]
    return resource


@pytest.mark.parametrize("mode", ["python components", "python <copy>"])
def test_plugin_starts_and_serves_the_schema(plugins: dict[str, Served], mode: str) -> None:
    served = plugins[mode]
    assert served.error is None, f"{mode}: {served.error}\n{served.stderr}"
    assert served.schema["name"] == PACKAGE_NAME == "cognito-ses-email"
    assert list(served.schema["resources"]) == [TOKEN]
    assert "Traceback" not in served.stderr, served.stderr
    # The schema of the package's own components, under its name and version.
    assert served.schema == IN_PROCESS_SCHEMA


def test_version_comes_from_the_package(plugins: dict[str, Served], schema: dict[str, Any]) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert schema["version"] == cognito_ses_email.__version__
    assert plugins["python components"].version == cognito_ses_email.__version__
    # The wheel reads the same attribute (tests/packaging builds one and checks it).
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "cognito_ses_email.__version__"
    }


def test_the_component_is_described(resource: dict[str, Any]) -> None:
    assert resource["isComponent"] is True
    assert "Cognito user pool" in resource["description"]


def test_from_address_is_the_only_required_input(resource: dict[str, Any]) -> None:
    assert resource["requiredInputs"] == ["fromAddress"]


def test_every_argument_is_an_input_with_a_description(resource: dict[str, Any]) -> None:
    inputs = resource["inputProperties"]
    assert set(inputs) == {camel(name) for name in CognitoSesEmailArgs.__annotations__}
    assert set(inputs) >= DOCUMENTED_INPUTS
    assert [name for name, spec in inputs.items() if not spec.get("description", "").strip()] == []


def test_input_types(resource: dict[str, Any]) -> None:
    inputs = resource["inputProperties"]
    assert inputs["fromAddress"]["type"] == "string"
    # Outputs of other resources are accepted where they cannot change the resource set...
    assert not inputs["fromAddress"].get("plain")
    assert not inputs["identityArn"].get("plain")
    # ...and refused where they decide which resources exist.
    assert inputs["sendingAccount"]["plain"] is True
    assert inputs["sourceArnScope"]["plain"] is True
    assert inputs["deletionProtection"]["type"] == "boolean"
    assert inputs["tags"]["additionalProperties"]["type"] == "string"
    assert inputs["userPoolArgs"]["type"] == "object"
    assert inputs["userPoolArgs"]["additionalProperties"]["$ref"] == "pulumi.json#/Any"


def test_outputs(resource: dict[str, Any], schema: dict[str, Any]) -> None:
    outputs = resource["properties"]
    assert set(outputs) == {camel(name) for name in inspect.get_annotations(CognitoSesEmail)}
    assert set(outputs) >= DOCUMENTED_OUTPUTS
    assert [name for name, spec in outputs.items() if not spec.get("description", "").strip()] == []
    for name in ("identityArn", "userPoolArn", "userPoolId", "policyDocument"):
        assert outputs[name]["type"] == "string", name
    # Always there: the identity and the email configuration. policyDocument is absent in
    # DEVELOPER mode; the pool and its id and ARN with create_user_pool=False.
    assert set(resource["required"]) == {"identityArn", "emailConfiguration"}
    for optional in ("policyDocument", "userPool", "userPoolId", "userPoolArn"):
        assert optional not in resource["required"]


def test_user_pool_output_is_a_reference_to_the_aws_user_pool(
    resource: dict[str, Any], schema: dict[str, Any]
) -> None:
    [aws] = [dependency for dependency in schema["dependencies"] if dependency["name"] == "aws"]
    assert re.fullmatch(r"7\.\d+\.\d+", aws["version"]), aws
    reference = resource["properties"]["userPool"]["$ref"]
    assert reference == f"/aws/v{aws['version']}/schema.json{AWS_USER_POOL}"


def test_plugin_manifest_and_requirements() -> None:
    manifest = (PACKAGE_DIR / "PulumiPlugin.yaml").read_text()
    assert re.search(r"^runtime:\s*\n\s+name: python$", manifest, re.MULTILINE), manifest
    # The plugin's venv installs the same hashed lock as the example stack.
    plugin_lock = (PACKAGE_DIR / "requirements.txt").read_text()
    assert plugin_lock == (ROOT / "requirements.txt").read_text()
    assert "--hash=sha256:" in plugin_lock


def test_the_plugin_directory_holds_only_the_plugin() -> None:
    """Pulumi's component boilerplate: manifest, requirements, __main__ and the package."""
    shipped = {
        path.name
        for path in PACKAGE_DIR.iterdir()
        if path.name not in {"venv", "__pycache__"} and not path.name.endswith(".egg-info")
    }
    assert shipped == {
        "PulumiPlugin.yaml",
        "requirements.txt",
        "__main__.py",
        "cognito_ses_email",
    }
    main = (PACKAGE_DIR / "__main__.py").read_text()
    assert "import sys" not in main and "sys.path[" not in main
    assert len([line for line in main.splitlines() if line.strip()]) <= 10


# --- a schema the Pulumi Registry accepts ------------------------------------------------


def test_schema_carries_the_registry_metadata(schema: dict[str, Any]) -> None:
    for key in ("namespace", "publisher", "repository", "license", "keywords", "description"):
        assert schema[key] == METADATA[key], key
    assert "kind/component" in schema["keywords"]
    assert any(keyword.startswith("category/") for keyword in schema["keywords"])
    assert schema["license"] == "Apache-2.0"
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License")


def test_descriptions_are_flush_left(schema: dict[str, Any]) -> None:
    descriptions: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "description" and isinstance(item, str):
                    descriptions.append(item)
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(schema)
    assert len(descriptions) > 20
    indented = [d for d in descriptions if any(line.startswith(" ") for line in d.splitlines())]
    assert indented == []


def test_structural_arguments_are_enum_types(
    resource: dict[str, Any], schema: dict[str, Any]
) -> None:
    for argument, (type_name, _, values) in ENUMS.items():
        spec = resource["inputProperties"][argument]
        token = f"{PACKAGE_NAME}:index:{type_name}"
        assert spec["$ref"] == f"#/types/{token}" and spec["plain"] is True
        enum = schema["types"][token]
        assert enum["type"] == "string"
        assert [member["value"] for member in enum["enum"]] == list(values)
    from cognito_ses_email.rules.policies import SOURCE_ARN_SCOPES
    from cognito_ses_email.rules.user_pool import SENDING_ACCOUNTS

    assert tuple(ENUMS["sendingAccount"][2]) == SENDING_ACCOUNTS
    assert tuple(ENUMS["sourceArnScope"][2]) == SOURCE_ARN_SCOPES


def test_dns_records_are_typed(resource: dict[str, Any], schema: dict[str, Any]) -> None:
    records = resource["properties"]["dnsRecords"]
    assert records["type"] == "array"
    token = records["items"]["$ref"].removeprefix("#/types/")
    record = schema["types"][token]
    assert record["type"] == "object"
    assert set(record["properties"]) == {"name", "type", "value"}
    assert all(spec["type"] == "string" for spec in record["properties"].values())


def test_new_arguments_have_their_types(resource: dict[str, Any], schema: dict[str, Any]) -> None:
    inputs = resource["inputProperties"]
    assert inputs["createUserPool"] == {
        **inputs["createUserPool"],
        "type": "boolean",
        "plain": True,
    }
    timeout = inputs["verificationTimeoutMinutes"]
    assert (timeout["type"], timeout.get("plain")) == ("integer", True)
    assert "ses:GetEmailIdentity" in timeout["description"]
    for argument, fields in {
        "verificationMessage": {"subject", "body", "style"},
        "invitationMessage": {"subject", "body"},
        "notifications": {"topicArn", "types", "includeOriginalHeaders"},
        "alarms": {"bounceRate", "complaintRate", "actions"},
    }.items():
        token = inputs[argument]["$ref"].removeprefix("#/types/")
        assert set(schema["types"][token]["properties"]) == fields, argument
    configuration = resource["properties"]["emailConfiguration"]["$ref"].removeprefix("#/types/")
    assert set(schema["types"][configuration]["properties"]) == {
        "emailSendingAccount",
        "sourceArn",
        "fromEmailAddress",
        "replyToEmailAddress",
        "configurationSet",
    }


def test_identity_and_policy_are_resource_references(resource: dict[str, Any]) -> None:
    outputs = resource["properties"]
    expected = {
        "emailIdentity": "aws:ses%2FemailIdentity:EmailIdentity",
        "domainIdentity": "aws:ses%2FdomainIdentity:DomainIdentity",
        "identityPolicy": "aws:ses%2FidentityPolicy:IdentityPolicy",
    }
    for name, token in expected.items():
        assert outputs[name]["$ref"] == (
            f"/aws/v{PULUMI_AWS_VERSION}/schema.json#/resources/{token}"
        ), name


def test_schema_pins_pulumi_aws_to_the_locked_version(schema: dict[str, Any]) -> None:
    [aws] = [dependency for dependency in schema["dependencies"] if dependency["name"] == "aws"]
    assert aws["version"] == PULUMI_AWS_VERSION
    locked = re.search(r"^pulumi-aws==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert locked is not None and locked[1] == PULUMI_AWS_VERSION
    text = json.dumps(schema)
    assert re.findall(r"/aws/v([0-9.]+)/", text) and set(re.findall(r"/aws/v([0-9.]+)/", text)) == {
        PULUMI_AWS_VERSION
    }


def test_schema_is_valid_against_pulumis_metaschema(schema: dict[str, Any]) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_metaschema())
    errors = sorted(validator.iter_errors(schema), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_the_metaschema_check_catches_a_bad_schema(schema: dict[str, Any]) -> None:
    import jsonschema

    bad = json.loads(json.dumps(schema))
    bad["namespace"] = "Not A Namespace"
    bad["version"] = "one"
    validator = jsonschema.Draft202012Validator(_metaschema())
    paths = {tuple(error.absolute_path) for error in validator.iter_errors(bad)}
    assert {("namespace",), ("version",)} <= paths


def _metaschema() -> dict[str, Any]:
    """Pulumi's package metaschema (pkg/codegen/schema/pulumi.json), for Python's re.

    Its patterns use ECMAScript named groups, (?<name>...), which Python spells (?P<name>...).
    """
    # A copy of pulumi/pulumi's pkg/codegen/schema/pulumi.json, kept beside this file.
    text = (Path(__file__).parent / "pulumi-package-metaschema.json").read_text(encoding="utf-8")
    return json.loads(re.sub(r"\(\?<(?=[A-Za-z])", "(?P<", text))
