"""Checking CognitoSesEmailArgs into one typed model."""
