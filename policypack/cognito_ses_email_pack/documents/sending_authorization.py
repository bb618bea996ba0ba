"""CrossGuard policies for Cognito sending email through SES: ``POLICIES``.

Two layers:

* Pure checks of policy documents (``cognito_statement_problems``,
  ``wildcard_principal_problems``, ``document_trusts_cognito``,
  ``lowercase_condition_key_prefixes``) and of plain property values
  (``identity_reference_matches``, ``missing_feedback_types``). They take plain
  JSON values, return plain values and never raise on bad input, so they are tested
  on their own.
* The policies, which read the resource properties the engine sends (camelCase names,
  values that may be unknown during a preview) and report what the checks find.

Pulumi runs this pack with ``policypack/`` on ``sys.path``, and so do the tests: both
import it as ``cognito_ses_email_pack.documents.sending_authorization``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple, cast

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceRemediation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import (
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

# --- Resource types and the property naming the identity, as the engine gives them ---

USER_POOL_TYPE: Final = "aws:cognito/userPool:UserPool"

#: Identity policy resource type -> the property naming the identity (name or ARN).
IDENTITY_POLICY_TYPES: Final[Mapping[str, str]] = {
    "aws:ses/identityPolicy:IdentityPolicy": "identity",
    "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy": "emailIdentity",
}

#: SES identity resource type -> the property holding the identity's name.
IDENTITY_TYPES: Final[Mapping[str, str]] = {
    "aws:ses/emailIdentity:EmailIdentity": "email",
    "aws:ses/domainIdentity:DomainIdentity": "domain",
    "aws:sesv2/emailIdentity:EmailIdentity": "emailIdentity",
}

#: Where SES sends an identity's bounce, complaint and delivery notifications.
IDENTITY_NOTIFICATION_TOPIC_TYPE: Final = (
    "aws:ses/identityNotificationTopic:IdentityNotificationTopic"
)

SESV2_IDENTITY_TYPE: Final = "aws:sesv2/emailIdentity:EmailIdentity"

#: The notification types whose rates SES reviews an account on, in message order.
FEEDBACK_NOTIFICATION_TYPES: Final = ("Bounce", "Complaint")

# --- Pure checks of sending authorization policy documents ---

#: The only actions Cognito needs on the identity (IAM action names are case-insensitive).
ALLOWED_ACTIONS: Final = frozenset({"ses:sendemail", "ses:sendrawemail"})

_COGNITO_PRINCIPAL_RE = re.compile(
    r"(email\.)?cognito-idp(\.[a-z]{2}(-[a-z]+)+-\d+)?\.amazonaws\.com(\.cn)?", re.IGNORECASE
)
_ACCOUNT_RE = re.compile(r"\d{12}")
_IDENTITY_ARN_RE = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):ses:(?P<region>[a-z0-9-]+):(?P<account>[^:]*):"
    r"identity/(?P<name>[^\s/]+)"
)
_USER_POOL_ARN_RE = re.compile(
    r"arn:(?P<partition>aws[a-z-]*|\*):cognito-idp:(?P<region>[a-z0-9*?-]+):"
    r"(?P<account>[^:]*):userpool/(?P<pool>[\w*?-]+)"
)
# Every JSON string, with an optional ":" after it (then it is an object key).
_JSON_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?')


class _Condition(NamedTuple):
    """One key tested by one operator of a statement's Condition block."""

    operator: str  # as written, e.g. "ForAnyValue:StringEqualsIfExists"
    base: str  # e.g. "StringEquals"
    qualifier: str  # "", "ForAnyValue" or "ForAllValues"
    if_exists: bool
    key: str  # as written, e.g. "AWS:SourceAccount"
    values: list[str]


