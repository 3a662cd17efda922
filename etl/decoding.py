"""Format-independent byte and text analysis for the readers: what the bytes are (sniffing),
how to decode them, how trustworthy the decoded text looks, and its title/date heuristics.

Chinese government sites still publish a lot of GBK/GB2312 (often mislabelled), Windows tools
write UTF-16 and UTF-8 with a BOM, and re-saved files carry mojibake. The order of attempts
below is chosen so that the common, unambiguous cases never reach the statistical guesser:
strict UTF-8 almost never succeeds on non-UTF-8 bytes, and GB18030 is checked for plausibility
because it happily decodes many foreign byte sequences into rare characters.
"""

from __future__ import annotations

import codecs
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np
from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text we can decode; the message is the one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool = False  # True when only charset-normalizer's statistics chose the encoding
    lossy: bool = False  # True when a few invalid sequences were replaced by U+FFFD


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it shares the first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels sites put in <meta charset> that should be read with a wider codec: pages labelled
# gb2312 routinely contain GBK-only characters (names, rare place names).
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "unicode": "utf-16",
}

_SINGLE_BYTE = ("iso8859", "latin", "cp12", "windows-12", "mac-", "cp437", "cp85", "koi8")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.IGNORECASE,
)


def declared_charset(html: bytes) -> str | None:
    """The charset an HTML page declares for itself, if Python knows the codec."""
    m = _META_CHARSET.search(html[:8192])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "ignore").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes sit (ASCII digits/newlines give 00 halves)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.05 * half and even < 0.1 * odd:
        return "utf-16-le"
    if even > 0.05 * half and odd < 0.1 * even:
        return "utf-16-be"
    return None


_HANZI = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00010000-\U0010ffff]")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes many foreign byte runs; real Chinese text is almost all GB2312 hanzi."""
    sample = text[:200_000]  # enough to judge; keeps huge files fast
    han = "".join(_HANZI.findall(sample))
    if not han:
        # No hanzi at all: the bytes were ASCII-ish except for a few symbols; accept only if
        # nothing exotic (private-use, 4-byte) came out.
        return not any("\ue000" <= c <= "\uf8ff" or c > "\uffff" for c in sample)
    # every hanzi outside GB2312 becomes one "?" (hanzi themselves never contain "?")
    uncommon = han.encode("gb2312", errors="replace").count(b"?")
    return len(han) - uncommon >= 0.8 * len(han)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A few corrupt bytes in an otherwise UTF-8 file (bad copy, truncated download).

    GBK text read as UTF-8 fails on nearly every hanzi, so it never passes the 20:1 ratio.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad  # non-ASCII characters
    if 0 < bad <= 64 and good >= 20 * bad:
        return Decoded(text, "utf-8", lossy=True)
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode text bytes, stripping only a leading BOM so offsets stay stable.

    Raises DecodeError when no encoding fits.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(enc.replace("-sig", "")), enc)
            except UnicodeDecodeError:
                return Decoded(body.decode(enc.replace("-sig", ""), "replace"), enc, lossy=True)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DecodeError("binary content (NUL bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A declared multi-byte charset is trusted once UTF-8 failed; a declared single-byte one
    # (latin-1, cp1252) decodes anything, so it is only a last resort.
    weak = bool(declared) and declared.startswith(_SINGLE_BYTE)
    if declared and not weak and declared not in ("utf-8", "ascii"):
        try:
            return Decoded(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    lossy = _mostly_utf8(data)
    if lossy:
        return lossy
    try:
        text = data.decode("gb18030")
        if _plausible_chinese(text):
            return Decoded(text, "gb18030")
    except UnicodeDecodeError:
        pass
    if weak and declared:
        return Decoded(data.decode(declared, "replace"), declared)
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable bytes: no text encoding fits")
    try:
        name = codecs.lookup(best.encoding).name  # "utf_16_le" -> "utf-16-le", like the others
    except LookupError:
        name = best.encoding
    return Decoded(str(best), name, guessed=True)


# UTF-8 read as Latin-1/cp1252: a lead byte Â-ï followed by a continuation shown as \x80-\xbf
# or as cp1252's printable replacements (€, ‚, “ ...).
_LATIN_MOJIBAKE = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021"
    "\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022"
    "\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)
# UTF-8 read as GBK: full-width punctuation turns into 锛/銆; U+FFFD round-trips as 锟斤拷;
# uninitialised MSVC buffers print as 烫烫/屯屯.
_GBK_MOJIBAKE = re.compile("锟斤拷|烫烫烫|屯屯屯")
_GBK_MOJIBAKE_CHARS = re.compile("[锛銆]")
_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x3134F))
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")  # C0 controls except \t \n \f \r


