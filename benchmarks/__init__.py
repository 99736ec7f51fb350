"""negsim's benchmarks: each ``bench_*.py`` module has ``run() -> list[dict]``."""
