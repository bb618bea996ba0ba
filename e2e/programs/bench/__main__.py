"""The benchmark's programs (bench/worker.py) under the real engine: config `kind` and `n`."""

import pulumi

from bench.worker import PROGRAMS

config = pulumi.Config()
PROGRAMS[config.require("kind")](config.require_int("n"))()
