"""The argument error every rule raises, and the checks every argument shares (pure)."""

from __future__ import annotations

import re
from typing import Any


def one_line(text: str) -> str:
    """``text`` on one line: each run of whitespace (line breaks too) one space."""
    return " ".join(text.split())


def argument_error(argument: str, problem: str) -> ValueError:
    """The error for a bad ``argument``: its name first, then what is wrong and what to do."""
    return ValueError(f"{argument}: {problem}")


def check_choice(argument: str, value: Any, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``."""
    if value not in choices:
        raise argument_error(
            argument, f"must be one of {', '.join(map(repr, choices))}, got {value!r}"
        )
    return str(value)


def whole_number(value: Any) -> Any:
    """``value``, or the int it is when it is a whole float (``30.0``): the engine sends every
    number as a double, so a program in another language gives ``30`` as ``30.0``. Anything
    else (``2.5``, a bool, a string) is left for the argument's own check to refuse."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_pattern(argument: str, pattern: re.Pattern[str], value: Any, rule: str) -> str:
    """``value`` if it is a string that ``pattern`` matches whole, else ``rule`` as the error."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise argument_error(argument, f"{rule} (got {value!r})")
    return value


def surrogate_problem(text: str) -> str | None:
    """Why ``text`` cannot reach AWS because it holds a lone surrogate, or None.

    A lone surrogate (U+D800-U+DFFF alone) is half of a character beyond U+FFFF, what
    is left of an emoji cut in two; no UTF-8 or UTF-16 encoding holds it, so neither
    Pulumi nor AWS can carry the text. The one check for it, for every text argument.
    """
    for position, character in enumerate(text):
        if "\ud800" <= character <= "\udfff":
            return (
                f"holds a lone surrogate U+{ord(character):04X} at position {position}: half "
                "of a character (a broken emoji?), which no UTF-8 text can hold; write the "
                "whole character or leave it out"
            )
    return None


def check_text(argument: str, value: str) -> None:
    """A ValueError naming ``argument`` when the string ``value`` holds a lone surrogate."""
    problem = surrogate_problem(value)
    if problem:
        raise argument_error(argument, problem)
