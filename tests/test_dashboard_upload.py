"""The 上传 page: drop files → preview of what the ETL reads → confirm → in the database.

The installed Streamlit's AppTest can upload (``file_uploader.set_value``), so the page is driven
the way a browser drives it; the limits and the name handling are also tested on the page's
pure functions, where a test can prove that refused bytes are never even read.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulletins import HANGZHOU
from dashboard_fixtures import make_fixture_db

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import ui  # noqa: E402
from dashboard.pages import upload  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
HZ_QUOTES = {"320件", "288件", "90%", "1260万元"}
FIXTURE_METRICS = 31
HZ_METRICS = 9  # eight figures, and the 整改率 derived from 50 of the 56 problems


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the fixture database per test: these tests write."""
    path = make_fixture_db(tmp_path / "data" / "indicators.duckdb")
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


def open_upload() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/upload.py")
    at.run()
    ok(at)
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def drop(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files]).run()
    ok(at)
    return at


def table(at: AppTest, key: str) -> pd.DataFrame:
    for block in at.get("container"):
        if (getattr(block.proto, "id", "") or "").endswith(f"table_{key}") and block.dataframe:
            return block.dataframe[0].value
    raise KeyError(key)


def tables(at: AppTest, prefix: str) -> list[pd.DataFrame]:
    out = []
    for block in at.get("container"):
        if f"table_{prefix}" in (getattr(block.proto, "id", "") or "") and block.dataframe:
            out.append(block.dataframe[0].value)
    return out


def html_body(at: AppTest) -> str:
    return "".join(h.value for h in at.html)


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def identity(db: Path) -> tuple[int, int, int]:
    st_ = db.stat()
    return st_.st_ino, st_.st_mtime_ns, st_.st_size


def confirm_button(at: AppTest):  # type: ignore[no-untyped-def]
    return at.button(key="upload_confirm")


def never(what: str) -> Callable[[], bytes]:
    def read() -> bytes:
        raise AssertionError(f"{what}: bytes were read although the file is refused")

    return read


# --- the whole flow -----------------------------------------------------------------------------


def test_good_txt_previews_highlighted_spans_then_joins_the_database(db_file: Path) -> None:
    at = open_upload()
    assert any("还没有待导入的文件" in i.value for i in at.info)
    # the explorer's query runs (and is cached) before the import
    at.switch_page("pages/explorer.py").run()
    ok(at)
    assert len(table(at, "explorer_table")) == FIXTURE_METRICS
    at.switch_page("pages/upload.py").run()
    before = identity(db_file)

    drop(at, ("hz.txt", HANGZHOU.encode("utf-8")))
    shown = tables(at, "upload_metrics_")
    assert len(shown) == 1
    metrics = shown[0]
    assert set(metrics["原文片段"]) >= HZ_QUOTES
    wanted = {"原文片段", "数值", "单位", "类别", "指标名称", "省份", "城市", "区县", "年份", "工作领域"}
    assert set(metrics.columns) >= wanted
    row = metrics[metrics["原文片段"] == "1260万元"].iloc[0]
    assert (row["数值"], row["类别"], row["区县"]) == ("1260万元", "金额", "临平区")
    body = html_body(at)
    for quote in HZ_QUOTES:  # every figure is marked in the text it came from
        assert f">{quote}</mark>" in body
    assert body.count("<mark") == metrics["原文片段"].nunique()  # a derived rate marks its count's span
    # previewing writes nothing
    assert identity(db_file) == before
    assert rows(db_file, "SELECT count(*) FROM documents WHERE path LIKE 'upload:%'") == [(0,)]

    # the staged bytes live in session_state: a visit to another page keeps them
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/upload.py").run()
    ok(at)
    assert len(tables(at, "upload_metrics_")) == 1
    assert confirm_button(at).label == "确认导入（1 份文档）"

    confirm_button(at).click().run()
    ok(at)
    assert any(f"已导入：1 份文档，{HZ_METRICS} 条指标" in s.value for s in at.success)
    assert not tables(at, "upload_metrics_")  # the list is emptied after the import
    done = table(at, "upload_done")
    assert list(done["文件"]) == ["upload:hz.txt"]

    assert identity(db_file) != before  # a new file was swapped in
    (doc_id, text, n), *_ = rows(db_file, "SELECT doc_id, text, n_metrics FROM documents WHERE path = 'upload:hz.txt'")
    assert n == HZ_METRICS
    stored = rows(db_file, 'SELECT quote, start, "end" FROM metrics WHERE doc_id = ?', (doc_id,))
    assert {q for q, _, _ in stored} >= HZ_QUOTES
    assert all(text[s:e] == q for q, s, e in stored)
    assert rows(db_file, "SELECT inputs FROM runs ORDER BY started DESC LIMIT 1") == [('["upload:hz.txt"]',)]
    # the other pages see the new build at once: the cache is keyed by the file's identity
    at.switch_page("pages/explorer.py").run()
    ok(at)
    assert len(table(at, "explorer_table")) == FIXTURE_METRICS + HZ_METRICS

    # the same file again: the preview says it is already there, and the import skips it
    at.switch_page("pages/upload.py").run()
    drop(at, ("hz.txt", HANGZHOU.encode("utf-8")))
    assert any("内容未变" in i.value for i in at.info)
    confirm_button(at).click().run()
    ok(at)
    assert any("已导入：0 份文档，0 条指标" in s.value for s in at.success)
    assert rows(db_file, "SELECT count(*) FROM documents WHERE path LIKE 'upload:%'") == [(1,)]


