# ruff: noqa: E402
"""上传: drop bulletins, see what the ETL reads from them, confirm, and they join the database.

Why it is built this way:

* The uploaded bytes stay in ``st.session_state`` (never on disk), so the list survives reruns
  and a visit to another page. The uploader is emptied after every drop (its key changes), so
  the list below it is the one place where files wait.
* A file name comes from the browser and is untrusted: it only becomes a label
  ``upload:<name>`` (last path part, no control characters) stored in ``documents.path``.
  ``etl.readers.read_bytes`` reads from memory; no path is ever built from the name.
* The limits are checked on the declared size before the bytes are read. The widget passes the
  same limits to the browser, but a forged request (or AppTest) does not go through a browser.
* The preview runs the ETL's own functions (``read_bytes`` → ``extract_source``), so what the
  analyst checks is what gets loaded. Confirming calls ``etl.pipeline.load``, which writes a
  copy of the database and swaps it in: other sessions see the old build or the new one.
  The dashboard's query cache is keyed by the file's identity (``dashboard.db.DbKey``: inode,
  mtime, size), which the swap changes, so no cache has to be cleared by hand.
* Everything taken from a document or a file name is escaped before it reaches markdown or
  HTML; tables go through ``st.dataframe``, which never interprets markup.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# run bare by Streamlit's pages/ mode, this file may come before the project root is on sys.path
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import pandas as pd
import streamlit as st

from dashboard import db, frame, highlight, ui
from dashboard.labels import KIND_LABELS, fmt_value
from etl.pipeline import GARBLED_FLAGS, RunSummary, extract_source, load
from etl.readers import IngestFailure, SourceDocument, read_bytes

ALLOWED_TYPES: tuple[str, ...] = ("txt", "md", "html", "htm", "pdf", "docx", "zip")
ALLOWED_SUFFIXES = frozenset(f".{t}" for t in ALLOWED_TYPES)
MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_TOTAL_MB = 100
MAX_TOTAL_BYTES = MAX_TOTAL_MB * 1024 * 1024
MAX_FILES = 50
LABEL_PREFIX = "upload:"
MAX_NAME_CHARS = 120
PREVIEW_CHARS = 20_000  # highlighted characters per document; a long text would stall the browser
MAX_DETAIL_DOCS = 20  # documents previewed in full; an archive's others are listed only
LIMITS_TEXT = (
    f"支持 {'、'.join(ALLOWED_TYPES)}；单个文件不超过 {MAX_FILE_MB} MB，"
    f"合计不超过 {MAX_TOTAL_MB} MB，最多 {MAX_FILES} 个文件。"
)

# session_state keys
STAGED = "_upload_staged"  # label -> Staged, in upload order
PREVIEWS = "_upload_previews"  # (label, digest) -> FilePreview
NOTES = "_upload_notes"  # refusals from the last drop
DONE = "_upload_done"  # what the last confirmed import did
GEN = "_upload_gen"  # uploader key generation; a new key empties the widget

PREVIEW_COLUMNS = (
    "quote",
    "display",
    "value",
    "unit",
    "kind",
    "name",
    "province",
    "city",
    "county",
    "year",
    "program",
)


@dataclass(frozen=True)
class Staged:
    """One uploaded file waiting for confirmation; ``name`` is what the browser sent."""

    name: str
    label: str
    data: bytes
    digest: str

    @property
    def shown(self) -> str:
        return self.label.removeprefix(LABEL_PREFIX)


@dataclass(frozen=True)
class DocPreview:
    source: SourceDocument
    document: dict[str, Any]
    metrics: list[dict[str, Any]]
    garbled: tuple[str, ...]


@dataclass(frozen=True)
class FilePreview:
    """What the ETL reads from one upload (an archive gives several documents)."""

    label: str
    docs: tuple[DocPreview, ...]
    failures: tuple[IngestFailure, ...]

    @property
    def n_metrics(self) -> int:
        return sum(len(d.metrics) for d in self.docs)


# ---------------------------------------------------------------------------
# pure helpers (tested directly)


def upload_label(name: str) -> str:
    """``upload:<name>`` with only the last path part, NFC, no control or format characters
    (a right-to-left override can disguise ``exe.txt`` as ``txt.exe``) and no ``!``, which the
    ETL uses between an archive and its member."""
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = " ".join(base.replace("!", "_").split()).lstrip(". ").rstrip(" ")
    if len(base) > MAX_NAME_CHARS:
        stem, suffix = os.path.splitext(base)
        base = stem[: MAX_NAME_CHARS - len(suffix)] + suffix
    return LABEL_PREFIX + (base or "未命名")


def _suffix(label: str) -> str:
    return os.path.splitext(label.removeprefix(LABEL_PREFIX))[1].lower()


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return _mb(n)


def _unique_label(label: str, taken: Iterable[str]) -> str:
    """Two different files named alike (from two folders) must not share a documents.path."""
    taken = set(taken)
    if label not in taken:
        return label
    stem, suffix = os.path.splitext(label)
    n = 2
    while f"{stem}({n}){suffix}" in taken:
        n += 1
    return f"{stem}({n}){suffix}"


def stage_file(name: str, size: int, read: Callable[[], bytes], staged: Mapping[str, Staged]) -> Staged | str:
    """Check one upload against the limits, reading its bytes only if it passes.

    Returns the staged file, or a one-line Chinese reason why it was refused.
    """
    label = upload_label(name)
    shown = label.removeprefix(LABEL_PREFIX)
    suffix = _suffix(label)
    if suffix not in ALLOWED_SUFFIXES:
        kind = f"“{suffix}”" if suffix else "（没有扩展名）"
        return f"{shown}：不支持的文件类型{kind}，只接受 {'、'.join(ALLOWED_TYPES)}。"
    if size > MAX_FILE_BYTES:
        return f"{shown}：文件太大（{_mb(size)}），单个文件不能超过 {MAX_FILE_MB} MB。"
    if size <= 0:
        return f"{shown}：空文件。"
    if len(staged) >= MAX_FILES:
        return f"{shown}：一次最多 {MAX_FILES} 个文件，请先导入或移除列表中的文件。"
    total = sum(len(s.data) for s in staged.values())
    if total + size > MAX_TOTAL_BYTES:
        return f"{shown}：加上它合计 {_mb(total + size)}，超过 {MAX_TOTAL_MB} MB 的总量限制；请先导入列表中的文件。"
    data = bytes(read())
    if len(data) > MAX_FILE_BYTES:  # the declared size was wrong
        return f"{shown}：文件太大（{_mb(len(data))}），单个文件不能超过 {MAX_FILE_MB} MB。"
    digest = hashlib.sha256(data).hexdigest()[:16]
    twin = next((s for s in staged.values() if s.digest == digest), None)
    if twin is not None:
        return f"{shown}：与列表中的 {twin.shown} 内容相同，没有重复加入。"
    return Staged(name=str(name), label=_unique_label(label, staged), data=data, digest=digest)


def preview_file(staged: Staged) -> FilePreview:
    """Read and extract exactly as the ETL will, without writing anything."""
    docs: list[DocPreview] = []
    failures: list[IngestFailure] = []
    for item in read_bytes(staged.label, staged.data, max_bytes=MAX_FILE_BYTES):
        if isinstance(item, IngestFailure):
            failures.append(item)
            continue
        try:
            document, metrics = extract_source(item, run_id="preview")
        except Exception as exc:  # one odd document must not take the page down; load() records it too
            failures.append(IngestFailure(item.path, f"extraction failed: {type(exc).__name__}: {exc}", "extract"))
            continue
        garbled = tuple(sorted(set(item.flags) & GARBLED_FLAGS))
        docs.append(DocPreview(item, document, list(metrics), garbled))
    return FilePreview(staged.label, tuple(docs), tuple(failures))


def confirm(previews: Iterable[FilePreview], db_path: str | os.PathLike[str]) -> RunSummary:
    """Load the previewed documents (read failures stay out: the analyst saw them refused)."""
    previews = list(previews)
    items = [d.source for p in previews for d in p.docs]
    return load(items, db_path, inputs=[p.label for p in previews])


# ETL reasons (English, one line) → what an analyst reads; the original stays in brackets.
_REASONS: tuple[tuple[str, str], ...] = (
    ("file too large", "文件太大"),
    ("unsupported file type", "不支持的文件类型"),
    ("empty file", "空文件"),
    ("binary content", "不是文本文档（二进制内容）"),
    ("no text content", "没有文字内容"),
    ("not a PDF", "不是有效的 PDF"),
    ("encrypted PDF", "PDF 已加密"),
    ("no text layer", "扫描件，没有文字层（不支持 OCR）"),
    ("no text in PDF", "PDF 中没有文字"),
    ("not a Word .docx", "不是有效的 Word .docx"),
    ("no text content in .docx", "Word 文档中没有文字"),
    ("corrupt zip", "压缩包已损坏"),
    ("zip archive holds no documents", "压缩包里没有文档"),
    ("archive expands past", "压缩包解压后过大（疑似压缩炸弹）"),
    ("archive nested", "压缩包嵌套过深"),
    ("encrypted archive member", "压缩包成员已加密"),
    ("extraction failed", "抽取失败"),
)


def failure_text(item: IngestFailure) -> str:
    """One line in Chinese for a read failure, with the ETL's own reason kept for support."""
    reason = next((zh for en, zh in _REASONS if item.error.startswith(en)), "无法读取")
    return f"{item.path.removeprefix(LABEL_PREFIX)}：{reason}（{item.error}）"


