# ruff: noqa: E402
"""数据质量: ingest errors, documents without metrics, flagged documents, metrics without a
place, rates that fail their consistency check, derived rates. Nothing here is hidden
elsewhere: these lists say where to look."""

from __future__ import annotations

import sys
from pathlib import Path

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import db, downloads, filters, frame, queries, ui

LIMIT = 1000


def _doc_table(df: pd.DataFrame, *, key: str, title: str, describe: list[str]) -> None:
    cols = {
        "doc_id": "文档编号",
        "title": "文档标题",
        "path": "文件路径",
        "published": "发布日期",
        "flags": "质量标记",
        "n_chars": "字数",
        "n_metrics": "指标数",
    }
    view = df.rename(columns=cols).reset_index(drop=True)
    links = pd.Series([ui.evidence_link(d) for d in df["doc_id"]]) if "doc_id" in df.columns else None
    ui.show_table(view, key=key, links=links)
    downloads.table_downloads(
        view, downloads.ExportInfo(key, title, describe, build=db.build_label()), key=key, n_rows=len(view)
    )


def _metric_table(f: queries.MetricFilter, *, key: str, title: str, describe: list[str], empty: str) -> None:
    rows, total = queries.metric_list(f, limit=LIMIT)
    if total == 0:
        ui.empty(empty)
        return
    if total > LIMIT:
        st.caption(f"共 {total} 条，表中显示前 {LIMIT} 条；下载包含全部。")
    view = ui.to_view(rows, ui.RATE_TABLE_COLUMNS)
    ui.show_table(view, key=key, links=ui.metric_links(rows))
    source: pd.DataFrame | Callable[[], pd.DataFrame] = view
    if total > LIMIT:

        def source() -> pd.DataFrame:
            return ui.to_view(queries.explorer_rows(f, limit=None, cache=False), ui.RATE_TABLE_COLUMNS)

    downloads.table_downloads(
        source, downloads.ExportInfo(key, title, describe, build=db.build_label()), key=key, n_rows=total
    )


def main() -> None:
    st.title("数据质量")
    if not ui.require_database():
        return
    f = filters.shared_filters()
    describe = f.describe()
    qs = queries.quality_summary(f)
    cols = st.columns(6)
    cols[0].metric("导入错误", qs["errors_total"])
    cols[1].metric("无指标文档", qs["docs_no_metrics"])
    cols[2].metric("带标记文档", qs["docs_flagged"])
    cols[3].metric("未识别地点", qs["no_place"])
    cols[4].metric("核对不一致", qs["mismatch"])
    cols[5].metric("推算比率", qs["derived"])
    st.caption("左侧筛选作用于三个指标列表（“未识别地点”只按工作领域和年份）；导入错误和文档列表不随筛选变化。")
    tabs = st.tabs(
        ["导入错误", "无指标的文档", "带质量标记的文档", "未识别地点的指标", "核对不一致的比率", "推算的比率"]
    )
    with tabs[0]:
        errors = queries.ingest_errors(LIMIT)
        if errors.empty:
            ui.empty("没有导入错误。")
        else:
            view = errors.rename(
                columns={
                    "run_id": "运行编号",
                    "path": "文件路径",
                    "stage": "环节",
                    "error": "错误",
                    "occurred_at": "时间",
                }
            )
            ui.show_table(view, key="quality_errors")
            downloads.table_downloads(
                view,
                downloads.ExportInfo("ingest_errors", "导入错误", [], build=db.build_label()),
                key="quality_errors",
                n_rows=len(view),
            )
    with tabs[1]:
        docs = queries.docs_without_metrics(LIMIT)
        if docs.empty:
            ui.empty("每份文档都抽取到了指标。")
        else:
            _doc_table(docs, key="quality_no_metrics", title="无指标的文档", describe=[])
    with tabs[2]:
        flagged = queries.flagged_docs(LIMIT)
        if flagged.empty:
            ui.empty("没有带质量标记的文档。")
        else:
            _doc_table(flagged, key="quality_flagged", title="带质量标记的文档", describe=[])
    no_place = f.with_(provinces=(), cities=(), counties=(), has_place=False)
    with tabs[3]:
        _metric_table(
            no_place,
            key="quality_no_place",
            title="未识别地点的指标",
            describe=no_place.describe(),
            empty="所有指标都识别出了地点。",
        )
    with tabs[4]:
        mm = f.with_(kinds=("rate",), consistency=("mismatch",))
        _metric_table(
            mm,
            key="quality_mismatch",
            title="核对不一致的比率",
            describe=mm.describe(),
            empty="没有核对不一致的比率。",
        )
    with tabs[5]:
        dv = f.with_(kinds=("rate",), derived=True)
        _metric_table(dv, key="quality_derived", title="推算的比率", describe=dv.describe(), empty="没有推算的比率。")
    _ = describe


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
