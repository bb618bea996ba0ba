"""SES identity ARNs and account ids: the one parser of ``arn:...:ses:...:identity/NAME``."""

from __future__ import annotations

import re
from typing import Any

ACCOUNT_ID_RE = re.compile(r"\d{12}")
IDENTITY_ARN_RE = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):ses:(?P<region>[a-z0-9-]+):(?P<account>[^:]*):"
    r"identity/(?P<name>[^\s/]+)"
)


def identity_arn_name(identity_arn: str) -> str | None:
    """The identity name an SES identity ARN ends in; None when it is not one."""
    match = IDENTITY_ARN_RE.fullmatch(identity_arn)
    return match["name"] if match else None


def same_identity(identity: str, identity_arn: str) -> bool:
    """Whether ``identity`` (a name or an ARN) is the identity ``identity_arn`` names."""
    if identity.startswith("arn:"):
        return identity.lower() == identity_arn.lower()
    name = identity_arn_name(identity_arn)
    return name is not None and identity.lower() == name.lower()


def identity_reference_matches(reference: str, name: Any, arn: Any) -> bool | None:
    """Whether ``reference`` (an identity's name or ARN, as SES accepts either) names the
    identity called ``name`` with ARN ``arn``; None when neither is known to compare.

    ``name`` and ``arn`` are property values: a string, None (absent) or ``UNKNOWN``.
    Compared without case, as ``same_identity`` does.
    """
    if isinstance(arn, str) and arn:
        return same_identity(reference, arn)
    if isinstance(name, str) and name:
        named = identity_arn_name(reference) if reference.startswith("arn:") else reference
        return named is not None and named.lower() == name.lower()
    return None
