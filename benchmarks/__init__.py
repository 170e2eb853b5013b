"""Benchmarks for gongshi: a synthetic-region generator and timing scripts."""
