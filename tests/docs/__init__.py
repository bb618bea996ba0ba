"""The examples in README.md and docs/, run as written."""
