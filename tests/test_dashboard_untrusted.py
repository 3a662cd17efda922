"""Untrusted text stays text: markup in a bulletin never reaches the page as markup, and a quote in
a URL parameter never breaks a query.

The database is built by the real ETL from bulletins that carry ``<script>alert(1)</script>`` and
``<img src=x onerror=alert(1)>`` in their body, title and headings; then every text column a
page may show (titles, paths, indicator names, articles, flags, errors) gets the same payloads.
Every page is opened with AppTest and every field Streamlit renders as markdown or HTML (bodies,
labels, help texts, messages, expander and tab labels) is searched for a raw ``<script`` or
``<img``. Tables, charts, code blocks and select options are left out: Streamlit shows those
as plain text. The escaped form (``&lt;script&gt;``) must appear, so the document really was on
the page.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard_fixtures import open_page  # noqa: E402

from etl.pipeline import run  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_IMAGE = "![beacon](http://127.0.0.1:9/beacon.png)"
RAW = re.compile(r"<\s*(script|img)\b", re.IGNORECASE)
# markdown image syntax that is not backslash-escaped (harmless inside st.html, which is not markdown)
RAW_MD_IMAGE = re.compile(r"(?<!\\)!\[[^\]]*\]\(")
# proto fields Streamlit renders as markdown or HTML
MARKUP_FIELDS = frozenset({"body", "label", "help", "message", "caption", "title"})
PLAIN_ELEMENTS = frozenset({"code", "text", "arrow_data_frame", "arrow_table", "json"})
PAGES = ("overview", "rates", "amounts", "explorer", "evidence", "quality", "upload")

BULLETIN = (
    f"{IMG}浙江省杭州市西湖区人大常委会工作报告\n"
    "2023年3月10日\n"
    f"网页残留代码{SCRIPT}未被清除。\n"
    "2022年，浙江省杭州市西湖区人大代表共提出建议356件，办结率100%，代表满意率98.6%。\n"
    f"全区各级调解组织{IMG}调处矛盾纠纷1200件，化解1158件，化解率96.5%。\n"
    f"{SCRIPT}审计查出问题金额3000多万元。\n"
)
MARKDOWN = (
    f"# {SCRIPT}辽宁省沈阳市和平区人大常委会通报\n\n"
    "2022年12月1日\n\n"
    f"## {IMG}代表建议办理\n\n"
    "和平区人大常委会督办代表建议128件，答复率100%，解决率85.2%。\n\n"
    f"## {SCRIPT}矛盾纠纷调处\n\n"
    "和平区受理矛盾纠纷540件，化解率94%。\n"
)


def _con(db: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=read_only)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("hostile_in")
    (src / f"{IMG}通报.txt").write_text(BULLETIN, encoding="utf-8")
    (src / "heading.md").write_text(MARKDOWN, encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n" + IMG.encode())  # an ingest error naming the payload
    db = tmp_path_factory.mktemp("hostile_db") / "indicators.duckdb"
    summary = run([src], db)
    assert summary.documents_read == 2 and summary.metrics_written >= 8, summary.lines()
    con = _con(db)
    try:
        # every column a page may print, beyond what the ETL already carried over
        con.execute(
            "UPDATE documents SET title = ? || title, flags = coalesce(flags || ',', '') || ?", [SCRIPT + MD_IMAGE, IMG]
        )
        con.execute(
            "UPDATE metrics SET name = ? || coalesce(name, ''), article = coalesce(article, '') || ?, "
            "subject = ? WHERE kind <> 'rate'",
            [IMG, SCRIPT, SCRIPT],
        )
        con.execute("UPDATE ingest_errors SET error = error || ?", [SCRIPT])
        n = con.execute("SELECT count(*) FROM documents WHERE text LIKE '%<script>%'").fetchone()
        assert n and n[0] >= 1
    finally:
        con.close()
    return db


@pytest.fixture
def env(hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INDICATORS_DB", str(hostile_db))
    return hostile_db


def _strings(proto: Message) -> Iterator[tuple[str, str]]:
    for fd, value in proto.ListFields():
        if fd.type == fd.TYPE_MESSAGE:
            items = value if fd.is_repeated else [value]
            for item in items:
                yield from _strings(item)
        elif fd.name in MARKUP_FIELDS:
            for item in value if fd.is_repeated else [value]:
                if isinstance(item, str):
                    yield fd.name, item


def rendered_markup(at: AppTest) -> list[tuple[str, str, str]]:
    """(element type, field, text) of everything Streamlit renders as markdown or HTML."""
    out: list[tuple[str, str, str]] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message) or getattr(node, "type", "") in PLAIN_ELEMENTS:
            continue
        # a block's proto holds only its own label (expander, tab); its children come on their own
        out += [(node.type, f, t) for f, t in _strings(proto)]
    return out


def assert_no_raw_markup(at: AppTest, where: str) -> str:
    found = rendered_markup(at)
    leaks = [
        (t, f, text[:160]) for t, f, text in found if RAW.search(text) or (t != "html" and RAW_MD_IMAGE.search(text))
    ]
    assert not leaks, f"{where}: raw markup from a document reached the page: {leaks}"
    return "\n".join(text for _, _, text in found)


def _doc_ids(db: Path) -> list[tuple[str, str]]:
    con = _con(db, read_only=True)
    try:
        return con.execute(
            "SELECT d.doc_id, min(m.metric_id) FROM documents d JOIN metrics m USING (doc_id) "
            "GROUP BY d.doc_id ORDER BY d.doc_id"
        ).fetchall()
    finally:
        con.close()


PAGE_CASES: list[tuple[str, dict[str, str]]] = [
    *((page, {}) for page in PAGES),
    ("overview", {"prov": "浙江省"}),
    ("rates", {"prov": "浙江省"}),
    ("amounts", {"dp": "浙江省"}),
    ("explorer", {"q": "化解率"}),
    ("quality", {"yr": "2022-2022"}),
]


@pytest.mark.parametrize(("page", "params"), PAGE_CASES, ids=[f"{p}-{'&'.join(q)}" for p, q in PAGE_CASES])
def test_pages_show_document_markup_as_text(env: Path, page: str, params: dict[str, str]) -> None:
    assert_no_raw_markup(open_page(page, **params), page)


# The evidence page shows the document's title, path, flags, metric name and heading: all of it
# must be escaped (a title with ``![](http://…)`` once rendered as an external image).
@pytest.mark.parametrize("with_metric", [False, True], ids=["doc", "doc+metric"])
def test_evidence_detail_shows_document_markup_as_text(env: Path, with_metric: bool) -> None:
    for doc_id, metric_id in _doc_ids(env):
        params = {"doc": doc_id, **({"m": metric_id} if with_metric else {})}
        at = open_page("evidence", **params)
        assert "&lt;script&gt;" in "".join(h.value for h in at.html)  # the text is on the page, escaped
        assert_no_raw_markup(at, f"evidence {params}")


def test_evidence_text_itself_is_escaped(env: Path) -> None:
    """The highlighted text (st.html) is the part that must never leak, and it does not."""
    for doc_id, metric_id in _doc_ids(env):
        at = open_page("evidence", doc=doc_id, m=metric_id)
        html = "".join(h.value for h in at.html)
        assert not RAW.search(html) and "&lt;script&gt;" in html and "<mark" in html


def test_upload_preview_shows_document_markup_as_text(env: Path) -> None:
    at = open_page("upload")
    at.file_uploader[0].set_value(
        [
            (f"{IMG}.txt", (MD_IMAGE + BULLETIN).encode("utf-8"), "text/plain"),
            ("h.md", MARKDOWN.encode("utf-8"), "text/markdown"),
            (f"{SCRIPT}.pdf", b"%PDF-1.7\n" + SCRIPT.encode(), "application/pdf"),
        ]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    body = assert_no_raw_markup(at, "upload preview")
    html = "".join(h.value for h in at.html)
    assert "<mark" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img" in body  # the file name and the title, shown escaped


QUOTE_PARAMS: dict[str, dict[str, str | list[str]]] = {
    "overview": {"prov": "浙江'省", "yr": "2022-2022", "mrate": "化解率' OR '1'='1"},
    "rates": {"prov": ["浙江省", "x'); DROP TABLE metrics; --"], "rate": "it's", "lvl": "county'"},
    "amounts": {"dp": "浙江省'", "dc": "'杭州市", "kind": "amount'"},
    "explorer": {
        "q": "化解率' OR 1=1 --",
        "name": "O'Brien",
        "doc": "d0'",
        "unit": "件'",
        "vmin": "1'",
        "prog": "代表建议办理'",
    },
    "evidence": {"doc": "x' OR '1'='1", "m": "'; DROP TABLE documents; --"},
    "quality": {"prov": "'", "city": "''", "county": "\\'"},
    "upload": {"prov": "'"},
}


@pytest.mark.parametrize("page", sorted(QUOTE_PARAMS))
def test_quote_in_url_parameters_does_not_break_a_page(env: Path, page: str) -> None:
    at = open_page(page, **QUOTE_PARAMS[page])
    assert not any("读取数据库出错" in e.value for e in at.error), [e.value for e in at.error]
    assert at.title and at.title[0].value
    assert_no_raw_markup(at, page)
    # the tables are still there
    con = _con(env, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM metrics").fetchone()[0] > 0  # type: ignore[index]
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0  # type: ignore[index]
    finally:
        con.close()
