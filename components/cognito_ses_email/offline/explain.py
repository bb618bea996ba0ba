"""The offline plan's words about the configuration: an error of the program's run as one line
naming the setting at fault and what to do, and the settings that look like mistakes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pulumi
import pulumi_aws as aws

from ..rules import keys
from .account import UnansweredInvoke, UnansweredStackReference
from .project import Project, bare_key
from .pulumi_config import PlanError

#: The FROM address the plan uses when none is configured (a placeholder: not yours).
PLACEHOLDER_ADDRESS = "no-reply@example.com"

#: ``argument: problem``, as the component words every argument error; the argument as the
#: program spelt it (snake_case, camelCase or misspelt), with an index or key in brackets.
_ARGUMENT_ERROR_RE = re.compile(r"^(?P<argument>[^\s:\[]+(?:\[[^\]]*\])?): (?P<problem>.+)$")

_UNANSWERED_RE = re.compile(r"the simulated AWS account does not answer (?P<token>\S+)")


def chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it was raised from or during."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        pending.extend(a for a in current.args if isinstance(a, BaseException))


def one_line(text: str) -> str:
    return " ".join(text.split())


def explain(
    error: BaseException,
    project: Project,
    *,
    placeholder: bool = False,
    stack_outputs: Mapping[str, Mapping[str, str]] | None = None,
) -> str | None:
    """One line naming the setting at fault and what to do, or None if not a config error.

    ``placeholder``: the program ran on :data:`PLACEHOLDER_ADDRESS`, so an error about the
    FROM address says it is the placeholder. ``stack_outputs``: those ``--stack-output``
    gave, so that a ``require_output`` of another is named.
    """
    message = _config_error(error, project) or _unanswered(error, stack_outputs or {})
    if message is None:
        message = _argument_error(error, project, placeholder=placeholder)
        if message is not None and placeholder and _about_the_address(message):
            message += (
                f" ({PLACEHOLDER_ADDRESS} is the plan's placeholder, as fromAddress is not "
                "set: pass --config fromAddress=YOUR_ADDRESS)"
            )
    return message


def _config_error(error: BaseException, project: Project) -> str | None:
    for current in chain(error):
        if isinstance(current, pulumi.ConfigMissingError):
            key = bare_key(project.name, current.key)
            return f"{key} is required; pass --config {key}=VALUE or set it in the stack file"
        if isinstance(current, pulumi.ConfigTypeError):
            key = bare_key(project.name, current.key)
            return one_line(
                f"{key}: {current.value!r} is not a valid {current.expect_type}; "
                f"pass --config {key}=VALUE with a {current.expect_type}"
            )
    return None


def _unanswered(error: BaseException, stack_outputs: Mapping[str, Mapping[str, str]]) -> str | None:
    """The line for what the simulated account cannot answer: an invoke (naming the
    function), a stack reference or one of its outputs (naming it, and --stack-output)."""
    given = {name for outputs in stack_outputs.values() for name in outputs}
    for current in chain(error):
        if isinstance(current, UnansweredStackReference):
            return (
                f"the program reads the stack reference {current.name}, whose outputs the plan "
                "cannot read offline: give each output it reads with --stack-output "
                f"{current.name}:NAME=VALUE"
            )
        # StackReference.require_output raises KeyError(name) for an output the stack lacks.
        name = current.args[0] if isinstance(current, KeyError) and current.args else None
        if stack_outputs and isinstance(name, str) and name not in given:
            return (
                f"KeyError {name!r}: the program requires an output {name!r} (require_output),"
                f" which no --stack-output gives: add --stack-output STACK:{name}=VALUE"
            )
        token = current.token if isinstance(current, UnansweredInvoke) else None
        match = _UNANSWERED_RE.search(str(current))
        token = token or (match["token"] if match else None)
        if token:
            return (
                f"the program calls {token}, which the plan's simulated AWS account does not "
                "answer, so the program cannot be planned offline; in your own tests, answer it "
                "in a subclass of cognito_ses_email.testing.Mocks"
            )
    return None


def _argument_error(error: BaseException, project: Project, *, placeholder: bool) -> str | None:
    settings = {bare_key(project.name, key) for key in project.config}
    if placeholder:
        settings.add("fromAddress")
    for current in chain(error):
        if isinstance(current, ValueError):
            match = _ARGUMENT_ERROR_RE.match(one_line(str(current)))
            if match is None:
                continue
            argument = match["argument"]
            setting = keys.camel_case(argument)
            given = setting in settings and setting != argument
            named = f"{setting} ({argument})" if given else argument
            return f"{named}: {match['problem']}"
    return None


def _about_the_address(message: str) -> bool:
    return message.startswith("fromAddress (from_address)") or PLACEHOLDER_ADDRESS in message


def check_provider_keys(project: Project) -> None:
    """Refuses an ``aws:`` key pulumi-aws does not take, naming the closest one: ``pulumi
    up`` stops on it ("could not validate provider configuration: Invalid or unknown key",
    pulumi/pulumi-aws issue 2446). pulumi-aws's keys are its Provider's arguments."""
    known = {
        f"aws:{keys.camel_case(name)}"
        for name, value in vars(aws.ProviderArgs).items()
        if isinstance(value, property)
    }
    for key in sorted(project.config):
        if key.startswith("aws:") and key not in known:
            where = project.given.get(key, "Pulumi.yaml")
            raise PlanError(
                f"{key} (set in {where}) is not a setting of pulumi-aws"
                f'{keys.did_you_mean(key, known)}: `pulumi up` stops on it ("could not'
                ' validate provider configuration: Invalid or unknown key")'
            )


def unread_settings(project: Project, read: set[str]) -> list[str]:
    """Warnings for keys of the project's namespace that were set, not declared and not read.

    Pulumi passes an undeclared key to the program without complaint (its config merge checks
    declared keys only), so this is a warning, not an error.
    """
    declared = sorted(bare_key(project.name, key) for key in project.declared)
    warnings: list[str] = []
    for key, where in project.given.items():
        if not key.startswith(f"{project.name}:") or key in project.declared or key in read:
            continue
        shown = bare_key(project.name, key)
        warnings.append(
            f"{shown} (set in {where}) is not declared in Pulumi.yaml's config and the "
            f"program does not read it{keys.did_you_mean(shown, declared)}"
        )
    return warnings
