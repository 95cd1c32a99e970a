"""Benchmarks of Arrimage, run in one process against the full reference data (see README.md)."""