def test_gbk_file_reads_and_loads(db_file: Path) -> None:
    at = drop(open_upload(), ("杭州公报.txt", HANGZHOU.encode("gbk")))
    assert set(tables(at, "upload_metrics_")[0]["原文片段"]) >= HZ_QUOTES
    assert any("编码 gb" in c.value for c in at.caption)
    confirm_button(at).click().run()
    ok(at)
    (text,) = rows(db_file, "SELECT text FROM documents WHERE path = 'upload:杭州公报.txt'")[0]
    assert "余杭区" in text and "\ufffd" not in text
    sql = "SELECT count(*) FROM metrics m JOIN documents d USING (doc_id) WHERE d.path LIKE 'upload:%'"
    assert rows(db_file, sql) == [(HZ_METRICS,)]


def test_oversized_file_is_refused_with_a_clear_message(db_file: Path) -> None:
    before = identity(db_file)
    at = drop(open_upload(), ("big.txt", b"x" * (upload.MAX_FILE_BYTES + 1)))
    assert "big\\.txt：文件太大（20\\.0 MB），单个文件不能超过 20 MB。" in errors(at)
    assert not [b for b in at.button if b.key == "upload_confirm"]  # nothing staged, nothing to confirm
    assert identity(db_file) == before
    # the size is checked on the declared size, before reading
    assert "文件太大" in str(upload.stage_file("big.txt", upload.MAX_FILE_BYTES + 1, never("big"), {}))


def test_total_limit_and_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload, "MAX_TOTAL_BYTES", 100)
    first = upload.stage_file("a.txt", 60, lambda: b"a" * 60, {})
    assert isinstance(first, upload.Staged)
    refused = upload.stage_file("b.txt", 60, never("b"), {first.label: first})
    assert isinstance(refused, str) and "总量限制" in refused
    monkeypatch.setattr(upload, "MAX_FILES", 1)
    refused = upload.stage_file("c.txt", 1, never("c"), {first.label: first})
    assert isinstance(refused, str) and "最多 1 个文件" in refused


