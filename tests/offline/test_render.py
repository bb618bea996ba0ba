"""The plan printed for a reader, as JSON and as a Mermaid flowchart."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from cognito_ses_email.offline.account import STACK_TYPE, VERIFICATION_TOKEN
from cognito_ses_email.offline.plan import Plan
from cognito_ses_email.offline.render import mermaid_label, render
from cognito_ses_email.offline.simulated_aws import Deployment, Registration
from tests.offline.plan_support import (
    IDENTITY,
    POLICY,
    POOL,
    plan,
)
from tests.support import ROOT

#: These start processes (the plan): `-m 'not slow'` skips them.
pytestmark = pytest.mark.slow


def test_human_output_shows_tree_waits_configuration_and_policy() -> None:
    result = plan()
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "placeholder no-reply@example.com" in text
    assert "└─ cognito-email  (cognito-ses-email:index:CognitoSesEmail)" in text
    assert f"├─ {IDENTITY}  (aws:ses/emailIdentity:EmailIdentity)" in text
    assert f"└─ {POOL}  (aws:cognito/userPool:UserPool)" in text
    assert f"{POLICY} <- {IDENTITY}" in text
    assert "emailSendingAccount  COGNITO_DEFAULT" in text
    policy = text.split("Sending authorization policy", 1)[1].split("\n", 1)[1]
    policy = policy.split("\n\nOutputs:", 1)[0]
    assert json.loads(policy)["Statement"][0]["Sid"] == "AllowCognitoToSendAsIdentity"
    assert '\n  "Statement": [' in policy  # pretty-printed
    assert "userPoolId: " in text


def test_json_alias_and_format_json_print_the_same_object() -> None:
    alias, chosen = plan("--json"), plan("--format", "json")
    assert alias.returncode == chosen.returncode == 0, (alias.stderr, chosen.stderr)
    assert json.loads(alias.stdout) == json.loads(chosen.stdout)


def test_dns_records_are_a_table_of_name_type_and_value() -> None:
    result = plan(
        "--config", "fromAddress=no-reply@example.com", "--config", "sendingAccount=DEVELOPER",
        "--config", "identityDomain=example.com", "--config", "hostedZoneId=Z0123456789ABCDEFGHIJ",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("  dnsRecords:\n", 1)[1].splitlines()
    assert table[0].split() == ["NAME", "TYPE", "VALUE"]
    rows = [line.split() for line in table[1:5]]
    assert rows[0] == ["_amazonses.example.com", "TXT", VERIFICATION_TOKEN]
    assert [row[1] for row in rows] == ["TXT", "CNAME", "CNAME", "CNAME"]
    assert all(row[2].endswith(".dkim.amazonses.com") for row in rows[1:])
    assert table[0].index("TYPE") == table[1].index("TXT")  # aligned columns
    assert "\033[" not in result.stdout  # piped: no colour


def test_colour_marks_headings_and_notes_only(deployment: Deployment) -> None:
    # Under the mocks, in this process: a small program.
    registrations = [
        Registration("urn:s", STACK_TYPE, "s", False, None, frozenset()),
        Registration("urn:t", "aws:sns/topic:Topic", "t", True, "s", frozenset()),
    ]
    deployment.registrations, deployment.outputs = registrations, {"x": "y"}
    plan_ = Plan("p", "s", "us-east-1", deployment, ["a note"])
    coloured = render(plan_, colour=True)
    assert "\033[1mResources (1 + the stack):\033[0m" in coloured
    assert "\033[33mnote:\033[0m a note" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == render(plan_)


MERMAID_NODE = re.compile(r'^ *(?:subgraph )?(?P<id>r[0-9]+)\["(?P<label>[^"]*)"\]$')
MERMAID_EDGE = re.compile(r"^  (?P<source>r[0-9]+) --> (?P<target>r[0-9]+)$")
#: A wait for SES (a step, not a resource): a hexagon, and dotted arrows to and from it.
MERMAID_WAIT = re.compile(r'^  (?P<id>v[0-9]+)\{\{"(?P<label>[^"]*)"\}\}$')
MERMAID_DOTTED = re.compile(r"^  (?P<source>[rv][0-9]+) -\.-> (?P<target>[rv][0-9]+)$")


def parse_mermaid_waits(text: str) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """The waits' labels by id, and the dotted arrows (identity -> wait -> what waits)."""
    lines = text.splitlines()
    waits = {m["id"]: m["label"] for m in map(MERMAID_WAIT.match, lines) if m}
    dotted = {(m["source"], m["target"]) for m in map(MERMAID_DOTTED.match, lines) if m}
    assert all(source in waits or target in waits for source, target in dotted)
    return waits, dotted


def parse_mermaid(text: str) -> tuple[dict[str, str], set[tuple[str, str]], dict[str, str]]:
    """Labels by id, edges, and each node's enclosing subgraph; fails on any other line."""
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    labels: dict[str, str] = {}
    edges: set[tuple[str, str]] = set()
    parents: dict[str, str] = {}
    open_subgraphs: list[str] = []
    for line in lines[1:]:
        node, edge = MERMAID_NODE.match(line), MERMAID_EDGE.match(line)
        if MERMAID_WAIT.match(line) or MERMAID_DOTTED.match(line):
            continue  # parse_mermaid_waits
        if node:
            assert not re.search(r"[<>`]", node["label"]), line  # escaped as #lt; #gt; #96;
            labels[node["id"]] = node["label"]
            if open_subgraphs:
                parents[node["id"]] = open_subgraphs[-1]
            if line.lstrip().startswith("subgraph "):
                open_subgraphs.append(node["id"])
        elif line.strip() == "end":
            open_subgraphs.pop()
        else:
            assert edge, f"not a node, an end or an edge: {line!r}"
            edges.add((edge["source"], edge["target"]))
    assert not open_subgraphs
    assert all(source in labels and target in labels for source, target in edges)
    return labels, edges, parents


@pytest.mark.parametrize(
    "args", [[], ["--config", "createUserPool=false"], ["--config", "sourceArnScope=user-pool"]]
)
def test_mermaid_is_the_tree_as_subgraphs_and_the_waits_as_arrows(args: list[str]) -> None:
    result = plan("--format", "mermaid", *args)
    assert result.returncode == 0, result.stderr
    labels, edges, parents = parse_mermaid(result.stdout)
    data = json.loads(plan("--json", *args).stdout)
    resources = [r for r in data["resources"] if r["type"] != "pulumi:pulumi:Stack"]
    ids = {label.split(" (", 1)[0]: node for node, label in labels.items()}
    assert set(ids) == {r["name"] for r in resources}
    assert all(labels[ids[r["name"]]] == f"{r['name']} ({r['type']})" for r in resources)
    assert edges == {(ids[dep], ids[r["name"]]) for r in resources for dep in r["dependsOn"]}
    component = ids["cognito-email"]
    assert {parents.get(ids[r["name"]]) for r in resources if r["parent"] == "cognito-email"} == {
        component
    }
    assert component not in parents  # the component is a top-level subgraph


def test_mermaid_label_quotes_and_escapes() -> None:
    assert mermaid_label('a "b" #1 <c> `d`') == '"a #quot;b#quot; #35;1 #lt;c#gt; #96;d#96;"'
    assert mermaid_label("two\nlines") == '"two lines"'


def test_every_json_key_is_documented_in_docs_plan_md(default_plan: dict[str, Any]) -> None:
    page = (ROOT / "docs" / "plan.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(?P<key>[A-Za-z]+)` \|", page, re.MULTILINE)
    assert sorted(table) == sorted(default_plan)  # each key once, and no key the plan lacks
