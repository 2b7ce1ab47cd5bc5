"""National-scale data generator and benchmarks (not part of `make test`)."""
