"""Tests for etl.readers: every fixture is built here, in tmp_path or in memory."""

from __future__ import annotations

import datetime
import io
import os
import random
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import readers
from etl.decoding import find_date
from etl.readers import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    IngestFailure,
    SourceDocument,
    iter_sources,
    read_bytes,
    read_file,
)

BODY = (
    "关于2023年度市级财政决算的报告\n"
    "2024年8月16日\n"
    "全市一般公共预算收入完成356.8亿元，同比增长5.2%。\n"
    "新增城镇就业12.5万人，城镇登记失业率3.2%。\n"
)

HTML = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>关于2023年度财政决算的报告_某某市人大常委会</title>
<meta name="PubDate" content="2024-08-16">
<script>var tracking = "SCRIPT_SECRET_TEXT"; function f(){ document.write("leak"); }</script>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/a">人大概况</a></li>
<li><a href="/b">新闻中心</a></li><li><a href="/c">常委会工作</a></li></ul></div>
<div class="main"><h1>关于2023年度财政决算的报告</h1>
<div class="info">发布时间：2024-08-16</div>
<div class="article">
<p>主任、各位副主任、秘书长、各位委员：受市人民政府委托，现将2023年度市级财政决算情况报告如下。</p>
<p>全市一般公共预算收入完成356.8亿元，同比增长5.2%，完成预算的101.3%。其中税收收入完成245.6亿元。</p>
<p>全年新增城镇就业12.5万人，城镇登记失业率控制在3.2%以内。共建成保障性住房8600套。</p>
<script>var x = "INLINE_SCRIPT_LEAK";</script>
<p>下一步，我们将认真落实市人大常委会的审议意见，进一步加强预算管理，提高财政资金使用效益。</p>
</div></div>
<div class="links"><h3>相关链接</h3><ul><li><a href="http://www.gov.cn">中国政府网</a></li>
<li><a href="http://www.npc.gov.cn">中国人大网</a></li></ul></div>
<div class="footer">版权所有：某某市人大常委会办公室 备案号：京ICP备12345678号 技术支持：某某公司</div>
</body></html>
"""

PAGE1 = "第一页：全市一般公共预算收入完成356.8亿元。"
PAGE2 = "第二页：新增城镇就业12.5万人。"


def make_pdf(pages: list[str | None]) -> bytes:
    """A PDF with one page per entry; None makes an image-only (scanned-like) page."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        if text is None:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
            pix.clear_with(200)
            page.insert_image(pymupdf.Rect(72, 72, 200, 200), pixmap=pix)
        elif text:
            page.insert_text((72, 72), text, fontname="china-s", fontsize=11)
    return doc.tobytes()


def make_docx(title: str | None = "财政决算报告") -> bytes:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_paragraph("关于2023年度市级财政决算的报告")
    document.add_paragraph("2024年8月16日")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "数值"
    table.cell(1, 0).text = "新增城镇就业"
    table.cell(1, 1).text = "12.5万人"
    document.add_paragraph("共建成保障性住房8600套。")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


