"""Checks against references nobody here wrote: botocore's API model, parliament, email.

Shared by the test modules; each function returns a list of problems (empty when fine).
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import unicodedata
from functools import cache
from typing import Any

import botocore.exceptions
import botocore.session
from botocore.validate import validate_parameters
from parliament import analyze_policy_string

# Engine (camelCase) names of UserPool.emailConfiguration -> botocore member names.
_EMAIL_CONFIGURATION_MEMBERS = {
    "sourceArn": "SourceArn",
    "replyToEmailAddress": "ReplyToEmailAddress",
    "emailSendingAccount": "EmailSendingAccount",
    "fromEmailAddress": "From",
    "configurationSet": "ConfigurationSet",
}


@cache
def service_model(service: str) -> Any:
    """botocore's model of ``service`` (``cognito-idp``, ``ses``, ``sesv2``, ``sns``, ...)."""
    return botocore.session.get_session().get_service_model(service)


def cognito_model() -> Any:
    """botocore's cognito-idp service model."""
    return service_model("cognito-idp")


def cognito_member(structure: str, member: str) -> dict[str, Any]:
    """The model's metadata (enum, min, max, pattern) of ``structure.member``."""
    return dict(cognito_model().shape_for(structure).members[member].metadata)


def metadata_problems(name: str, meta: dict[str, Any], value: str) -> list[str]:
    """What ``meta`` (a shape's enum, min, max, pattern) says is wrong with ``value``
    (lengths in code points, as Smithy counts them)."""
    problems = []
    if "enum" in meta and value not in meta["enum"]:
        problems.append(f"{name}={value!r} not in {meta['enum']}")
    if len(value) < meta.get("min", 0):
        problems.append(f"{name} shorter than {meta['min']}")
    if len(value) > meta.get("max", sys.maxsize):
        problems.append(f"{name} longer than {meta['max']}")
    if "pattern" in meta and not java_regex(meta["pattern"]).fullmatch(value):
        problems.append(f"{name}={value!r} does not match {meta['pattern']}")
    return problems


def shape_problems(service: str, shape: str, value: str) -> list[str]:
    """What ``service``'s model says is wrong with ``value`` as the string shape ``shape``."""
    meta = dict(service_model(service).shape_for(shape).metadata)
    return metadata_problems(f"{service} {shape}", meta, value)


#: The tag shapes of every API the component tags through: (service, key shape, value shape).
TAG_SHAPES = (
    ("cognito-idp", "TagKeysType", "TagValueType"),
    ("sns", "TagKey", "TagValue"),
    ("cloudwatch", "TagKey", "TagValue"),
)


def tag_problems(key: str, value: str) -> list[str]:
    """What the tag shapes of Cognito, SNS and CloudWatch say is wrong with one tag."""
    return [
        problem
        for service, key_shape, value_shape in TAG_SHAPES
        for problem in shape_problems(service, key_shape, key)
        + shape_problems(service, value_shape, value)
    ]


@cache
def _category_ranges() -> dict[str, str]:
    r"""Java's \p{X} for each category group X, as Python character-class ranges."""
    ranges: dict[str, list[str]] = {}
    start, group = 0, unicodedata.category(chr(0))[0]
    for code in range(1, sys.maxunicode + 2):
        current = unicodedata.category(chr(code))[0] if code <= sys.maxunicode else ""
        if current != group:
            ranges.setdefault(group, []).append(f"\\U{start:08x}-\\U{code - 1:08x}")
            start, group = code, current
    return {key: "".join(parts) for key, parts in ranges.items()}


@cache
def java_regex(pattern: str) -> re.Pattern[str]:
    r"""A Java pattern from the model, for Python's re: \p{X} expanded, \s as Java's ASCII set."""
    translated = re.sub(r"\\p\{(\w)\}", lambda m: _category_ranges()[m.group(1)], pattern)
    assert "\\p" not in translated and "\\P" not in translated
    # re.ASCII limits \s to [ \t\n\r\f\v], which is Java's default \s.
    return re.compile(translated, re.ASCII | re.DOTALL)


def cognito_model_problems(structure: str, member: str, value: str) -> list[str]:
    """What the model says is wrong with ``value`` for ``structure.member`` (lengths in
    code points, as Smithy counts them)."""
    return metadata_problems(member, cognito_member(structure, member), value)


def email_configuration_problems(configuration: dict[str, Any]) -> list[str]:
    """What botocore's cognito-idp model says is wrong with an engine emailConfiguration."""
    problems = []
    for key, value in configuration.items():
        member = _EMAIL_CONFIGURATION_MEMBERS.get(key)
        if member is None:
            problems.append(f"{key} is not an EmailConfigurationType member")
        else:
            problems += cognito_model_problems("EmailConfigurationType", member, value)
    return problems


def template_problems(structure: str, values: dict[str, str]) -> list[str]:
    """The model's verdict on engine (camelCase) template values, e.g. a pool's
    verificationMessageTemplate against VerificationMessageTemplateType."""
    return [
        problem
        for key, value in values.items()
        for problem in cognito_model_problems(structure, key[0].upper() + key[1:], value)
    ]


