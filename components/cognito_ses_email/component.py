"""CognitoSesEmail: check the arguments (:mod:`.arguments`), then create the children
(:mod:`.resources`) in the order AWS needs."""

from dataclasses import replace
from functools import partial
from typing import Any, Required, TypedDict, cast

import pulumi
import pulumi_aws as aws

from .arguments.checking import check_arguments
from .arguments.identity import PROVIDER_REGION, default_provider_region
from .model import CheckedArgs
from .outputs import ChildOptions, late, output_of
from .resources.identity import VerificationWait, create_identity
from .resources.notifications import claim_notifications, create_notifications
from .resources.user_pool import (
    create_user_pool,
    email_configuration,
    policy_for_every_pool,
    policy_for_the_pool,
    pool_account,
)
from .rules import dns, regions


class VerificationMessage(TypedDict, total=False):
    """The email Cognito sends to verify an address (sign-up, resent code, attribute update)."""

    subject: Required[pulumi.Input[str]]
    """The subject: 1-140 characters, one line."""

    body: Required[pulumi.Input[str]]
    """The message, 6-20,000 characters: with {####} (the code) in the "code" style, with
    {##link text##} (the link) in the "link" style. {username} is not replaced here."""

    style: pulumi.Input[str]
    """ "code" (default; CONFIRM_WITH_CODE) or "link" (CONFIRM_WITH_LINK: needs a user pool
    domain; password resets and attribute updates still send a code)."""


class InvitationMessage(TypedDict):
    """The email Cognito sends to a user an administrator creates (AdminCreateUser)."""

    subject: pulumi.Input[str]
    """The subject: 1-140 characters, one line."""

    body: pulumi.Input[str]
    """The message, 6-20,000 characters. {username} is the new user's name and {####} the
    temporary password: needed when users are created with passwords (a warning if it
    is missing)."""


class EmailConfiguration(TypedDict, total=False):
    """What to pass as aws.cognito.UserPool(email_configuration=...) to your own pool.

    The fields are typed as pulumi-aws's UserPoolEmailConfigurationArgsDict types them, so
    a typed program can pass this where that is expected."""

    email_sending_account: pulumi.Input[str | None]
    """COGNITO_DEFAULT or DEVELOPER."""

    source_arn: pulumi.Input[str | None]
    """The ARN of the SES identity Cognito sends as."""

    from_email_address: pulumi.Input[str | None]
    """The FROM header (DEVELOPER mode)."""

    reply_to_email_address: pulumi.Input[str | None]
    """The Reply-To address, when reply_to_address is set."""

    configuration_set: pulumi.Input[str | None]
    """The SES configuration set (DEVELOPER mode), when set."""


class FeedbackNotifications(TypedDict, total=False):
    """Bounce, complaint and delivery notifications of the identity, sent to an SNS topic."""

    topic_arn: pulumi.Input[str]
    """A Standard SNS topic in the identity's Region; its policy must let SES publish
    (and CloudWatch, for alarms). Default: a topic this component creates, with a policy
    that lets only SES, for this account and identity, publish to it."""

    types: list[str]
    """Any of "Bounce", "Complaint", "Delivery" (default: bounce and complaint). Plain:
    one aws.ses.IdentityNotificationTopic is created per type."""

    include_original_headers: pulumi.Input[bool]
    """Whether notifications carry the original email's headers (default false)."""


