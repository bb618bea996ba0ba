"""AWS's rules as pure functions: no Pulumi import here (a test keeps it so)."""
