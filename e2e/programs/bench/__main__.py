"""The benchmark's programs (bench/worker.py) under the real engine: config `kind` and `n`."""

import pulumi

from bench.worker import components, hand_wired

config = pulumi.Config()
n = config.require_int("n")
{"component": components, "baseline": hand_wired}[config.require("kind")](n)()