def test_unsupported_types_get_a_clear_message_and_nothing_is_written(db_file: Path) -> None:
    before = identity(db_file)
    at = open_upload()
    # the browser is told the same list (it greys out other files)...
    assert set(at.file_uploader[0].allowed_type) == {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".zip"}
    assert any(upload.LIMITS_TEXT in c.value for c in at.caption)
    # ...and the server refuses other names without reading them
    exe = upload.stage_file("setup.exe", 10, never("exe"), {})
    assert exe == "setup.exe：不支持的文件类型“.exe”，只接受 txt、md、html、htm、pdf、docx、zip。"
    assert "没有扩展名" in str(upload.stage_file("README", 10, never("noext"), {}))

    # a supported name on the wrong content, and a zip with a member of an unsupported type
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("tool.exe", b"MZ\x90\x00" * 10)
    drop(
        at,
        ("通报.pdf", b"<html><body>404 Not Found</body></html>"),
        ("bundle.zip", archive.getvalue()),
    )
    text = errors(at)
    assert "通报\\.pdf：不是有效的 PDF" in text
    assert "bundle\\.zip\\!tool\\.exe：不支持的文件类型" in text
    button = confirm_button(at)
    assert button.disabled and button.label == "确认导入（0 份文档）"
    assert identity(db_file) == before


def test_name_with_a_path_is_only_a_label(db_file: Path, tmp_path: Path) -> None:
    before = {p for p in tmp_path.rglob("*")}
    body = "冒充路径的文件\n" + HANGZHOU.split("\n", 1)[1]
    at = drop(open_upload(), ("../../etc/passwd.txt", body.encode("utf-8")))
    assert any("文件 passwd\\.txt" in c.value for c in at.caption)
    confirm_button(at).click().run()
    ok(at)
    paths = [p for (p,) in rows(db_file, "SELECT path FROM documents WHERE path LIKE 'upload:%'")]
    assert paths == ["upload:passwd.txt"]
    (text,) = rows(db_file, "SELECT text FROM documents WHERE path = 'upload:passwd.txt'")[0]
    assert text.startswith("冒充路径的文件") and "root:" not in text  # our bytes, not /etc/passwd
    # nothing was written anywhere but the database (and its lock file)
    new = {p for p in tmp_path.rglob("*")} - before
    assert {p.name for p in new} <= {"indicators.duckdb.lock"}


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("../../etc/passwd.txt", "upload:passwd.txt"),
        ("C:\\Users\\王\\Desktop\\通报.docx", "upload:通报.docx"),
        ("/abs/path/a.md", "upload:a.md"),
        ("a\x00b\r\n\tc.txt", "upload:abc.txt"),
        ("report\u202etxt.exe", "upload:reporttxt.exe"),  # right-to-left override removed
        ("..", "upload:未命名"),
        ("../", "upload:未命名"),
        (".hidden.txt", "upload:hidden.txt"),
        ("a!b.zip", "upload:a_b.zip"),
        ("  多  空格 .txt ", "upload:多 空格 .txt"),
        ("x" * 300 + ".pdf", "upload:" + "x" * (upload.MAX_NAME_CHARS - 4) + ".pdf"),
    ],
)
def test_upload_label_is_a_plain_name(name: str, label: str) -> None:
    got = upload.upload_label(name)
    assert got == label
    assert "/" not in got and "\\" not in got and not any(ord(c) < 32 for c in got)


def test_same_name_and_same_content() -> None:
    a = upload.stage_file("dir1/a.txt", 3, lambda: b"one", {})
    assert isinstance(a, upload.Staged) and a.label == "upload:a.txt"
    b = upload.stage_file("dir2/a.txt", 3, lambda: b"two", {a.label: a})
    assert isinstance(b, upload.Staged) and b.label == "upload:a(2).txt"  # two files never share a path
    twin = upload.stage_file("copy.txt", 3, lambda: b"one", {a.label: a, b.label: b})
    assert twin == "copy.txt：与列表中的 a.txt 内容相同，没有重复加入。"


def test_garbled_text_warns_and_reads_no_figures(db_file: Path) -> None:
    garbled = HANGZHOU.replace("代表", "\ufffd\ufffd").encode("utf-8")
    at = drop(open_upload(), ("乱码.txt", garbled))
    assert any("文本疑似乱码" in w.value and "replacement\\_chars" in w.value for w in at.warning)
    assert not tables(at, "upload_metrics_")
    confirm_button(at).click().run()
    ok(at)
    assert rows(db_file, "SELECT n_metrics, flags FROM documents WHERE path = 'upload:乱码.txt'") == [
        (0, "replacement_chars")
    ]


