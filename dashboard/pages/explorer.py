# ruff: noqa: E402
"""指标明细: every metric, filtered by any column and by full-text search; paged on screen,
downloaded whole."""

from __future__ import annotations

import sys
from pathlib import Path

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import math

import streamlit as st

from dashboard import db, downloads, filters, frame, queries, ui
from dashboard.labels import CONSISTENCY_LABELS, KIND_LABELS, LEVEL_LABELS, QUALIFIER_LABELS

PAGE_SIZE = 100
COLUMNS = (
    "locality",
    "kind",
    "name",
    "display",
    "value",
    "unit",
    "qualifier",
    "numerator",
    "denominator",
    "status",
    "program",
    "year",
    "place_level",
    "quote",
    "sentence",
    "title",
    "doc_id",
    "metric_id",
    "start",
    "end",
)
SORTS = {
    "default": "按地方",
    "value_desc": "数值从大到小",
    "value_asc": "数值从小到大",
    "year_desc": "年份从新到旧",
}
DERIVED = {"": "全部", "yes": "仅推算", "no": "仅原文"}


def _float(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if text else None
    except ValueError:
        st.warning(f"“{ui.md_text(text)}”不是数字，已忽略。")
        return None


def column_filters(f: queries.MetricFilter) -> queries.MetricFilter:
    active_keys = ("kind", "name", "qual", "cons", "der", "lvlx", "unit", "doc", "vmin", "vmax")
    ctx = filters.current()
    expanded = any(ctx.store.get(k) for k in active_keys) or any(k in ctx.url for k in active_keys)
    with st.expander("按列筛选", expanded=expanded, icon=":material/filter_list:"):
        c1, c2, c3, c4 = st.columns(4)
        kinds = filters.multiselect("kind", "类别", list(KIND_LABELS), container=c1, format_func=KIND_LABELS.get)
        names = filters.multiselect(
            "name",
            "指标名称",
            queries.distinct_values("name", f.with_(kinds=tuple(kinds)), limit=500),
            container=c2,
            keep_unknown=True,
        )
        quals = filters.multiselect(
            "qual", "限定", list(QUALIFIER_LABELS), container=c3, format_func=QUALIFIER_LABELS.get
        )
        cons = filters.multiselect(
            "cons", "核对", list(CONSISTENCY_LABELS), container=c4, format_func=CONSISTENCY_LABELS.get
        )
        c5, c6, c7, c8 = st.columns(4)
        der = filters.selectbox("der", "推算", list(DERIVED), format_func=DERIVED.__getitem__, container=c5)
        levels = filters.multiselect("lvlx", "层级", list(LEVEL_LABELS), container=c6, format_func=LEVEL_LABELS.get)
        units = filters.multiselect(
            "unit", "单位", queries.distinct_values("unit", limit=200), container=c7, keep_unknown=True
        )
        doc = filters.text_input("doc", "文档编号", container=c8, placeholder="如 d0a1b2c3…")
        c9, c10, _ = st.columns([1, 1, 2])
        vmin = _float(filters.text_input("vmin", "原始值不小于", container=c9, help="金额按元，比率按百分数"))
        vmax = _float(filters.text_input("vmax", "原始值不大于", container=c10))
    return f.with_(
        kinds=tuple(kinds),
        names=tuple(names),
        qualifiers=tuple(quals),
        consistency=tuple(cons),
        derived=None if not der else der == "yes",
        levels=tuple(levels),
        units=tuple(units),
        doc_ids=(doc,) if doc else (),
        value_min=vmin,
        value_max=vmax,
    )


def main() -> None:
    st.title("指标明细")
    if not ui.require_database():
        return
    f = filters.shared_filters()
    text = filters.text_input(
        "q", "全文搜索（原文片段与所在句子）", placeholder="如：化解率　多个词用空格分开，需同时出现"
    )
    f = column_filters(f.with_(text=text))
    total = queries.explorer_count(f)
    if total == 0:
        ui.empty("没有符合条件的指标。请换个搜索词或放宽筛选。")
        return
    pages = max(1, math.ceil(total / PAGE_SIZE))
    c1, c2, c3 = st.columns([2, 1, 3])
    sort = filters.selectbox(
        "sort", "排序", list(SORTS), default="default", format_func=SORTS.__getitem__, container=c1
    )
    page = filters.int_input("p", f"页码（共 {pages} 页）", default=1, min_value=1, max_value=pages, container=c2)
    c3.caption(f"共 {total} 条指标，每页 {PAGE_SIZE} 条。下载包含全部 {total} 条。")
    rows = queries.explorer_rows(f, sort, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    view = ui.to_view(rows, COLUMNS)
    ui.show_table(view, key="explorer_table", links=ui.metric_links(rows))
    describe = f.describe()

    def full_table():  # built only when a download button is pressed
        return ui.to_view(queries.explorer_rows(f, sort, limit=None, cache=False), COLUMNS)

    downloads.table_downloads(
        full_table if total > len(rows) else view,
        downloads.ExportInfo("metrics", "指标明细", describe, build=db.build_label()),
        key="explorer_table",
        n_rows=total,
        label="下载全部结果",
    )


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
