"""The benchmark, run as a person runs it."""
