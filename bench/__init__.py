"""Benchmarks (outside the test suite): `python -m bench` writes bench/results.md."""
