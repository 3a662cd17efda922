# ruff: noqa: E402
"""原文核查: one document's text with every metric span highlighted; the chosen metric's place
is marked. Other pages link here with ``?doc=…&m=…``."""

from __future__ import annotations

import sys
from pathlib import Path

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import pandas as pd
import streamlit as st

from dashboard import db, downloads, filters, frame, highlight, queries, ui
from dashboard.labels import KIND_LABELS

TABLE_COLUMNS = (
    "start",
    "kind",
    "name",
    "display",
    "status",
    "locality",
    "program",
    "year",
    "quote",
    "metric_id",
    "doc_id",
)


def _doc_label(row: pd.Series) -> str:
    place = "".join(str(x) for x in (row.get("province"), row.get("city"), row.get("county")) if isinstance(x, str))
    date = "" if pd.isna(row.get("published")) else str(row.get("published"))[:10]
    return " · ".join(x for x in (str(row.get("title") or row["doc_id"]), place, date) if x)


def _metric_label(r: pd.Series) -> str:
    return f"第{int(r['start'])}字 · {r['name'] or KIND_LABELS.get(r['kind'], r['kind'])} {r['display']}"


def main() -> None:
    st.title("原文核查")
    if not ui.require_database():
        return
    ctx = filters.current()
    wanted_doc = filters.value("doc", "") or ""
    wanted_metric = filters.value("m", "") or ""
    if ctx.url_changed and "m" in ctx.url and "doc" not in ctx.url:
        wanted_doc = queries.metric_doc(wanted_metric) or ""
        if wanted_doc:
            ctx.url["doc"] = [wanted_doc]  # as if the link had named the document too

    choices = queries.document_choices(filters.shared_from_url())
    labels = {r["doc_id"]: _doc_label(r) for _, r in choices.iterrows()}
    if wanted_doc and wanted_doc not in labels:
        doc_row = queries.document(wanted_doc)
        if doc_row is not None:
            labels = {wanted_doc: _doc_label(pd.Series(doc_row)), **labels}
    if not labels:
        ui.empty("没有可以核查的文档。")
        return
    doc_id = filters.selectbox(
        "doc",
        "文档",
        ["", *labels],
        default="",
        format_func=lambda d: labels.get(d, "请选择文档（或从其他页面的“查看原文”进入）"),
    )
    if not doc_id:
        ui.empty("请选择一份文档；在其他页面点击表格中的“查看原文”也会打开这里。")
        return
    doc = queries.document(doc_id)
    if doc is None:
        ui.empty("找不到这份文档：数据库可能已经重建。")
        return
    metrics = queries.document_metrics(doc_id)
    options = ["", *metrics["metric_id"].tolist()]
    by_id = {r["metric_id"]: r for _, r in metrics.iterrows()}
    selected = filters.selectbox(
        "m",
        "定位到指标",
        options,
        default="",
        format_func=lambda m: _metric_label(by_id[m]) if m in by_id else "（不定位）",
    )

    text = str(doc["text"])
    meta = [str(x) for x in (doc.get("province"), doc.get("city"), doc.get("county")) if x]
    # the title, path, flags, names and headings all come from the document: escape them
    st.subheader(ui.md_text(doc.get("title") or doc_id))
    st.caption(
        ui.md_text(
            " · ".join(
                [
                    f"文档编号 {doc_id}",
                    *(["".join(meta)] if meta else []),
                    *([f"发布 {str(doc['published'])[:10]}"] if doc.get("published") is not None else []),
                    f"{len(text)} 字",
                    f"{len(metrics)} 条指标",
                    *([f"质量标记：{doc['flags']}"] if doc.get("flags") else []),
                    f"文件：{doc.get('path')}",
                ]
            )
        )
    )
    left, right = st.columns([3, 2], gap="medium")
    with left:
        if selected and selected in by_id:
            r = by_id[selected]
            where = f"第 {int(r['start'])}–{int(r['end'])} 字"
            if r.get("page") is not None and not pd.isna(r.get("page")):
                where += f"，第 {int(r['page'])} 页"
            if isinstance(r.get("article"), str) and r.get("article"):
                where += f"，{r['article']}"
            label = ui.md_text(f"{r['name'] or ''} {r['display']}（{r['status']}，{where}）")
            st.markdown(f"**所选指标**：{label}")
            st.html(highlight.excerpt(text, int(r["start"]), int(r["end"])))
        st.html(highlight.legend(KIND_LABELS))
        spans = [
            highlight.Span(
                str(r.metric_id),
                int(r.start),
                int(r.end),
                str(r.kind),
                f"{r.name or KIND_LABELS.get(r.kind, r.kind)} {r.display}",
            )
            for r in metrics.itertuples(index=False)
        ]
        # long texts scroll inside a box so the metric list stays beside them
        with st.container(height=640 if len(text) > 1500 else "content", border=True):
            st.html(highlight.render(text, spans, selected or None))
    with right:
        st.markdown("**本文指标**")
        if metrics.empty:
            ui.empty("这份文档没有抽取到指标。")
        else:
            view = ui.to_view(metrics, TABLE_COLUMNS)
            ui.show_table(view, key="evidence_metrics", links=ui.metric_links(metrics))
            downloads.table_downloads(
                view,
                downloads.ExportInfo(
                    f"evidence_{doc_id}",
                    f"原文核查：{doc.get('title') or doc_id}",
                    [f"文档：{doc_id}"],
                    build=db.build_label(),
                ),
                key="evidence_metrics",
                n_rows=len(view),
            )


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