def policy_problems(document: str) -> list[str]:
    """parliament's findings, plus SES's own rules parliament does not know."""
    findings = analyze_policy_string(
        document, ignore_private_auditors=True, include_community_auditors=True
    ).findings
    problems = [f"parliament {f.issue}: {f.detail}" for f in findings]
    if len(document.encode()) > 4096:
        problems.append("SES refuses policies over 4 KB")
    for statement in json.loads(document)["Statement"]:
        for operator in statement.get("Condition", {}).values():
            problems.extend(
                f"SES rejects condition key {key!r}: write aws: in lower case"
                for key in operator
                if key.lower().startswith("aws:") and not key.startswith("aws:")
            )
    return problems


@cache
def _member(service: str, structure: str, member: str) -> Any:
    return (
        botocore.session.get_session()
        .get_service_model(service)
        .shape_for(structure)
        .members[member]
    )


#: The rules botocore's models state in words where they give no pattern, each tied to
#: the sentence it comes from (checked against the installed model by child_name_problems).
_STATED_RULES: dict[tuple[str, str, str], tuple[str, re.Pattern[str]]] = {
    ("sns", "CreateTopicInput", "Name"): (
        "must be made up of only uppercase and lowercase ASCII letters, numbers, "
        "underscores, and hyphens, and must be between 1 and 256 characters long",
        re.compile(r"[A-Za-z0-9_-]{1,256}"),
    ),
    ("cloudwatch", "PutMetricAlarmInput", "AlarmName"): (
        "can't contain ASCII control characters",
        re.compile(r"[^\x00-\x1f\x7f]+"),
    ),
    ("ses", "PutIdentityPolicyRequest", "PolicyName"): (
        "can only include alphanumeric characters, dashes, and underscores",
        re.compile(r"[A-Za-z0-9_-]+"),
    ),
}


def child_name_problems(service: str, structure: str, member: str, value: str) -> list[str]:
    """What botocore's model of ``service`` says is wrong with the name ``value`` of
    ``structure.member``: its min/max and pattern, or the rule its documentation states."""
    shape = _member(service, structure, member)
    meta = shape.metadata
    problems = []
    if not meta.get("min", 1) <= len(value) <= meta.get("max", sys.maxsize):
        problems.append(
            f"{member}: {len(value)} characters, not {meta.get('min')}-{meta.get('max')}"
        )
    if "pattern" in meta and not java_regex(meta["pattern"]).fullmatch(value):
        problems.append(f"{member}={value!r} does not match {meta['pattern']}")
    stated = _STATED_RULES.get((service, structure, member))
    if stated is not None:
        sentence, pattern = stated
        documentation = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", shape.documentation))
        assert sentence in documentation, f"botocore's {service} model no longer says {sentence!r}"
        if not pattern.fullmatch(value):
            problems.append(f"{member}={value!r}: {sentence}")
    return problems


# --- requests, as the notification and alarm tests check them --------------------------


def input_shape(service: str, operation: str) -> Any:
    return service_model(service).operation_model(operation).input_shape


def doc(service: str, operation: str, member: str) -> str:
    return re.sub(r"<[^>]+>", "", input_shape(service, operation).members[member].documentation)


def model_problems(request: dict[str, Any], shape: Any) -> list[str]:
    """What botocore's model says is wrong with an API request.

    botocore's own validator checks required members, types and minimums; the enums,
    maximums and patterns of the model are checked here.
    """
    problems = []
    try:
        validate_parameters(request, shape)
    except botocore.exceptions.ParamValidationError as error:
        problems.append(str(error))
    for key, value in request.items():
        member = shape.members[key]
        meta = member.metadata
        if "enum" in meta and value not in meta["enum"]:
            problems.append(f"{key}={value!r} not in {meta['enum']}")
        size = value if member.type_name in ("integer", "long", "double") else len(value)
        if "max" in meta and size > meta["max"]:
            problems.append(f"{key} over {meta['max']}")
        if "pattern" in meta and not re.fullmatch(meta["pattern"], value):
            problems.append(f"{key}={value!r} does not match {meta['pattern']}")
        if member.type_name == "list":
            item_meta = member.member.metadata
            problems.extend(
                f"{key} item {item!r} outside {item_meta}"
                for item in value
                if not item_meta.get("min", 0) <= len(item) <= item_meta.get("max", 1 << 30)
            )
    return problems


def parliament_findings(document: str) -> list[str]:
    findings = analyze_policy_string(
        document, ignore_private_auditors=True, include_community_auditors=True
    ).findings
    return [f"{f.issue}: {f.detail}" for f in findings]


def args_names(args_class: Any) -> set[str]:
    """The keyword names of a pulumi-aws ``...Args`` class."""
    init = args_class.__dict__["__init__"]
    return set(inspect.signature(init).parameters) - {"__self__", "self"}
