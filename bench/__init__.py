"""Benchmarks: translator beside a thin passthrough baseline, measured in the same run (`python -m bench.run`)."""
