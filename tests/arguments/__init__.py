"""Tests of arguments/: what each argument accepts and refuses, plain, late and secret."""