class _GbkNameInfo(zipfile.ZipInfo):
    """Writes the member name as GBK without the UTF-8 flag, as Windows' built-in zipper does."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


def make_zip(members: dict[str, bytes], *, gbk_names: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = _GbkNameInfo(name) if gbk_names else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def one(results: list) -> SourceDocument | IngestFailure:
    assert len(results) == 1, results
    return results[0]


def doc_of(results: list) -> SourceDocument:
    result = one(results)
    assert isinstance(result, SourceDocument), result
    return result


def failure_of(results: list) -> IngestFailure:
    result = one(results)
    assert isinstance(result, IngestFailure), result
    assert "\n" not in result.error and result.error
    assert result.stage == "read"
    return result


# --- text encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (BODY.encode("utf-8"), "utf-8"),
        (BODY.encode("utf-8-sig"), "utf-8-sig"),
        (BODY.encode("gbk"), "gb18030"),
        ((BODY + "𠀾镕").encode("gb18030"), "gb18030"),
        (BODY.encode("utf-16"), "utf-16-le"),
        (b"\xfe\xff" + BODY.encode("utf-16-be"), "utf-16-be"),
        (BODY.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_text_encodings_decode_to_the_right_chinese(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    path = tmp_path / "bulletin.txt"
    path.write_bytes(encoded)
    doc = doc_of(read_file(path))
    assert doc.text.startswith(BODY)
    assert not doc.text.startswith("\ufeff")
    assert doc.encoding == encoding
    assert doc.source_format == "txt"
    assert doc.title == "关于2023年度市级财政决算的报告"
    assert doc.published == datetime.date(2024, 8, 16)
    assert doc.page_starts is None
    assert doc.flags == ()
    assert doc.size == len(encoded)
    assert doc.path == str(path)


def test_text_is_kept_exactly_as_decoded() -> None:
    raw = "  \r\n  全角１２３  \u3000标题\r\n\t正文，ＮＦＫＣ不做。  \n\n"
    doc = doc_of(read_bytes("a.txt", raw.encode("utf-8")))
    assert doc.text == raw
    assert doc.title == "全角１２３  \u3000标题"


def test_markdown_title_and_long_first_line() -> None:
    doc = doc_of(read_bytes("notes.md", "# 审议意见\n\n正文内容。".encode()))
    assert doc.source_format == "md" and doc.title == "审议意见"
    long_line = "关" * 61 + "\n正文"
    assert doc_of(read_bytes("a.txt", long_line.encode())).title is None


def test_quality_flags() -> None:
    mojibake = BODY.encode("utf-8").decode("latin-1").encode("utf-8")
    assert "mojibake" in doc_of(read_bytes("m.txt", mojibake)).flags
    gbk_mojibake = "锟斤拷锟斤拷，会议认为，报告。".encode("gb18030")
    assert "mojibake" in doc_of(read_bytes("g.txt", gbk_mojibake)).flags
    english = doc_of(read_bytes("e.txt", b"Annual report of the standing committee, 2023."))
    assert "low_cjk" in english.flags
    one_bad_byte = (BODY * 3).encode("utf-8") + b"\xff" + "结束。".encode()
    damaged = doc_of(read_bytes("r.txt", one_bad_byte))
    assert damaged.encoding == "utf-8"
    assert "replacement_chars" in damaged.flags
    assert damaged.text.startswith(BODY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2024年8月16日", datetime.date(2024, 8, 16)),
        ("2024 年 8 月 16 日", datetime.date(2024, 8, 16)),
        ("日期 2018/4/15 来源", datetime.date(2018, 4, 15)),
        ("2018-04-15", datetime.date(2018, 4, 15)),
        ("二〇二四年八月十六日", datetime.date(2024, 8, 16)),
        ("二〇一九年十二月三十一日", datetime.date(2019, 12, 31)),
        ("２０２４年８月１６日", datetime.date(2024, 8, 16)),
        ("2023年度报告 2024年2月30日无效 2024年3月1日", datetime.date(2024, 3, 1)),
        ("2024-01-02 之后是 2023年5月6日", datetime.date(2024, 1, 2)),
        ("2023年度预算完成356.8亿元", None),
        ("版本 1.2.3.4", None),
    ],
)
def test_find_date(text: str, expected: datetime.date | None) -> None:
    assert find_date(text) == expected


# --- HTML -----------------------------------------------------------------------------------


def test_html_main_text_kept_nav_and_script_dropped() -> None:
    data = HTML.encode("gbk")
    doc = doc_of(read_bytes("page.html", data))
    assert doc.source_format == "html"
    assert doc.encoding == "gb18030"
    assert "全市一般公共预算收入完成356.8亿元" in doc.text
    assert "保障性住房8600套" in doc.text
    assert "进一步加强预算管理" in doc.text
    for dropped in (
        "SCRIPT_SECRET_TEXT",
        "INLINE_SCRIPT_LEAK",
        "document.write",
        "人大概况",
        "中国人大网",
        "备案号",
    ):
        assert dropped not in doc.text
    assert doc.title is not None and doc.title.startswith("关于2023年度财政决算的报告")
    assert doc.published == datetime.date(2024, 8, 16)
    assert "boilerplate_fallback" not in doc.flags


def test_html_date_from_text_not_from_year_words() -> None:
    # htmldate's extensive search would turn "2023年度" into 2023-01-01.
    page = HTML.replace('<meta name="PubDate" content="2024-08-16">', "").replace(
        "发布时间：2024-08-16", "发布时间：2024年08月16日 来源：办公室"
    )
    assert doc_of(read_bytes("a.html", page.encode())).published == datetime.date(2024, 8, 16)
    in_header = page.replace('<div class="info">', '<div class="nav">').replace("<h1>", '<h1 class="x">')
    assert doc_of(read_bytes("b.html", in_header.encode())).published == datetime.date(2024, 8, 16)
    undated = page.replace("发布时间：2024年08月16日 来源：办公室", "来源：办公室")
    assert doc_of(read_bytes("c.html", undated.encode())).published is None


def test_html_meta_charset_is_respected() -> None:
    # Latin-1 declared and used: must not be read as GB18030 garbage.
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
        "<body><p>Caf\xe9 cr\xe8me</p></body></html>"
    )
    doc = doc_of(read_bytes("p.htm", page.encode("latin-1")))
    assert doc.encoding == "iso8859-1"
    assert "Café crème" in doc.text


def test_html_fallback_and_script_only_page() -> None:
    doc = doc_of(read_bytes("plain.html", "会议纪要\n出席人数45人。".encode()))
    assert "boilerplate_fallback" in doc.flags
    assert "出席人数45人" in doc.text
    scripts = "<html><head><title>x</title></head><body><script>var a='SCRIPTLEAK';</script></body></html>"
    failure = failure_of(read_bytes("s.html", scripts.encode()))
    assert "no text" in failure.error


def test_strip_tags_fallback_drops_scripts() -> None:
    text, title = readers._strip_tags(
        "<?xml version='1.0' encoding='gbk'?><html><head><title>T</title><style>p{}</style></head>"
        "<body><script>LEAK()</script><p>第一段</p><div>第二段</div></body></html>"
    )
    assert title == "T"
    assert text == "第一段\n第二段"


def test_html_named_txt_is_read_as_html() -> None:
    doc = doc_of(read_bytes("saved.txt", HTML.encode("gbk")))
    assert doc.source_format == "html" and "suffix_mismatch" in doc.flags
    assert "SCRIPT_SECRET_TEXT" not in doc.text


# --- PDF ------------------------------------------------------------------------------------


def test_two_page_pdf_text_and_page_starts(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([PAGE1, PAGE2]))
    doc = doc_of(read_file(path))
    assert doc.source_format == "pdf" and doc.encoding is None
    assert doc.page_starts is not None and len(doc.page_starts) == 2
    assert doc.page_starts[0] == 0
    assert doc.text[: doc.page_starts[1]].strip() == PAGE1
    assert doc.text[doc.page_starts[1] :].strip() == PAGE2
    assert doc.flags == ()
    assert doc.title == PAGE1


def make_table_pdf(ruled: bool = True) -> bytes:
    """A caption, a 3×3 table (with its rules, or the same words without them), then prose."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 60), "2023年各区县代表建议办理情况", fontname="china-s", fontsize=12)
    rows = [("区县", "收到建议（件）", "办结率"), ("上城区", "126", "100%"), ("西湖区", "98", "99%")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            rect = pymupdf.Rect(72 + c * 150, 80 + r * 24, 222 + c * 150, 104 + r * 24)
            if ruled:
                page.draw_rect(rect, color=(0, 0, 0), width=0.5)
            page.insert_text((rect.x0 + 4, rect.y0 + 16), cell, fontname="china-s", fontsize=10)
    page.insert_text((72, 200), "全区共收到建议224件。", fontname="china-s", fontsize=12)
    return doc.tobytes()


def test_a_ruled_pdf_table_becomes_tab_separated_rows() -> None:
    doc = doc_of(read_bytes("table.pdf", make_table_pdf()))
    assert doc.text == (
        "2023年各区县代表建议办理情况\n区县\t收到建议（件）\t办结率\n"
        "上城区\t126\t100%\n西湖区\t98\t99%\n全区共收到建议224件。\n"
    )
    # cells aligned without rules are a table too
    assert doc_of(read_bytes("plain.pdf", make_table_pdf(ruled=False))).text == doc.text


def test_pdf_no_text_layer() -> None:
    partial = doc_of(read_bytes("scan.pdf", make_pdf([PAGE1, None])))
    assert "no_text_layer" in partial.flags
    assert partial.page_starts is not None and len(partial.page_starts) == 2
    failure = failure_of(read_bytes("scan.pdf", make_pdf([None, None])))
    assert "no text layer" in failure.error and "2 pages" in failure.error
    assert "blank_page" in doc_of(read_bytes("b.pdf", make_pdf([PAGE1, ""]))).flags


def test_truncated_damaged_and_encrypted_pdfs() -> None:
    data = make_pdf([PAGE1, PAGE2])
    for cut in (len(data) // 2, len(data) - 10, 100, 10):
        failure = failure_of(read_bytes("cut.pdf", data[:cut]))
        assert failure.error.startswith("not a PDF (truncated or damaged)")
    garbage = data[:20] + b"\x00garbage" * 50 + b"\n%%EOF\n"
    assert failure_of(read_bytes("bad.pdf", garbage)).error.startswith("not a PDF (truncated or damaged)")
    doc = pymupdf.open(stream=data, filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    assert "encrypted" in failure_of(read_bytes("locked.pdf", locked)).error


def test_pdf_cid_flag() -> None:
    doc = doc_of(read_bytes("cid.pdf", make_pdf(["(cid:123)(cid:45) 报告"])))
    assert "pdf_cid" in doc.flags


# --- DOCX -----------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_title(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(make_docx())
    doc = doc_of(read_file(path))
    assert doc.source_format == "docx" and doc.encoding is None
    assert doc.text.split("\n") == [
        "关于2023年度市级财政决算的报告",
        "2024年8月16日",
        "指标\t数值",
        "新增城镇就业\t12.5万人",
        "共建成保障性住房8600套。",
    ]
    assert doc.title == "财政决算报告"
    assert doc.published == datetime.date(2024, 8, 16)
    assert doc_of(read_bytes("x.docx", make_docx(title=None))).title == "关于2023年度市级财政决算的报告"


def test_damaged_docx() -> None:
    assert "not a Word .docx" in failure_of(read_bytes("a.docx", make_zip({"x.txt": b"hello"}))).error
    assert "not a Word .docx" in failure_of(read_bytes("a.docx", make_docx()[:300])).error
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert "legacy Office" in failure_of(read_bytes("old.docx", ole)).error


# --- archives -------------------------------------------------------------------------------


def test_zip_good_members_survive_a_bad_one(tmp_path: Path) -> None:
    archive = make_zip(
        {
            "b/report.pdf": make_pdf([PAGE1, PAGE2]),
            "a.txt": BODY.encode("gbk"),
            "c.docx": make_docx(),
            "d.html": HTML.encode("gbk"),
            "e_broken.pdf": b"%PDF-1.7 truncated",
            "f.exe": b"MZ\x00\x00",
            ".hidden.txt": b"skip me",
            "__MACOSX/._a.txt": b"junk",
            "empty/": b"",
        }
    )
    path = tmp_path / "bundle.zip"
    path.write_bytes(archive)
    results = read_file(path)
    assert [r.path for r in results] == [
        f"{path}!a.txt",
        f"{path}!b/report.pdf",
        f"{path}!c.docx",
        f"{path}!d.html",
        f"{path}!e_broken.pdf",
        f"{path}!f.exe",
    ]
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["SourceDocument"] * 4 + ["IngestFailure"] * 2
    assert [r.source_format for r in results[:4]] == ["txt", "pdf", "docx", "html"]
    assert results[0].text == BODY
    assert results[5].error == "unsupported file type .exe"


def test_zip_gbk_member_names_and_nesting() -> None:
    inner = make_zip({"内层.txt": BODY.encode()})
    outer = make_zip({"人大公报.txt": BODY.encode("gbk"), "inner.zip": inner}, gbk_names=True)
    results = read_bytes("upload.zip", outer)
    assert [r.path for r in results] == ["upload.zip!inner.zip!内层.txt", "upload.zip!人大公报.txt"]
    assert all(isinstance(r, SourceDocument) for r in results)


def test_zip_bomb_guards() -> None:
    small = 4096
    bomb = make_zip({f"{i}.txt": ("会" * 1300).encode() for i in range(20)})  # 3.9 KB each, tiny zipped
    results = read_bytes("bomb.zip", bomb, max_bytes=small)
    docs = [r for r in results if isinstance(r, SourceDocument)]
    assert len(docs) == readers.ARCHIVE_TOTAL_FACTOR
    assert "total limit" in results[-1].error and results[-1].path == "bomb.zip"
    big = read_bytes("big.zip", make_zip({"huge.txt": b"0" * (small + 1)}), max_bytes=small)
    assert failure_of(big).error.startswith("file too large")


def test_zip_member_whose_header_lies_about_its_size() -> None:
    raw = bytearray(make_zip({"a.txt": ("数" * 3000).encode()}))
    declared = (9000).to_bytes(4, "little")
    raw = bytes(raw).replace(declared, (10).to_bytes(4, "little"))  # uncompressed size fields
    # zipfile never reads past the declared size, so the lie cannot inflate; the CRC check catches it.
    assert failure_of(read_bytes("lie.zip", raw, max_bytes=4096)).error.startswith("corrupt archive member")


def test_zip_nesting_depth_is_limited() -> None:
    data = make_zip({"a.txt": BODY.encode()})
    for level in range(4):
        data = make_zip({f"level{level}.zip": data})
    (result,) = read_bytes("deep.zip", data)
    assert isinstance(result, IngestFailure)
    assert result.path == "deep.zip!level3.zip!level2.zip!level1.zip"
    assert "nested more than" in result.error
    assert isinstance(
        one(read_bytes("ok.zip", make_zip({"x.zip": make_zip({"a.txt": BODY.encode()})}))), SourceDocument
    )


def test_encrypted_member_and_corrupt_member() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("secret.txt", b"not really encrypted")
        zf.writestr("ok.txt", BODY.encode())
    raw = bytearray(buf.getvalue())
    raw[6] |= 0x1  # "encrypted" bit of the first member, in its local header ...
    central = raw.index(b"PK\x01\x02")
    raw[central + 8] |= 0x1  # ... and in the central directory
    results = read_bytes("e.zip", bytes(raw))
    assert isinstance(results[0], SourceDocument) and results[0].path == "e.zip!ok.txt"
    assert "encrypted" in results[1].error
    raw = make_zip({"a.txt": BODY.encode() * 20})
    corrupted = raw[:60] + bytes(b ^ 0xFF for b in raw[60:90]) + raw[90:]
    result = one(read_bytes("c.zip", corrupted))
    assert isinstance(result, IngestFailure) and "corrupt" in result.error


# --- bad inputs, one failure each, and the run goes on -------------------------------------------


def test_every_bad_input_is_one_clear_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "01_empty.txt").write_bytes(b"")
    (folder / "02_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (folder / "03_pdf_named.txt").write_bytes(make_pdf([PAGE1]))
    (folder / "04_undecodable.txt").write_bytes(random.Random(0).randbytes(400).replace(b"\x00", b"\x01"))
    (folder / "05_nuls.txt").write_bytes(b"abc\x00def\x00\x00\x00ghi\x01\x02")
    (folder / "06_program.exe").write_bytes(b"MZ")
    (folder / "07_bad.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (folder / "08_error_page.pdf").write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    (folder / "09_whitespace.txt").write_bytes(b" \n\t\r\n")
    (folder / "10_good.txt").write_bytes(BODY.encode("gbk"))
    (folder / "11_noext").write_bytes(b"text")
    (folder / ".hidden.txt").write_bytes(b"hidden")
    (folder / "~$lock.docx").write_bytes(b"\x00owner")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "12_big.txt").write_bytes(b"x" * 5000)
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_bytes(b"hidden dir")

    results = list(iter_sources([folder, tmp_path / "missing.txt"], max_bytes=4096))
    by_name = {Path(r.path.split("!")[0]).name: r for r in results}
    assert [Path(r.path).name for r in results] == [
        "01_empty.txt",
        "02_image.txt",
        "03_pdf_named.txt",
        "04_undecodable.txt",
        "05_nuls.txt",
        "06_program.exe",
        "07_bad.zip",
        "08_error_page.pdf",
        "09_whitespace.txt",
        "10_good.txt",
        "11_noext",
        "12_big.txt",
        "missing.txt",
    ]
    assert [r.path for r in results][-2] == str(sub / "12_big.txt")
    errors = {name: r.error for name, r in by_name.items() if isinstance(r, IngestFailure)}
    assert errors == {
        "01_empty.txt": "empty file",
        "02_image.txt": "binary content (PNG image), not a readable .txt document",
        "04_undecodable.txt": "undecodable bytes: no text encoding fits",
        "05_nuls.txt": "binary content (NUL bytes), not text",
        "06_program.exe": "unsupported file type .exe",
        "07_bad.zip": errors["07_bad.zip"],
        "08_error_page.pdf": errors["08_error_page.pdf"],
        "09_whitespace.txt": "no text content (whitespace only)",
        "11_noext": "unsupported file type (no extension)",
        "12_big.txt": "file too large: 4.9 KB > 4 KB limit",
        "missing.txt": "no such file or directory",
    }
    assert errors["07_bad.zip"].startswith("corrupt zip archive")
    assert errors["08_error_page.pdf"].startswith("not a PDF: the file is an HTML page")
    assert all("\n" not in e for e in errors.values())
    pdf = by_name["03_pdf_named.txt"]
    assert isinstance(pdf, SourceDocument) and pdf.source_format == "pdf" and "suffix_mismatch" in pdf.flags
    assert isinstance(by_name["10_good.txt"], SourceDocument)
    # deterministic: same order and ids on a second run
    again = list(iter_sources([folder, tmp_path / "missing.txt"], max_bytes=4096))
    assert again == results


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:
        fh.truncate(int(210.3 * 1024 * 1024))  # sparse: costs no disk
    monkeypatch.setattr(readers, "open", lambda *a, **k: pytest.fail("read a too-large file"), raising=False)
    assert failure_of(read_file(path)).error == "file too large: 210.3 MB > 100 MB limit"
    assert MAX_FILE_BYTES == 100 * 1024 * 1024


def test_permission_denied_directory_and_fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_bytes(BODY.encode())

    def deny(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "open", deny, raising=False)
    assert failure_of(read_file(path)).error == "permission denied"
    monkeypatch.undo()
    assert "is a directory" in failure_of(read_file(tmp_path)).error
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        assert failure_of(read_file(fifo)).error == "not a regular file"
    assert "invalid path" in failure_of(read_file("bad\x00name.txt")).error


def test_iter_sources_is_lazy_and_accepts_a_single_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(BODY.encode())
    (tmp_path / "b.zip").write_bytes(make_zip({"x.txt": BODY.encode(), "y.txt": b"%PDF-1.4 cut"}))
    stream = iter_sources(str(tmp_path))
    assert next(stream).path == str(tmp_path / "a.txt")
    assert [r.path.rsplit("!", 1)[-1] for r in stream] == ["x.txt", "y.txt"]


def test_doc_id_depends_only_on_bytes(tmp_path: Path) -> None:
    data = BODY.encode("gbk")
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "b.md").write_bytes(data)
    a, b = (doc_of(read_file(tmp_path / n)) for n in ("a.txt", "b.md"))
    c = doc_of(read_bytes("upload.txt", data))
    assert a.doc_id == b.doc_id == c.doc_id and len(a.doc_id) == 16
    assert int(a.doc_id, 16) >= 0
    assert doc_of(read_bytes("x.txt", data + b"\n")).doc_id != a.doc_id


def test_read_bytes_never_touches_the_filesystem(tmp_path: Path) -> None:
    target = tmp_path / "exists.txt"
    target.write_bytes(b"on disk")
    doc = doc_of(read_bytes(str(target), "上传内容".encode()))
    assert doc.text == "上传内容" and doc.path == str(target)


# --- never raises -----------------------------------------------------------------------------

_PREFIXES = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"<html><body>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x89PNG\r\n\x1a\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES | {".exe", "", ".TXT", ".Pdf"})),
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=2000),
)
def test_read_bytes_never_raises(suffix: str, prefix: bytes, body: bytes) -> None:
    results = read_bytes(f"upload{suffix}", prefix + body, max_bytes=4096)
    assert results
    for result in results:
        assert isinstance(result, SourceDocument | IngestFailure)
        if isinstance(result, IngestFailure):
            assert result.error and "\n" not in result.error
            assert not result.error.startswith("unexpected error"), result.error


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(SUPPORTED_SUFFIXES)), st.binary(max_size=300)), max_size=4))
def test_zip_of_arbitrary_members_never_raises(members: list[tuple[str, bytes]]) -> None:
    archive = make_zip({f"m{i}{suffix}": data for i, (suffix, data) in enumerate(members)})
    for result in read_bytes("a.zip", archive):
        assert isinstance(result, SourceDocument | IngestFailure)
        if isinstance(result, IngestFailure):
            assert not result.error.startswith("unexpected error"), result.error
