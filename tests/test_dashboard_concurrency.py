"""The dashboard keeps serving while the ETL writes, and shows the new build once it is in.

The ETL (``python -m etl.cli etl``, a separate process, as analysts run it) builds a copy of the
database and swaps it in atomically. Meanwhile the test keeps reading through the dashboard's
own query functions (``dashboard.queries``, cached per file identity) and re-running pages with
AppTest. Every read must succeed and must show a complete build (the counts before or after the
run, never a half-loaded state), and the first read after the run must show the new build.
A second test does the same against a real ``streamlit run`` server in headless Chromium.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard_fixtures import server_healthy, streamlit_server  # noqa: E402

from dashboard import db as dbmod  # noqa: E402
from dashboard import queries  # noqa: E402
from etl.pipeline import run  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
CHROMIUM = Path("/usr/bin/chromium")
PLACES = ("浙江省杭州市西湖区", "浙江省宁波市海曙区", "辽宁省沈阳市和平区", "山西省太原市小店区", "浙江省杭州市余杭区")
BATCH = 250  # bulletins per ETL run: about two seconds of writing each
PARAGRAPHS = 6


def write_bulletins(folder: Path, n: int, offset: int) -> Path:
    """``n`` small bulletins with distinct figures (so no two files share content)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(offset, offset + n):
        place = PLACES[i % len(PLACES)]
        lines = [f"{place}人大常委会工作通报第{i}期", f"2023年{1 + i % 12}月{1 + i % 28}日"]
        for k in range(PARAGRAPHS):
            lines.append(
                f"2022年，{place}人大常委会依托代表联络站收集群众意见建议{100 + i + k}件，"
                f"已解决{50 + i}件，解决率为{50 + (i + k) % 50}%。"
            )
            lines.append(f"审计整改监督中收回资金合计{1000 + i * 10 + k}万元，调处矛盾纠纷{200 + k}件。")
        (folder / f"b{i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def direct_counts(db: Path) -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()
        metrics = con.execute("SELECT count(*) FROM metrics").fetchone()
    finally:
        con.close()
    assert docs and metrics
    return int(docs[0]), int(metrics[0])


def start_etl(db: Path, folders: list[Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "etl", *map(str, folders), "--db", str(db), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def finish(proc: subprocess.Popen[bytes], timeout: float = 60) -> str:
    out, _ = proc.communicate(timeout=timeout)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    return text


def overview_metric_count(at: AppTest) -> int:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("读取数据库出错" in e.value for e in at.error), [e.value for e in at.error]
    return int(re.sub(r"\D", "", {m.label: m.value for m in at.metric}["指标"]))


def test_dashboard_reads_complete_builds_while_the_etl_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "data" / "indicators.duckdb"
    monkeypatch.setenv("INDICATORS_DB", str(db))
    seed = write_bulletins(tmp_path / "seed", 10, 0)
    batches = [write_bulletins(tmp_path / f"in{k}", BATCH, 10 + k * BATCH) for k in range(2)]
    run([seed], db)
    builds = [direct_counts(db)]
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/overview.py")
    assert overview_metric_count(at) == builds[0][1]

    for k in range(len(batches)):
        proc = start_etl(db, [seed, *batches[: k + 1]])
        seen: list[tuple[int, int]] = []
        pages_seen: list[int] = []
        reads = 0
        while proc.poll() is None:
            # the functions the pages call, as one page run calls them: on one pinned build
            with dbmod.pinned():
                head = queries.headline(queries.MetricFilter())
                n = queries.explorer_count(queries.MetricFilter())
                rows = queries.explorer_rows(queries.MetricFilter(), limit=50)
            assert int(head["metrics"]) == n and len(rows) == min(50, n)
            seen.append((int(head["docs"]), n))
            reads += 1
            if reads % 10 == 0:  # a whole page run now and then (slower: ~0.2 s)
                pages_seen.append(overview_metric_count(at))
        summary = finish(proc)
        builds.append(direct_counts(db))
        old, new = builds[-2], builds[-1]
        assert new[0] == old[0] + BATCH and f"{BATCH} read" in summary
        # only complete builds were ever visible, in order
        assert set(seen) <= {old, new}, (set(seen), old, new)
        assert seen == sorted(seen)
        assert set(pages_seen) <= {old[1], new[1]}
        assert reads >= 5, f"only {reads} reads overlapped the ETL run"
        # the first read after the run shows the new build (the cache is keyed by the file)
        assert queries.explorer_count(queries.MetricFilter()) == new[1]
        assert overview_metric_count(at) == new[1]
    assert not list(db.parent.glob(".*.tmp")), "the ETL left a temporary file behind"


# --- the same against a real server ---------------------------------------------------------


@pytest.fixture
def served_db(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A ``streamlit run`` server on a small database; yields (base URL, db, folder)."""
    db = tmp_path / "indicators.duckdb"
    seed = write_bulletins(tmp_path / "seed", 10, 0)
    run([seed], db)
    with streamlit_server(db, tmp_path / "streamlit.log") as base:
        yield base, db, seed


def _settle(page: object) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)  # type: ignore[attr-defined]


def _shown_total(page: object) -> int:
    """The explorer's "共 N 条指标" line, after a fresh page load."""
    page.reload(wait_until="domcontentloaded")  # type: ignore[attr-defined]
    _settle(page)
    caption = page.get_by_text(re.compile(r"共 \d+ 条指标")).first  # type: ignore[attr-defined]
    caption.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert page.get_by_text("读取数据库出错").count() == 0  # type: ignore[attr-defined]
    match = re.search(r"共 (\d+) 条指标", caption.inner_text())
    assert match
    return int(match.group(1))


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_real_server_keeps_serving_while_the_etl_writes(served_db: tuple[str, Path, Path], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    base, db, seed = served_db
    old = direct_counts(db)[1]
    batch = write_bulletins(tmp_path / "more", BATCH, 10)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            page = browser.new_page(locale="zh-CN")
            page.goto(f"{base}/explorer", wait_until="domcontentloaded")
            assert _shown_total(page) == old
            proc = start_etl(db, [seed, batch])
            shown: list[int] = []
            while proc.poll() is None:
                assert server_healthy(base)
                shown.append(_shown_total(page))
            finish(proc)
            new = direct_counts(db)[1]
            assert set(shown) <= {old, new}, (shown, old, new)
            assert shown, "no page load overlapped the ETL run"
            assert _shown_total(page) == new
        finally:
            browser.close()
