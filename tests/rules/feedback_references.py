"""botocore's API models and parliament, read for the feedback rules' tests (notifications,
alarms, the topic policy)."""

from __future__ import annotations

import inspect
import re
from functools import cache
from typing import Any

import botocore
import botocore.exceptions
import botocore.session
from botocore.validate import validate_parameters
from parliament import analyze_policy_string

ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:eu-west-1:{ACCOUNT}:ses-feedback"
IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/no-reply@example.com"
DOMAIN_IDENTITY = f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/example.com"


@cache
def model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def input_shape(service: str, operation: str) -> Any:
    return model(service).operation_model(operation).input_shape


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
