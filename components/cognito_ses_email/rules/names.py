"""The children's auto-names and the names given as arguments (docs/arguments.md, pure)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from typing import Any

from .errors import check_pattern

#: What pulumi-aws appends to a Pulumi name to make an AWS name: ``-`` and 7 hex digits.
AUTO_NAME_SUFFIX_LENGTH = 8


@dataclass(frozen=True)
class NameRule:
    """The names one AWS API accepts: each character matches ``character``, 1-``max_length``."""

    character: re.Pattern[str]
    max_length: int

    def accepts(self, name: str) -> bool:
        """True when AWS takes ``name``."""
        return 1 <= len(name) <= self.max_length and all(self.character.fullmatch(c) for c in name)


#: SNS CreateTopic's Name, cognito-idp CreateUserPool's PoolName, PutMetricAlarm's AlarmName.
SNS_TOPIC = NameRule(re.compile(r"[A-Za-z0-9_-]"), 256)
USER_POOL = NameRule(re.compile(r"[\w\s+=,.@-]", re.ASCII), 128)
METRIC_ALARM = NameRule(re.compile(r"[^\x00-\x1f\x7f\ud800-\udfff]"), 255)

#: 8 hex digits of the component name's SHA-256 in a stand-in.
_DIGEST_LENGTH = 8


def child_name(component_name: str, suffix: str, rule: NameRule) -> str:
    """``<component>-<suffix>`` if AWS takes its auto-name, else ``<stem>-<8 hex>-<suffix>``."""
    today = f"{component_name}-{suffix}"
    if rule.accepts(f"{today}-{'0' * (AUTO_NAME_SUFFIX_LENGTH - 1)}"):  # any 7 hex digits
        return today
    digest = hashlib.sha256(component_name.encode("utf-8", "surrogatepass")).hexdigest()
    room = rule.max_length - AUTO_NAME_SUFFIX_LENGTH - len(suffix) - 1 - _DIGEST_LENGTH - 1
    stem = _ascii_stem(component_name)[:room]
    return f"{stem}-{digest[:_DIGEST_LENGTH]}-{suffix}".lstrip("-")


def _ascii_stem(name: str) -> str:
    """``name`` in the SNS set (letters, digits, ``_``, ``-``), which every name rule takes."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9_-]+", "-", bare).strip("-")


#: SES's configuration set names (botocore cognito-idp) and policy names (PutIdentityPolicy).
SES_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SES_NAME = "is 1-64 letters, digits, '-' or '_'"
#: CreateUserPool's PoolName (botocore: 1-128 of [\w\s+=,.@-], Java's ASCII \w), spaces only.
_USER_POOL_NAME_RE = re.compile(r"^[A-Za-z0-9_ +=,.@-]{1,128}$")

check_configuration_set = partial(
    check_pattern, "configuration_set", SES_NAME_RE, f"an SES configuration set name {_SES_NAME}"
)
check_policy_name = partial(
    check_pattern, "policy_name", SES_NAME_RE, f"an SES policy name {_SES_NAME}"
)


def check_user_pool_name(value: Any) -> str:
    """A Cognito user pool name: 1-128 letters, digits, spaces and _+=,.@-."""
    rule = "a user pool name is 1-128 letters, digits, spaces or _+=,.@-"
    return check_pattern("user_pool_name", _USER_POOL_NAME_RE, rule, value)


def default_policy_name(urn: str) -> str:
    """``<name made valid>-cognito-<16 hex of sha256(urn)>``: one per component, stable."""
    # Pulumi's mocks put the root stack's type first in the type chain; the engine does not.
    urn = urn.replace("::pulumi:pulumi:Stack$", "::", 1)
    digest = hashlib.sha256(urn.encode("utf-8")).hexdigest()[:16]
    suffix = f"-cognito-{digest}"
    name = urn.rsplit("::", 1)[-1]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "pool"
    return stem[: 64 - len(suffix)] + suffix
