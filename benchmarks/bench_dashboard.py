"""Server-side time of each dashboard page on a synthetic database.

Usage::

    .venv/bin/python benchmarks/bench_dashboard.py            # 1,000,000 metrics
    .venv/bin/python benchmarks/bench_dashboard.py --metrics 200000 --json out.json

The database is generated once under ``benchmarks/corpus/`` (gitignored) and reused. Each
page is run with Streamlit's ``AppTest`` in this process: first with an empty query cache
("cold": every query goes to DuckDB, as after an ETL swap), then twice more ("warm"). The
figure is the script's own run time, measured by ``dashboard.frame`` from the start of the
entry script to the URL write-back; AppTest's wall time is reported beside it. The goal is
under 1 s per page, cold.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

APP = ROOT / "dashboard" / "app.py"
BUDGET_SECONDS = 1.0


@dataclass
class Result:
    scenario: str
    page: str
    params: dict[str, Any]
    cold: float
    warm: float
    cold_wall: float
    warm_wall: float
    elements: int


def scenarios(db_path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        doc_id, metric_id = con.execute(
            "SELECT doc_id, metric_id FROM metrics WHERE kind = 'rate' ORDER BY metric_id LIMIT 1 OFFSET 1000"
        ).fetchone()
        province = con.execute(
            "SELECT province FROM metrics WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()
    return [
        ("概览", "overview", {}),
        ("概览·办理率地图", "overview", {"fig": "median_rate"}),
        ("办理率对比", "rates", {}),
        ("办理率对比·一省", "rates", {"prov": province}),
        ("数量与金额", "amounts", {}),
        ("数量与金额·下钻", "amounts", {"dp": province}),
        ("指标明细", "explorer", {}),
        ("指标明细·全文搜索", "explorer", {"q": "化解率9", "sort": "value_desc"}),
        ("原文核查", "evidence", {"doc": doc_id, "m": metric_id}),
        ("数据质量", "quality", {}),
    ]


def run_page(page: str, params: dict[str, Any], timeout: float = 120) -> tuple[float, float, int, Any]:
    from streamlit.testing.v1 import AppTest

    from dashboard.frame import RUN_SECONDS

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.switch_page(f"pages/{page}.py")
    for k, v in params.items():
        at.query_params[k] = v
    t0 = time.perf_counter()
    at.run()
    wall = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"{page} {params}: {at.exception[0].value}")
    seconds = float(at.session_state[RUN_SECONDS])
    return seconds, wall, len(list(at.main)), at


def measure(db_path: Path, repeats: int = 2) -> list[Result]:
    import streamlit as st

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime" notes from cache clears
    os.environ["INDICATORS_DB"] = str(db_path)
    # import everything once (a running server has done so before the first visitor)
    run_page("quality", {})
    out: list[Result] = []
    for name, page, params in scenarios(db_path):
        st.cache_data.clear()
        cold, cold_wall, n, _ = run_page(page, params)
        warm_runs = [run_page(page, params)[:2] for _ in range(repeats)]
        out.append(
            Result(
                scenario=name,
                page=page,
                params=params,
                cold=cold,
                warm=statistics.median(w[0] for w in warm_runs),
                cold_wall=cold_wall,
                warm_wall=statistics.median(w[1] for w in warm_runs),
                elements=n,
            )
        )
    return out


def ensure_db(n_metrics: int, path: Path | None = None) -> Path:
    from dashboard_fixtures import make_synthetic_db

    path = path or ROOT / "benchmarks" / "corpus" / f"dashboard_{n_metrics}.duckdb"
    if not path.exists():
        t0 = time.perf_counter()
        make_synthetic_db(path, n_metrics)
        print(f"generated {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def _pad(text: str, width: int) -> str:
    """Left-align by display width (a Chinese character takes two columns)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - shown)


def table(results: list[Result], n_metrics: int) -> str:
    lines = [
        f"Dashboard page script time, {n_metrics:,} metrics (budget {BUDGET_SECONDS:.1f} s)",
        f"{_pad('scenario', 22)} {'cold s':>8} {'warm s':>8} {'cold wall':>10} {'warm wall':>10}",
    ]
    for r in results:
        flag = "" if r.cold < BUDGET_SECONDS else "  OVER BUDGET"
        lines.append(
            f"{_pad(r.scenario, 22)} {r.cold:8.3f} {r.warm:8.3f} {r.cold_wall:10.3f} {r.warm_wall:10.3f}{flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="use this database instead of generating one")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    db_path = args.db or ensure_db(args.metrics)
    results = measure(db_path, args.repeats)
    print(table(results, args.metrics))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(r.cold < BUDGET_SECONDS for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
