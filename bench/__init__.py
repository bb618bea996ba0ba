"""Benchmark: what CognitoSesEmail costs over three hand-wired resources (``python -m bench``)."""
