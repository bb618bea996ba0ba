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
    """``value``, or the int a whole float is: the engine sends ``30`` as ``30.0``."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_pattern(argument: str, pattern: re.Pattern[str], rule: str, value: Any) -> str:
    """``value`` if it is a string that ``pattern`` matches whole, else ``rule`` as the error."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise argument_error(argument, f"{rule} (got {value!r})")
    return value


def check_text(argument: str, value: str) -> None:
    """A ValueError naming ``argument`` when ``value`` holds a lone surrogate (no UTF-8 has it)."""
    for position, character in enumerate(value):
        if "\ud800" <= character <= "\udfff":
            raise argument_error(
                argument,
                f"holds a lone surrogate U+{ord(character):04X} at position {position}: half "
                "of a character (a broken emoji?), which no UTF-8 text can hold; write the "
                "whole character or leave it out",
            )
