"""First pipeline step: paths (files, folders, .zip archives) -> decoded source documents.

Every input problem becomes an ``IngestFailure`` with a one-line reason instead of an
exception, so one bad download never stops a batch and the dashboard can list what was skipped.
The decoded ``text`` is never trimmed or normalised here: later steps record "raw" offsets into
it. Content is sniffed before trusting the extension, because government sites serve PDFs
named .txt and HTML error pages named .pdf.
"""

from __future__ import annotations

import datetime
import hashlib
import html as html_lib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from etl.decoding import (
    DecodeError,
    declared_charset,
    decode_bytes,
    find_date,
    first_line_title,
    looks_binary,
    quality_flags,
    sniff,
)

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".zip"}
MAX_FILE_BYTES = 100 * 1024 * 1024
ARCHIVE_TOTAL_FACTOR = 10  # an archive may expand to at most this many times max_bytes in total
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_DEPTH = 3  # zip inside zip inside zip; deeper nesting is a bomb pattern, not a bulletin


@dataclass(frozen=True)
class SourceDocument:
    path: str
    doc_id: str
    text: str
    source_format: str
    encoding: str | None
    title: str | None
    published: datetime.date | None
    page_starts: tuple[int, ...] | None
    flags: tuple[str, ...]
    size: int


@dataclass(frozen=True)
class IngestFailure:
    path: str
    error: str
    stage: str = "read"


Result = SourceDocument | IngestFailure

# Files that appear in real folders/archives but are never documents: skipped, not failed.
_JUNK_NAMES = {"thumbs.db", "desktop.ini", "__macosx"}


def _one_line(msg: str, limit: int = 300) -> str:
    msg = " ".join(str(msg).split())
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"


def _fail(path: str, msg: str) -> IngestFailure:
    return IngestFailure(path=path, error=_one_line(msg))


def _human(n: float) -> str:
    if n < 1024:
        return f"{int(n)} bytes"
    value, unit = (n / 1024, "KB") if n < 1024 * 1024 else (n / 1024 / 1024, "MB")
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def _too_large(size: int, max_bytes: int) -> str:
    return f"file too large: {_human(size)} > {_human(max_bytes)} limit"


def _suffix(name: str) -> str:
    return os.path.splitext(name.strip().replace("\\", "/").rsplit("/", 1)[-1])[1].lower()


def _unsupported(suffix: str) -> str:
    return f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"


def _is_skipped(name: str) -> bool:
    """Hidden files, OS junk and Office lock files (~$x.docx) are noise, not inputs."""
    return any(p.startswith((".", "~$")) or p.lower() in _JUNK_NAMES for p in name.split("/") if p)


# --- per-format readers --------------------------------------------------------------------------


@dataclass
class _Parsed:
    text: str
    encoding: str | None = None
    title: str | None = None
    published: datetime.date | None = None
    page_starts: tuple[int, ...] | None = None
    flags: list[str] = field(default_factory=list)


def _read_text(data: bytes, markdown: bool) -> _Parsed | str:
    """Readers return a _Parsed or the one-line reason they could not read the bytes."""
    try:
        dec = decode_bytes(data)
    except DecodeError as exc:
        return str(exc)
    if looks_binary(dec.text):
        return "binary content (control characters), not text"
    if not dec.text.strip():
        return "no text content (whitespace only)"
    flags = ["encoding_guess"] if dec.guessed else []
    return _Parsed(dec.text, dec.encoding, first_line_title(dec.text, markdown), find_date(dec.text[:400]), flags=flags)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
# Elements after which the fallback starts a new line, so paragraphs do not run together.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "dd", "dt", "tr", "td", "th", "table", "section", "article", "pre", "blockquote"}
    | {f"h{i}" for i in range(1, 7)}
)