def load_policy_document(document: str | Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    """The document as a JSON object, and "" ; or ``({}, problem)`` when it is not one."""
    if isinstance(document, Mapping):
        return document, ""
    if not isinstance(document, str):
        return {}, f"the policy must be a JSON string, not {type(document).__name__}"
    try:
        parsed = json.loads(document)
    except json.JSONDecodeError as error:
        return {}, (
            f"the policy is not valid JSON ({error.msg} at line {error.lineno} column "
            f"{error.colno}); SES refuses it"
        )
    if not isinstance(parsed, dict):
        return {}, "the policy must be a JSON object with a Statement list"
    return parsed, ""


def _statements(document: Mapping[str, Any]) -> list[Any]:
    raw = document.get("Statement")
    if isinstance(raw, Mapping):
        return [raw]
    return list(raw) if isinstance(raw, list) else []


def _strings(value: Any) -> list[str] | None:
    """A string or list of strings as a list; None for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def cognito_principals(statement: Any) -> list[str]:
    """The Cognito service principals an Allow statement trusts (empty if none)."""
    if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
        return []
    principal = statement.get("Principal")
    if not isinstance(principal, Mapping):
        return []
    services: list[str] = []
    for key, value in principal.items():
        if str(key).lower() == "service":
            services.extend(_strings(value) or [])
    return [s for s in services if _COGNITO_PRINCIPAL_RE.fullmatch(s)]


def document_trusts_cognito(document: str | Mapping[str, Any]) -> bool:
    """Whether a policy document has an Allow statement for a Cognito service principal."""
    parsed, _ = load_policy_document(document)
    return any(cognito_principals(s) for s in _statements(parsed))


def _split_operator(operator: str) -> tuple[str, str, bool]:
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    if if_exists:
        base = base[: -len("IfExists")]
    return base, qualifier, if_exists


def _conditions(statement: Mapping[str, Any], label: str) -> tuple[list[_Condition], list[str]]:
    block = statement.get("Condition")
    if block is None:
        return [], []
    if not isinstance(block, Mapping):
        return [], [f"{label}: Condition must be a JSON object"]
    found: list[_Condition] = []
    problems: list[str] = []
    for operator, tests in block.items():
        if not isinstance(tests, Mapping):
            problems.append(f"{label}: Condition {operator!r} must map condition keys to values")
            continue
        base, qualifier, if_exists = _split_operator(str(operator))
        for key, value in tests.items():
            values = _strings(value)
            if values is None:
                values = [json.dumps(v) for v in value] if isinstance(value, list) else []
                values = values or [json.dumps(value)]
            found.append(_Condition(str(operator), base, qualifier, if_exists, str(key), values))
    return found, problems


def _wrong_case_prefix(key: str) -> str | None:
    """``key`` with its ``aws:`` prefix lower-cased, or None when the prefix is fine."""
    prefix, colon, rest = key.partition(":")
    if colon and prefix.lower() == "aws" and prefix != "aws":
        return f"aws:{rest}"
    return None


def _label(statement: Mapping[str, Any], index: int) -> str:
    sid = statement.get("Sid")
    return f"statement {sid!r}" if isinstance(sid, str) and sid else f"statement {index}"


def _weak_operator(condition: _Condition, label: str) -> list[str]:
    problems = []
    if condition.if_exists:
        problems.append(
            f"{label}: {condition.operator} {condition.key} also passes when the request "
            f"carries no {condition.key}; drop IfExists"
        )
    if condition.qualifier.lower() == "forallvalues":
        problems.append(
            f"{label}: {condition.operator} {condition.key} passes when the key is absent; "
            f"drop the ForAllValues: qualifier ({condition.key} is single-valued)"
        )
    return problems


def _action_problems(statement: Mapping[str, Any], label: str) -> list[str]:
    if "NotAction" in statement:
        return [
            f"{label} uses NotAction, which allows every action it does not list; "
            "list only ses:SendEmail and ses:SendRawEmail in Action"
        ]
    actions = _strings(statement.get("Action"))
    if not actions:
        return [f"{label} must list Action ses:SendEmail and/or ses:SendRawEmail"]
    extra = [a for a in actions if a.lower() not in ALLOWED_ACTIONS]
    if extra:
        return [
            f"{label} allows {', '.join(extra)}; Cognito needs only ses:SendEmail and "
            "ses:SendRawEmail, so limit Action to those"
        ]
    return []


def _resource_problems(
    statement: Mapping[str, Any], label: str, identity: str | None
) -> tuple[list[str], str | None]:
    """Problems with Resource, and the account of the identity it names (if it is known)."""
    if "NotResource" in statement:
        return [f"{label} uses NotResource; name the identity's ARN as Resource instead"], None
    resources = _strings(statement.get("Resource"))
    if resources is None or len(resources) != 1:
        return [
            f"{label} must name exactly one identity ARN as Resource (the identity the "
            f"policy is attached to), not {json.dumps(statement.get('Resource'))}"
        ], None
    resource = resources[0]
    match = _IDENTITY_ARN_RE.fullmatch(resource)
    if match is None or "*" in resource or "?" in resource:
        return [
            f"{label}: Resource {resource!r} is not one SES identity ARN "
            "(arn:aws:ses:REGION:ACCOUNT:identity/NAME, no wildcards)"
        ], None
    account = match["account"] if _ACCOUNT_RE.fullmatch(match["account"]) else None
    if account is None:
        return [f"{label}: the account in Resource {resource!r} must be a 12-digit id"], None
    if identity and not _same_identity(identity, resource):
        return [
            f"{label}: Resource names {resource} but the policy is attached to {identity}; "
            "Resource must be the ARN of that identity"
        ], account
    return [], account


def _same_identity(identity: str, identity_arn: str) -> bool:
    """Whether ``identity`` (a name or an ARN) is the identity ``identity_arn`` names."""
    if identity.startswith("arn:"):
        return identity.lower() == identity_arn.lower()
    return identity.lower() == identity_arn.rpartition("identity/")[2].lower()


def _source_account_problems(
    conditions: list[_Condition], label: str
) -> tuple[list[str], set[str]]:
    tests = [c for c in conditions if c.key.lower() == "aws:sourceaccount"]
    if not tests:
        return [
            f"{label} trusts Cognito without a StringEquals aws:SourceAccount condition, so "
            "a user pool in any account may send as this identity (confused deputy); add "
            '"StringEquals": {"aws:SourceAccount": "<your account id>"}'
        ], set()
    problems: list[str] = []
    accounts: set[str] = set()
    for test in tests:
        if test.base != "StringEquals":
            problems.append(
                f"{label} tests {test.key} with {test.operator}; use StringEquals with "
                "your account id"
            )
        problems.extend(_weak_operator(test, label))
        for value in test.values:
            if _ACCOUNT_RE.fullmatch(value):
                accounts.add(value)
            else:
                problems.append(f"{label}: {test.key} {value!r} is not a 12-digit account id")
    return problems, accounts


def _source_arn_problems(conditions: list[_Condition], label: str, accounts: set[str]) -> list[str]:
    tests = [c for c in conditions if c.key.lower() == "aws:sourcearn"]
    if not tests:
        return [
            f"{label} trusts Cognito without an ArnLike aws:SourceArn condition naming your "
            "user pools (confused deputy); add "
            '"ArnLike": {"aws:SourceArn": "arn:aws:cognito-idp:REGION:ACCOUNT:userpool/*"} '
            "or the pool's own ARN"
        ]
    problems: list[str] = []
    for test in tests:
        if test.base not in ("ArnLike", "ArnEquals"):
            problems.append(f"{label} tests {test.key} with {test.operator}; use ArnLike")
        problems.extend(_weak_operator(test, label))
        for value in test.values:
            match = _USER_POOL_ARN_RE.fullmatch(value)
            if match is None:
                problems.append(
                    f"{label}: {test.key} {value!r} is not a Cognito user pool ARN "
                    "(arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID or userpool/*)"
                )
                continue
            account = match["account"]
            if not _ACCOUNT_RE.fullmatch(account):
                problems.append(
                    f"{label}: {test.key} {value!r} must name one account id, not {account!r}"
                )
            elif accounts and account not in accounts:
                problems.append(
                    f"{label}: {test.key} {value!r} names account {account} but "
                    f"aws:SourceAccount is {', '.join(sorted(accounts))}; name the same account"
                )
            if test.base == "ArnEquals" and ("*" in value or "?" in value):
                problems.append(
                    f"{label}: ArnEquals compares {value!r} literally, so no user pool "
                    "matches it; use ArnLike for a wildcard"
                )
    return problems


def _statement_problems(
    statement: Mapping[str, Any], label: str, identity: str | None, allow_cross_account: bool
) -> list[str]:
    problems = _action_problems(statement, label)
    resource_problems, identity_account = _resource_problems(statement, label, identity)
    problems += resource_problems
    conditions, condition_problems = _conditions(statement, label)
    problems += condition_problems
    for condition in conditions:
        fixed = _wrong_case_prefix(condition.key)
        if fixed is not None:
            problems.append(
                f"{label}: write condition key {condition.key!r} as {fixed!r}; SES refuses "
                "upper-case keys (InvalidPolicy: Unknown or unapplicable condition field). "
                "The remediation does this."
            )
    account_problems, accounts = _source_account_problems(conditions, label)
    problems += account_problems
    problems += _source_arn_problems(conditions, label, accounts)
    if identity_account and not allow_cross_account:
        for account in sorted(accounts - {identity_account}):
            problems.append(
                f"{label}: aws:SourceAccount {account} is not the account that owns the "
                f"identity ({identity_account}); trust the user pools of that account, or set "
                "allowCrossAccount in this policy's config if this is intended"
            )
    return problems


def cognito_statement_problems(
    document: str | Mapping[str, Any],
    identity: str | None = None,
    allow_cross_account: bool = False,
) -> list[str]:
    """What is wrong with the statements of ``document`` that allow Cognito to send.

    ``identity`` is the name or ARN of the identity the policy is attached to, when known.
    Statements for other principals are not examined. Never raises: a document that
    is not JSON is itself a problem.
    """
    parsed, problem = load_policy_document(document)
    if problem:
        return [problem]
    raw = parsed.get("Statement")
    if not isinstance(raw, (Mapping, list)):
        return ["the policy has no Statement list"]
    problems: list[str] = []
    for index, statement in enumerate(_statements(parsed)):
        if not isinstance(statement, Mapping):
            problems.append(f"statement {index} is not a JSON object")
        elif cognito_principals(statement):
            label = _label(statement, index)
            problems += _statement_problems(statement, label, identity, allow_cross_account)
    return problems


# A wildcard principal lets principals nobody named use the identity. SES documents only
# three kinds of principal for these policies: "A valid AWS account ID, IAM user ARN, or AWS
# service" (https://docs.aws.amazon.com/ses/latest/dg/policy-anatomy.html); "*" is not one
# of them, and AWS does not document whether SES refuses it. A wildcard is reported even
# with conditions: each conditioned "*" has an explicit equivalent (a "*" held to one
# aws:PrincipalAccount is that account under "AWS"), and many conditions (ses:FromAddress,
# aws:CurrentTime) do not restrict who sends at all. NotPrincipal with Allow grants everyone
# except the ones named; IAM does not support it
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
_NAME_PRINCIPALS_EXACTLY = (
    'name each principal exactly instead: an account id or IAM ARN under "AWS", or a '
    'service (e.g. email.cognito-idp.amazonaws.com) under "Service"'
)


def _elements(container: Mapping[str, Any], name: str) -> list[Any]:
    """Every value of ``container`` whose key is ``name`` in any case.

    AWS may refuse ``"principal"`` or ``"Effect": "allow"``; a security check must not let
    such a spelling hide a grant, so it reads every spelling.
    """
    return [value for key, value in container.items() if str(key).lower() == name.lower()]


def _nested_strings(value: Any) -> list[str]:
    """Every string in ``value``, however lists and objects nest it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _nested_strings(item)]
    if isinstance(value, Mapping):
        return [s for item in value.values() for s in _nested_strings(item)]
    return []


