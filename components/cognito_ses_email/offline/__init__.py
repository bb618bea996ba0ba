"""The simulated AWS account, Pulumi's configuration read offline, and the plan."""
