"""Raw decoded text → normalised text, with a map from every normalised offset back to the source.

Every later step (sentences, quantities, places) works on the normalised text, and every metric
keeps its span in it; the offset map lets evaluation and the evidence view point at the exact
characters of the original file as well. The edits are all local, so the map stays exact:

* the pinyin-after-character artefact of some scraped pages (``會(huì)議`` → ``會議``) is deleted;
* NFKC folds full-width digits and punctuation and CJK compatibility/radical look-alikes;
* line breaks that a PDF or a narrow web column put inside a sentence (``开\\n\\n展``) are removed;
* Traditional script becomes Simplified with OpenCC — on running text only: the names of places
  that OpenCC would corrupt (``乾安`` → ``干安``) are restored from the source afterwards.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opencc
import regex

# A Han character followed by a bracketed lowercase pinyin syllable with at least one tone mark
# or ü; ``(PM2.5)``, ``(摄)`` and ``(cid:12)`` never match.
_PINYIN = regex.compile(r"(?<=\p{Han})\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
# Characters whose NFKC form may differ (full-width forms, ideographic space, Kangxi radicals,
# compatibility ideographs, enclosed numerals). "…" is left alone, and so is the full-width comma:
# folded to "," it would glue 座谈会6，200余名代表 into one number 6,200.
_NFKC_CANDIDATES = regex.compile(
    r"[\u00a0\u2000-\u200b\u2160-\u217f\u2460-\u24ff\u2e80-\u2fdf\u3000\u3200-\u33ff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff0b\uff0d-\uffef]"
)
_LINE_BREAK = regex.compile(r"[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)*[ \t\u3000\u00a0]*(?=\S)")
_TERMINAL = set("。！？!?；;：:…”」』）)】|")
_JOINABLE_END = regex.compile(r"[\p{Han}\d“《(（、,，]$")
_LIST_START = regex.compile(
    r"^(?:[一二三四五六七八九十]+[是要、]|第[一二三四五六七八九十]|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d+[、.．]|[-●▲▶■◆·•*>#]|目\s*录)"
)
_BULLET_START = regex.compile(r"^(?:[-●▲▶■◆·•*>#]|目\s*录)")
_MIN_BROKEN_LINE = 30  # a line this long that ends mid-sentence was broken by the layout
_MIN_NARROW_LINE = 12  # ... and in narrow columns no shorter than this
_MIN_LINES_FOR_WIDTH = 8  # lines needed to tell the typical line length
# Variant characters that scraped pages put in place of the standard one and that OpenCC leaves
# alone (陜 for 陕 in 陕西). Length-preserving, applied after t2s.
_VARIANTS = str.maketrans({"陜": "陕"})
_VARIANT_CHARS = ("陜",)  # a line this long that stops mid-sentence was broken by layout, not a heading


_FULL_STOP = regex.compile(r"[。！？!?]")
_HAN = regex.compile(r"\p{Han}")
_CONTINUES = regex.compile(r"[\p{Han}\d“《(（]")


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus ``raw_index[i]``: the source offset of normalised character ``i``."""

    text: str
    raw_index: np.ndarray  # int64, len(text) + 1; the last entry is len(raw)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering normalised ``[start, end)``."""
        if end <= start:
            pos = int(self.raw_index[start])
            return pos, pos
        return int(self.raw_index[start]), int(self.raw_index[end - 1]) + 1


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def _full_line(raw: str) -> int:
    """How long a line must be to have been broken by the layout rather than by the author.

    A PDF set in narrow columns breaks sentences at ~20 characters; there, the lines the layout
    filled are near the typical line length, while a heading or a paragraph's last line is shorter.
    """
    lengths = sorted(n for n in map(len, map(str.strip, raw.split("\n"))) if n)
    if len(lengths) < _MIN_LINES_FOR_WIDTH:
        return _MIN_BROKEN_LINE
    typical = lengths[len(lengths) * 3 // 4]
    return max(_MIN_NARROW_LINE, min(_MIN_BROKEN_LINE, int(0.8 * typical)))


def _should_join(raw: str, brk_start: int, brk_end: int, full_line: int = _MIN_BROKEN_LINE) -> bool:
    """Is the line break at ``raw[brk_start:brk_end]`` inside a sentence (layout, not structure)?"""
    line_start = raw.rfind("\n", 0, brk_start) + 1
    prev = _PINYIN.sub("", raw[line_start:brk_start]).strip()
    if len(prev) < full_line or prev[-1] in _TERMINAL or not _JOINABLE_END.search(prev):
        return False
    if "\t" in prev:  # a table row (a Word table's cells are tab-separated) ends with its line
        return False
    if _BULLET_START.match(prev):
        # a bulleted list item or TOC entry ends where its line ends
        return False
    tail = _FULL_STOP.split(prev)[-1]
    if len(_HAN.findall(tail)) < 6:
        # what follows the last full stop is a byline (``……样板”。  吴玥``), not a broken sentence
        return False
    nxt_end = raw.find("\n", brk_end)
    nxt = raw[brk_end : nxt_end if nxt_end >= 0 else len(raw)]
    return not _LIST_START.match(nxt) and bool(_CONTINUES.match(nxt)) and "\t" not in nxt


def _fold_in_place(raw: str) -> tuple[str, list[tuple[int, int, str]]]:
    """NFKC folds that keep the length (全角 digits and punctuation, radicals, compatibility
    ideographs) applied at once, since they leave every offset where it was; the few that change
    the length (㈠ → (一)) come back as edits for the offset map."""
    longer: list[tuple[int, int, str]] = []

    def fold(m: regex.Match) -> str:
        ch = m.group()
        folded = _nfkc(ch)
        if len(folded) == 1:
            return folded
        longer.append((m.start(), m.end(), folded))
        return ch

    return _NFKC_CANDIDATES.sub(fold, raw), longer


def _edits(raw: str, longer: list[tuple[int, int, str]]) -> Iterable[tuple[int, int, str]]:
    """Non-overlapping (start, end, replacement) edits on the (folded) raw text, in order."""
    edits = [(m.start(), m.end(), "") for m in _PINYIN.finditer(raw)]
    edits += longer
    full_line = _full_line(raw) if "\n" in raw else _MIN_BROKEN_LINE
    for m in _LINE_BREAK.finditer(raw):
        if _should_join(raw, m.start(), m.end(), full_line):
            left, right = raw[m.start() - 1 : m.start()], raw[m.end() : m.end() + 1]
            # Latin words keep a space; a number broken across the line (建议 1\n280 条) does not
            latin = left.isascii() and left.isalnum() and right.isascii() and right.isalnum()
            glue = " " if latin and not (left.isdigit() and right.isdigit()) else ""
            edits.append((m.start(), m.end(), glue))
    edits.sort(key=lambda e: (e[0], -e[1]))  # at one offset the longer edit (a line join) wins
    last_end = -1
    for start, end, rep in edits:
        if start >= last_end:  # an NFKC space inside a joined break: the join wins
            yield start, end, rep
            last_end = end


def _apply(raw: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, np.ndarray]:
    """Apply the edits; build the offset map in one vectorised pass (a document has hundreds)."""
    pieces: list[str] = []
    src_start: list[int] = []  # source offset each output piece starts at
    lengths: list[int] = []  # output length of each piece
    identity: list[bool] = []  # copied text (offsets advance) or a replacement (all point at its start)
    pos = 0
    for start, end, rep in edits:
        if start > pos:
            pieces.append(raw[pos:start])
            src_start.append(pos), lengths.append(start - pos), identity.append(True)
        if rep:
            pieces.append(rep)
            src_start.append(start), lengths.append(len(rep)), identity.append(False)
        pos = end
    pieces.append(raw[pos:])
    src_start.append(pos), lengths.append(len(raw) - pos + 1), identity.append(True)  # +1: the end sentinel
    lens = np.asarray(lengths, dtype=np.int64)
    out_start = np.concatenate(([0], np.cumsum(lens)[:-1]))
    within = np.arange(int(lens.sum()), dtype=np.int64) - np.repeat(out_start, lens)
    index = np.repeat(np.asarray(src_start, dtype=np.int64), lens) + within * np.repeat(identity, lens)
    return "".join(pieces), index


def to_simplified(text: str, protected: frozenset[str] = frozenset()) -> str:
    """OpenCC t2s that never changes the string's length and leaves ``protected`` names intact.

    OpenCC converts phrase by phrase and can in principle change length; the offsets must not move,
    so any line whose length changes is converted character by character instead.
    """
    conv = _t2s().convert
    out = conv(text)
    if len(out) != len(text):
        lines = []
        for line in text.split("\n"):
            converted = conv(line)
            if len(converted) != len(line):
                converted = "".join(c2 if len(c2 := conv(c)) == 1 else c for c in line)
            lines.append(converted)
        out = "\n".join(lines)
    if protected:
        out = _restore_protected(text, out, protected)
    return out


def _restore_protected(source: str, converted: str, protected: frozenset[str]) -> str:
    chars = None
    for name in protected:
        start = source.find(name)
        while start >= 0:
            if chars is None:
                chars = list(converted)
            chars[start : start + len(name)] = name
            start = source.find(name, start + len(name))
    return converted if chars is None else "".join(chars)


def normalise(raw: str, protected: frozenset[str] | None = None) -> NormalisedText:
    """Normalise decoded source text; see the module docstring for what changes and why."""
    if protected is None:
        protected = protected_place_names()
    folded, longer = _fold_in_place(raw)
    text, index = _apply(folded, _edits(folded, longer))
    text = to_simplified(text, protected)
    if any(ch in text for ch in _VARIANT_CHARS):
        text = text.translate(_VARIANTS)
    return NormalisedText(text, index)


@lru_cache(maxsize=1)
def protected_place_names() -> frozenset[str]:
    """Gazetteer names that OpenCC t2s would alter (乾安县 → 干安县): keep them as written."""
    from etl.gazetteer import load  # late import: the gazetteer is large and optional for tests

    conv = _t2s().convert
    return frozenset(name for name in load().surfaces() if len(name) >= 2 and conv(name) != name)
