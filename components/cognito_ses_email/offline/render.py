"""The plan printed: for a reader (text, in colour on a terminal), as one JSON object, or as a
Mermaid flowchart for a pull request."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..rules.verification import GET_EMAIL_IDENTITY
from .account import (
    ACCOUNT,
    DOMAIN_IDENTITY,
    EMAIL_IDENTITY,
    IDENTITY_POLICY,
    STACK_TYPE,
    TOPIC_POLICY,
    USER_POOL,
)
from .plan import VERIFICATION_ANSWERS, Plan, VerificationStep
from .simulated_aws import Registration

#: The output formats of ``--format``.
FORMATS = ("text", "json", "mermaid")

#: Characters a quoted Mermaid label cannot hold as they are, as Mermaid's entity codes.
_MERMAID_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as one JSON object; every key is documented in docs/plan.md."""
    steps = [
        {
            "step": step.name,
            "identity": step.identity,
            "minutes": step.minutes,
            "resource": step.resource,
            "createTimeout": step.create_timeout if step.resource else None,
            "waitedForBy": step.waited_for_by,
            "madeBefore": step.made_before,
            "upError": step.up_error,
        }
        for step in plan.verification_steps
    ]
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
        "policyDocument": plan.input_of(IDENTITY_POLICY, "policy", parse=True),
        "notifications": plan.notifications(),
        "topicPolicyDocument": plan.input_of(TOPIC_POLICY, "policy", parse=True),
        "emailConfiguration": plan.input_of(USER_POOL, "emailConfiguration"),
        "outputs": plan.run.outputs,
        "stack": plan.stack,
        "account": ACCOUNT,
        "region": plan.region,
        "invokes": [call.token for call in plan.run.mocks.calls],
        "verification": {"answer": plan.verification, "steps": steps},
        "notes": plan.notes,
        "warnings": plan.warnings,
    }


def _step_detail(step: VerificationStep) -> str:
    """How long the wait lasts and how it is made."""
    if step.resource is not None:
        timeout = step.create_timeout or "the provider's"
        return f"the DomainIdentityVerification {step.resource} waits (create timeout: {timeout})"
    return f"pulumi up waits up to {step.minutes} min, checking {GET_EMAIL_IDENTITY}"


def _children(ordered: Sequence[Registration]) -> dict[str | None, list[Registration]]:
    """Each resource's children (None: the roots, whose parent is not in ``ordered``)."""
    names = {r.name for r in ordered}
    children: dict[str | None, list[Registration]] = {}
    for r in ordered:
        children.setdefault(r.parent if r.parent in names else None, []).append(r)
    return children


def render(plan: Plan, *, colour: bool = False) -> str:
    """The plan for a reader; ``colour``: headings bold and notes yellow (SGR codes)."""

    def heading(text: str) -> str:
        return f"\033[1m{text}\033[0m" if colour else text

    note = "\033[33mnote:\033[0m" if colour else "note:"
    ordered = plan.ordered()
    children = _children(ordered)
    tree: list[str] = []

    def walk(parent: str | None, prefix: str) -> None:
        for index, child in enumerate(children.get(parent, [])):
            last = index == len(children[parent]) - 1
            branch, below = ("└─ ", "   ") if last else ("├─ ", "│  ")
            if parent is None:
                branch = below = ""
            tree.append(f"  {prefix}{branch}{child.name}  ({child.type})")
            walk(child.name, prefix + below)

    walk(None, "")
    count = sum(1 for r in ordered if r.type != STACK_TYPE)
    lines = [
        heading(
            f"Plan of stack {plan.stack!r} of project {plan.project!r}: simulated AWS account "
            f"{ACCOUNT}, Region {plan.region} (offline: nothing was created)"
        ),
        *[f"{note} {text}" for text in plan.notes],
        "",
        heading(f"Resources ({count} + the stack):"),
        *tree,
        "",
        heading("Waits for (created only after):"),
    ]
    waits = []  # a wait for SES (not a resource) in brackets
    for r in ordered:
        steps = [
            f"[{s.name}]"
            for s in plan.verification_steps
            if s.resource is None and r.name in s.waited_for_by
        ]
        if r.dependencies or steps:
            waits.append(f"  {r.name} <- {', '.join([*sorted(r.dependencies), *steps])}")
    lines += waits or ["  nothing: every resource can be created at once"]
    lines += _verification(plan, heading)
    pools = plan.of_type(USER_POOL)
    lines += [
        "",
        heading(f"Email configuration of {pools[0].name}:" if pools else "Email configuration:"),
    ]
    configuration = plan.input_of(USER_POOL, "emailConfiguration")
    if isinstance(configuration, dict):
        width = max((len(key) for key in configuration), default=0)
        lines += [f"  {key:<{width}}  {value}" for key, value in configuration.items()]
    else:
        lines.append("  (no user pool)")
    lines += _policies(plan, heading)
    lines += ["", heading("Outputs:"), *_outputs(plan.run.outputs)]
    return "\n".join(lines)


