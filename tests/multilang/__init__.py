"""The component package served to other Pulumi languages (PulumiPlugin.yaml, __main__.py)."""
