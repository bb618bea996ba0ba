"""The user pool's own argument rules (rules/user_pool.py), without Pulumi."""

from __future__ import annotations

import pytest

from cognito_ses_email.rules.user_pool import check_deletion_protection, normalize_user_pool_args

ALLOWED = frozenset({"mfa_configuration", "lambda_config", "region", "name", "tags"})


def test_keys_come_back_in_snake_case() -> None:
    given = {"mfaConfiguration": "OFF", "lambda_config": {}}
    assert normalize_user_pool_args(given, ALLOWED) == {
        "mfa_configuration": "OFF",
        "lambda_config": {},
    }
    assert normalize_user_pool_args(None, ALLOWED) == {}


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({"name": "x"}, "may not set 'name': use the component's user_pool_name"),
        ({"tags": {}}, "may not set 'tags'"),
        ({"mfaConfig": "OFF"}, "'mfaConfig' is not an aws.cognito.UserPool argument"),
        ({"region": "a", "Region": "b"}, "given twice"),
        ([], "expected a dict of aws.cognito.UserPool arguments"),
    ],
)
def test_bad_user_pool_args_are_refused(value: object, says: str) -> None:
    with pytest.raises(ValueError, match=r"^user_pool_args: ") as raised:
        normalize_user_pool_args(value, ALLOWED)
    assert says in str(raised.value)


def test_deletion_protection_is_aws_value() -> None:
    assert check_deletion_protection(True) == check_deletion_protection("ACTIVE") == "ACTIVE"
    assert check_deletion_protection(False) == check_deletion_protection("INACTIVE") == "INACTIVE"
    with pytest.raises(ValueError, match=r"^deletion_protection: expected True or False"):
        check_deletion_protection("yes")
