"""The year a figure refers to: stated in its sentence (2020年以来), implied (去年), or carried
from earlier in the same paragraph; never guessed from elsewhere in the document.

Relative words (去年, 今年, 前年) need the document's own year: its publication date when the
reader found one, else the latest year the body itself mentions.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

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
_FROM_BEFORE = regex.compile(r"[由从]$")
# ...the starting figure of a change within one clause: 由去年的82%提高到91%, 从2019年的5万吨提升至
_CHANGED_TO = regex.compile(
    r"(?:底|末)?的?[^，,；;。！？]{0,10}?\d[^，,；;。！？]{0,8}?(?:提高|提升|上升|增加|增长|下降|降低|减少)(?:到|至)"
)
_CN_DIGIT = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


class YearMention(NamedTuple):
    offset: int
    year: int | None  # absolute year, when written out
    relative: str | None  # 去年, 今年, ...
    # 解决率由去年的82%提高到91%: a starting point governs only up to 到/至 (chars from offset)
    reach: int | None = None


def year_mentions(text: str) -> list[YearMention]:
    """Every year expression that can date a figure; baselines of comparisons (比去年) left out."""
    out = []
    for m in _YEAR.finditer(text):
        if _BASELINE_BEFORE.search(text[max(0, m.start() - 2) : m.start()]) or _BASELINE_AFTER.match(
            text[m.end() : m.end() + 4]
        ):
            continue
        digits = m.group("y") or (m.group("cn") or "").translate(_CN_DIGIT)
        reach = None
        if _FROM_BEFORE.search(text, max(0, m.start() - 1), m.start()):
            to = _CHANGED_TO.match(text, m.end(), m.end() + 30)
            reach = to.end() - m.start() if to else None
        out.append(YearMention(m.start(), int(digits) if digits else None, m.group("rel"), reach))
    return out


def document_year(text: str, published: dt.date | None) -> int | None:
    """The year the document speaks from: its date if known, else the latest year it mentions —
    plus one when the text says 去年 and speaks of that year as finished (2021年底, 2021年度报告)."""
    if published is not None:
        return published.year
    years = [
        m.year
        for m in year_mentions(text)
        if m.year is not None and not _TARGET_AFTER.match(text[m.offset + 5 : m.offset + 9])
    ]
    if not years:
        return None
    latest = max(years)
    if "去年" in text and regex.search(rf"{latest}\s*年(?:底|末|度|全年)", text):
        return latest + 1
    return latest


def resolve(mention: YearMention, doc_year: int | None) -> int | None:
    if mention.year is not None:
        return mention.year
    if mention.relative is not None and doc_year is not None:
        return doc_year + _RELATIVE[mention.relative]
    return None


def year_for(
    sentence_mentions: list[YearMention], offset: int, carried: int | None, doc_year: int | None
) -> int | None:
    """The last year expression before ``offset`` in the sentence, else the one carried in."""
    before = [m for m in sentence_mentions if m.offset < offset and (m.reach is None or offset - m.offset < m.reach)]
    if before:
        return resolve(before[-1], doc_year)
    if any(m.reach is not None and m.offset < offset for m in sentence_mentions):
        return carried  # past a baseline's reach (…提高到91%): not the baseline's year
    if sentence_mentions:
        # 收集问题305件 ... 2020年以来: a year later in the same sentence still governs it
        return resolve(sentence_mentions[0], doc_year)
    return carried


def carried_year(sentence_mentions: list[YearMention], carried: int | None, doc_year: int | None) -> int | None:
    """The year the rest of the paragraph inherits: the sentence's last year that is not a baseline."""
    stated = [m for m in sentence_mentions if m.reach is None]
    return resolve(stated[-1], doc_year) if stated else carried
