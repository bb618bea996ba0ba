"""Checking CognitoSesEmailArgs into one typed model (:class:`.model.CheckedArgs`)."""

from .checking import check_arguments

__all__ = ["check_arguments"]
