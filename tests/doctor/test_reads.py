"""How a failed read is told: a "could not check" reason, or the one line that stops the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError

from cognito_ses_email.doctor.deployment import Record, Unavailable
from cognito_ses_email.doctor.reads import CannotRun, attempt


def failing(error: Exception) -> Callable[[], Record]:
    def read() -> Record:
        raise error

    return read


def client_error(code: str, message: str, operation: str = "GetAccount") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            client_error(
                "AccessDeniedException", "User: x is not authorized to perform: ses:GetAccount"
            ),
            "sesv2 GetAccount: AccessDeniedException: User: x is not authorized to perform: "
            "ses:GetAccount",
        ),
        (
            client_error(
                "404", "<!doctype html>\n<html><title>404 Not Found</title><h1>Not Found</h1>"
            ),
            "sesv2 GetAccount answered HTTP 404 (404 Not Found): not offered by this endpoint",
        ),
        (
            ResponseParserError("Unable to parse\nb'<title>500 Internal Server Error</title>'"),
            "sesv2 GetAccount answered '500 Internal Server Error', not an AWS answer: "
            "not offered by this endpoint",
        ),
        (
            ReadTimeoutError(endpoint_url="https://email.us-east-1.amazonaws.com"),
            'sesv2 GetAccount: Read timeout on endpoint URL: "https://email.us-east-1.amazonaws.com"',
        ),
    ],
)
def test_a_failed_read_is_a_reason(error: Exception, reason: str) -> None:
    assert attempt("sesv2 GetAccount", failing(error)) == Unavailable(reason)


def test_not_found_is_none_and_only_for_the_codes_named() -> None:
    missing = client_error("NotFoundException", "zz@example.com", "GetEmailIdentity")
    assert attempt("x", failing(missing), not_found=frozenset({"NotFoundException"})) is None
    assert isinstance(attempt("x", failing(missing)), Unavailable)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (NoCredentialsError(), "no AWS credentials found"),
        (
            EndpointConnectionError(endpoint_url="http://127.0.0.1:1/"),
            "cannot reach the AWS endpoint",
        ),
        (
            client_error("UnrecognizedClientException", "The security token is invalid."),
            "AWS refused the credentials: UnrecognizedClientException",
        ),
        (ProfileNotFound(profile="nope"), "The config profile (nope) could not be found"),
    ],
)
def test_what_stops_the_doctor(error: Exception, message: str) -> None:
    with pytest.raises(CannotRun, match=message.replace("(", r"\(").replace(")", r"\)")):
        attempt("DescribeUserPool", failing(error))
