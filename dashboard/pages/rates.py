# ruff: noqa: E402
"""办理率对比: localities ranked by rate, coloured by rate name; a click opens the evidence."""

from __future__ import annotations

import sys
from pathlib import Path

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from typing import Any

import streamlit as st

from dashboard import charts, db, downloads, filters, frame, queries, ui
from dashboard.labels import COMMON_RATES, LEVEL_LABELS

LEVELS = {
    "": "全部层级",
    "province": LEVEL_LABELS["province"],
    "city": LEVEL_LABELS["city"],
    "county": LEVEL_LABELS["county"],
}
ORDERS = {"desc": "从高到低", "asc": "从低到高"}
HANDLED = "_rates_pick_handled"


def picked_metric(event: Any) -> str | None:
    """The metric id of the clicked point in a ``st.altair_chart`` selection event, if any."""
    try:
        points = event["selection"]["pick"]
    except (KeyError, TypeError):
        return None
    if isinstance(points, dict):  # older event shapes carry {"metric_id": [...]}
        ids = points.get("metric_id")
        return str(ids[0]) if ids else None
    for p in points or []:
        if isinstance(p, dict) and p.get("metric_id"):
            return str(p["metric_id"])
    return None


def main() -> None:
    st.title("办理率对比")
    if not ui.require_database():
        return
    f = filters.shared_filters()
    all_names = queries.rate_names()
    if not all_names:
        ui.empty("数据库里还没有比率类指标。")
        return
    c1, c2, c3, c4 = st.columns([4, 1.3, 1.1, 1.1])
    default = [n for n in COMMON_RATES if n in all_names] or all_names[:5]
    names = filters.multiselect("rate", "比率名称", all_names, default=default, container=c1)
    level = filters.selectbox("lvl", "地方层级", list(LEVELS), format_func=LEVELS.__getitem__, container=c2)
    top = filters.int_input("top", "显示地方数", default=30, min_value=3, max_value=200, container=c3)
    order = filters.selectbox("ord", "排序", list(ORDERS), default="desc", format_func=ORDERS.__getitem__, container=c4)
    if not names:
        ui.empty("请至少选择一个比率名称。")
        return
    fr = f.with_(names=tuple(names), levels=(level,) if level else ())
    describe = [*f.describe(), f"比率：{'、'.join(names)}"] + ([f"层级：{LEVELS[level]}"] if level else [])
    df = queries.rate_rows(fr, top, descending=order == "desc")
    if df.empty:
        ui.empty("当前筛选条件下没有符合的比率。请放宽省份、年份或比率名称。")
        return
    counts = queries.count_rates(fr)
    st.caption(
        f"符合条件的比率共 {counts['n']} 条，分布在 {counts['localities']} 个地方；"
        f"按各地中位数排名，图中显示前 {df['locality'].nunique()} 个地方的 {len(df)} 条。"
        "● 原文　▲ 推算（由原文数量计算）　✚ 核对不一致（原文比率与数量不符）　"
        "灰色竖线：该地中位数。点击图中的点打开原文。"
    )
    event = st.altair_chart(
        charts.rates_chart(df), on_select="rerun", selection_mode="pick", key="rates_chart", width="stretch"
    )
    picked = picked_metric(event)
    if picked is None:
        st.session_state.pop(HANDLED, None)
    elif st.session_state.get(HANDLED) != picked:
        st.session_state[HANDLED] = picked
        row = df.loc[df["metric_id"] == picked]
        if not row.empty:
            filters.commit()
            st.switch_page("pages/evidence.py", query_params={"doc": row["doc_id"].iat[0], "m": picked})
    downloads.chart_downloads(
        lambda w: charts.rates_chart(df, width=w, selectable=False),
        name="rates",
        title="各地办理率对比",
        filters=describe,
        unit="%",
        key="rates_chart",
    )

    st.subheader("明细")
    view = ui.to_view(df, ui.RATE_TABLE_COLUMNS)
    ui.show_table(view, key="rates_table", links=ui.metric_links(df))
    downloads.table_downloads(
        view,
        downloads.ExportInfo("rates", "各地办理率对比", describe, {"原始值": "%"}, db.build_label()),
        key="rates_table",
        n_rows=len(view),
    )


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
