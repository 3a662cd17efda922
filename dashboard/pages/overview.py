# ruff: noqa: E402
"""概览: headline figures, a province map, the province table and the last run's quality."""

from __future__ import annotations

import sys
from pathlib import Path

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import json
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, db, downloads, filters, frame, queries, ui
from dashboard.labels import KIND_LABELS, RESOLUTION_RATES

FIGURES = {"metrics": "指标条数", "median_rate": "办理率中位数"}


def _fmt_int(v: object) -> str:
    return "—" if v is None else f"{int(v)}"  # type: ignore[call-overload]


def _fmt_big(v: object) -> str:
    """Headline numbers in 万 past 100,000 so a million metrics fits the column (100万)."""
    if v is None:
        return "—"
    n = int(v)  # type: ignore[call-overload]
    if n < 100_000:
        return str(n)
    return f"{n / 10_000:.1f}".rstrip("0").rstrip(".") + "万"


def headline(f: queries.MetricFilter) -> dict:
    h = queries.headline(f)
    run = queries.last_run()
    cols = st.columns([1, 1, 1, 1, 1.5, 1.5])
    years = "—" if h["y0"] is None else (f"{int(h['y0'])}" if h["y0"] == h["y1"] else f"{int(h['y0'])}–{int(h['y1'])}")
    last = "—"
    if run is not None:
        when = run.get("finished") or run.get("started")
        last = pd.Timestamp(when).strftime("%Y-%m-%d") if when is not None else str(run.get("run_id"))
    cols[0].metric("文档", _fmt_big(h["docs"]), help=f"{_fmt_int(h['docs'])} 份")
    cols[1].metric("指标", _fmt_big(h["metrics"]), help=f"{_fmt_int(h['metrics'])} 条")
    cols[2].metric("地方", _fmt_big(h["localities"]), help="识别出地点的不同省/市/县/乡镇")
    cols[3].metric("省份", _fmt_int(h["provinces"]))
    cols[4].metric("年份", years)
    cols[5].metric("最近运行", last, help=None if run is None else f"{run.get('run_id')}：{run.get('finished')}")
    return h


def province_map(f: queries.MetricFilter, describe: list[str]) -> None:
    left, right = st.columns([3, 2], gap="medium")
    with left:
        figure = filters.selectbox(
            "fig",
            "地图显示",
            list(FIGURES),
            default="metrics",
            format_func=FIGURES.__getitem__,
            horizontal_radio=True,
        )
        all_rates = queries.rate_names()
        rate_names = [r for r in RESOLUTION_RATES if r in all_rates]
        if figure == "median_rate":
            rate_names = filters.multiselect("mrate", "计入中位数的比率", all_rates, default=rate_names)
    stats = queries.by_province(f, tuple(rate_names))
    adcodes = charts.province_adcodes()
    stats["adcode"] = [adcodes.get(p, a) for p, a in zip(stats["province"], stats["adcode"], strict=False)]
    value_col = figure
    title = FIGURES[figure] + ("（%）" if figure == "median_rate" else "")
    with left:
        if stats.empty or stats[value_col].isna().all():
            ui.empty(
                "当前筛选条件下没有可以上图的省份数据。"
                if figure == "metrics"
                else "所选比率在当前筛选条件下没有数据，无法计算中位数。"
            )
        else:
            st.altair_chart(charts.map_chart(stats, value_col, title), width="stretch", key="overview_map")
            filt = [*describe, *([f"比率：{'、'.join(rate_names)}"] if rate_names else [])]
            downloads.chart_downloads(
                lambda w: charts.map_chart(stats, value_col, title, width=w, height=620),
                name="province_map",
                title=f"各省{FIGURES[figure]}",
                filters=filt,
                unit="条" if figure == "metrics" else "%",
                key="overview_map",
            )
    with right:
        st.markdown("**各省一览**")
        if stats.empty:
            ui.empty("没有带省份的指标。")
        else:
            table = stats.sort_values(value_col, ascending=False, na_position="last")
            view = (
                table[["province", "metrics", "docs", "n_rates", "median_rate", "amount_wan"]]
                .rename(
                    columns={
                        "province": "省份",
                        "metrics": "指标条数",
                        "docs": "文档数",
                        "n_rates": "比率条数",
                        "median_rate": "办理率中位数(%)",
                        "amount_wan": "金额合计(万元)",
                    }
                )
                .reset_index(drop=True)
            )
            ui.show_table(view, key="overview_provinces", height=min(560, 38 + 35 * len(view)))
            downloads.table_downloads(
                view,
                downloads.ExportInfo(
                    "provinces",
                    "各省一览",
                    describe,
                    {"金额合计(万元)": "万元", "办理率中位数(%)": "%"},
                    db.build_label(),
                ),
                key="overview_provinces",
                n_rows=len(view),
            )


