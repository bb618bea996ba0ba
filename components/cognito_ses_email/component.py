"""CognitoSesEmail: a Cognito user pool that sends its emails from your SES identity."""

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Required, TypedDict, cast

import pulumi
import pulumi_aws as aws

from . import dns, validation
from .policy import (
    IdentityArn,
    account_pool_arn_pattern,
    parse_identity_arn,
    sending_authorization_policy,
)
from .settings import Settings, check_arguments, map_value

#: Route 53 TTL of the records the component creates (seconds).
RECORD_TTL = 600


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

    identity_domain: pulumi.Input[str]
    """Verify this whole domain with SES (with Easy DKIM) instead of the single address, and
    send as the domain identity. DEVELOPER mode only; from_address must be at this domain."""

    hosted_zone_id: pulumi.Input[str]
    """A Route 53 hosted zone for identity_domain. When given, the component creates the DNS
    records and waits for SES to verify the domain before it creates the user pool."""

    mail_from_domain: pulumi.Input[str]
    """A custom MAIL FROM domain (a subdomain of identity_domain, e.g. mail.example.com) so
    that SPF aligns with your domain."""

    dmarc_policy: pulumi.Input[str]
    """A DMARC record value, e.g. "v=DMARC1; p=quarantine;", published at
    _dmarc.<identity_domain> (created in hosted_zone_id, or listed in dns_records)."""


