"""Mocks for unit tests of your own Pulumi program that uses ``CognitoSesEmail``.

Pulumi's mock runtime (``pulumi.runtime.set_mocks``) runs a program without the engine,
AWS or the network; the mocks answer for AWS. Mocks that only echo the inputs leave out
what AWS adds (an identity's ``arn``), so the component cannot build its policy.
:class:`Mocks` answers like AWS, through pulumi-aws, would::

    import pulumi
    from cognito_ses_email.testing import Mocks

    pulumi.runtime.set_mocks(Mocks(), preview=False)

What it answers (the resource's outputs as pulumi-aws names them, in camelCase):

- every resource the component creates: SES email and domain identities (``arn``; a
  domain's ``verificationToken`` and three DKIM tokens), the identity policy, the Cognito
  user pool (an id ``<region>_...`` and its ``arn``), the SNS topic and the CloudWatch
  alarms; and ``aws.route53.Zone`` (``zoneId``, ``nameServers``);
- the invokes ``aws.get_region``, ``aws.get_caller_identity``, ``aws.get_partition``,
  ``aws.route53.get_zone`` / ``get_zone_output`` (a public zone of the asked-for name) and
  ``aws.sesv2.get_email_identity`` (see ``verification``);
- ``pulumi.StackReference`` of a stack in ``stack_outputs``;
- anything else is echoed, as in Pulumi's documented mocks: a resource keeps its inputs as
  its outputs, with the id ``<name>-id``; an invoke answers its arguments.

ARNs are in account ``account_id`` and the partition of the Region. Subclass it to answer
your own types: handle them in ``new_resource``/``call`` and return ``super()``'s answer
for the rest (docs/testing-your-program.md).

Importing this module is for tests only: ``import cognito_ses_email`` does not import it.
"""

from __future__ import annotations

import pulumi

from .offline.simulated_aws import VERIFICATION_STATUSES, SimulatedAws

__all__ = ["VERIFICATION_STATUSES", "Mocks"]


class Mocks(SimulatedAws):
    """``pulumi.runtime.Mocks`` that answer like one AWS account.

    Args:
        region: The Region of resources and invokes that name none (the provider's
            ``aws:region``). Default ``"us-east-1"``.
        account_id: The 12-digit account in every ARN, and ``get_caller_identity``'s
            ``accountId``. Default ``"123456789012"``.
        verification: What ``aws.sesv2.get_email_identity`` answers as
            ``verificationStatus`` for an identity: one status for every check
            (``"SUCCESS"``, the default; ``"FAILED"``, ``"PENDING"``,
            ``"TEMPORARY_FAILURE"`` or ``"NOT_STARTED"``), or a list of the statuses of
            each identity's checks in turn, the last one repeating
            (``["PENDING", "PENDING", "SUCCESS"]``: pending twice, then verified).
            ``verifiedForSendingStatus`` is true only with ``"SUCCESS"``. ``"PENDING"``
            alone is an address nobody clicks for: the component's wait times out, on a
            fake clock (see ``waits``), so at once.
        refused: Invoke tokens to refuse as AWS does without the permission (an
            AccessDenied error), e.g. ``{"aws:sesv2/getEmailIdentity:getEmailIdentity"}``.
        stack_outputs: The outputs of each stack the program references, by its name:
            ``{"acme/network/prod": {"zoneId": "Z0123"}}``. A ``pulumi.StackReference`` to
            another stack fails the program, naming it.

    Attributes:
        calls: Every invoke, in order (``pulumi.runtime.MockCallArgs``: ``token``, ``args``).
        resources: Every resource these mocks answered, in order
            (``pulumi.runtime.MockResourceArgs``: ``typ``, ``name``, ``inputs`` as the engine
            received them, camelCase); a subclass's own answers only when it passed them on
            to ``super().new_resource``.
        waits: The clock of each verification wait of the component, in the order they
            began (``identity``, ``minutes``, and ``now``: the seconds it waited). The clock
            moves only when the wait sleeps: no test sleeps for real.
        region, account_id, stack_outputs: As given.

    Methods: ``inputs_of(type_)``, the inputs of every resource of a type token (e.g.
    ``"aws:cognito/userPool:UserPool"``) in the order registered, secret values as their
    plain values (as a provider receives them).
    """

    def unanswered_call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict, list[tuple[str, str]]]:
        """An invoke these mocks do not know: its arguments echoed."""
        return dict(args.args), []