def _principal_entries(principal: Any) -> list[tuple[str | None, str]]:
    """``(principal type, value)`` for every value a Principal element names; the type is
    None when the element is not an object (``"Principal": "*"``)."""
    if isinstance(principal, Mapping):
        return [(str(kind), s) for kind, value in principal.items() for s in _nested_strings(value)]
    return [(None, s) for s in _nested_strings(principal)]


def _shown(kind: str | None, value: Any) -> str:
    """A principal as JSON for a message; never raises, whatever a mapping document holds."""
    return json.dumps(value if kind is None else {kind: value}, default=repr)


def _is_deny(statement: Mapping[str, Any]) -> bool:
    """Whether the statement only denies: every Effect it has is "Deny" (in any case)."""
    effects = _elements(statement, "Effect")
    return bool(effects) and all(
        isinstance(effect, str) and effect.strip().lower() == "deny" for effect in effects
    )


def _wildcard_problem(label: str, kind: str | None, value: str) -> str:
    shown = _shown(kind, value)
    if value.strip() == "*":
        return (
            f"{label} allows Principal {shown}: every AWS account and service may send as "
            f"this identity, whatever the conditions; {_NAME_PRINCIPALS_EXACTLY}"
        )
    return (
        f"{label} allows Principal {shown}, a wildcard, but IAM does not match part of a "
        f"principal by wildcard; {_NAME_PRINCIPALS_EXACTLY} (and narrow it with an ArnLike "
        "aws:PrincipalArn condition if need be)"
    )


