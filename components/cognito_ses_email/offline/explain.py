"""The offline plan's words about the configuration: a failed run as one line naming the setting
at fault and what to do, and the settings that look like mistakes."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from ..rules import keys
from ..rules.errors import one_line
from .project import PlanError, Project, bare_key

#: The FROM address the plan uses when none is configured (a placeholder: not yours).
PLACEHOLDER_ADDRESS = "no-reply@example.com"

#: ``argument: problem``, as the component words an argument error (an index or key in brackets).
_ARGUMENT_ERROR_RE = re.compile(r"^(?P<argument>[^\s:\[]+(?:\[[^\]]*\])?): (?P<problem>.+)$")


def chain(error: BaseException) -> list[BaseException]:
    """``error`` and every exception it was raised from or during, or carries as an argument."""
    found = [error]
    for current in found:  # found grows as it is read: breadth first
        for e in (current.__cause__, current.__context__, *current.args):
            if isinstance(e, BaseException) and all(e is not seen for seen in found):
                found.append(e)
    return found


def explain(
    error: BaseException,
    project: Project,
    *,
    placeholder: bool = False,
    stack_outputs: Mapping[str, Mapping[str, str]] | None = None,
) -> str | None:
    """One line naming the setting at fault and what to do, or None if not a config error."""
    message = _config_error(error, project) or _unanswered(error, stack_outputs or {})
    if message is None:
        message = _argument_error(error, project, placeholder=placeholder)
        about_it = message is not None and (
            message.startswith("fromAddress (from_address)") or PLACEHOLDER_ADDRESS in message
        )
        if placeholder and about_it:
            message = (
                f"{message} ({PLACEHOLDER_ADDRESS} is the plan's placeholder, as fromAddress is "
                "not set: pass --config fromAddress=YOUR_ADDRESS)"
            )
    return message


def _config_error(error: BaseException, project: Project) -> str | None:
    for current in chain(error):
        if isinstance(current, pulumi.ConfigMissingError):
            key = bare_key(project.name, current.key)
            return f"{key} is required; pass --config {key}=VALUE or set it in the stack file"
        if isinstance(current, pulumi.ConfigTypeError):
            key, expected = bare_key(project.name, current.key), current.expect_type
            return one_line(
                f"{key}: {current.value!r} is not a valid {expected}; "
                f"pass --config {key}=VALUE with a {expected}"
            )
    return None


def _unanswered(error: BaseException, stack_outputs: Mapping[str, Mapping[str, str]]) -> str | None:
    """What the simulated account cannot answer: an invoke, a stack reference or an output."""
    given = {name for outputs in stack_outputs.values() for name in outputs}
    for current in chain(error):
        # The simulated account's words (account.py), whichever exception carries them.
        reference = re.search(r"of the stack reference (.+?) are not given", str(current))
        if reference:
            return (
                f"the program reads the stack reference {reference[1]}, whose outputs the plan "
                "cannot read offline: give each output it reads with --stack-output "
                f"{reference[1]}:NAME=VALUE"
            )
        # StackReference.require_output raises KeyError(name) for an output the stack lacks.
        name = current.args[0] if isinstance(current, KeyError) and current.args else None
        if stack_outputs and isinstance(name, str) and name not in given:
            return (
                f"KeyError {name!r}: the program requires an output {name!r} (require_output),"
                f" which no --stack-output gives: add --stack-output STACK:{name}=VALUE"
            )
        invoke = re.search(r"the simulated AWS account does not answer (\S+)", str(current))
        if invoke:
            return (
                f"the program calls {invoke[1]}, which the plan's simulated AWS account does not "
                "answer, so the program cannot be planned offline; in your own tests, answer it "
                "in a subclass of cognito_ses_email.testing.Mocks"
            )
    return None


def _argument_error(error: BaseException, project: Project, *, placeholder: bool) -> str | None:
    """``setting (argument): problem`` for the component's error about an argument."""
    settings = {bare_key(project.name, key) for key in project.config}
    settings |= {"fromAddress"} if placeholder else set()
    for current in chain(error):
        match = _ARGUMENT_ERROR_RE.match(one_line(str(current)))
        if isinstance(current, ValueError) and match is not None:
            argument, setting = match["argument"], keys.camel_case(match["argument"])
            named = f"{setting} ({argument})" if setting in settings - {argument} else argument
            return f"{named}: {match['problem']}"
    return None


def check_provider_keys(project: Project) -> None:
    """Refuses an ``aws:`` key pulumi-aws does not take (its Provider's arguments), naming the
    closest: ``pulumi up`` stops on it (pulumi/pulumi-aws issue 2446)."""
    known = {
        f"aws:{keys.camel_case(name)}"
        for name, value in vars(aws.ProviderArgs).items()
        if isinstance(value, property)
    }
    for key in sorted(project.config):
        if key.startswith("aws:") and key not in known:
            raise PlanError(
                f"{key} (set in {project.given.get(key, 'Pulumi.yaml')}) is not a setting of "
                f'pulumi-aws{keys.did_you_mean(key, known)}: `pulumi up` stops on it ("could not'
                ' validate provider configuration: Invalid or unknown key")'
            )


def unread_settings(project: Project, read: set[str]) -> list[str]:
    """Warnings for keys of the project's namespace set, not declared and not read."""
    declared = sorted(bare_key(project.name, key) for key in project.declared)
    return [
        f"{shown} (set in {where}) is not declared in Pulumi.yaml's config and the program "
        f"does not read it{keys.did_you_mean(shown, declared)}"
        for key, where in project.given.items()
        if key.startswith(f"{project.name}:") and key not in project.declared | read
        for shown in [bare_key(project.name, key)]
    ]
