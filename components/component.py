"""CognitoSesEmail: a Cognito user pool that sends its emails from your SES identity."""

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Required, TypedDict, TypeVar

import pulumi
import pulumi_aws as aws

from . import addresses, validation
from .policy import (
    IdentityArn,
    account_pool_arn_pattern,
    parse_identity_arn,
    sending_authorization_policy,
)

T = TypeVar("T")
R = TypeVar("R")

#: The keyword arguments aws.cognito.UserPool takes, for checking user_pool_args.
USER_POOL_ARGUMENTS = frozenset(
    name
    for name in inspect.signature(aws.cognito.UserPool._internal_init).parameters
    if name not in {"__self__", "resource_name", "opts", "__props__"}
)


class CognitoSesEmailArgs(TypedDict, total=False):
    """The arguments of a CognitoSesEmail component."""

    from_address: Required[pulumi.Input[str]]
    """The plain FROM address Cognito sends from, e.g. no-reply@example.com (no display name)."""

    sending_account: str
    """How Cognito sends: "COGNITO_DEFAULT" (default; Cognito's own SES account, 50 emails a
    day, needs the sending authorization policy this component creates) or "DEVELOPER"
    (your SES account and quota, through Cognito's service-linked role)."""

    from_name: pulumi.Input[str]
    """A display name for the FROM header ("Example <no-reply@example.com>"). DEVELOPER mode
    only: AWS refuses a FROM address in COGNITO_DEFAULT mode. Quoted or RFC 2047-encoded
    as needed."""

    reply_to_address: pulumi.Input[str]
    """A plain Reply-To address for the emails, in either mode."""

    identity_arn: pulumi.Input[str]
    """Adopt this existing, verified SES identity instead of creating one. COGNITO_DEFAULT
    needs the identity of from_address itself; DEVELOPER also accepts its domain's."""

    ses_region: pulumi.Input[str]
    """The Region of the SES identity when it differs from the user pool's. The pair must be
    one Cognito allows (see the README's Region table)."""

    configuration_set: pulumi.Input[str]
    """An SES configuration set for the emails. DEVELOPER mode only."""

    source_arn_scope: str
    """What the policy's aws:SourceArn names: "account" (default; every user pool of the
    account in the pool's Region, so the policy exists before the pool and one `pulumi up`
    works) or "user-pool" (the pool's exact ARN; the policy is created after the pool)."""

    policy_name: pulumi.Input[str]
    """The SES identity policy name (1-64 letters, digits, - or _). Defaults to one derived
    from the component's name."""

    user_pool_name: pulumi.Input[str]
    """The user pool's name. Changing it replaces the pool and deletes its users.
    Defaults to an auto-generated name."""

    user_pool_args: dict[str, Any]
    """Further aws.cognito.UserPool arguments (schemas, MFA, Lambda triggers, region, ...),
    forwarded as given; keys may be snake_case or camelCase. email_configuration, name,
    deletion_protection and tags are set through this component's own arguments."""

    deletion_protection: pulumi.Input[bool]
    """Whether the user pool refuses to be deleted (default true, "ACTIVE"): deleting a
    pool deletes every user in it."""

    tags: pulumi.Input[dict[str, pulumi.Input[str]]]
    """Tags for the children that take tags (the user pool)."""


class _Checks:
    """Runs argument checks now for plain values and on resolution for Outputs.

    Every Output check is collected so that each child can wait on all of them:
    a bad value that arrives later still stops every resource from being created.
    """

    def __init__(self) -> None:
        self.pending: list[pulumi.Output[Any]] = []

    def one(self, value: Any, check: Callable[[Any], R]) -> Any:
        if isinstance(value, (pulumi.Output, Awaitable)):
            checked = pulumi.Output.from_input(value).apply(check)
            self.pending.append(checked)
            return checked
        return check(value)

    def many(self, values: list[Any], check: Callable[..., R]) -> Any:
        if any(isinstance(v, (pulumi.Output, Awaitable)) for v in values):
            checked = pulumi.Output.all(*values).apply(lambda resolved: check(*resolved))
            self.pending.append(checked)
            return checked
        return check(*values)

    def gate(self) -> pulumi.Output[list[pulumi.Resource]] | None:
        """An (empty) dependency list that resolves only once every Output check passed."""
        if not self.pending:
            return None
        return pulumi.Output.all(*self.pending).apply(lambda _: [])


def _map(value: Any, fn: Callable[[Any], R]) -> Any:
    """``fn(value)``, through ``apply`` when ``value`` is an Output."""
    if isinstance(value, pulumi.Output):
        return value.apply(fn)
    return fn(value)


