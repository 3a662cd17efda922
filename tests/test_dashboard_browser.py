"""Real-browser test: headless Chromium (Debian's ``chromium`` package) driven by Playwright
against ``streamlit run dashboard/app.py`` on localhost.

It opens a deep link as the very first request of a fresh server (the case Streamlit's
multipage handling has got wrong), then does what an analyst does: opens the app, goes to
办理率对比, picks 浙江省, sees the chart, downloads the CSV and checks its BOM and rows.
A screenshot of every page is kept under ``test-artifacts/``.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dashboard_fixtures import make_fixture_db, streamlit_server

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = make_fixture_db(tmp_path_factory.mktemp("browser") / "indicators.duckdb")
    with streamlit_server(db, tmp_path_factory.mktemp("log") / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def settle(page: object, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script and drawn the result."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"dashboard_{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_deep_link_is_first_request_of_fresh_server(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page.goto(f"{server}/rates?prov=%E8%BE%BD%E5%AE%81%E7%9C%81", wait_until="domcontentloaded")
        settle(page)
        page.get_by_role("heading", name="办理率对比").wait_for()
        assert "ModuleNotFoundError" not in page.content()
        tags = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        assert "辽宁省" in tags.inner_text()
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
        assert parse_qs(urlparse(page.url).query)["prov"] == ["辽宁省"]
    finally:
        page.close()


def test_pick_zhejiang_see_chart_download_csv(server: str, browser: object, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server, wait_until="domcontentloaded")
        settle(page)
        page.get_by_role("heading", name="概览").wait_for()
        page.locator('[data-testid="stSidebarNav"]').get_by_text("办理率对比").click()
        settle(page)
        page.get_by_role("heading", name="办理率对比").wait_for()

        # pick 浙江省 in the sidebar province filter
        province = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        province.locator("input").click()
        page.get_by_role("option", name="浙江省", exact=True).click()
        page.keyboard.press("Escape")
        settle(page)
        assert parse_qs(urlparse(page.url).query).get("prov") == ["浙江省"]
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.wait_for()
        assert chart.bounding_box()["height"] > 100
        shot(page, "rates_zhejiang")

        # download the table as CSV
        page.locator('[data-testid="stPopoverButton"]').filter(has_text="下载表格").first.click()
        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="CSV（Excel 可直接打开）").click()
        target = tmp_path / "rates.csv"
        info.value.save_as(target)
        data = target.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 7
        assert {r["地方"] for r in rows} == {"浙江省·杭州市·西湖区", "浙江省·宁波市", "浙江省·宁波市·海曙区"}
        assert {r["指标名称"] for r in rows} == {"办结率", "满意率", "化解率", "解决率", "答复率"}
    finally:
        context.close()


def test_click_on_rate_opens_evidence(server: str, browser: object) -> None:
    """A click on a point of the rates chart opens 原文核查 at that metric."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page.goto(
            f"{server}/rates?" + urlencode({"prov": "辽宁省", "rate": "解决率"}),
            wait_until="domcontentloaded",
        )
        settle(page)
        point = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol path').first
        point.wait_for()
        point.click(force=True)
        page.wait_for_url("**/evidence?*", timeout=30_000)
        settle(page)
        page.get_by_role("heading", name="原文核查").wait_for()
        query = parse_qs(urlparse(page.url).query)
        assert query["doc"] == ["d0a1b2c3d4e5f603"] and len(query["m"][0]) == 16
        assert page.get_by_text("所选指标").count() == 1
        assert page.locator("mark.sel").count() >= 1
        shot(page, "evidence_from_click")
    finally:
        page.close()


def test_click_on_bar_drills_down(server: str, browser: object) -> None:
    """数量与金额: a click on a province bar drills to its cities, then to counties."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page.goto(f"{server}/amounts", wait_until="domcontentloaded")
        settle(page)
        bars = page.locator('[data-testid="stVegaLiteChart"] g.mark-rect path')
        bars.first.click(force=True)  # the largest total first: 浙江省
        settle(page)
        assert parse_qs(urlparse(page.url).query)["dp"] == ["浙江省"]
        bars.first.click(force=True)
        settle(page)
        query = parse_qs(urlparse(page.url).query)
        assert query["dp"] == ["浙江省"] and query["dc"] == ["宁波市"]
        assert page.locator('[data-testid="stException"]').count() == 0
        # another page, then the browser's back button: the drilled view comes back
        page.locator('[data-testid="stSidebarNav"]').get_by_text("指标明细").click()
        settle(page)
        page.get_by_role("heading", name="指标明细").wait_for()
        page.go_back()
        settle(page)
        page.get_by_role("heading", name="数量与金额").wait_for()
        assert parse_qs(urlparse(page.url).query)["dc"] == ["宁波市"]
        assert page.get_by_text("全国 → 浙江省 → 宁波市（按区县）", exact=False).count() == 1
    finally:
        page.close()


def test_table_row_links_to_its_evidence(server: str, browser: object) -> None:
    """The 查看原文 cell of a metric row opens the evidence page at that metric's span."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{server}/explorer?" + urlencode({"q": "化解率96.5%"}), wait_until="domcontentloaded")
        settle(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.wait_for()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        with context.expect_page(timeout=15_000) as popup_info:
            page.mouse.move(box["x"] + 30, box["y"] + 35 + 17)
            page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
        popup = popup_info.value
        popup.wait_for_load_state("domcontentloaded")
        assert urlparse(popup.url).path.endswith("/evidence")
        query = parse_qs(urlparse(popup.url).query)
        assert query["doc"] == ["d0a1b2c3d4e5f601"] and "m" in query
        settle(popup)
        assert popup.locator("mark.sel").count() >= 1
    finally:
        context.close()


PAGES = {
    "overview": "",
    "rates": "rates?" + urlencode([("rate", r) for r in ("化解率", "解决率", "办结率", "调解成功率")]),
    "amounts": "amounts",
    "explorer": "explorer?" + urlencode({"q": "化解率"}),
    "evidence": "evidence?doc=d0a1b2c3d4e5f605&m=",
    "quality": "quality",
}


def test_screenshot_every_page(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        for name, path in PAGES.items():
            page.goto(f"{server}/{path}", wait_until="domcontentloaded")
            settle(page)
            page.locator("h1").first.wait_for()
            if name in {"overview", "rates", "amounts"}:
                page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
                page.wait_for_timeout(800)  # let Vega finish drawing
            assert page.locator('[data-testid="stException"]').count() == 0, name
            assert shot(page, name).stat().st_size > 10_000
        # the script text of a document is shown as text, never run
        page.goto(f"{server}/evidence?doc=d0a1b2c3d4e5f605", wait_until="domcontentloaded")
        settle(page)
        assert page.get_by_text("<script>alert(1)</script>", exact=False).count() >= 1
    finally:
        page.close()