def wildcard_principal_problems(document: str | Mapping[str, Any]) -> list[str]:
    """The statements of ``document`` that let principals nobody named use the identity.

    Reported, for every statement that is not a Deny: a Principal value holding ``*``
    (``"*"``, ``{"AWS": "*"}``, ``{"Service": ["*"]}``, ``{"Federated": "*"}``,
    ``{"CanonicalUser": "*"}``, a list with ``"*"`` in it, or a pattern such as
    ``arn:aws:iam::*:root``), with or without conditions; and any NotPrincipal, which with
    Allow grants everyone except the ones it names. Deny statements restrict, so they are
    left alone. Element names and Effect are read in any case.

    Never raises. A document that is not a JSON object gives no problems here:
    ``cognito_statement_problems`` reports it, and SES refuses it.
    """
    parsed, problem = load_policy_document(document)
    if problem:
        return []
    # One Statement object or a list of them, under any spelling of "Statement".
    statements = [
        s for raw in _elements(parsed, "Statement") for s in _statements({"Statement": raw})
    ]
    problems: list[str] = []
    for index, statement in enumerate(statements):
        if not isinstance(statement, Mapping) or _is_deny(statement):
            continue
        label = _label(statement, index)
        for principal in _elements(statement, "Principal"):
            problems += [
                _wildcard_problem(label, kind, value)
                for kind, value in _principal_entries(principal)
                if "*" in value
            ]
        for not_principal in _elements(statement, "NotPrincipal"):
            named = ", ".join(_shown(k, v) for k, v in _principal_entries(not_principal))
            problems.append(
                f"{label} allows NotPrincipal {named or _shown(None, not_principal)}: every "
                "principal except those may send as this identity, and IAM does not support "
                f"NotPrincipal with Allow; use Principal and {_NAME_PRINCIPALS_EXACTLY}"
            )
    return problems


