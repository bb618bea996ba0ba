"""The plan printed: for a reader (text, in colour on a terminal), as one JSON object, or as a
Mermaid flowchart for a pull request."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..resources.verification import GET_EMAIL_IDENTITY
from .account import STACK_TYPE
from .answers import ACCOUNT, DOMAIN_IDENTITY, EMAIL_IDENTITY, IDENTITY_POLICY, USER_POOL
from .plan import VERIFICATION_ANSWERS, Plan, VerificationStep
from .simulated_aws import Registration

#: The output formats of ``--format``.
FORMATS = ("text", "json", "mermaid")

#: SGR codes of the text output's colours (used only on a terminal without ``NO_COLOR``).
_BOLD, _YELLOW, _RESET = "\033[1m", "\033[33m", "\033[0m"


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as one JSON object; every key is documented in docs/plan.md."""
    return {
        "resources": [
            {
                "type": r.type,
                "name": r.name,
                "parent": r.parent,
                "dependsOn": sorted(r.dependencies),
            }
            for r in plan.ordered()
        ],
        "policyDocument": plan.policy_document(),
        "notifications": plan.notifications(),
        "topicPolicyDocument": plan.topic_policy_document(),
        "emailConfiguration": plan.email_configuration(),
        "outputs": plan.run.outputs,
        "stack": plan.stack,
        "account": ACCOUNT,
        "region": plan.region,
        "invokes": plan.run.invokes,
        "verification": {
            "answer": plan.verification,
            "steps": [_step_json(step) for step in plan.verification_steps],
        },
        "notes": plan.notes,
        "warnings": plan.warnings,
    }


def _step_json(step: VerificationStep) -> dict[str, Any]:
    return {
        "step": step_name(step),
        "identity": step.identity,
        "minutes": step.minutes,
        "resource": step.resource,
        "createTimeout": step.create_timeout if step.resource else None,
        "waitedForBy": step.waited_for_by,
        "madeBefore": step.made_before,
        "upError": step.up_error,
    }


def step_name(step: VerificationStep) -> str:
    """How the outputs name a wait: ``SES verifies <identity>``."""
    return f"SES verifies {step.identity}"


def _step_detail(step: VerificationStep) -> str:
    """How long the wait lasts and how it is made."""
    if step.resource is not None:
        timeout = step.create_timeout or "the provider's"
        return f"the DomainIdentityVerification {step.resource} waits (create timeout: {timeout})"
    return f"pulumi up waits up to {step.minutes} min, checking {GET_EMAIL_IDENTITY}"


def _tree(ordered: Sequence[Registration]) -> list[str]:
    """``name  (type)`` lines drawn as a tree under each parent."""
    children: dict[str | None, list[Registration]] = {}
    names = {r.name for r in ordered}
    for registration in ordered:
        parent = registration.parent if registration.parent in names else None
        children.setdefault(parent, []).append(registration)
    lines: list[str] = []

    def walk(parent: str | None, prefix: str) -> None:
        siblings = children.get(parent, [])
        for index, child in enumerate(siblings):
            last = index == len(siblings) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            lines.append(f"{prefix}{branch}{child.name}  ({child.type})")
            below = "" if parent is None else ("   " if last else "│  ")
            walk(child.name, prefix + below)

    walk(None, "")
    return lines