def _warnings_text(raw: Any) -> str:
    """The run's own warnings (a worker pool that died, ...): a JSON list; unknown ("—") for runs
    written before the column existed."""
    if raw is None:
        return "—"
    try:
        items = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw)
    if not isinstance(items, list):
        return str(items)
    return "；".join(map(str, items)) or "无"


def run_quality(f: queries.MetricFilter, describe: list[str]) -> None:
    st.subheader("最近一次运行与数据质量")
    run = queries.last_run()
    qs = queries.quality_summary(f)
    rows: list[tuple[str, str]] = []
    if run is None:
        ui.empty("数据库里没有运行记录。")
    else:
        by_kind = run.get("metrics_by_kind") or "{}"
        try:
            kinds = json.loads(by_kind) if isinstance(by_kind, str) else dict(by_kind)
        except ValueError:
            kinds = {}
        kinds_text = "、".join(f"{KIND_LABELS.get(k, k)} {v}" for k, v in kinds.items()) or "—"
        rows += [
            ("运行编号", str(run.get("run_id"))),
            ("开始 / 结束", f"{run.get('started')} / {run.get('finished')}"),
            ("读取文档", _fmt_int(run.get("documents_read"))),
            (
                "未变化 / 跳过 / 失败",
                f"{_fmt_int(run.get('documents_unchanged'))} / "
                f"{_fmt_int(run.get('documents_skipped'))} / {_fmt_int(run.get('documents_failed'))}",
            ),
            ("写入指标", _fmt_int(run.get("metrics_written"))),
            ("按类别", kinds_text),
            ("用时（秒）", "—" if run.get("seconds") is None else f"{float(run['seconds']):.1f}"),
            ("运行警告", _warnings_text(run.get("warnings"))),
        ]
    rows += [
        ("本次导入错误", str(qs["errors_last_run"])),
        ("无指标的文档", str(qs["docs_no_metrics"])),
        ("带质量标记的文档", str(qs["docs_flagged"])),
        ("未识别地点的指标", str(qs["no_place"])),
        ("核对不一致的比率", str(qs["mismatch"])),
        ("推算的比率", str(qs["derived"])),
    ]
    view = pd.DataFrame(rows, columns=["项目", "数值"])
    c1, c2 = st.columns([3, 2])
    with c1:
        ui.show_table(view, key="overview_quality")
        downloads.table_downloads(
            view,
            downloads.ExportInfo("run_quality", "最近一次运行与数据质量", describe, build=db.build_label()),
            key="overview_quality",
            n_rows=len(view),
        )
    with c2:
        st.page_link("pages/quality.py", label="查看数据质量详情", icon=":material/rule:")


def main() -> None:
    st.title("概览")
    if not ui.require_database():
        return
    f = filters.shared_filters()
    describe = f.describe()
    h = headline(f)
    if not h["metrics"]:
        ui.empty("当前筛选条件下没有指标。请在左侧放宽省份、工作领域或年份。")
    else:
        province_map(f, describe)
    run_quality(f, describe)


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
