"""Checks against references nobody here wrote: botocore's API model, parliament, email.

Shared by the test modules; each function returns a list of problems (empty when fine).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

import botocore.session
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
def _email_configuration_shape() -> Any:
    model = botocore.session.get_session().get_service_model("cognito-idp")
    return model.shape_for("EmailConfigurationType")


def _botocore_pattern_matches(pattern: str, value: str) -> bool:
    if r"\p{" not in pattern:
        return re.fullmatch(pattern, value) is not None
    # botocore's email pattern, [\p{L}\p{M}\p{S}\p{N}\p{P}]+@[same]+, uses Java's
    # Unicode classes, which Python's re lacks: test each character's category.
    allowed = set(re.findall(r"\\p\{(\w)\}", pattern))
    if value.count("@") < 1:
        return False
    local, _, domain = value.rpartition("@")

    def ok(part: str) -> bool:
        return bool(part) and all(unicodedata.category(ch)[0] in allowed for ch in part)

    return ok(local) and ok(domain)


def email_configuration_problems(configuration: dict[str, Any]) -> list[str]:
    """What botocore's cognito-idp model says is wrong with an engine emailConfiguration."""
    shape = _email_configuration_shape()
    problems = []
    for key, value in configuration.items():
        member = _EMAIL_CONFIGURATION_MEMBERS.get(key)
        if member is None:
            problems.append(f"{key} is not an EmailConfigurationType member")
            continue
        meta = shape.members[member].metadata
        if "enum" in meta and value not in meta["enum"]:
            problems.append(f"{member}={value!r} not in {meta['enum']}")
        if "min" in meta and len(value) < meta["min"]:
            problems.append(f"{member} shorter than {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{member} longer than {meta['max']}")
        if "pattern" in meta and not _botocore_pattern_matches(meta["pattern"], value):
            problems.append(f"{member}={value!r} does not match {meta['pattern']}")
    return problems


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