def render(plan: Plan, *, colour: bool = False) -> str:
    """The plan for a reader; ``colour``: headings bold and notes yellow (SGR codes)."""

    def heading(text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if colour else text

    note = f"{_YELLOW}note:{_RESET}" if colour else "note:"
    lines = [
        heading(
            f"Plan of stack {plan.stack!r} of project {plan.project!r}: simulated AWS account "
            f"{ACCOUNT}, Region {plan.region} (offline: nothing was created)"
        ),
    ]
    lines += [f"{note} {text}" for text in plan.notes]
    ordered = plan.ordered()
    count = sum(1 for r in ordered if r.type != STACK_TYPE)
    lines += ["", heading(f"Resources ({count} + the stack):")]
    lines += [f"  {line}" for line in _tree(ordered)]
    lines += ["", heading("Waits for (created only after):")]
    lines += _waits(ordered, plan.verification_steps)
    lines += _verification(plan, heading)
    lines += _email_configuration(plan, heading)
    lines += _policies(plan, heading)
    lines += ["", heading("Outputs:")]
    lines += _outputs(plan.run.outputs)
    return "\n".join(lines)


def _waits(ordered: Sequence[Registration], steps: Sequence[VerificationStep]) -> list[str]:
    """``name <- what it waits for``; a wait for SES (not a resource) in brackets."""
    lines = []
    for r in ordered:
        for_steps = [
            f"[{step_name(s)}]" for s in steps if s.resource is None and r.name in s.waited_for_by
        ]
        if r.dependencies or for_steps:
            lines.append(f"  {r.name} <- {', '.join([*sorted(r.dependencies), *for_steps])}")
    return lines or ["  nothing: every resource can be created at once"]


def _verification(plan: Plan, heading: Any) -> list[str]:
    """The waits for SES to verify the identity and, when it does not, how ``up`` ends."""
    lines = ["", heading("SES verification (a step of pulumi up, not a resource):")]
    if not plan.verification_steps:
        return [*lines, "  none: nothing waits for SES to verify the identity"]
    for step in plan.verification_steps:
        then = ", ".join(step.waited_for_by) or "nothing"
        lines.append(f"  {step_name(step)}: {_step_detail(step)}; then: {then}")
    for step in plan.verification_steps:
        if step.up_error is None:
            continue
        status = VERIFICATION_ANSWERS[plan.verification]
        lines += [
            "",
            heading(f"pulumi up when SES answers {status} (--verification {plan.verification}):"),
            f"  creates: {', '.join(step.made_before) or 'nothing'}",
            f"  waits: {step_name(step)}",
            f"  ends with: error: {step.up_error}",
            f"  not created: {', '.join(step.waited_for_by) or 'nothing'}",
        ]
    return lines


def _email_configuration(plan: Plan, heading: Any) -> list[str]:
    pools = plan.of_type(USER_POOL)
    title = f"Email configuration of {pools[0].name}:" if pools else "Email configuration:"
    lines = ["", heading(title)]
    configuration = plan.email_configuration()
    if isinstance(configuration, dict):
        width = max((len(key) for key in configuration), default=0)
        lines += [f"  {key:<{width}}  {value}" for key, value in configuration.items()]
    else:
        lines.append("  (no user pool)")
    return lines


def _policies(plan: Plan, heading: Any) -> list[str]:
    """The sending authorization policy, the notifications and the topic's policy."""
    policies = plan.of_type(IDENTITY_POLICY)
    lines = [""]
    if policies:
        policy = policies[0]
        lines.append(
            heading(
                f"Sending authorization policy {policy.inputs.get('name')!r} "
                f"({policy.name}) on {policy.inputs.get('identity')}:"
            )
        )
        lines.append(json.dumps(plan.policy_document(), indent=2))
    else:
        lines.append(heading("Sending authorization policy: none (DEVELOPER mode needs none)"))
    notified = plan.notifications()
    if notified:
        lines += ["", heading("Notifications (SES -> SNS):")]
        lines += [f"  {n['type']}: {n['identity']} -> {n['topicArn']}" for n in notified]
    topic_policy = plan.topic_policy_document()
    if topic_policy is not None:
        lines += ["", heading("Notification topic policy:"), json.dumps(topic_policy, indent=2)]
    return lines


def _outputs(outputs: Mapping[str, Any]) -> list[str]:
    """Each output on a line; DNS records (a list of name/type/value) as a table."""
    lines: list[str] = []
    for key, value in outputs.items():
        if _is_record_list(value):
            lines.append(f"  {key}:")
            lines += [f"    {row}" for row in dns_table(value)]
            continue
        shown = json.dumps(value) if not isinstance(value, str) else value
        lines.append(f"  {key}: {shown}")
    return lines or ["  (none)"]


def _is_record_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and {"name", "type", "value"} <= set(item) for item in value)
    )


def dns_table(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """DNS records as aligned ``NAME  TYPE  VALUE`` rows under a header."""
    rows = [("NAME", "TYPE", "VALUE")]
    rows += [(str(r["name"]), str(r["type"]), str(r["value"])) for r in records]
    name_width = max(len(row[0]) for row in rows)
    type_width = max(len(row[1]) for row in rows)
    return [f"{n:<{name_width}}  {t:<{type_width}}  {v}".rstrip() for n, t, v in rows]


# -- Mermaid -------------------------------------------------------------------------------

#: Characters a quoted Mermaid label cannot hold as they are, as Mermaid's entity codes.
_MERMAID_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label: quotes and the characters Mermaid parses escaped."""
    escaped = re.sub(r'["#<>`]', lambda m: _MERMAID_ENTITIES[m.group()], text)
    return '"' + " ".join(escaped.split()) + '"'


def mermaid(plan: Plan) -> str:
    """The plan as a Mermaid flowchart: a node per resource, a subgraph per component, and an
    arrow from each resource to what waits for it."""
    ordered = [r for r in plan.ordered() if r.type != STACK_TYPE]
    ids = {r.name: f"r{index}" for index, r in enumerate(ordered)}
    children: dict[str | None, list[Registration]] = {}
    for registration in ordered:
        parent = registration.parent if registration.parent in ids else None
        children.setdefault(parent, []).append(registration)
    lines = ["flowchart TD"]

    def walk(parent: str | None, indent: str) -> None:
        for child in children.get(parent, []):
            label = mermaid_label(f"{child.name} ({child.type})")
            if child.name in children:
                lines.append(f"{indent}subgraph {ids[child.name]}[{label}]")
                walk(child.name, indent + "  ")
                lines.append(f"{indent}end")
            else:
                lines.append(f"{indent}{ids[child.name]}[{label}]")

    walk(None, "  ")
    for registration in ordered:
        for dependency in sorted(registration.dependencies):
            if dependency in ids:
                lines.append(f"  {ids[dependency]} --> {ids[registration.name]}")
    lines += _mermaid_waits(plan, ordered, ids)
    return "\n".join(lines)


def _mermaid_waits(
    plan: Plan, ordered: Sequence[Registration], ids: Mapping[str, str]
) -> list[str]:
    """Each wait for SES as a hexagon, with dotted arrows from the identity and to what waits.

    A DomainIdentityVerification (the wait with a hosted zone) is already a node: a dotted
    arrow to the hexagon says it is the wait.
    """
    lines = []
    identities = {
        str(r.inputs.get("email") or r.inputs.get("domain")): ids[r.name]
        for r in ordered
        if r.type in (EMAIL_IDENTITY, DOMAIN_IDENTITY)
    }
    for index, step in enumerate(plan.verification_steps):
        node = f"v{index}"
        label = mermaid_label(f"{step_name(step)} (wait: {_step_detail(step)})")
        lines.append(f"  {node}{{{{{label}}}}}")
        source = ids.get(step.resource or "") or identities.get(step.identity)
        if source:
            lines.append(f"  {source} -.-> {node}")
        lines += [f"  {node} -.-> {ids[name]}" for name in step.waited_for_by if name in ids]
    return lines
