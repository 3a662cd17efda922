"""The frame around every page: page list, shared sidebar, URL read before / written after.

Why page files call :func:`run_page` instead of just drawing themselves: Streamlit still
switches to its old "pages/ directory" mode when a ``pages/`` folder sits next to the entry
script and ``st.navigation`` has not run yet in the server process. The first visitor of a
fresh server who opens a deep link (``/rates?prov=浙江省``) then gets ``pages/rates.py`` run
bare, without this frame (a known Streamlit multipage bug). So a page run outside the
frame builds the frame itself; ``st.navigation`` then runs the requested page inside it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import streamlit as st

HERE = Path(__file__).resolve().parent
RUN_SECONDS = "_run_seconds"
_local = threading.local()  # each session's script run has its own thread


def in_frame() -> bool:
    return bool(getattr(_local, "depth", 0))


def pages() -> list[st.Page]:
    out = [
        st.Page(HERE / "pages/overview.py", title="概览", icon=":material/map:", url_path="overview", default=True),
        st.Page(HERE / "pages/rates.py", title="办理率对比", icon=":material/leaderboard:", url_path="rates"),
        st.Page(HERE / "pages/amounts.py", title="数量与金额", icon=":material/bar_chart:", url_path="amounts"),
        st.Page(HERE / "pages/explorer.py", title="指标明细", icon=":material/table_rows:", url_path="explorer"),
        st.Page(HERE / "pages/evidence.py", title="原文核查", icon=":material/plagiarism:", url_path="evidence"),
        st.Page(HERE / "pages/quality.py", title="数据质量", icon=":material/rule:", url_path="quality"),
    ]
    # Slot for the 上传 page (built under another issue): it joins the navigation as soon as
    # dashboard/pages/upload.py exists.
    upload = HERE / "pages" / "upload.py"
    if upload.exists():
        out.append(st.Page(upload, title="上传", icon=":material/upload:", url_path="upload"))
    return out


def run_app() -> None:
    from dashboard import db, filters

    started = time.perf_counter()
    st.set_page_config(page_title="人大公报指标看板", page_icon=":material/monitoring:", layout="wide")
    page = st.navigation(pages())
    filters.begin(page.title)
    try:
        with db.pinned() as key:  # one build for the whole run; closed before the run ends
            with st.sidebar:
                if key is not None:
                    st.caption(f"数据：{db.build_label(key)}")
                st.button("清除全部筛选", on_click=filters.reset, icon=":material/filter_alt_off:", key="reset_filters")
            _local.depth = getattr(_local, "depth", 0) + 1
            try:
                page.run()
            finally:
                _local.depth -= 1
    except duckdb.Error as exc:
        # a half-written or foreign file: say so instead of a traceback; the next rerun
        # after the ETL's swap reads the new file
        st.error(f"读取数据库出错，请稍后刷新；若仍出错，请重新运行 ETL。（{type(exc).__name__}: {exc}）")
    filters.commit()
    # server-side time of this run, read by benchmarks/bench_dashboard.py
    st.session_state[RUN_SECONDS] = time.perf_counter() - started


def run_page(main: Callable[[], None]) -> None:
    """Draw the page inside the frame; outside it, build the frame (which comes back here)."""
    if in_frame():
        main()
    else:
        run_app()
