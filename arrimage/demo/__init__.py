"""Demonstration data for `make run` and province-scale synthetic data for benchmarks."""