def quality_flags(text: str) -> list[str]:
    """Flags a human should see before trusting numbers extracted from this text."""
    flags: list[str] = []
    if "\ufffd" in text:
        flags.append("replacement_chars")
    if (
        len(_LATIN_MOJIBAKE.findall(text)) >= 2
        or _GBK_MOJIBAKE.search(text)
        or len(_GBK_MOJIBAKE_CHARS.findall(text)) >= 3
    ):
        flags.append("mojibake")
    # judged on a sample with regex counts: this runs on every document of a corpus
    sample = text[:50_000]
    visible = sum(map(len, sample.split()))
    if visible and _cjk_count(sample) < 0.05 * visible:
        flags.append("low_cjk")
    if len(_CONTROL.findall(text)) > max(2, 0.001 * len(text)):
        flags.append("control_chars")
    return flags


def _cjk_count(text: str) -> int:
    """Han characters in ``text``, counted on code points in bulk (a regex findall builds a list
    as long as the text)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return int(sum(np.count_nonzero((points >= lo) & (points <= hi)) for lo, hi in _CJK_RANGES))


def looks_binary(text: str) -> bool:
    """Decoded text that is mostly control characters was never text (e.g. a guessed codepage)."""
    return bool(text) and len(_CONTROL.findall(text)) > 0.05 * len(text)


# --- what the bytes are ----------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office/WPS file (.doc/.xls/.wps, OLE2)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\x7fELF", "ELF executable"),
    (b"{\\rtf", "RTF document"),
)
_OFFICE_ZIPS = (
    ("xl/workbook.xml", "Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "PowerPoint file (.pptx)"),
    ("content.xml", "OpenDocument file"),
)


def sniff(data: bytes) -> tuple[str, str]:
    """(kind, label) from the content itself: pdf, docx, zip, html, binary, text."""
    if b"%PDF-" in data[:1024]:
        return "pdf", "PDF"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except Exception:
            return "zip", "zip archive"
        if "word/document.xml" in names:
            return "docx", "Word document"
        for marker, label in _OFFICE_ZIPS:
            if marker in names:
                return "binary", label
        return "zip", "zip archive"
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return "binary", label
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "binary", "Windows executable"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head):
        return "html", "HTML page"
    return "text", "text"


# --- title and date --------------------------------------------------------------------------

_DATE_CJK = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_DATE_SEP = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
_DATE_HAN = re.compile(
    r"([〇○Ｏ零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)


def _han_number(s: str) -> int:
    """二〇二四 -> 2024 (digit by digit), 十六 -> 16, 三十一 -> 31; ValueError otherwise."""
    try:
        if "十" not in s:
            return int("".join(str(_HAN_DIGITS[c]) for c in s))
        tens, _, ones = s.partition("十")
        return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)
    except KeyError as exc:
        raise ValueError(s) from exc


def find_date(text: str) -> datetime.date | None:
    """The earliest full date in ``text`` (best effort: bulletins put it in the header)."""
    found: list[tuple[int, datetime.date]] = []
    for rx, conv in ((_DATE_CJK, int), (_DATE_SEP, int), (_DATE_HAN, _han_number)):
        for m in rx.finditer(text):
            y, mo, d = (m.group(1), m.group(3), m.group(4)) if rx is _DATE_SEP else m.groups()
            try:
                date = datetime.date(conv(y), conv(mo), conv(d))
            except ValueError:
                continue
            if 1900 <= date.year <= 2100:
                found.append((m.start(), date))
                break
    return min(found)[1] if found else None


def first_line_title(text: str, markdown: bool = False) -> str | None:
    """Bulletins open with their heading; a long first line is body text, not a title."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip() if markdown else line.strip()
        if line:
            return line if len(line) <= 60 else None
    return None