class CognitoSesEmail(pulumi.ComponentResource):
    """A Cognito user pool that sends its emails (sign-up codes, invitations, password
    resets) from your own address through Amazon SES, with the SES identity and, in
    COGNITO_DEFAULT mode, the sending authorization policy that lets Cognito use it."""

    user_pool: aws.cognito.UserPool
    """The Cognito user pool."""

    identity_arn: pulumi.Output[str]
    """The ARN of the SES identity Cognito sends as (the pool's SourceArn)."""

    user_pool_id: pulumi.Output[str]
    """The user pool's id."""

    user_pool_arn: pulumi.Output[str]
    """The user pool's ARN."""

    policy_document: pulumi.Output[str] | None
    """The sending authorization policy JSON attached to the identity (COGNITO_DEFAULT
    mode; absent in DEVELOPER mode)."""

    def __init__(
        self,
        name: str,
        args: CognitoSesEmailArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        checks = _Checks()
        # Plain values are checked here, before anything (this component included) is
        # registered; Output values are checked by `checks` when they resolve.
        if "from_address" not in args:
            raise validation.fail("from_address", "is required, e.g. no-reply@example.com")
        from_address = checks.one(
            args["from_address"], lambda v: validation.check_address("from_address", v)
        )
        sending_account = self._plain(args, "sending_account", "COGNITO_DEFAULT")
        validation.check_choice("sending_account", sending_account, validation.SENDING_ACCOUNTS)
        scope = self._plain(args, "source_arn_scope", "account")
        validation.check_choice("source_arn_scope", scope, validation.SOURCE_ARN_SCOPES)
        developer = sending_account == "DEVELOPER"

        for developer_only in ("from_name", "configuration_set"):
            if not developer and args.get(developer_only) is not None:
                raise validation.fail(
                    developer_only,
                    "can only be set with sending_account='DEVELOPER': in COGNITO_DEFAULT "
                    "mode AWS refuses it (the FROM is the identity's own address)",
                )
        from_name = self._optional(args, "from_name", checks, validation.check_display_name)
        configuration_set = self._optional(
            args, "configuration_set", checks, validation.check_configuration_set
        )
        reply_to = self._optional(
            args,
            "reply_to_address",
            checks,
            lambda v: validation.check_address("reply_to_address", v),
        )
        policy_name = self._optional(args, "policy_name", checks, validation.check_policy_name)
        if policy_name is None:
            policy_name = validation.default_policy_name(name)
        deletion_protection = checks.one(
            args.get("deletion_protection", True), validation.check_deletion_protection
        )
        tags = self._optional(args, "tags", checks, validation.check_tags)
        pool_args = validation.normalize_user_pool_args(
            args.get("user_pool_args"), USER_POOL_ARGUMENTS
        )
        pool_region = pool_args.get("region")
        if pool_region is not None:
            pool_region = checks.one(
                pool_region, lambda v: validation.check_region("user_pool_args['region']", v)
            )
        ses_region = self._optional(
            args, "ses_region", checks, lambda v: validation.check_region("ses_region", v)
        )

        adopted: Any = None  # IdentityArn, or an Output of one
        if args.get("identity_arn") is not None:
            adopted = checks.many(
                [args["identity_arn"], from_address],
                lambda arn, address: validation.check_identity_arn(arn, address, sending_account),
            )
            if ses_region is not None:
                checks.many(
                    [adopted, ses_region],
                    lambda parsed, region: _check_same_region(parsed, region),
                )
            identity_region = _map(adopted, lambda parsed: parsed.region)
        else:
            identity_region = ses_region if ses_region is not None else pool_region
        if pool_region is not None and identity_region is not None:
            checks.many([pool_region, identity_region], validation.check_region_pair)

        super().__init__("cognito-ses-email:index:CognitoSesEmail", name, None, opts)
        # Past this line nothing may raise for a plain value: every check ran above.

        # The pool's Region, needed for the account-wide SourceArn and the Region check.
        # Known from user_pool_args or from the identity's ARN when both share the
        # provider's Region; otherwise one get_region invoke, parented to this component
        # so that an explicit provider is honoured.
        if pool_region is None and identity_region is not None:
            pool_region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
            checks.many([pool_region, identity_region], validation.check_region_pair)

        gate = checks.gate()

        def child_opts(*depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
            deps: Any = list(depends_on)
            if gate is not None:
                deps = gate.apply(lambda _: list(depends_on))
            return pulumi.ResourceOptions(parent=self, depends_on=deps or None)

        self.email_identity: aws.ses.EmailIdentity | None = None
        if adopted is None:
            self.email_identity = aws.ses.EmailIdentity(
                f"{name}-identity",
                email=from_address,
                region=identity_region,
                opts=child_opts(),
            )
            self.identity_arn = self.email_identity.arn
        else:
            self.identity_arn = pulumi.Output.from_input(args["identity_arn"])
        if pool_region is None:
            # Identity and pool share the provider's Region: read it off the identity ARN.
            pool_region = self.identity_arn.apply(lambda arn: _parsed(arn).region)

        email_configuration = aws.cognito.UserPoolEmailConfigurationArgs(
            email_sending_account=sending_account,
            source_arn=self.identity_arn,
            reply_to_email_address=reply_to,
            from_email_address=(_from_header(from_address, from_name) if developer else None),
            configuration_set=configuration_set,
        )

        def user_pool(*depends_on: pulumi.Resource) -> aws.cognito.UserPool:
            return aws.cognito.UserPool(
                f"{name}-pool",
                name=args.get("user_pool_name"),
                deletion_protection=deletion_protection,
                email_configuration=email_configuration,
                tags=tags,
                **pool_args,
                opts=child_opts(*depends_on),
            )

        self.identity_policy: aws.ses.IdentityPolicy | None = None
        self.policy_document: pulumi.Output[str] | None = None
        if developer:
            # Cognito sends through its service-linked role: no policy needed.
            self.user_pool = user_pool()
        else:

            def attach_policy(source_arn: pulumi.Input[str]) -> aws.ses.IdentityPolicy:
                self.policy_document = pulumi.Output.all(self.identity_arn, source_arn).apply(
                    lambda values: sending_authorization_policy(
                        values[0], _parsed(values[0]).account, values[1]
                    )
                )
                return aws.ses.IdentityPolicy(
                    f"{name}-sending-authorization",
                    identity=self.identity_arn,
                    name=policy_name,
                    policy=self.policy_document,
                    region=identity_region,
                    opts=child_opts(),
                )

            if scope == "account":
                # The policy names every pool of the account, so it can exist first and
                # Cognito's permission check at CreateUserPool passes.
                account_pattern = pulumi.Output.all(self.identity_arn, pool_region).apply(
                    lambda values: account_pool_arn_pattern(
                        _parsed(values[0]).partition, values[1], _parsed(values[0]).account
                    )
                )
                self.identity_policy = attach_policy(account_pattern)
                self.user_pool = user_pool(self.identity_policy)
            else:
                self.user_pool = user_pool()
                self.identity_policy = attach_policy(self.user_pool.arn)

        self.user_pool_id = self.user_pool.id
        self.user_pool_arn = self.user_pool.arn
        self.register_outputs(
            {
                "user_pool": self.user_pool,
                "email_identity": self.email_identity,
                "identity_policy": self.identity_policy,
                "identity_arn": self.identity_arn,
                "user_pool_id": self.user_pool_id,
                "user_pool_arn": self.user_pool_arn,
                "policy_document": self.policy_document,
            }
        )

    @staticmethod
    def _plain(args: CognitoSesEmailArgs, key: str, default: str) -> Any:
        value = args.get(key, default)
        if value is None:
            return default
        if isinstance(value, (pulumi.Output, Awaitable)):
            raise validation.fail(
                key, "must be a plain value, not an Output: it decides which resources exist"
            )
        return value

    @staticmethod
    def _optional(
        args: CognitoSesEmailArgs, key: str, checks: _Checks, check: Callable[[Any], Any]
    ) -> Any:
        value = args.get(key)
        return None if value is None else checks.one(value, check)


def _parsed(arn: str) -> IdentityArn:
    parsed = parse_identity_arn(arn)
    if parsed is None:  # an ARN from the provider is always well formed
        raise ValueError(f"identity_arn: {arn!r} is not an SES identity ARN")
    return parsed


def _check_same_region(parsed: IdentityArn, ses_region: str) -> None:
    if parsed.region != ses_region:
        raise validation.fail(
            "ses_region",
            f"is {ses_region!r} but identity_arn is in {parsed.region!r}; "
            "leave ses_region out when adopting an identity, or make them match",
        )


def _from_header(from_address: Any, from_name: Any) -> Any:
    if from_name is None:
        return _map(from_address, addresses.from_header)
    if isinstance(from_address, pulumi.Output) or isinstance(from_name, pulumi.Output):
        return pulumi.Output.all(from_address, from_name).apply(
            lambda values: addresses.from_header(values[0], values[1])
        )
    return addresses.from_header(from_address, from_name)