def metrics_view(metrics: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(metrics)
    if df.empty:
        return df
    df = df.sort_values("start", kind="stable")
    df["display"] = [
        fmt_value(k, v, u, q) for k, v, u, q in zip(df["kind"], df["value"], df["unit"], df["qualifier"], strict=True)
    ]
    return ui.to_view(df, PREVIEW_COLUMNS)


def highlighted(doc: DocPreview) -> str:
    """The document's normalised text with every metric span marked (escaped by highlight)."""
    text = str(doc.document["text"])[:PREVIEW_CHARS]
    spans = [
        highlight.Span(
            str(m["metric_id"]),
            int(m["start"]),
            int(m["end"]),
            str(m["kind"]),
            f"{m.get('name') or KIND_LABELS.get(m['kind'], m['kind'])} "
            f"{fmt_value(m['kind'], m.get('value'), m.get('unit'), m.get('qualifier'))}",
        )
        for m in doc.metrics
    ]
    return highlight.render(text, spans)


def known_in_db(docs: Iterable[DocPreview]) -> dict[str, str]:
    """label → sentence about what the database already holds (what ``load`` will do)."""
    docs = list(docs)
    if not docs or db.db_key() is None:
        return {}
    try:
        rows = db.query(
            "SELECT path, doc_id FROM documents WHERE list_contains(?, path) OR list_contains(?, doc_id)",
            ([d.source.path for d in docs], [d.source.doc_id for d in docs]),
            cache=False,
        )
    except Exception:  # a foreign or half-written file: the preview still works without this hint
        return {}
    by_path = dict(zip(rows["path"], rows["doc_id"], strict=False))
    by_id = {d: p for p, d in by_path.items()}
    out: dict[str, str] = {}
    for d in docs:
        path, doc_id = d.source.path, d.source.doc_id
        if by_path.get(path) == doc_id:
            out[path] = "库中已有这份文件，内容未变；导入时会跳过。"
        elif doc_id in by_id:
            out[path] = f"库中已有内容相同的文档（{ui.md_text(by_id[doc_id])}）；导入时会跳过。"
        elif path in by_path:
            out[path] = "库中有同名文件的旧版本；导入后会被这份替换。"
    return out


# ---------------------------------------------------------------------------
# session state


def _take_uploads() -> None:
    """Move what the uploader received into the staged list, then give the uploader a new key
    (empty). Runs before the widget is drawn, so the move needs no extra rerun."""
    ss = st.session_state
    gen = int(ss.get(GEN, 0))
    files = ss.get(f"upload_files_{gen}")
    if not files:
        return
    staged: dict[str, Staged] = dict(ss.get(STAGED, {}))
    notes: list[str] = []
    for f in files:
        if not hasattr(f, "getvalue"):  # a file the browser has already removed again
            continue
        outcome = stage_file(f.name, int(f.size), f.getvalue, staged)
        if isinstance(outcome, Staged):
            staged[outcome.label] = outcome
        else:
            notes.append(outcome)
    ss[STAGED] = staged
    ss[NOTES] = notes
    ss.pop(DONE, None)
    ss[GEN] = gen + 1


def _previews(staged: Mapping[str, Staged]) -> list[FilePreview]:
    """Previews are computed once per file and kept with the bytes."""
    ss = st.session_state
    cache: dict[tuple[str, str], FilePreview] = ss.get(PREVIEWS, {})
    out: dict[tuple[str, str], FilePreview] = {}
    todo = [s for s in staged.values() if (s.label, s.digest) not in cache]
    with st.spinner("正在读取和抽取……") if todo else contextlib.nullcontext():
        for s in staged.values():
            key = (s.label, s.digest)
            out[key] = cache[key] if key in cache else preview_file(s)
    ss[PREVIEWS] = out
    return list(out.values())


def _remove(label: str) -> None:
    staged = dict(st.session_state.get(STAGED, {}))
    staged.pop(label, None)
    st.session_state[STAGED] = staged


def _clear() -> None:
    for key in (STAGED, PREVIEWS, NOTES):
        st.session_state.pop(key, None)


# ---------------------------------------------------------------------------
# drawing


def _show_done(done: dict[str, Any]) -> None:
    st.success(
        f"已导入：{done['read']} 份文档，{done['metrics']} 条指标。其他页面已显示新数据。",
        icon=":material/check_circle:",
    )
    st.code("\n".join(done["lines"]), language=None)
    if db.db_key() is None:
        return
    loaded = db.query(
        "SELECT doc_id, title, path, n_metrics FROM documents WHERE run_id = ? ORDER BY path", (done["run_id"],)
    )
    if loaded.empty:
        return
    view = loaded.rename(columns={"doc_id": "文档编号", "title": "文档标题", "path": "文件", "n_metrics": "指标数"})
    links = pd.Series([ui.evidence_link(d) for d in loaded["doc_id"]])
    ui.show_table(view, key="upload_done", links=links)


def _show_file(p: FilePreview, staged: Staged, known: Mapping[str, str], shown: Iterator[int]) -> None:
    """One staged file; ``shown`` numbers the documents previewed in full across all files (it
    also keys their tables: an archive may hold the same document twice)."""
    with st.container(border=True):
        head, button = st.columns([6, 1], vertical_alignment="center")
        head.markdown(
            f"**{ui.md_text(staged.shown)}** · {_size(len(staged.data))} · {len(p.docs)} 份文档 · {p.n_metrics} 条指标"
        )
        button.button(
            "移除", key=f"upload_rm_{staged.digest}", on_click=_remove, args=(staged.label,), icon=":material/close:"
        )
        for failure in p.failures:
            st.error(ui.md_text(failure_text(failure)), icon=":material/error:")
        rest: list[DocPreview] = []
        for doc in p.docs:
            n = next(shown)
            if n >= MAX_DETAIL_DOCS:
                rest.append(doc)
                continue
            _show_doc(doc, known.get(doc.source.path), key=f"upload_metrics_{n}", expanded=len(p.docs) <= 3)
        if rest:
            st.caption(f"另有 {len(rest)} 份文档未逐一展开预览，确认后同样导入：")
            listing = pd.DataFrame(
                {
                    "文件": [d.source.path.removeprefix(LABEL_PREFIX) for d in rest],
                    "文档标题": [d.source.title for d in rest],
                    "指标数": [len(d.metrics) for d in rest],
                }
            )
            ui.show_table(listing, key=f"upload_rest_{staged.digest}")


def _show_doc(doc: DocPreview, known: str | None, *, key: str, expanded: bool) -> None:
    src = doc.source
    title = src.title or src.path.removeprefix(LABEL_PREFIX)
    with st.expander(f"{ui.md_text(title)} · {len(doc.metrics)} 条指标", expanded=expanded):
        facts = [
            f"文件 {src.path.removeprefix(LABEL_PREFIX)}",
            f"格式 {src.source_format}",
            *([f"编码 {src.encoding}"] if src.encoding else []),
            *([f"发布 {src.published}"] if src.published else []),
            f"{len(doc.document['text'])} 字",
            *([f"标记 {', '.join(src.flags)}"] if src.flags else []),
        ]
        st.caption(ui.md_text(" · ".join(facts)))
        if doc.garbled:
            st.warning(
                f"文本疑似乱码（{ui.md_text(', '.join(doc.garbled))}）：这份文档会入库并出现在“数据质量”页，"
                "但不读取其中的数字。",
                icon=":material/warning:",
            )
        if known:
            st.info(known, icon=":material/info:")
        if doc.metrics:
            ui.show_table(metrics_view(doc.metrics), key=key)
        elif not doc.garbled:
            ui.empty("没有抽取到指标。")
        st.html(highlight.legend(KIND_LABELS))
        text_len = len(doc.document["text"])
        with st.container(height=480 if text_len > 1500 else "content", border=True):
            st.html(highlighted(doc))
        if text_len > PREVIEW_CHARS:
            st.caption(f"原文共 {text_len} 字，这里只显示前 {PREVIEW_CHARS} 字；导入的是全文。")


def main() -> None:
    st.title("上传")
    st.caption("拖入公报文件：先看抽取出的指标和原文位置，确认后才写入数据库。")
    _take_uploads()
    ss = st.session_state
    done = ss.get(DONE)
    if done:
        _show_done(done)
    st.file_uploader(
        "选择或拖入文件",
        type=list(ALLOWED_TYPES),
        accept_multiple_files=True,
        key=f"upload_files_{int(ss.get(GEN, 0))}",
        max_upload_size=MAX_FILE_MB,
        help=LIMITS_TEXT,
    )
    st.caption(LIMITS_TEXT)
    for note in ss.get(NOTES, []):
        st.error(ui.md_text(note), icon=":material/block:")
    staged: dict[str, Staged] = ss.get(STAGED, {})
    if not staged:
        if not done:
            ui.empty("还没有待导入的文件。")
        return

    previews = _previews(staged)
    docs = [d for p in previews for d in p.docs]
    n_failed = sum(len(p.failures) for p in previews)
    st.subheader("预览")
    st.markdown(
        f"{len(staged)} 个文件 · {len(docs)} 份文档可导入 · "
        f"{sum(len(d.metrics) for d in docs)} 条指标 · {n_failed} 个无法读取"
    )
    known = known_in_db(docs)
    shown = itertools.count()
    for p in previews:
        _show_file(p, staged[p.label], known, shown)

    target = db.db_path()
    st.caption(ui.md_text(f"写入数据库：{target}" + ("" if target.exists() else "（还不存在，将新建）")))
    left, right = st.columns([1, 1])
    clicked = left.button(
        f"确认导入（{len(docs)} 份文档）",
        type="primary",
        disabled=not docs,
        key="upload_confirm",
        icon=":material/upload:",
    )
    right.button("清空列表", key="upload_clear", on_click=_clear, icon=":material/delete:")
    if not clicked:
        return
    try:
        with st.spinner("正在写入数据库……（若 ETL 正在运行，会等它结束）"):
            summary = confirm(previews, target)
    except Exception as exc:  # the old database is untouched (load swaps files); say why in one line
        st.error(ui.md_text(f"导入失败，数据库没有改变：{type(exc).__name__}: {exc}"), icon=":material/error:")
        return
    ss[DONE] = {
        "run_id": summary.run_id,
        "read": summary.documents_read,
        "metrics": summary.metrics_written,
        "lines": summary.lines(),
    }
    _clear()
    # rerun so the sidebar's build label and every query see the swapped-in file
    st.rerun()


if __name__ == "__main__":  # Streamlit runs page files as __main__; importing draws nothing
    frame.run_page(main)