class ReputationAlarms(TypedDict, total=False):
    """CloudWatch alarms on SES's reputation metrics of your account (DEVELOPER mode)."""

    bounce_rate: pulumi.Input[float]
    """Alarm at this bounce rate (default 0.04: SES reviews an account at 0.05 and may
    pause its sending at 0.10)."""

    complaint_rate: pulumi.Input[float]
    """Alarm at this complaint rate (default 0.0008: SES reviews at 0.001 and may pause at
    0.005)."""

    actions: pulumi.Input[list[pulumi.Input[str]]]
    """ARNs to notify (1-5 SNS topics, Lambda functions, ...). Default: the notification
    topic."""


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
    one Cognito allows (Cognito guide: "SES Regions for Amazon Cognito email")."""

    configuration_set: pulumi.Input[str]
    """An SES configuration set for the emails. DEVELOPER mode only."""

    source_arn_scope: str
    """What the policy's aws:SourceArn names: "account" (default; every user pool of the
    account in the pool's Region, so the policy, created once SES has verified the identity,
    exists before the pool and one `pulumi up` works) or "user-pool" (the pool's exact ARN;
    the policy is created after the pool)."""

    policy_name: pulumi.Input[str]
    """The SES identity policy name (1-64 letters, digits, - or _). Defaults to
    <name>-cognito-<16 hex digits of the component URN's SHA-256>, unique per component."""

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
    """Tags for the children that take tags: the user pool, the notification topic and the
    alarms (SES identities and policies take none)."""

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

    verification_message: VerificationMessage
    """The verification email ({subject, body, style}), checked against Cognito's rules
    before deploy. The Cognito API reference documents custom emails for DEVELOPER mode;
    in COGNITO_DEFAULT mode Cognito accepts them too, with a warning here."""

    invitation_message: InvitationMessage
    """The invitation email ({subject, body}) for users an administrator creates, merged
    into user_pool_args' admin_create_user_config."""

    notifications: FeedbackNotifications
    """Send the identity's bounce and complaint notifications to an SNS topic (created
    unless topic_arn is given), in either sending mode."""

    alarms: ReputationAlarms
    """CloudWatch alarms on Reputation.BounceRate and Reputation.ComplaintRate, below SES's
    review thresholds. DEVELOPER mode only: in COGNITO_DEFAULT mode the mail leaves
    Cognito's account, so your account's metrics do not measure it."""

    user_pool_region: pulumi.Input[str]
    """With create_user_pool=False: the Region of your own pool, when it is not the
    provider's (the policy and the Region pair check need it)."""

    create_user_pool: bool
    """False: create no user pool, only the identity, the policy (or domain, records and
    verification); pass email_configuration to your own aws.cognito.UserPool with
    depends_on=[this component]. Default True."""

    verification_timeout_minutes: int
    """How long `pulumi up` waits for SES to verify the identity before it creates the user
    pool (plain, 0-1440; default 15): the time to open the link SES mails to a new address,
    or to create a domain's DNS records. Needs ses:GetEmailIdentity. 0: no SES check and no
    wait (CI that cannot click; with hosted_zone_id, DomainIdentityVerification still waits
    as before). Never waits in a preview."""


#: The argument names CognitoSesEmail takes; any other is refused (a misspelling).
ARGUMENT_NAMES = CognitoSesEmailArgs.__required_keys__ | CognitoSesEmailArgs.__optional_keys__