class CognitoSesEmail(pulumi.ComponentResource):
    """A Cognito user pool that sends its emails (sign-up codes, invitations, password
    resets) from your own address through Amazon SES, with the SES identity and, in
    COGNITO_DEFAULT mode, the sending authorization policy that lets Cognito use it."""

    user_pool: aws.cognito.UserPool
    """The Cognito user pool."""

    email_identity: aws.ses.EmailIdentity | None
    """The SES email-address identity this component created (absent when an identity is
    adopted or a domain identity is created)."""

    domain_identity: aws.ses.DomainIdentity | None
    """The SES domain identity this component created, with identity_domain."""

    identity_policy: aws.ses.IdentityPolicy | None
    """The sending authorization policy on the identity (COGNITO_DEFAULT mode; absent in
    DEVELOPER mode)."""

    identity_arn: pulumi.Output[str]
    """The ARN of the SES identity Cognito sends as (the pool's SourceArn)."""

    user_pool_id: pulumi.Output[str]
    """The user pool's id."""

    user_pool_arn: pulumi.Output[str]
    """The user pool's ARN."""

    policy_document: pulumi.Output[str] | None
    """The sending authorization policy JSON attached to the identity (COGNITO_DEFAULT
    mode; absent in DEVELOPER mode)."""

    dns_records: pulumi.Output[list[dns.DnsRecord]] | None
    """With identity_domain: the DNS records ({name, type, value}) that verify the domain,
    sign with DKIM and set MAIL FROM and DMARC. Create them yourself when no hosted_zone_id
    is given."""

    def __init__(
        self,
        name: str,
        args: CognitoSesEmailArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Every plain value is checked here, before anything (this component included)
        # is registered; Output values are checked when they resolve.
        settings = check_arguments(args)
        super().__init__("cognito-ses-email:index:CognitoSesEmail", name, None, opts)
        self._name = name
        self._settings = settings

        # The pool's Region: known from user_pool_args, or shared with an identity created
        # in the provider's Region (then read off its ARN); otherwise one get_region invoke,
        # parented to this component so that an explicit provider is honoured.
        pool_region = settings.pool_region
        if pool_region is None and settings.identity_region is not None:
            pool_region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
            settings.checks.many(
                [pool_region, settings.identity_region],
                partial(validation.check_region_pair, argument=settings.identity_region_argument),
            )
        self._gate = settings.checks.gate()

        self.email_identity = None
        self.domain_identity = None
        self.dns_records = None
        pool_waits_for: list[pulumi.Resource] = []
        if settings.adopted is not None:
            identity_arn = map_value(settings.adopted, _arn_of)
        elif settings.identity_domain is not None:
            domain_identity, waits = self._domain_identity(settings)
            pool_waits_for += waits
            identity_arn = domain_identity.arn
        else:
            self.email_identity = aws.ses.EmailIdentity(
                f"{name}-identity",
                email=settings.from_address,
                **_given(region=settings.identity_region),
                opts=self._child_opts(),
            )
            identity_arn = self.email_identity.arn
        # Secret in, secret out: the ARN names the address (or domain), and AWS does not
        # mark a resource's ARN secret when its input was, so carry the inputs' secrecy.
        self.identity_arn = _with_secrecy_of(identity_arn, *settings.identity_inputs)

        self.identity_policy = None
        self.policy_document = None
        if settings.developer:
            # Cognito sends through its service-linked role: no policy is needed.
            self.user_pool = self._user_pool(pool_waits_for)
        elif settings.account_scope:
            # The policy names every pool of the account in the pool's Region, so it can
            # exist first and Cognito's permission check at CreateUserPool passes.
            if isinstance(pool_region, pulumi.Output):
                document = pulumi.Output.all(self.identity_arn, pool_region).apply(
                    lambda v: _account_policy(v[0], v[1])
                )
            else:  # known, or None: the identity's own Region
                document = self.identity_arn.apply(
                    partial(_account_policy, pool_region=pool_region)
                )
            self.identity_policy = self._sending_authorization(document)
            self.user_pool = self._user_pool([*pool_waits_for, self.identity_policy])
        else:
            self.user_pool = self._user_pool(pool_waits_for)
            self.identity_policy = self._sending_authorization(
                pulumi.Output.all(self.identity_arn, self.user_pool.arn).apply(
                    lambda v: _pool_policy(v[0], v[1])
                )
            )

        self.user_pool_id = self.user_pool.id
        self.user_pool_arn = self.user_pool.arn
        # The values only: the child resources are already in the graph under this
        # component, and registering them again as outputs costs a reference each.
        self.register_outputs(
            {
                "identity_arn": self.identity_arn,
                "user_pool_id": self.user_pool_id,
                "user_pool_arn": self.user_pool_arn,
                "policy_document": self.policy_document,
                "dns_records": self.dns_records,
            }
        )

    def _child_opts(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        """``parent=self``, and a wait on every Output check as well as ``depends_on``."""
        deps: Any = list(depends_on) or None
        if self._gate is not None:
            # Through the URNs too: while a checked value is unknown (a preview), the
            # list is unknown, and only the resources behind this Output still count.
            deps = pulumi.Output.all(self._gate, *(d.urn for d in depends_on)).apply(
                lambda _: list(depends_on)
            )
        return pulumi.ResourceOptions(parent=self, depends_on=deps)

    def _urn_value(self) -> pulumi.Output[str]:
        """This component's URN as a value only: a child that depended on its parent's
        URN Output would wait for the parent, which waits for its children."""
        urn = cast(Awaitable[str], self.urn.future())
        return pulumi.Output(set(), urn, self.urn.is_known())

    def _user_pool(self, depends_on: list[pulumi.Resource]) -> aws.cognito.UserPool:
        settings = self._settings
        email_configuration = _given(
            email_sending_account="DEVELOPER" if settings.developer else "COGNITO_DEFAULT",
            source_arn=self.identity_arn,
            reply_to_email_address=settings.reply_to,
            from_email_address=settings.from_header,
            configuration_set=settings.configuration_set,
        )
        return aws.cognito.UserPool(
            f"{self._name}-pool",
            email_configuration=aws.cognito.UserPoolEmailConfigurationArgs(**email_configuration),
            **_given(
                name=settings.user_pool_name,
                deletion_protection=settings.deletion_protection,
                tags=settings.tags,
            ),
            **settings.pool_args,
            opts=self._child_opts(*depends_on),
        )

    def _sending_authorization(self, document: pulumi.Output[str]) -> aws.ses.IdentityPolicy:
        self.policy_document = document
        return aws.ses.IdentityPolicy(
            f"{self._name}-sending-authorization",
            identity=self.identity_arn,
            name=self._settings.policy_name
            or self._urn_value().apply(validation.default_policy_name),
            policy=document,
            **_given(region=self._settings.identity_region),
            opts=self._child_opts(),
        )

    def _domain_identity(
        self, settings: Settings
    ) -> tuple[aws.ses.DomainIdentity, list[pulumi.Resource]]:
        """The domain identity, DKIM, MAIL FROM and, with a zone, its records and the wait.

        Returns the identity and what the user pool must wait for: the verification, when
        a zone is given.
        """
        name, region, domain = self._name, settings.identity_region, settings.identity_domain
        identity = aws.ses.DomainIdentity(
            f"{name}-domain", domain=domain, region=region, opts=self._child_opts()
        )
        self.domain_identity = identity
        dkim = aws.ses.DomainDkim(
            f"{name}-dkim", domain=identity.domain, region=region, opts=self._child_opts()
        )
        # key -> (record type, record); the type is plain so that previews show it.
        records: dict[str, tuple[str, pulumi.Output[dns.DnsRecord]]] = {
            "verification": (
                "TXT",
                pulumi.Output.all(identity.domain, identity.verification_token).apply(
                    lambda v: dns.verification_record(v[0], v[1])
                ),
            )
        }
        # The identity's Region: some Regions sign with dkim.<region>.amazonses.com.
        ses_region = identity.arn.apply(lambda arn: _parsed(arn).region)
        for index in range(3):  # Easy DKIM always gives three tokens
            records[f"dkim-{index + 1}"] = (
                "CNAME",
                pulumi.Output.all(identity.domain, dkim.dkim_tokens, ses_region).apply(
                    partial(_dkim_record, index=index)
                ),
            )
        if settings.mail_from_domain is not None:
            mail_from = aws.ses.MailFrom(
                f"{name}-mail-from",
                domain=identity.domain,
                mail_from_domain=settings.mail_from_domain,
                region=region,
                opts=self._child_opts(),
            )
            for index, (suffix, type_) in enumerate([("mx", "MX"), ("spf", "TXT")]):
                records[f"mail-from-{suffix}"] = (
                    type_,
                    pulumi.Output.all(mail_from.mail_from_domain, ses_region).apply(
                        _nth(dns.mail_from_records, index)
                    ),
                )
        if settings.dmarc_policy is not None:
            records["dmarc"] = (
                "TXT",
                pulumi.Output.all(identity.domain, settings.dmarc_policy).apply(
                    lambda v: dns.dmarc_record(v[0], v[1])
                ),
            )
        self.dns_records = _with_secrecy_of(
            pulumi.Output.all(*(record for _, record in records.values())).apply(
                lambda values: [dict(record) for record in values]
            ),
            *settings.identity_inputs,
            *settings.domain_inputs,
        )
        if settings.hosted_zone_id is None:
            return identity, []  # the user creates dns_records; deploy the pool once verified

        created = {
            key: aws.route53.Record(
                f"{name}-{key}",
                zone_id=settings.hosted_zone_id,
                name=record.apply(lambda r: r["name"]),
                type=type_,
                ttl=RECORD_TTL,
                records=record.apply(dns.route53_values),
                opts=self._child_opts(),
            )
            for key, (type_, record) in records.items()
        }
        verification = aws.ses.DomainIdentityVerification(
            f"{name}-verification-wait",
            domain=identity.domain,
            region=region,
            opts=self._child_opts(created["verification"]),
        )
        return identity, [verification]


def _with_secrecy_of(value: Any, *sources: Any) -> pulumi.Output[Any]:
    """``value`` as an Output that is secret when any Output among ``sources`` is.

    ``sources`` are the arguments as given, not as checked: a failed check already stops
    every child, and must not be reported a second time through this value.
    """
    outputs = [source for source in sources if isinstance(source, pulumi.Output)]
    if not outputs:
        return pulumi.Output.from_input(value)
    return pulumi.Output.all(value, *outputs).apply(lambda values: values[0])


def _dkim_record(values: list[Any], index: int) -> dns.DnsRecord:
    """DKIM record ``index`` of resolved ``[domain, tokens, ses_region]``."""
    domain, tokens, ses_region = values
    return dns.dkim_records(domain, tokens, ses_region)[index]


def _nth(
    make: Callable[[str, Any], list[dns.DnsRecord]], index: int
) -> Callable[[list[Any]], dns.DnsRecord]:
    """A function of resolved ``[a, b]`` giving record ``index`` of ``make(a, b)``."""
    return lambda values: make(values[0], values[1])[index]


def _given(**kwargs: Any) -> dict[str, Any]:
    """The keyword arguments that are set (an unset input costs a serialization)."""
    return {key: value for key, value in kwargs.items() if value is not None}


def _account_policy(identity_arn: str, pool_region: str | None) -> str:
    """The policy for every pool of the identity's account in ``pool_region``.

    ``None`` means the pool shares the identity's Region (read off its ARN).
    """
    parsed = _parsed(identity_arn)
    every_pool = account_pool_arn_pattern(
        parsed.partition, pool_region or parsed.region, parsed.account
    )
    return sending_authorization_policy(identity_arn, parsed.account, every_pool)


def _pool_policy(identity_arn: str, user_pool_arn: str) -> str:
    """The policy for exactly one user pool."""
    return sending_authorization_policy(identity_arn, _parsed(identity_arn).account, user_pool_arn)


def _arn_of(parsed: IdentityArn) -> str:
    return f"arn:{parsed.partition}:ses:{parsed.region}:{parsed.account}:identity/{parsed.name}"


def _parsed(arn: str) -> IdentityArn:
    parsed = parse_identity_arn(arn)
    if parsed is None:  # an ARN from the provider is always well formed
        raise ValueError(f"identity_arn: {arn!r} is not an SES identity ARN")
    return parsed
