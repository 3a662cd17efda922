"""Scaled-down benchmark as a test: every page's script on a 100,000-metric synthetic
database stays well within the 1 s budget the 1,000,000-metric benchmark
(``benchmarks/bench_dashboard.py``) checks. Kept small so the suite stays quick on 2 cores."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from dashboard_fixtures import make_synthetic_db  # noqa: E402

from benchmarks import bench_dashboard  # noqa: E402

N_METRICS = 100_000
BUDGET = 1.0


def test_every_page_under_budget_at_100k(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = make_synthetic_db(tmp_path / "bench.duckdb", N_METRICS)
    monkeypatch.setenv("INDICATORS_DB", str(db_path))
    results = bench_dashboard.measure(db_path, repeats=1)
    print(bench_dashboard.table(results, N_METRICS))
    assert {r.page for r in results} == {"overview", "rates", "amounts", "explorer", "evidence", "quality"}
    slow = [(r.scenario, round(r.cold, 3)) for r in results if r.cold >= BUDGET]
    assert not slow, f"pages over {BUDGET} s at {N_METRICS} metrics: {slow}"
    # the caches work: a warm rerun costs about half of a cold one. Summed over pages, so that one
    # page slowed by the machine (a GC pause, another process) does not decide it
    assert sum(r.warm for r in results) < 0.8 * sum(r.cold for r in results)