def lowercase_condition_key_prefixes(
    document: str | Mapping[str, Any],
) -> str | dict[str, Any] | None:
    """``document`` with ``AWS:``-style condition keys of its Cognito statements written
    ``aws:``; None when there is nothing to fix (or it is not a JSON object).

    A string comes back as a string, in the original layout wherever possible; a mapping
    comes back as a dict. Nothing else is changed.
    """
    parsed, problem = load_policy_document(document)
    if problem:
        return None
    renamed: dict[str, str] = {}
    changed = False
    statements = []
    for statement in _statements(parsed):
        block = statement.get("Condition") if isinstance(statement, Mapping) else None
        if not cognito_principals(statement) or not isinstance(block, Mapping):
            statements.append(statement)
            continue
        new_block: dict[str, Any] = {}
        for operator, tests in block.items():
            if not isinstance(tests, Mapping):
                new_block[operator] = tests
                continue
            new_tests: dict[str, Any] = {}
            for key, value in tests.items():
                fixed = _wrong_case_prefix(key)
                # Leave a key alone if its fixed spelling is already there: not mechanical.
                if fixed is None or fixed in tests:
                    new_tests[key] = value
                else:
                    new_tests[fixed] = value
                    renamed[key] = fixed
                    changed = True
            new_block[operator] = new_tests
        statements.append({**statement, "Condition": new_block})
    if not changed:
        return None
    raw = parsed.get("Statement")
    fixed_document = {
        **parsed,
        "Statement": statements[0] if isinstance(raw, Mapping) else statements,
    }
    if not isinstance(document, str):
        return fixed_document
    return _rename_keys_in_text(document, renamed, fixed_document)


def _rename_keys_in_text(text: str, renamed: Mapping[str, str], expected: Any) -> str:
    """Rename object keys in JSON ``text`` without touching its layout; if that would change
    more than ``expected`` (e.g. the same key in another statement), re-serialise instead."""

    def rename(match: re.Match[str]) -> str:
        if match[2] is None:
            return match[0]
        key = json.loads(f'"{match[1]}"')
        return json.dumps(renamed[key]) + match[2] if key in renamed else match[0]

    rewritten = _JSON_STRING_RE.sub(rename, text)
    if json.loads(rewritten) == expected:
        return rewritten
    compact = "\n" not in text
    return json.dumps(
        expected,
        ensure_ascii=False,
        indent=None if compact else 2,
        separators=(",", ":") if compact else None,
    )


# --- Reading properties from the engine ---


