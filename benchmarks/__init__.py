"""Load and latency benchmarks (scripts; run with `make bench` or directly)."""
