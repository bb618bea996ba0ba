"""Tests of resources/: the children each builder registers, their inputs and order."""