def _html_main_text(html: str) -> tuple[str, str | None, datetime.date | None, bool]:
    """(text, title, metadata date, used_fallback): trafilatura drops nav, link lists and footers."""
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        # No extensive date search: htmldate reads "2023年度" in the body as 2023-01-01.
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            favor_recall=True,
            with_metadata=True,
            date_extraction_params=set_date_params(False),
        )
    except Exception:  # trafilatura/lxml choke on some malformed pages; the fallback copes
        doc = None
    published = None
    if doc is not None and doc.date:
        try:
            published = datetime.date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            published = None
    if doc is not None and doc.text and doc.text.strip():
        return doc.text, (doc.title or "").strip() or first_line_title(doc.text), published, False
    text, title = _strip_tags(html)
    return text, title, published, True


_DATE_LABEL = re.compile(r"(?:发布|发文|成文|印发|更新)?(?:时间|日期)\s*[:：]")


def _labelled_date(html: str) -> datetime.date | None:
    """'发布时间：2024年08月16日' in a header block that trafilatura dropped with the chrome."""
    flat = re.sub(r"<[^>]*>", " ", html)
    for m in _DATE_LABEL.finditer(flat):
        date = find_date(flat[m.end() : m.end() + 40])
        if date:
            return date
    return None


def _strip_tags(html: str) -> tuple[str, str | None]:
    """Plain tag stripping for pages trafilatura rejects (short pages, text saved as .html)."""
    import lxml.html

    html = _XML_DECL.sub("", html, count=1).replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(html)
        title = (root.findtext(".//title") or "").strip() or None
        for el in root.xpath("//script|//style|//noscript|//template|//head"):
            el.drop_tree()
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
                el.tail = "\n" + (el.tail or "")
        raw = root.text_content()
    except Exception:  # unparsable markup: strip with regexes instead
        title = None
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>|<[^>]*>", "\n", html)
        raw = html_lib.unescape(raw)
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return "\n".join(line for line in lines if line), title


def _read_html(data: bytes) -> _Parsed | str:
    try:
        dec = decode_bytes(data, declared=declared_charset(data))
    except DecodeError as exc:
        return str(exc)
    if looks_binary(dec.text):
        return "binary content (control characters), not an HTML page"
    text, title, published, fallback = _html_main_text(dec.text)
    if not text.strip():
        return "no text content in HTML page"
    flags = ["encoding_guess"] if dec.guessed else []
    if fallback:
        flags.append("boilerplate_fallback")
    published = published or find_date(text[:400]) or _labelled_date(dec.text)
    return _Parsed(text, dec.encoding, title, published, flags=flags)


def _read_pdf(data: bytes) -> _Parsed | str:
    """Text per page; a missing %%EOF is checked first because MuPDF silently repairs a truncated
    file and returns its lost pages as empty, which would look like a scanned document."""
    import pymupdf

    bad = "not a PDF (truncated or damaged): "
    if b"%PDF-" not in data[:1024]:
        return bad + "no %PDF header"
    if b"%%EOF" not in data.rstrip(b"\x00\r\n\t ")[-4096:]:
        return bad + "no %%EOF trailer (incomplete download?)"
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises FileDataError/RuntimeError/ValueError variants
        return bad + (str(exc) or type(exc).__name__)
    try:
        with doc:
            if doc.needs_pass:
                return "encrypted PDF (password required)"
            if doc.page_count == 0:
                return bad + "no pages"
            flags = ["pdf_repaired"] if doc.is_repaired else []
            pages: list[str] = []
            images_only = 0
            for i in range(doc.page_count):
                try:  # one broken page must not lose the others; "" keeps page numbers aligned
                    page = doc.load_page(i)
                    ptext = page.get_text("text")
                    if _may_hold_table(ptext):
                        ptext = _with_tables(page, ptext)
                    has_images = not ptext.strip() and bool(page.get_images())
                except Exception:
                    pages.append("")
                    flags.append("pdf_page_error")
                    continue
                if not ptext.strip():
                    images_only += has_images
                    flags.append("no_text_layer" if has_images else "blank_page")
                pages.append(ptext)
            meta_title = ((doc.metadata or {}).get("title") or "").strip()
    except Exception as exc:
        return bad + (str(exc) or type(exc).__name__)
    if not any(p.strip() for p in pages):
        if images_only:
            return f"no text layer on any of {len(pages)} pages (scanned PDF? OCR is not supported)"
        return f"no text in PDF ({len(pages)} blank pages)"
    starts, pos = [], 0
    for ptext in pages:
        starts.append(pos)
        pos += len(ptext) + 1
    text = "\n".join(pages)
    if "(cid:" in text:
        flags.append("pdf_cid")
    # Metadata titles are often "Microsoft Word - 文档1.docx" or "untitled": only a real one counts.
    junk_title = not meta_title or re.search(
        r"\.(docx?|wps|pdf)$|^(untitled|无标题)|Microsoft", meta_title, re.IGNORECASE
    )
    title = first_line_title(text) if junk_title else meta_title
    return _Parsed(text, None, title, find_date(text[:400]), tuple(starts), flags)


