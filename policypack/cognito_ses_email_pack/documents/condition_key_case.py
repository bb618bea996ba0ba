"""Condition keys written ``AWS:``, which SES refuses: the rule, and the rewrite to ``aws:``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from cognito_ses_email_pack.documents.cognito_principals import cognito_principals
from cognito_ses_email_pack.documents.json_values import load_policy_document, statements

#: Every JSON string, with an optional ":" after it (then it is an object key).
_JSON_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?')


def wrong_case_prefix(key: str) -> str | None:
    """``key`` with its ``aws:`` prefix lower-cased, or None when the prefix is fine."""
    prefix, colon, rest = key.partition(":")
    if colon and prefix.lower() == "aws" and prefix != "aws":
        return f"aws:{rest}"
    return None


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
    new_statements = []
    for statement in statements(parsed):
        block = statement.get("Condition") if isinstance(statement, Mapping) else None
        if not cognito_principals(statement) or not isinstance(block, Mapping):
            new_statements.append(statement)
            continue
        new_block: dict[str, Any] = {}
        for operator, tests in block.items():
            if not isinstance(tests, Mapping):
                new_block[operator] = tests
                continue
            new_tests: dict[str, Any] = {}
            for key, value in tests.items():
                fixed = wrong_case_prefix(key)
                # Leave a key alone if its fixed spelling is already there: not mechanical.
                if fixed is None or fixed in tests:
                    new_tests[key] = value
                else:
                    new_tests[fixed] = value
                    renamed[key] = fixed
                    changed = True
            new_block[operator] = new_tests
        new_statements.append({**statement, "Condition": new_block})
    if not changed:
        return None
    raw = parsed.get("Statement")
    fixed_document = {
        **parsed,
        "Statement": new_statements[0] if isinstance(raw, Mapping) else new_statements,
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