class CognitoSesEmail(pulumi.ComponentResource):
    """A Cognito user pool that sends its emails (sign-up codes, invitations, password
    resets) from your own address through Amazon SES, with the SES identity and, in
    COGNITO_DEFAULT mode, the sending authorization policy that lets Cognito use it."""

    user_pool: aws.cognito.UserPool | None
    """The Cognito user pool (absent with create_user_pool=False)."""

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

    user_pool_id: pulumi.Output[str] | None
    """The user pool's id (absent with create_user_pool=False)."""

    user_pool_arn: pulumi.Output[str] | None
    """The user pool's ARN (absent with create_user_pool=False)."""

    notification_topic_arn: pulumi.Output[str] | None
    """The SNS topic the identity's notifications go to (with notifications)."""

    email_configuration: pulumi.Output[EmailConfiguration]
    """The user pool's email configuration: with create_user_pool=False, pass it to your
    own aws.cognito.UserPool(email_configuration=...)."""

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
        default_provider = _uses_default_provider(opts)
        provider = default_provider_region() if default_provider else None
        checked = check_arguments(args, ARGUMENT_NAMES, provider, default_provider)
        if checked.notifications is not None:  # refused now if another component sends them
            claim_notifications(name, checked.notifications)
        super().__init__("cognito-ses-email:index:CognitoSesEmail", name, None, opts)
        pool_region, region_check = self._pool_region(checked)
        # An adopted identity's owner.
        account = pool_account(self, checked.policy, checked.identity, pool_region)
        child = ChildOptions(self, [*checked.checks, *region_check, account])

        wait = VerificationWait(self, checked)
        timeout = checked.verification_timeout_minutes
        identity = create_identity(name, checked.identity, child, wait, timeout)
        # What SES and Cognito refuse for an unverified identity takes its verified ARN: the
        # sending authorization policy (PutIdentityPolicy), the pool's email configuration
        # (CreateUserPool) and the notification topics (SetIdentityNotificationTopic).
        verified = replace(identity, arn=identity.verified_arn or identity.arn)
        configuration = email_configuration(checked.email_configuration, verified.arn)
        early_policy = policy_for_every_pool(
            name, checked.policy, verified, pool_region, account, child
        )
        pool = None
        if checked.pool is not None:  # after the domain's verification and a policy made first
            waits_for = [*identity.ready, *([early_policy.resource] if early_policy else [])]
            pool = create_user_pool(name, checked.pool, configuration, waits_for, child)
        policy = early_policy or policy_for_the_pool(name, checked.policy, verified, pool, child)
        notification_topic_arn = None
        if checked.notifications is not None:
            notification_topic_arn = create_notifications(
                name, checked.notifications, verified, checked.tags, child
            )

        self.email_identity = identity.email_identity
        self.domain_identity = identity.domain_identity
        self.identity_arn = identity.arn
        self.dns_records = identity.dns_records
        self.identity_policy = policy.resource if policy else None
        self.policy_document = policy.document if policy else None
        self.notification_topic_arn = notification_topic_arn
        self.email_configuration = cast(pulumi.Output[EmailConfiguration], output_of(configuration))
        self.user_pool = pool
        self.user_pool_id = pool.id if pool else None
        self.user_pool_arn = pool.arn if pool else None
        # The values only: the child resources are already in the graph under this
        # component, and registering them again as outputs costs a reference each.
        self.register_outputs(
            {
                "identity_arn": self.identity_arn,
                "user_pool_id": self.user_pool_id,
                "user_pool_arn": self.user_pool_arn,
                "policy_document": self.policy_document,
                "dns_records": self.dns_records,
                "email_configuration": self.email_configuration,
                "notification_topic_arn": self.notification_topic_arn,
            }
        )

    # Typed access to the pool this component created: no None-check needed, and a clear
    # error with create_user_pool=False. (The attributes above stay as the schema reads them.)
    @property
    def created_user_pool(self) -> aws.cognito.UserPool:
        """The user pool this component created; AttributeError with create_user_pool=False."""
        return self._created_pool("created_user_pool")

    @property
    def created_user_pool_id(self) -> pulumi.Output[str]:
        """The created pool's id, typed Output[str]; AttributeError with create_user_pool=False."""
        return self._created_pool("created_user_pool_id").id

    @property
    def created_user_pool_arn(self) -> pulumi.Output[str]:
        """The created pool's ARN, typed Output[str]; AttributeError with create_user_pool=False."""
        return self._created_pool("created_user_pool_arn").arn

    def _created_pool(self, accessor: str) -> aws.cognito.UserPool:
        if self.user_pool is None:
            raise AttributeError(
                f"{accessor}: this CognitoSesEmail was built with create_user_pool=False, so it"
                " created no user pool: use your own aws.cognito.UserPool's id and arn instead"
            )
        return self.user_pool

    def _pool_region(
        self, checked: CheckedArgs
    ) -> tuple[pulumi.Input[str] | None, list[pulumi.Output[None]]]:
        """The pool's Region when the policy or the pair check needs it (one get_region
        invoke, parented here, when only the provider knows it), and that check."""
        if checked.pool_region is not None or checked.identity.region is None:
            return checked.pool_region, []
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        check = partial(
            regions.check_region_pair,
            argument=checked.region_argument,
            pool_argument=f"{PROVIDER_REGION} (the provider's Region, where the pool goes)",
        )
        pair = late(check, region, checked.identity.region)
        return region, [pair]


def _uses_default_provider(opts: pulumi.ResourceOptions | None) -> bool:
    """Whether the children use the default aws provider: none given here or on the parent."""
    if opts is not None and (opts.provider is not None or opts.providers):
        return False
    parent = opts.parent if opts is not None else None
    return parent is None or getattr(parent, "_providers", {}).get("aws") is None
