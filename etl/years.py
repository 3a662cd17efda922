"""The year a figure refers to: stated in its sentence (2020年以来), implied (去年), or carried
from earlier in the same paragraph; never guessed from elsewhere in the document.

Relative words (去年, 今年, 前年) need the document's own year: its publication date when the
reader found one, else the latest year the body itself mentions.
"""

from __future__ import annotations

import datetime as dt

import regex

_YEAR = regex.compile(
    r"(?<![\d.])(?P<y>(?:19[5-9]|20[0-9])\d)\s*年(?!代|龄|级)"
    r"|(?P<cn>[一二][〇○零一二三四五六七八九]{3})年(?!代|龄|级)"
    r"|(?P<rel>今年|去年|前年|上年|本年|明年)"
)
# 比2022年增加3件, 较去年提高: the year is the baseline of a comparison, not the figure's year
_BASELINE_BEFORE = regex.compile(r"(?:比|较|同比)$")
_BASELINE_AFTER = regex.compile(r"^(?:同期|相比|相较|比较)")
# 2035年远景目标: a target year, not one the document speaks from
_TARGET_AFTER = regex.compile(r"^\s*(?:远景|目标|规划|前|要)")
_CN_DIGIT = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


def year_mentions(text: str) -> list[tuple[int, int | None, str | None]]:
    """(offset, absolute year or None, relative word or None) for each year expression."""
    out = []
    for m in _YEAR.finditer(text):
        if _BASELINE_BEFORE.search(text[max(0, m.start() - 2) : m.start()]) or _BASELINE_AFTER.match(
                text[m.end() : m.end() + 4]):
            continue
        digits = m.group("y") or (m.group("cn") or "").translate(_CN_DIGIT)
        out.append((m.start(), int(digits) if digits else None, m.group("rel")))
    return out


def document_year(text: str, published: dt.date | None) -> int | None:
    """The year the document speaks from: its date if known, else the latest year it mentions —
    plus one when the text says 去年 and speaks of that year as finished (2021年底, 2021年度报告)."""
    if published is not None:
        return published.year
    years = [y for pos, y, _ in year_mentions(text)
             if y is not None and not _TARGET_AFTER.match(text[pos + 5 : pos + 9])]
    if not years:
        return None
    latest = max(years)
    if "去年" in text and regex.search(rf"{latest}\s*年(?:底|末|度|全年)", text):
        return latest + 1
    return latest


def resolve(mention: tuple[int, int | None, str | None], doc_year: int | None) -> int | None:
    _, year, rel = mention
    if year is not None:
        return year
    if rel is not None and doc_year is not None:
        return doc_year + _RELATIVE[rel]
    return None


def year_for(sentence_mentions: list[tuple[int, int | None, str | None]], offset: int,
             carried: int | None, doc_year: int | None) -> int | None:
    """The last year expression before ``offset`` in the sentence, else the one carried in."""
    before = [m for m in sentence_mentions if m[0] < offset]
    if before:
        return resolve(before[-1], doc_year)
    if sentence_mentions:
        # 收集问题305件 ... 2020年以来: a year later in the same sentence still governs it
        return resolve(sentence_mentions[0], doc_year)
    return carried