def test_remove_and_clear(db_file: Path) -> None:
    at = drop(open_upload(), ("a.txt", HANGZHOU.encode()), ("b.txt", HANGZHOU.encode("gbk")))
    assert confirm_button(at).label == "确认导入（2 份文档）"
    remove = [b for b in at.button if b.label == "移除"]
    remove[0].click().run()
    ok(at)
    assert confirm_button(at).label == "确认导入（1 份文档）"
    at.button(key="upload_clear").click().run()
    ok(at)
    assert any("还没有待导入的文件" in i.value for i in at.info)


def test_import_into_a_missing_database_creates_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new" / "indicators.duckdb"
    monkeypatch.setenv("INDICATORS_DB", str(target))
    at = drop(open_upload(), ("hz.txt", HANGZHOU.encode()))
    assert any("将新建" in c.value for c in at.caption)
    confirm_button(at).click().run()
    ok(at)
    assert rows(target, "SELECT count(*) FROM metrics") == [(HZ_METRICS,)]
    assert not os.path.exists(str(target) + ".wal")


def test_preview_and_confirm_functions_match_the_etl(tmp_path: Path) -> None:
    staged = upload.stage_file("hz.txt", len(HANGZHOU.encode()), HANGZHOU.encode, {})
    assert isinstance(staged, upload.Staged)
    preview = upload.preview_file(staged)
    assert not preview.failures and len(preview.docs) == 1
    doc = preview.docs[0]
    assert doc.source.path == "upload:hz.txt"
    html_text = upload.highlighted(doc)
    assert html_text.count("<mark") == len({(m["start"], m["end"]) for m in doc.metrics})  # one mark a span
    summary = upload.confirm([preview], tmp_path / "x.duckdb")
    assert summary.documents_read == 1 and summary.metrics_written == len(doc.metrics)
    loaded = {q for (q,) in rows(tmp_path / "x.duckdb", "SELECT quote FROM metrics")}
    assert loaded == {m["quote"] for m in doc.metrics}


def test_md_text_keeps_markup_literal() -> None:
    out = ui.md_text("<img src=x onerror=alert(1)>![t](http://e/x.png) *b* `c`\n# h")
    assert "<" not in out and "&lt;img" in out
    assert "\\!\\[t\\]\\(http\\:" in out and "\\*b\\*" in out and "\\`c\\`" in out and "\\# h" in out


def test_zip_with_many_documents_and_a_duplicate(db_file: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("hz.txt", HANGZHOU)
        zf.writestr("copy/hz.txt", HANGZHOU)  # the same document twice
        for i in range(upload.MAX_DETAIL_DOCS):
            zf.writestr(f"more/{i:02d}.txt", HANGZHOU.replace("320件", f"{400 + i}件"))
    at = drop(open_upload(), ("公报.zip", archive.getvalue()))
    n_docs = upload.MAX_DETAIL_DOCS + 2
    assert confirm_button(at).label == f"确认导入（{n_docs} 份文档）"
    assert len(at.expander) == upload.MAX_DETAIL_DOCS  # the rest are listed, not previewed in full
    assert len(table(at, next(k for k in keys(at) if k.startswith("upload_rest_")))) == 2
    confirm_button(at).click().run()
    ok(at)
    assert any(f"已导入：{n_docs - 1} 份文档" in s.value for s in at.success)
    paths = {p for (p,) in rows(db_file, "SELECT path FROM documents WHERE path LIKE 'upload:%'")}
    assert len(paths & {"upload:公报.zip!hz.txt", "upload:公报.zip!copy/hz.txt"}) == 1  # members are labels too
    assert rows(db_file, "SELECT error FROM ingest_errors WHERE path LIKE 'upload:%'") == []


def keys(at: AppTest) -> list[str]:
    out = []
    for block in at.get("container"):
        block_id = getattr(block.proto, "id", "") or ""
        if "table_" in block_id:
            out.append(block_id.rsplit("table_", 1)[1])
    return out