class _Unknown:
    """A value that cannot be known until the update (a preview's unknown)."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Final = _Unknown()

_UNKNOWN_SENTINELS: Final = frozenset(
    {
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


def known(props: Mapping[str, Any], *path: str) -> Any:
    """The property at ``path``: None when absent, ``UNKNOWN`` when a preview cannot know it.

    The engine's property proxies raise on unknowns; remediations see the raw sentinels.
    Both become ``UNKNOWN`` here, so a policy decides what to do rather than crash.
    """
    value: Any = props
    for key in path:
        if not isinstance(value, Mapping):
            return None
        try:
            value = value[key]
        except KeyError:
            return None
        except UnknownValueError:
            return UNKNOWN
        if isinstance(value, str) and value in _UNKNOWN_SENTINELS:
            return UNKNOWN
    return value


def _with_prop(props: Mapping[str, Any], key: str, value: Any) -> Mapping[str, Any]:
    """``props`` with ``key`` set to ``value``; every other property as it was."""
    if isinstance(props, dict):
        return {**props, key: value}
    setter = getattr(props, "__setitem__", None)
    if callable(setter):
        # The engine's proxies write through and keep a secret property secret.
        setter(key, value)
        return props
    return {**{k: props[k] for k in props}, key: value}


# --- The policies ---


def _validate_sending_authorization(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    identity_property = IDENTITY_POLICY_TYPES.get(args.resource_type)
    if identity_property is None:
        return
    document = known(args.props, "policy")
    if document is None or document is UNKNOWN:
        return  # Absent: the provider refuses it. Unknown: judged at `pulumi up`.
    identity = known(args.props, identity_property)
    allow_cross_account = bool(args.get_config().get("allowCrossAccount", False))
    for problem in cognito_statement_problems(
        document,
        identity if isinstance(identity, str) else None,
        allow_cross_account=allow_cross_account,
    ):
        report_violation(problem, None)


def _validate_no_wildcard_principal(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    if args.resource_type not in IDENTITY_POLICY_TYPES:
        return
    document = known(args.props, "policy")
    if not isinstance(document, (str, Mapping)):
        return  # Absent: the provider refuses it. Unknown: judged at `pulumi up`.
    for problem in wildcard_principal_problems(document):
        report_violation(problem, None)


def _remediate_condition_key_case(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    if args.resource_type not in IDENTITY_POLICY_TYPES:
        return None
    document = known(args.props, "policy")
    if not isinstance(document, (str, Mapping)):
        return None
    fixed = lowercase_condition_key_prefixes(document)
    return None if fixed is None else _with_prop(args.props, "policy", fixed)


def _validate_deletion_protection(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    if args.resource_type != USER_POOL_TYPE:
        return
    setting = known(args.props, "deletionProtection")
    if setting is UNKNOWN or setting == "ACTIVE":
        return
    current = f"is {setting!r}" if setting else "is not set (AWS defaults to INACTIVE)"
    report_violation(
        f"deletionProtection {current}: deleting or replacing this user pool deletes every "
        'user in it. Set deletion_protection="ACTIVE".',
        None,
    )


def _identity_arn_name(identity_arn: str) -> str | None:
    match = _IDENTITY_ARN_RE.fullmatch(identity_arn)
    return match["name"] if match else None


def _is_identity_named_by(resource: PolicyResource, identity_arn: str) -> bool:
    arn = known(resource.props, "arn")
    if isinstance(arn, str):
        return arn == identity_arn
    name = known(resource.props, IDENTITY_TYPES[resource.resource_type])
    target = _identity_arn_name(identity_arn)
    return isinstance(name, str) and target is not None and name.lower() == target.lower()


def _policy_trusts_cognito_on(
    policy: PolicyResource, identity: PolicyResource, identity_arn: str
) -> bool:
    identity_property = IDENTITY_POLICY_TYPES[policy.resource_type]
    target = known(policy.props, identity_property)
    if isinstance(target, str):
        if not _same_identity(target, identity_arn):
            return False
    else:
        # Not known in a preview: the policy is on the identity if its identity property
        # was computed from that resource.
        sources = policy.property_dependencies.get(identity_property, [])
        if identity.urn not in {r.urn for r in sources}:
            return False
    document = known(policy.props, "policy")
    if document is UNKNOWN:
        return True  # Cannot be known before `pulumi up`: do not report it.
    return isinstance(document, (str, Mapping)) and document_trusts_cognito(document)


def _of_types(resources: Iterable[PolicyResource], types: Iterable[str]) -> list[PolicyResource]:
    wanted = set(types)
    return [r for r in resources if r.resource_type in wanted]


def _validate_identity_has_policy(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    identities = _of_types(args.resources, IDENTITY_TYPES)
    policies = _of_types(args.resources, IDENTITY_POLICY_TYPES)
    for pool in _of_types(args.resources, [USER_POOL_TYPE]):
        mode = known(pool.props, "emailConfiguration", "emailSendingAccount")
        source_arn = known(pool.props, "emailConfiguration", "sourceArn")
        # COGNITO_DEFAULT is also what AWS uses when a SourceArn comes without a mode.
        if mode not in (None, "COGNITO_DEFAULT") or not isinstance(source_arn, str):
            continue
        identity = next((i for i in identities if _is_identity_named_by(i, source_arn)), None)
        if identity is None:
            continue  # Not created in this stack: its policy may live elsewhere.
        if any(_policy_trusts_cognito_on(p, identity, source_arn) for p in policies):
            continue
        report_violation(
            f"user pool {pool.name!r} sends as {source_arn} in COGNITO_DEFAULT mode, but no "
            f"identity policy in this stack lets Cognito use identity {identity.name!r}; "
            "Cognito refuses the pool (InvalidEmailRoleAccessPolicyException). Attach an "
            "aws.ses.IdentityPolicy allowing email.cognito-idp.amazonaws.com (with "
            "aws:SourceAccount and aws:SourceArn), or use DEVELOPER mode.",
            pool.urn,
        )


def identity_reference_matches(reference: str, name: Any, arn: Any) -> bool | None:
    """Whether ``reference`` (an identity's name or ARN, as SES accepts either) names the
    identity called ``name`` with ARN ``arn``; None when neither is known to compare.

    ``name`` and ``arn`` are property values: a string, None (absent) or ``UNKNOWN``.
    Compared without case, as ``_same_identity`` does.
    """
    if isinstance(arn, str) and arn:
        return _same_identity(reference, arn)
    if isinstance(name, str) and name:
        named = _identity_arn_name(reference) if reference.startswith("arn:") else reference
        return named is not None and named.lower() == name.lower()
    return None


def missing_feedback_types(notification_types: Iterable[Any]) -> list[str]:
    """Which of Bounce and Complaint no topic in ``notification_types`` covers.

    An ``UNKNOWN`` type may be either, so nothing is missing then.
    """
    found = list(notification_types)
    if any(t is UNKNOWN for t in found):
        return []
    return [t for t in FEEDBACK_NOTIFICATION_TYPES if t not in found]


def _refers_to(
    resource: PolicyResource, path: tuple[str, ...], identity: PolicyResource
) -> bool | None:
    """Whether the property at ``path`` of ``resource`` names ``identity``; None when a
    preview cannot tell.

    An unknown value computed only from other resources (the engine's property
    dependencies of ``path[0]``) does not name it.
    """
    value = known(resource.props, *path)
    if isinstance(value, str):
        return identity_reference_matches(
            value,
            known(identity.props, IDENTITY_TYPES[identity.resource_type]),
            known(identity.props, "arn"),
        )
    if value is not UNKNOWN:
        return False
    sources = resource.property_dependencies.get(path[0], [])
    if sources and identity.urn not in {r.urn for r in sources}:
        return False
    return None


def _computed_from(resource: PolicyResource, prop: str, identity: PolicyResource) -> bool:
    return identity.urn in {r.urn for r in resource.property_dependencies.get(prop, [])}


def _cognito_uses(
    identity: PolicyResource, pools: list[PolicyResource], policies: list[PolicyResource]
) -> bool:
    """Whether a user pool sends as ``identity`` or a policy in the stack lets Cognito use
    it. Only what is known counts: an unknown never makes an identity "used"."""
    source_arn = ("emailConfiguration", "sourceArn")
    if any(_refers_to(pool, source_arn, identity) is True for pool in pools):
        return True
    for policy in policies:
        prop = IDENTITY_POLICY_TYPES[policy.resource_type]
        on_identity = _refers_to(policy, (prop,), identity)
        # An identity property still unknown in a preview but computed from this identity
        # is this identity (as for cognito-default-identity-has-sending-authorization).
        if on_identity is False or (
            on_identity is None and not _computed_from(policy, prop, identity)
        ):
            continue
        document = known(policy.props, "policy")
        if isinstance(document, (str, Mapping)) and document_trusts_cognito(document):
            return True
    return False


def _is_set(value: Any) -> bool:
    """A non-empty string, or a value a preview cannot know yet (it may be one)."""
    return value is UNKNOWN or (isinstance(value, str) and value != "")


def _has_configuration_set(identity: PolicyResource, pools: list[PolicyResource]) -> bool:
    """Whether the sesv2 ``identity`` sends through a configuration set: its own default
    (``configurationSetName``) or one a user pool that may send as it names."""
    if _is_set(known(identity.props, "configurationSetName")):
        return True
    return any(
        _refers_to(pool, ("emailConfiguration", "sourceArn"), identity) is not False
        and _is_set(known(pool.props, "emailConfiguration", "configurationSet"))
        for pool in pools
    )


def _notification_types_of(identity: PolicyResource, topics: list[PolicyResource]) -> list[Any]:
    """The ``notificationType`` of every topic resource that may publish for ``identity``.

    A topic whose ``topicArn`` is known to be absent does not count: SES then publishes
    nothing (SetIdentityNotificationTopic: "If the parameter is omitted ... publishing is
    disabled").
    """
    return [
        known(topic.props, "notificationType")
        for topic in topics
        if _refers_to(topic, ("identity",), identity) is not False
        and _is_set(known(topic.props, "topicArn"))
    ]


def _validate_feedback_notifications(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    """Report each SES identity of the stack that Cognito uses but that has no Bounce or
    no Complaint notification topic in the stack.

    Cognito uses an identity when a user pool's ``emailConfiguration.sourceArn`` names
    it (either sending mode: the bounces count against one account or the other), or
    when an identity policy of the stack on it trusts a Cognito principal. A topic
    belongs to the identity when its ``identity`` property is the identity's name or ARN
    (SES takes either).

    Not judged, so not reported:

    * sesv2 identities that send through a configuration set (the identity's default
      ``configurationSetName``, or ``emailConfiguration.configurationSet`` of a user pool
      that sends as it). A configuration set's event destinations
      (``aws:sesv2/configurationSetEventDestination``) are another way to receive bounces
      and complaints; whether a destination covers them, and reaches anyone, is more than
      the stack shows, so the pack does not try. Classic (``aws:ses``) identities are
      judged by their notification topics only.
    * anything that rests on a value a preview cannot know yet (a source ARN, policy
      document, topic identity, type or topic ARN): it is judged at ``pulumi up``.
    * identities created outside the stack: their topics may live elsewhere too.
    """
    identities = _of_types(args.resources, IDENTITY_TYPES)
    pools = _of_types(args.resources, [USER_POOL_TYPE])
    policies = _of_types(args.resources, IDENTITY_POLICY_TYPES)
    topics = _of_types(args.resources, [IDENTITY_NOTIFICATION_TOPIC_TYPE])
    for identity in identities:
        if not _cognito_uses(identity, pools, policies):
            continue
        if identity.resource_type == SESV2_IDENTITY_TYPE and _has_configuration_set(
            identity, pools
        ):
            continue
        missing = missing_feedback_types(_notification_types_of(identity, topics))
        if not missing:
            continue
        name = known(identity.props, IDENTITY_TYPES[identity.resource_type])
        shown = f"{identity.name!r} ({name})" if isinstance(name, str) else repr(identity.name)
        report_violation(
            f"SES identity {shown} is used by Cognito but no "
            f"aws.ses.IdentityNotificationTopic in this stack sends its "
            f"{' or '.join(missing)} notifications anywhere, so nobody sees them. SES "
            "reviews an account whose bounce rate reaches 5% or complaint rate 0.1%, and may "
            "pause its sending at 10% / 0.5%. Add a topic for each missing type (with "
            "CognitoSesEmail: notifications={...}).",
            identity.urn,
        )


cognito_sending_authorization = ResourceValidationPolicy(
    name="ses-cognito-sending-authorization",
    description=(
        "An SES identity policy that lets Cognito send must allow only ses:SendEmail and "
        "ses:SendRawEmail on the one identity ARN it is attached to, with StringEquals "
        "aws:SourceAccount and ArnLike aws:SourceArn naming that account's user pools, "
        "condition keys written in lower case (aws:)."
    ),
    validate=_validate_sending_authorization,
    # The runtime takes a plain (non-awaitable) return value too; the SDK's alias says
    # Awaitable only.
    remediate=cast(ResourceRemediation, _remediate_condition_key_case),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "allowCrossAccount": {
                "type": "boolean",
                "default": False,
                "description": (
                    "Accept an aws:SourceAccount other than the account that owns the identity."
                ),
            }
        }
    ),
)

identity_policy_no_wildcard_principal = ResourceValidationPolicy(
    name="ses-identity-policy-no-wildcard-principal",
    description=(
        'An SES identity policy must not allow a wildcard principal ("*", {"AWS": "*"}, '
        '{"Service": ["*"]}, ...), with or without conditions, nor use NotPrincipal with '
        "Allow: either lets principals nobody named send as the identity. Name each account, "
        "IAM ARN or service in Principal."
    ),
    validate=_validate_no_wildcard_principal,
    enforcement_level=EnforcementLevel.MANDATORY,
)

user_pool_deletion_protection = ResourceValidationPolicy(
    name="cognito-user-pool-deletion-protection",
    description=(
        "A Cognito user pool should have deletion protection ACTIVE: deleting or replacing "
        'it deletes every user. Set deletion_protection="ACTIVE".'
    ),
    validate=_validate_deletion_protection,
    enforcement_level=EnforcementLevel.ADVISORY,
)

identity_has_cognito_policy = StackValidationPolicy(
    name="cognito-default-identity-has-sending-authorization",
    description=(
        "A user pool in COGNITO_DEFAULT mode whose SourceArn is an SES identity of this "
        "stack needs an identity policy on it that lets Cognito send. Attach one."
    ),
    validate=_validate_identity_has_policy,
    enforcement_level=EnforcementLevel.ADVISORY,
)

# SES thresholds: https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html
identity_has_feedback_notifications = StackValidationPolicy(
    name="ses-cognito-identity-has-feedback-notifications",
    description=(
        "An SES identity of this stack that Cognito sends as should have Bounce and "
        "Complaint notification topics (aws.ses.IdentityNotificationTopic): SES reviews, "
        "and may pause, an account by its bounce and complaint rates. Add the topics."
    ),
    validate=_validate_feedback_notifications,
    enforcement_level=EnforcementLevel.ADVISORY,
)

POLICIES: Final[list[Policy]] = [
    cognito_sending_authorization,
    identity_policy_no_wildcard_principal,
    user_pool_deletion_protection,
    identity_has_cognito_policy,
    identity_has_feedback_notifications,
]