_SHORT_FIGURE_LINE = re.compile(r"^\s*[\d,.]+%?\s*$")
_MIN_FIGURE_LINES = 3  # bare numbers on lines of their own: cells that MuPDF wrote one per line


def _may_hold_table(ptext: str) -> bool:
    """Cheap test before the costly table finder: several lines that hold only a number."""
    return sum(1 for line in ptext.split("\n") if _SHORT_FIGURE_LINE.match(line)) >= _MIN_FIGURE_LINES


def _with_tables(page: object, ptext: str) -> str:
    """The page's text with each ruled table written as tab-separated rows (as Word tables are),
    in place of the one-cell-per-line text MuPDF gives; the page as it was if none is found."""
    import pymupdf

    try:
        tables = page.find_tables().tables  # type: ignore[attr-defined]
        blocks = page.get_text("blocks")  # type: ignore[attr-defined]
    except Exception:  # the table finder is heuristic; the plain text is still right
        return ptext
    if not tables:
        return ptext
    boxes = [pymupdf.Rect(t.bbox) for t in tables]
    out: list[str] = []
    placed: set[int] = set()
    for x0, y0, x1, y1, text, _, kind in blocks:
        if kind != 0:  # an image
            continue
        box = pymupdf.Rect(x0, y0, x1, y1)
        inside = next((i for i, b in enumerate(boxes) if (box & b).get_area() >= 0.8 * box.get_area()), None)
        if inside is None:
            out.append(text if text.endswith("\n") else text + "\n")
        elif inside not in placed:
            placed.add(inside)
            out.append(_table_rows(tables[inside]))
    out += [_table_rows(t) for i, t in enumerate(tables) if i not in placed]
    return "".join(out)


def _table_rows(table: object) -> str:
    rows = table.extract()  # type: ignore[attr-defined]
    return "".join("\t".join((cell or "").replace("\n", "") for cell in row) + "\n" for row in rows)


def _docx_lines(container: object) -> Iterator[str]:
    """Paragraphs and table rows in document order; a row is one line, cells tab-separated."""
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(" ".join(_docx_lines(cell)).split()))
                if any(cells):
                    yield "\t".join(cells)
        else:
            yield block.text


