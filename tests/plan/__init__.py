"""The offline plan, run as a person runs it."""
