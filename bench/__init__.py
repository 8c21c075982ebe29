"""Benchmarks: Deskhand against the sandbox upstreams, and the sequential baseline a store would write."""
