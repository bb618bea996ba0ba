"""The policy pack Pulumi loads with `pulumi preview --policy-pack policypack`."""

from pulumi_policy import EnforcementLevel, PolicyPack

from cognito_ses_email_pack.policies import POLICIES

PolicyPack(
    name="cognito-ses-email",
    # Each policy sets its own level; this is for any that does not.
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=POLICIES,
)