def _verification(plan: Plan, heading: Callable[[str], str]) -> list[str]:
    """The waits for SES to verify the identity and, when it does not, how ``up`` ends."""
    lines = ["", heading("SES verification (a step of pulumi up, not a resource):")]
    if not plan.verification_steps:
        return [*lines, "  none: nothing waits for SES to verify the identity"]
    for step in plan.verification_steps:
        then = ", ".join(step.waited_for_by) or "nothing"
        lines.append(f"  {step.name}: {_step_detail(step)}; then: {then}")
    status = VERIFICATION_ANSWERS[plan.verification]
    for step in plan.verification_steps:
        if step.up_error is not None:
            lines += [
                "",
                heading(
                    f"pulumi up when SES answers {status} (--verification {plan.verification}):"
                ),
                f"  creates: {', '.join(step.made_before) or 'nothing'}",
                f"  waits: {step.name}",
                f"  ends with: error: {step.up_error}",
                f"  not created: {', '.join(step.waited_for_by) or 'nothing'}",
            ]
    return lines


def _policies(plan: Plan, heading: Callable[[str], str]) -> list[str]:
    """The sending authorization policy, the notifications and the topic's policy."""
    policies = plan.of_type(IDENTITY_POLICY)
    if policies:
        policy, (name, identity) = policies[0], map(policies[0].inputs.get, ("name", "identity"))
        lines = [
            "",
            heading(f"Sending authorization policy {name!r} ({policy.name}) on {identity}:"),
            json.dumps(plan.input_of(IDENTITY_POLICY, "policy", parse=True), indent=2),
        ]
    else:
        lines = ["", heading("Sending authorization policy: none (DEVELOPER mode needs none)")]
    notified = plan.notifications()
    if notified:
        lines += ["", heading("Notifications (SES -> SNS):")]
        lines += [f"  {n['type']}: {n['identity']} -> {n['topicArn']}" for n in notified]
    topic_policy = plan.input_of(TOPIC_POLICY, "policy", parse=True)
    if topic_policy is not None:
        lines += ["", heading("Notification topic policy:"), json.dumps(topic_policy, indent=2)]
    return lines


def _outputs(outputs: Mapping[str, Any]) -> list[str]:
    """Each output on a line; DNS records (a list of name/type/value) as an aligned table."""
    lines: list[str] = []
    for key, value in outputs.items():
        records = isinstance(value, list) and bool(value)
        records = records and all(
            isinstance(i, dict) and {"name", "type", "value"} <= set(i) for i in value
        )
        if not records:
            lines.append(f"  {key}: {value if isinstance(value, str) else json.dumps(value)}")
            continue
        rows = [
            ("NAME", "TYPE", "VALUE"),
            *((str(r["name"]), str(r["type"]), str(r["value"])) for r in value),
        ]
        name_width, type_width = (max(len(row[i]) for row in rows) for i in (0, 1))
        lines.append(f"  {key}:")
        lines += [f"    {n:<{name_width}}  {t:<{type_width}}  {v}".rstrip() for n, t, v in rows]
    return lines or ["  (none)"]


def mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label: quotes and the characters Mermaid parses escaped."""
    escaped = re.sub(r'["#<>`]', lambda m: _MERMAID_ENTITIES[m.group()], text)
    return '"' + " ".join(escaped.split()) + '"'


def mermaid(plan: Plan) -> str:
    """The plan as a Mermaid flowchart: a subgraph per component, an arrow to what waits, and
    each wait for SES a hexagon with dotted arrows from the identity and to what waits."""
    ordered = [r for r in plan.ordered() if r.type != STACK_TYPE]
    ids = {r.name: f"r{index}" for index, r in enumerate(ordered)}
    children = _children(ordered)
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
    for r in ordered:
        lines += [f"  {ids[d]} --> {ids[r.name]}" for d in sorted(r.dependencies) if d in ids]
    identities = {
        str(r.inputs.get("email") or r.inputs.get("domain")): ids[r.name]
        for r in ordered
        if r.type in (EMAIL_IDENTITY, DOMAIN_IDENTITY)
    }
    for index, step in enumerate(plan.verification_steps):
        node = f"v{index}"
        lines.append(
            f"  {node}{{{{{mermaid_label(f'{step.name} (wait: {_step_detail(step)})')}}}}}"
        )
        source = ids.get(step.resource or "") or identities.get(step.identity)
        lines += [f"  {source} -.-> {node}"] if source else []
        lines += [f"  {node} -.-> {ids[name]}" for name in step.waited_for_by if name in ids]
    return "\n".join(lines)