def _read_docx(data: bytes) -> _Parsed | str:
    """Core-properties title when the author set one; it is usually empty, so the first short line."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(_docx_lines(document))
        core_title = (document.core_properties.title or "").strip()
    except Exception as exc:  # python-docx surfaces zip, XML and package errors alike
        return f"not a Word .docx (damaged): {type(exc).__name__}: {exc}"
    if not text.strip():
        return "no text content in .docx"
    return _Parsed(text, None, core_title or first_line_title(text), find_date(text[:400]))


# --- dispatch --------------------------------------------------------------------------------


_EXPECTED_KIND = {".pdf": "pdf", ".docx": "docx", ".zip": "zip", ".html": "html", ".htm": "html"}


def _wrong_content(expected: str, kind: str) -> str:
    reason = {"pdf": "not a PDF", "docx": "not a Word .docx", "zip": "corrupt zip archive"}[expected]
    if kind == "html":
        return f"{reason}: the file is an HTML page (an error page saved under the wrong name?)"
    detail = {"pdf": "no %PDF header", "docx": "not a zip package", "zip": "no zip signature"}[expected]
    return f"{reason} (truncated or damaged): {detail}" if expected == "pdf" else f"{reason}: {detail}"


@dataclass
class _Budget:
    remaining: int


def _read_data(label: str, data: bytes, max_bytes: int, depth: int, budget: _Budget | None) -> Iterator[Result]:
    """Sniff, then read by the real content type: the suffix only decides what a mismatch means."""
    if not data:
        yield _fail(label, "empty file")
        return
    if len(data) > max_bytes:
        yield _fail(label, _too_large(len(data), max_bytes))
        return
    suffix = _suffix(label)
    if suffix not in SUPPORTED_SUFFIXES:
        yield _fail(label, _unsupported(suffix))
        return
    kind, what = sniff(data)
    if kind == "binary":
        yield _fail(label, f"binary content ({what}), not a readable {suffix} document")
        return
    expected = _EXPECTED_KIND.get(suffix, "text")
    if kind == "zip" and expected == "docx":
        kind = "docx"  # a damaged or non-Word zip: the docx reader says what is wrong
    if kind == "zip":
        yield from _read_zip(label, data, max_bytes, depth, budget)
        return
    if kind in ("html", "text") and expected in ("pdf", "docx", "zip"):
        yield _fail(label, _wrong_content(expected, kind))
        return
    if kind == "text" and expected == "html":
        kind = "html"  # no <html> prologue, but the name says HTML: trafilatura or tag stripping copes
    reader = {"pdf": _read_pdf, "docx": _read_docx, "html": _read_html}.get(kind)
    parsed = reader(data) if reader else _read_text(data, markdown=suffix == ".md")
    if isinstance(parsed, str):
        yield _fail(label, parsed)
        return
    fmt = kind if kind != "text" else suffix.lstrip(".")
    flags = list(parsed.flags)
    if kind != expected:
        flags.append("suffix_mismatch")
    flags += quality_flags(parsed.text)
    yield SourceDocument(
        path=label,
        doc_id=hashlib.sha256(data).hexdigest()[:16],
        text=parsed.text,
        source_format=fmt,
        encoding=parsed.encoding,
        title=parsed.title,
        published=parsed.published,
        page_starts=parsed.page_starts,
        flags=tuple(dict.fromkeys(flags)),
        size=len(data),
    )


def _guarded(label: str, results: Iterator[Result]) -> Iterator[Result]:
    """Last line of defence: a library bug on odd input becomes a failure, not a crash."""
    try:
        yield from results
    except Exception as exc:
        yield _fail(label, f"unexpected error ({type(exc).__name__}): {exc}")


def _member_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows zips store GBK names without the UTF-8 flag; Python shows them as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _over_budget(max_bytes: int, unread: int) -> str:
    total = _human(ARCHIVE_TOTAL_FACTOR * max_bytes)
    return f"archive expands past the {total} total limit (zip bomb?): {unread} members not read"


def _read_zip(label: str, data: bytes, max_bytes: int, depth: int, budget: _Budget | None) -> Iterator[Result]:
    """Members are read in memory, one at a time, each bounded, with a shared total budget."""
    if depth >= MAX_ARCHIVE_DEPTH:
        yield _fail(label, f"archive nested more than {MAX_ARCHIVE_DEPTH} levels deep")
        return
    budget = budget or _Budget(ARCHIVE_TOTAL_FACTOR * max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [(name, i) for i in archive.infolist() if not i.is_dir() and not _is_skipped(name := _member_name(i))]
    except Exception as exc:
        yield _fail(label, f"corrupt zip archive: {exc}")
        return
    if not infos:
        yield _fail(label, "zip archive holds no documents")
        return
    infos.sort(key=lambda t: t[0])
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        yield _fail(label, f"zip archive has {len(infos)} members; only the first {MAX_ARCHIVE_MEMBERS} are read")
        infos = infos[:MAX_ARCHIVE_MEMBERS]
    for n, (name, info) in enumerate(infos):
        member = f"{label}!{name}"
        suffix = _suffix(name)
        if suffix not in SUPPORTED_SUFFIXES:
            yield _fail(member, _unsupported(suffix))
            continue
        if info.flag_bits & 0x1:
            yield _fail(member, "encrypted archive member (password required)")
            continue
        if info.file_size > max_bytes:
            yield _fail(member, _too_large(info.file_size, max_bytes))
            continue
        if info.file_size > budget.remaining:
            yield _fail(label, _over_budget(max_bytes, len(infos) - n))
            return
        try:
            with archive.open(info) as fh:
                content = fh.read(min(max_bytes, budget.remaining) + 1)
        except Exception as exc:
            yield _fail(member, f"corrupt archive member: {type(exc).__name__}: {exc}")
            continue
        if len(content) > max_bytes:
            yield _fail(member, f"{_too_large(len(content), max_bytes)} (size in the zip header is wrong)")
            continue
        budget.remaining -= len(content)
        if budget.remaining < 0:
            yield _fail(label, _over_budget(max_bytes, len(infos) - n))
            return
        yield from _guarded(member, _read_data(member, content, max_bytes, depth + 1, budget))


# --- public API ------------------------------------------------------------------------------


def read_bytes(name: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> list[Result]:
    """Read an upload; ``name`` only supplies the suffix and the label, never a filesystem path."""
    label = str(name)
    return list(_guarded(label, _read_data(label, bytes(data), max_bytes, 0, None)))


def read_file(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES) -> list[Result]:
    """Read one file (an archive yields one result per member); the size is checked before reading."""
    return list(_iter_file(os.fsdecode(os.fspath(path)), max_bytes))


def _iter_file(label: str, max_bytes: int) -> Iterator[Result]:
    """Lazy read_file, so iter_sources streams archive members instead of collecting them."""
    data = b""
    try:
        st = os.stat(label)
        if stat.S_ISDIR(st.st_mode):
            problem = "is a directory (use iter_sources for folders)"
        elif not stat.S_ISREG(st.st_mode):
            problem = "not a regular file"  # a FIFO or device would block or never end
        elif _suffix(label) not in SUPPORTED_SUFFIXES:
            problem = _unsupported(_suffix(label))
        elif st.st_size == 0:
            problem = "empty file"
        elif st.st_size > max_bytes:
            problem = _too_large(st.st_size, max_bytes)
        else:
            with open(label, "rb") as fh:
                data = fh.read(max_bytes + 1)
            problem = ""
    except OSError as exc:
        problem = _os_error(exc)
    except ValueError as exc:  # e.g. an embedded NUL byte in the path
        problem = f"invalid path: {exc}"
    if problem:
        yield _fail(label, problem)
    else:
        yield from _guarded(label, _read_data(label, data, max_bytes, 0, None))


def _os_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def _walk(top: str) -> Iterator[str | IngestFailure]:
    """Every non-hidden file under ``top``, sorted by relative path; unreadable folders as failures."""
    found: list[tuple[tuple[str, ...], str | IngestFailure]] = []

    def onerror(exc: OSError) -> None:
        where = exc.filename or top
        found.append((tuple(os.path.relpath(where, top).split(os.sep)), _fail(where, _os_error(exc))))

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        dirnames[:] = [d for d in dirnames if not _is_skipped(d)]
        rel = os.path.relpath(dirpath, top)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        for name in filenames:
            if not _is_skipped(name):
                found.append(((*parts, name), os.path.join(dirpath, name)))
    found.sort(key=lambda t: t[0])
    for _, item in found:
        yield item


def iter_sources(paths: Sequence[str | os.PathLike], *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Result]:
    """Paths in the order given; folders recursively in sorted order; archives member by member."""
    if isinstance(paths, str | bytes | os.PathLike):  # iter_sources("dir") would iterate characters
        paths = [paths]
    for path in paths:
        label = os.fsdecode(os.fspath(path))
        if not os.path.isdir(label):
            yield from _iter_file(label, max_bytes)
            continue
        for item in _walk(label):
            if isinstance(item, IngestFailure):
                yield item
            else:
                yield from _iter_file(item, max_bytes)
