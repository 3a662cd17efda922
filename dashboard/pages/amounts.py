# ruff: noqa: E402
"""数量与金额: totals by region and by program, drill-down province → city → county, and a
region × program heat map. Amounts are shown in 万元; a total that contains a "3000多万元"
is itself only a lower bound and is written ≥…."""

from __future__ import annotations

import sys
from pathlib import Path

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from functools import partial

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import charts, db, downloads, filters, frame, queries, ui
from dashboard.labels import fmt_number, fmt_wan

KINDS = {"amount": "金额", "count": "数量"}
NEXT_LEVEL = {"province": "city", "city": "county"}
DRILL_KEYS = {"province": "dp", "city": "dc"}


def _display(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    out = df.copy()
    if out.empty:
        out["total_display"] = []
        out["value"] = []
        return out
    if kind == "amount":
        out["value"] = (out["total"] / 10_000).round(2)
        out["total_display"] = [
            fmt_wan(t, bool(lb), bool(ap))
            for t, lb, ap in zip(out["total"], out["lower_bound"], out.get("approx", [False] * len(out)), strict=False)
        ]
    else:
        out["value"] = out["total"]
        out["total_display"] = [
            ("≥" if lb else "") + fmt_number(t) + ("" if u in (None, "混合") or pd.isna(u) else u)
            for t, lb, u in zip(out["total"], out["lower_bound"], out.get("unit", [None] * len(out)), strict=False)
        ]
    return out


def _table(df: pd.DataFrame, kind: str, group_title: str) -> pd.DataFrame:
    unit = "万元" if kind == "amount" else ""
    cols = {
        "grp": group_title,
        "n": "条数",
        "total_display": "合计",
        "value": f"合计数值{f'({unit})' if unit else ''}",
    }
    if "median" in df.columns:
        df = df.assign(
            median=(df["median"] / (10_000 if kind == "amount" else 1)).round(2),
            max=(df["max"] / (10_000 if kind == "amount" else 1)).round(2),
        )
        cols |= {
            "median": f"中位数{f'({unit})' if unit else ''}",
            "max": f"最大值{f'({unit})' if unit else ''}",
            "docs": "文档数",
        }
    if "unit" in df.columns and kind == "count":
        cols["unit"] = "单位"
    if "program" in df.columns:
        cols = {"grp": group_title, "program": "工作领域", **{k: v for k, v in cols.items() if k != "grp"}}
    out = df.loc[:, [c for c in cols if c in df.columns]].rename(columns=cols)
    out["含下限值"] = ["是" if x else "否" for x in df["lower_bound"]]
    return out.reset_index(drop=True)


def _exports(
    df: pd.DataFrame, kind: str, group_title: str, value_title: str, unit: str, describe: list[str], name: str, key: str
) -> None:
    """Chart downloads, the table, and table downloads for one grouped total (region or program)."""
    title = f"{KINDS[kind]}：按{group_title}"
    downloads.chart_downloads(
        lambda w: charts.bar_chart(df, value_col="value", value_title=value_title, label_title=group_title, width=w),
        name=name,
        title=title,
        filters=describe,
        unit=unit,
        key=key,
    )
    view = _table(df, kind, group_title)
    ui.show_table(view, key=f"{key}_table")
    downloads.table_downloads(
        view,
        downloads.ExportInfo(name, title, describe, build=db.build_label()),
        key=f"{key}_table",
        n_rows=len(view),
    )


def _drill(level: str) -> None:
    """Chart click callback: drill into the clicked region (runs before the next rerun, so
    it may set the drill widgets' state)."""
    state = st.session_state.get("amounts_region_chart")
    try:
        points = state["selection"]["drill"]
        region = points[0]["grp"]
    except (KeyError, IndexError, TypeError):
        return
    key = DRILL_KEYS.get(level)
    if key:
        st.session_state[f"w_{key}"] = region


def main() -> None:
    st.title("数量与金额")
    if not ui.require_database():
        return
    f = filters.shared_filters()
    c1, c2 = st.columns([1, 3])
    kind = filters.selectbox(
        "kind",
        "类别",
        list(KINDS),
        default="amount",
        format_func=KINDS.__getitem__,
        container=c1,
        horizontal_radio=True,
    )
    names = filters.multiselect(
        "mname",
        "指标名称（不选则合计全部）",
        queries.distinct_values("name", f.with_(kinds=(kind,)), limit=300),
        container=c2,
        keep_unknown=True,
    )
    fk = f.with_(kinds=(kind,), names=tuple(names))

    # drill-down: province -> city -> county, each step narrows the next
    d1, d2, d3 = st.columns([1, 1, 2])
    provinces = queries.sorted_values("province", fk)
    dp = filters.selectbox(
        "dp", "下钻：省份", ["", *provinces], format_func=lambda v: v or "全国（按省）", container=d1
    )
    fd = fk.with_(provinces=(dp,)) if dp else fk
    dc = ""
    if dp:
        dc = filters.selectbox(
            "dc",
            "城市",
            ["", *queries.sorted_values("city", fd)],
            format_func=lambda v: v or f"{dp}（按市）",
            container=d2,
        )
    if dc:
        fd = fd.with_(cities=(dc,))
    level = "county" if dc else "city" if dp else "province"
    group_title = {"province": "省份", "city": "城市", "county": "区县"}[level]
    path = " → ".join(["全国", *(x for x in (dp, dc) if x)])
    d3.caption(f"当前：{path}（按{group_title}）。点击柱子可继续下钻。")

    describe = [*f.describe(), f"类别：{KINDS[kind]}"] + ([f"指标：{'、'.join(names)}"] if names else [])
    describe += [f"下钻：{path}"] if (dp or dc) else []
    unit = "万元" if kind == "amount" else "条目原单位"
    value_title = "合计（万元）" if kind == "amount" else "合计"
    if kind == "count" and not names:
        st.caption("提示：不同指标的数量直接相加，仅供参考；选定一个指标名称后再比较更可靠。")

    tab_region, tab_program, tab_heat = st.tabs(["按地区", "按工作领域", "地区 × 工作领域"])
    with tab_region:
        regions = _display(queries.totals_by(fd, level), kind)
        if regions.empty:
            ui.empty("当前筛选条件下没有数据。请放宽筛选或返回上一级。")
        else:
            chart = charts.bar_chart(regions, value_col="value", value_title=value_title, label_title=group_title)
            if level in NEXT_LEVEL:
                chart = chart.add_params(alt.selection_point(name="drill", fields=["grp"], on="click"))
                st.altair_chart(
                    chart,
                    on_select=partial(_drill, level),
                    selection_mode="drill",
                    key="amounts_region_chart",
                    width="stretch",
                )
            else:
                st.altair_chart(chart, key="amounts_region_chart", width="stretch")
            _exports(regions, kind, group_title, value_title, unit, describe, f"{kind}_by_{level}", "amounts_region")
    with tab_program:
        progs = _display(queries.totals_by(fd, "program"), kind)
        if progs.empty:
            ui.empty("当前筛选条件下没有数据。")
        else:
            st.altair_chart(
                charts.bar_chart(progs, value_col="value", value_title=value_title, label_title="工作领域"),
                key="amounts_program_chart",
                width="stretch",
            )
            _exports(progs, kind, "工作领域", value_title, unit, describe, f"{kind}_by_program", "amounts_program")
    with tab_heat:
        heat = queries.heatmap(fd, level)
        if heat.empty:
            ui.empty("当前筛选条件下没有数据。")
        else:
            heat = _display(heat, kind)
            order = heat.groupby("grp")["total"].sum().sort_values(ascending=False)
            heat["grp_order"] = heat["grp"].map({g: i for i, g in enumerate(order.index)})
            st.altair_chart(
                charts.heat_chart(heat, value_col="value", value_title=value_title),
                key="amounts_heat_chart",
                width="stretch",
            )
            downloads.chart_downloads(
                lambda w: charts.heat_chart(heat, value_col="value", value_title=value_title, width=w),
                name=f"{kind}_heatmap_{level}",
                title=f"{KINDS[kind]}：{group_title} × 工作领域",
                filters=describe,
                unit=unit,
                key="amounts_heat",
            )
            view = _table(heat.sort_values(["grp_order", "program"]), kind, group_title)
            ui.show_table(view, key="amounts_heat_table")
            downloads.table_downloads(
                view,
                downloads.ExportInfo(
                    f"{kind}_heatmap_{level}",
                    f"{KINDS[kind]}：{group_title} × 工作领域",
                    describe,
                    build=db.build_label(),
                ),
                key="amounts_heat_table",
                n_rows=len(view),
            )


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
