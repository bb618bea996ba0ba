"""Checking CognitoSesEmailArgs into one typed model (:func:`.checking.check_arguments`)."""
