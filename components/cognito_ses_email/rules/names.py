"""The names AWS gives the children: one rule, pure (no Pulumi).

A child that gets no ``name`` input is auto-named by pulumi-aws from its Pulumi name: the
name, ``-`` and 7 random hex digits, kept in the stack's state (so stable across runs and
unique per stack). The component names its children ``<component>-<suffix>``; whenever
the auto-name that gives is one AWS accepts, that is the name, exactly as before (existing
stacks keep their children, URNs and names). Only a child whose auto-name AWS would refuse
(a component name with characters or a length the service does not take: such a stack
never deployed that child) gets a stand-in: the component name made valid, then 8 hex
digits of its SHA-256, so two component names never share it.

The rules, from botocore's models: SNS CreateTopic ``Name`` "only uppercase and lowercase
ASCII letters, numbers, underscores, and hyphens ... between 1 and 256 characters";
cognito-idp ``PoolName`` ``[\\w\\s+=,.@-]+``, 1-128 (Java's ASCII ``\\w`` and ``\\s``);
cloudwatch PutMetricAlarm ``AlarmName`` 1-255, "only UTF-8 characters, and can't contain
ASCII control characters".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

#: What pulumi-aws appends to a Pulumi name to make an AWS name: ``-`` and 7 hex digits.
AUTO_NAME_SUFFIX_LENGTH = 8


@dataclass(frozen=True)
class NameRule:
    """The names one AWS API accepts: each character matches ``character``, 1-``max_length``."""

    api: str
    character: re.Pattern[str]
    max_length: int

    def accepts(self, name: str) -> bool:
        """True when AWS takes ``name``."""
        return 1 <= len(name) <= self.max_length and all(self.character.fullmatch(c) for c in name)


SNS_TOPIC = NameRule("SNS CreateTopic Name", re.compile(r"[A-Za-z0-9_-]"), 256)
USER_POOL = NameRule(
    "cognito-idp CreateUserPool PoolName", re.compile(r"[\w\s+=,.@-]", re.ASCII), 128
)
METRIC_ALARM = NameRule(
    "cloudwatch PutMetricAlarm AlarmName", re.compile(r"[^\x00-\x1f\x7f\ud800-\udfff]"), 255
)

#: 8 hex digits of the component name's SHA-256 in a stand-in.
_DIGEST_LENGTH = 8


def auto_name(resource_name: str) -> str:
    """The shape of the name pulumi-aws gives a resource without a name input (the hex
    digits are random; any 7 give the same verdict)."""
    return f"{resource_name}-{'0' * (AUTO_NAME_SUFFIX_LENGTH - 1)}"


def child_name(component_name: str, suffix: str, rule: NameRule) -> str:
    """The Pulumi name of the child ``suffix`` that pulumi-aws auto-names under ``rule``.

    ``<component>-<suffix>`` when AWS accepts its auto-name (today's name, kept); else
    ``<component made valid and cut>-<8 hex digits of its SHA-256>-<suffix>``.
    """
    today = f"{component_name}-{suffix}"
    if rule.accepts(auto_name(today)):
        return today
    digest = hashlib.sha256(component_name.encode("utf-8", "surrogatepass")).hexdigest()
    room = rule.max_length - AUTO_NAME_SUFFIX_LENGTH - len(suffix) - 1 - _DIGEST_LENGTH - 1
    stem = _ascii_stem(component_name)[:room]
    return (
        f"{stem}-{digest[:_DIGEST_LENGTH]}-{suffix}"
        if stem
        else f"{digest[:_DIGEST_LENGTH]}-{suffix}"
    )


def _ascii_stem(name: str) -> str:
    """``name`` in letters, digits, ``_`` and ``-`` (the SNS set, which every rule takes):
    accents dropped (``Ü`` -> ``U``), every other run of characters one ``-``."""
    import unicodedata  # only for a name AWS refuses: it costs import time

    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9_-]+", "-", bare).strip("-")
