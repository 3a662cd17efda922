"""Sentence text → quantities: a number, its unit, multiplier, qualifier and exact span.

Pure functions over one sentence. Which numbers are metrics is decided by language, not by any
one document: a number needs a counting unit, a money or physical unit, a percentage or a
duration; and it is dropped when it is a date, an ordinal (第N, N届, N次会议), a phone number, a
level (N级), an age (N岁), part of a slogan or a title (inside short “…” or 《…》), a determiner
(一个, 一次), a time frame (N年来), or a count that merely names the items of a list around it
(法、理、情三个方面; 三点要求：一是…).

Every number is read by ``etl.numerals`` whole: a numeral it cannot take whole gives no figure
and a data-quality note (``find(..., notes=...)``), never a value read from part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from etl import numerals
from etl.numerals import NUMERAL, UNSIGNED_NUMERAL
from etl.units import UNIT_PATTERN, Unit, people_nouns, unit_info

_SP = r"[ \t\u3000]{0,2}"

# Words before a number and what they make of it. 约/近 only as words of their own: 签约, 节约,
# 最近 are not qualifiers; 不超过 is the opposite of 超过.
PRE_QUALIFIERS = {
    "不超过": "less_than",
    "不足": "less_than",
    "不到": "less_than",
    "将近": "less_than",
    "接近": "less_than",
    "近": "less_than",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "逾": "at_least",
    "超过": "more_than",
    "超出": "more_than",
    "超": "more_than",
    "大约": "about",
    "约": "about",
}
_PRE = "|".join(sorted(PRE_QUALIFIERS, key=len, reverse=True))
_PRE_GUARD = r"(?<![签节履制最附亲靠接将])"
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, None: 1.0, "": 1.0}


def scaled(value: float, factor: float) -> float:
    """value × factor in decimal: 4.86亿 is 486000000, where binary floats give 486000000.00000006."""
    if factor == 1.0:
        return value
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


_QUANTITY = regex.compile(
    rf"""
    (?:{_PRE_GUARD}(?P<pre>{_PRE})(?:为|达|有|是)?)?
    (?P<num>{NUMERAL})
    (?:{_SP}(?P<sep>至|到|~|～|-|—){_SP}(?P<num2>{UNSIGNED_NUMERAL}))?
    {_SP}(?P<unit>{UNIT_PATTERN})
    (?P<post>以上|左右|余|以内|以下)?
    """,
    regex.VERBOSE,
)
# A bare amount (no 元) after a money noun: 总投资12亿, 资金共计3500万.
_BARE_AFTER_MONEY_NOUN = regex.compile(
    rf"(?:投资|资金|经费|金额|收入|支出|预算|产值|总值|销售额|营业额)(?:总额|总计|合计|共计|累计)?"
    rf"(?:达到|达|为|约|超过|超|逾|近)?(?P<num>{NUMERAL})(?![\d.%万亿元\p{{Han}}])"
)
# A bare number (no unit) after a noun that names a count: 接种人数超46.15万.
COUNT_NOUNS = "人数|户数|次数|件数|人口|总数|数量"  # also used to name figures (etl.indicators)
_BARE_AFTER_COUNT_NOUN = regex.compile(
    rf"(?P<noun>{COUNT_NOUNS})(?:已|共|累计)?(?:达到|达|为|是|超过|超出|超|逾|约|近)?"
    rf"(?P<num>{NUMERAL})(?![\d.%万亿\p{{Han}}])"  # 人数达3万多
)
# A bare 万 count of people: 惠及20多万群众, 服务群众1.2万 (the nouns are data: people_nouns.txt).
_PEOPLE = "|".join(people_nouns())
_PEOPLE_AFTER = regex.compile(rf"(?P<num>{NUMERAL})(?=(?:{_PEOPLE}))")
_PEOPLE_BEFORE = regex.compile(
    rf"(?:{_PEOPLE})(?:总数|总量)?(?:已|共|累计)?(?:达到|达|为|是|超过|超|逾|约|近|共计|合计)?"
    rf"(?P<num>{NUMERAL})(?![\d.%\p{{Han}}])"
)
_FRACTION = regex.compile(r"(?P<den>[一二三四五六七八九十]+)分之(?P<numr>[一二三四五六七八九十]+)")
_PERCENT_CN = regex.compile(rf"百分之(?P<num>{UNSIGNED_NUMERAL})")
# Rates said in words: 半数 (half), 对折 and 半折 (half price), 半成 (5 %)
_WORD_RATES = {"半数": 50.0, "对折": 50.0, "半折": 50.0, "半成": 5.0}
_WORD_RATE = regex.compile(r"(?<![相绝])(?:半数|对折|半折|半成)")

# Spans that never hold a metric.
_MASKS = regex.compile(
    r"""
    \d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*[日号]?(?:\s*至\s*\d{1,2}\s*[日号])?
    | \d{4}\s*年\s*\d{1,2}(?:\s*[至到-]\s*\d{1,2})?\s*月(?:份|初|底|中旬|上旬|下旬|末)?
    | \d{4}\s*年度? | [零〇○一二三四五六七八九]{4}\s*年
    | \d{1,2}(?:\s*[至到-]\s*\d{1,2})?\s*月(?:份|初|底|中旬|上旬|下旬|末)?(?:\s*\d{1,2}\s*[日号])?
    | 至\s*\d{1,2}\s*[日号] | \d{1,2}\s*[日号](?!\s*(?:以内|内))
    | \d{1,2}:\d{2}(?::\d{2})?
    | \(?0\d{2,3}\)?[-\s]?\d{7,8} | 1[3-9]\d{9} | 邮编[:：]?\s*\d{6}
    | [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+ | (?:https?://|www\.)\S+
    | [A-Za-z][A-Za-z0-9-]*\.(?:com|cn|gov|org|net)\b\S*
    | [A-Za-z]+\s?\d+(?:\.\d+)? | \d+(?:\.\d+)?\s?(?:(?![eE][+-]?\d|[kK](?![A-Za-z0-9]))[A-Za-z]|\+)
    | 第\s*[\d零〇○一二三四五六七八九十百千两]+
    | (?:浏览|阅读|点击|访问)(?:次数|量|数)?\s*[:：]?\s*\d+\s*次?
    | “[^“”]{1,14}” | "[^"]{1,14}" | ‘[^‘’]{1,14}’ | '[^'\n]{1,14}' | 「[^「」]{1,14}」 | 『[^『』]{1,14}』
    | 〝[^〝〞]{1,14}〞 | «[^«»]{1,14}» | 《[^《》]{1,60}》
    """,
    regex.VERBOSE,
)
_TIME_FRAME_AFTER = regex.compile(
    r"^(?:来|以来|多来|余来|前|后|规划|计划|行动|攻坚|远景|级|制|一遇|一度|任期|任内|一届)"
)
# 新的一年, 这一年, 每一天: set phrases, not durations
_SET_PHRASE_BEFORE = regex.compile(r"(?:的|这|那|每|同|新|上|下|当|哪|整整)$")
# before a Chinese numeral only (人数1200人 and 5000元以上2万元 state their number)
_VAGUE_BEFORE = regex.compile(r"(?:数|几|(?<!以)上|好几)$")
# 以上三项工作, 上述56件建议: the figures named before, counted again
_DEMONSTRATIVE_BEFORE = regex.compile(r"(?:^|[，,。；;：:、\s])(?:以上|上述)$")
_RANK_BEFORE = regex.compile(r"(?:前|第)$")
# Political formulas that take a numeral without quotes (四个全面, 三个代表, 两个维护): names, not counts.
_FORMULA_AFTER = regex.compile(r"^(?:全面|意识|自信|维护|确立|代表|务必|坚持|必须|服务|统筹|一以贯之)")
# 前两年 opens a clause as a time frame; 期满前5个工作日 is a lead time and stays a figure
_TIME_FRAME_BEFORE = regex.compile(r"(?:(?:^|[，,。；;:：\s]|在)前|近|这|过去|最近|未来|今后)$")
_SESSION = regex.compile(r"^(?:全体)?(?:会议|全会|会|党代会|代表大会)")
_SESSION_BEFORE = regex.compile(r"(?:届|人大|常委会|政协)[\p{Han}]{0,2}$")
# 召开三次会议 counts meetings; (十四届)三次会议, 十三次党代会 number a session
_HOLDING_BEFORE = regex.compile(r"(?:召开|举行|开展|组织|主持|参加|出席|列席|开了|召集)(?:了|过)?(?:共|累计|各)?$")
# 4，565 or 座谈会6，200余名: a full-width comma between digits may group thousands or end a clause
_COMMA_GROUP_BEFORE = regex.compile(r"(?<![\d.,，])\d{1,3}，$")
_THREE_DIGITS = regex.compile(r"\d{3}(?![\d,.])")
_DETERMINER_BEFORE = set("另其这那任同唯统每逐单")
_CLAUSE_END = regex.compile(r"^(?:以上|左右|多|余)?(?:$|[，,。；;！？!?、）)\s])")
_LIST_FOLLOWS = regex.compile(r"^\s*(?:一是|一要|一、|第一|首先|其一|[(（]一[)）]|1[、.．])")
_STRUCTURAL_UNITS = {"个", "项", "点", "方面", "大", "类"}
CLAUSE_BREAK = regex.compile(r"[，,；;：:。！？!?]")  # also used to name figures (etl.indicators)
_LEFT_QUALIFIER = regex.compile(r"约占[^，,；;。]*$")
_AT_LEAST_BEFORE = regex.compile(r"(?:至少|不少于|不低于)[\p{Han}]{0,3}$")


_QUOTED = regex.compile(r"“[^“”]*”|《[^《》]*》")
_AND = regex.compile(r"(?<=\S)(?:和|与|及)(?=\S)")
_PREPOSITION = regex.compile(r"[对向把将在从给由被让了是有]")
_CODE_BEFORE = regex.compile(r"[A-Za-z.\-/#]\s?$")
# 在线人数：36人, 浏览次数1256次: a web page's counters, not the work it reports
_WEB_COUNTER_BEFORE = regex.compile(
    r"(?:在线人数|访问量|访问人数|浏览次数|浏览量|阅读量|点击量|点击数|访客)\s*[:：]?\s*$"
)
_NAMELY = regex.compile(r"^[\p{Han}]{0,6}(?:，|,)?即")


@dataclass(frozen=True)
class Quantity:
    """A number as written: ``start``/``end`` are offsets in the text given to ``find``."""

    start: int
    end: int
    value: float
    unit: Unit
    unit_raw: str
    qualifier: str  # exact, at_least, more_than, less_than, about


def parse_number(token: str) -> float | None:
    """The value of a whole numeral (``etl.numerals.read``), None when it cannot be taken whole."""
    return numerals.read(token).value


@dataclass(frozen=True)
class Note:
    """A numeral that could not be read whole, where a figure would have been: no value is given."""

    start: int
    end: int
    quote: str
    reason: str

    def shifted(self, offset: int) -> Note:
        return Note(self.start + offset, self.end + offset, self.quote, self.reason)

    def __str__(self) -> str:
        return f"{self.reason}: {self.quote} @{self.start}"


_REASONS = {
    "unreadable": "数字无法整体读出 (numeral not read whole)",
    "comma": "逗号是千位分隔还是分句无法判断 (comma between digits: thousands or clause?)",
}


def _masked_intervals(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _MASKS.finditer(text)]


def _inside(pos: int, intervals: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in intervals)


def _qualifier(pre: str | None, approx: bool, post: str | None, has_range: bool) -> str:
    if post in ("以内", "以下"):
        return "less_than"
    if has_range or approx or post in ("以上", "余"):
        return "at_least"
    if post == "左右":
        return "about"
    return PRE_QUALIFIERS.get(pre or "", "exact")


_PRE_BEFORE = regex.compile(rf"{_PRE_GUARD}(?:{_PRE})$")
PRE_QUALIFIER_AT_END = regex.compile(rf"(?:{_PRE})$")  # a qualifier word ending a clause


def _qualifier_before(text: str, start: int, after: str = "") -> str:
    """The qualifier of a form matched without the main pattern (超过半数, 三分之二以上)."""
    m = _PRE_BEFORE.search(text[max(0, start - 3) : start])
    return _qualifier(m.group() if m else None, False, "以上" if after.startswith("以上") else None, False)


def _enumeration_count(clause: str, unit: str) -> int:
    """How many items the clause before a count lists (法、理、情 → 3); 0 when it lists none."""
    clause = _QUOTED.sub("X", clause)
    if "、" in clause:
        last = clause.rsplit("、", 1)[1]
        items = clause.count("、") + 1
    elif unit in _STRUCTURAL_UNITS and (parts := _AND.split(clause))[1:]:
        last, items = parts[-1], 2
    else:
        return 0
    # the list must end right before the number: "工委对两件" counts something else
    if len(last) > 14 or _PREPOSITION.search(last):
        return 0
    return items


def _is_determiner(num: str, unit: str, has_range: bool, clause: str, after_unit: str) -> bool:
    """一个 / 一次 / 二次 before a noun are articles or ordinals; after the noun, at the end of a
    clause (共收到建议一件), they count. 一件事一次办 stays a slogan: a noun follows; 每月一次 is a
    frequency, 一件一件 and 造一片成一片 are set patterns, 另一方面 a connective."""
    if has_range or num not in ("一", "二"):
        return False
    if not _CLAUSE_END.match(after_unit) or unit == "方面" or "每" in clause:
        return True
    return not clause or clause[-1] in _DETERMINER_BEFORE or f"{num}{unit}" in clause[-4:] + after_unit[:3]


def _skip(
    text: str, m: regex.Match, unit: Unit, reading: numerals.Reading, masks: list[tuple[int, int]], next_text: str
) -> bool:
    num, start, end = m.group("num"), m.start("num"), m.end()
    has_range = m.group("num2") is not None
    if _inside(start, masks) or (m.group("num2") and _inside(m.start("num2"), masks)):
        return True
    before = text[max(0, start - 8) : start]
    after = text[end : end + 8]
    if (_CODE_BEFORE.search(before) and not m.group("pre")) or _WEB_COUNTER_BEFORE.search(before):
        return True
    value = reading.value
    digits = num.lstrip("-+−负")
    cn = not digits[:1].isdigit() and digits[:1] != "."
    if cn and len(digits) == 1 and digits in "百千万亿" and not (reading.approximate or m.group("pre")):
        return True  # 万家灯火, 百姓: a bare magnitude word is not a count; 千余人, 近千名, 十万元 are
    if cn and _VAGUE_BEFORE.search(before):
        return True  # 数十件, 几百人, 上千次: no number is stated
    if _DEMONSTRATIVE_BEFORE.search(before):
        return True  # 以上三项工作: figures already named
    if unit.symbol in ("名", "位") and _RANK_BEFORE.search(before):
        return True  # 位列前三名: a rank
    clause_start = max((mm.end() for mm in CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    clause = text[clause_start:start]
    if (unit.kind == "count" or num == "二") and _is_determiner(
        num, unit.surface, has_range, clause, text[m.end("unit") :]
    ):
        return True  # 一个 / 一次 are articles; 二次, 二元 are ordinals and terms
    if unit.surface == "大" and (not cn or value > 10):
        return True  # 十大工程 is a count; 十九大 / 二十大 number a Party congress
    if cn and unit.surface == "个" and (_FORMULA_AFTER.match(after) or after.startswith("一")):
        return True  # 四个全面, 两个一百年, 五个一工程
    if unit.surface == "成" and value > 10:
        return True  # 八成, 9成 are 80 %, 90 %; a larger number before 成 is no share
    if unit.surface == "折" and (value >= 100 or (value > 10 and value != int(value)) or before.endswith("波")):
        return True  # 九折 is 90 %, 75折 75 %; 一波三折 is an idiom
    if unit.symbol == "点" and (cn or value < 100):
        return True  # N点 is a metric only as index points (3000点); 三点要求 is a list
    if unit.symbol == "分" and (cn or ("." not in num and value < 10)):
        return True  # 95.6分 is a score; 十分重要 is an adverb, 3分 too small to tell
    if before.endswith("个"):
        return True  # 两个一百年: a number right after a classifier belongs to a formula
    if unit.kind == "duration":
        if _TIME_FRAME_AFTER.match(after) or _TIME_FRAME_BEFORE.search(before):
            return True  # 五年来, 近3个月, 五年任期: a time frame, not a duration
        if digits == "一" and _SET_PHRASE_BEFORE.search(before):
            return True  # 新的一年, 这一年: set phrases
        if unit.surface == "月" and num != "两":
            return True  # 3月 is a month; 两月 / 两个月 are durations
    session = _SESSION_BEFORE.search(before) or (cn and not _HOLDING_BEFORE.search(before))
    if unit.symbol == "次" and _SESSION.match(after) and session:
        return True  # 十三届人大五次会议, (十四届)三次会议, 十三次党代会 number a session
    if (
        unit.kind == "count"
        and 1 < value <= 12
        and (cn or unit.symbol in _STRUCTURAL_UNITS)
        and _enumeration_count(clause, unit.symbol) == value
    ):
        return True  # 法、理、情三个方面: the count only restates the list before it
    if cn and unit.symbol in _STRUCTURAL_UNITS | {"条"} and value <= 10:
        rest = text[end:]
        stop = CLAUSE_BREAK.search(rest)
        if stop and stop.group() in ":：" and stop.start() <= 8:
            return True  # 三点要求：一是…
        if _NAMELY.match(rest):
            return True
        if (not stop or rest[stop.end() :].strip() == "") and _LIST_FOLLOWS.match(next_text):
            return True  # 提出了八项措施。 / 一是…
    return False


_SPECIAL_HINT = regex.compile(
    rf"分之|半数|对折|半折|半成|(?:{COUNT_NOUNS})[^\d]{{0,4}}\d|\d[万亿](?![\d.%元\p{{Han}}])|[万亿](?:{_PEOPLE})"
)


def candidate_starts(text: str) -> list[int]:
    """Offsets where a figure may start, from one pass over a whole document: the sentences
    without any (most of them) need no closer look."""
    starts = [m.start() for m in _QUANTITY.finditer(text, overlapped=False)]
    starts += [m.start() for m in _SPECIAL_HINT.finditer(text)]
    return sorted(starts)


def _comma_grouped(text: str, m: regex.Match) -> bool:
    """4，565件: the digits before the comma may be its thousands (see _COMMA_GROUP_BEFORE)."""
    start = m.start("num")
    return bool(_COMMA_GROUP_BEFORE.search(text, max(0, start - 5), start)) and bool(
        _THREE_DIGITS.match(m.group("num"))
    )


def find(text: str, next_text: str = "", notes: list[Note] | None = None) -> list[Quantity]:
    """Quantities in one sentence. ``next_text`` is the following sentence (list detection);
    ``notes`` collects the numerals that could not be read whole (offsets in ``text``)."""
    candidates = list(_QUANTITY.finditer(text, overlapped=False))
    if not candidates and not _SPECIAL_HINT.search(text):
        return []  # most sentences: skip the costly mask scan
    masks = _masked_intervals(text)
    out: list[Quantity] = []
    for m in candidates:
        unit = unit_info(m.group("unit"))
        num = m.group("num")
        reading = numerals.read(num)
        s, e = m.start("num"), m.end("unit")
        if reading.value is None or _comma_grouped(text, m):
            if reading.problem != "range" and not _inside(s, masks) and notes is not None:
                reason = "comma" if reading.value is not None else "unreadable"
                notes.append(Note(s, e, text[s:e], _REASONS[reason]))
            if unit.surface != "折" or (value := _discount_digits(num)) is None:
                continue
            reading = numerals.Reading(value, chinese=True)
        if _skip(text, m, unit, reading, masks, next_text):
            continue
        value = reading.value
        second = numerals.read(m.group("num2")) if m.group("num2") else None
        if second is not None and not second.ok:
            continue  # 3至五X件: half of a range is no figure
        raw_unit = (reading.magnitude or (second.magnitude if second else "")) + m.group("unit")
        if second is not None and not reading.magnitude and second.magnitude:
            value = scaled(value, second.magnitude_factor)  # 3至5万元: both ends in 万
        factor = unit.factor
        if unit.surface == "折" and value > 10:
            factor = 1.0  # 75折 is 75 %
        value = scaled(value, factor)
        end = m.end("unit")  # the quote is number + unit as written: 100万元 of 100万元以上
        if unit.surface == "成" and text.startswith("半", end):
            value, end = value + 5, end + 1  # 三成半 is 35 %
        inner = "多" in unit.surface or "余" in unit.surface  # 2个多月
        qualifier = _qualifier(
            m.group("pre"),
            reading.approximate or (second.approximate if second else False) or inner,
            m.group("post"),
            second is not None,
        )
        if qualifier == "exact":
            if unit.kind == "rate" and _LEFT_QUALIFIER.search(text[: m.start()]):
                qualifier = "about"
            elif _AT_LEAST_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
                qualifier = "at_least"  # 至少开展2次
        out.append(Quantity(s, end, value, unit, raw_unit, qualifier))
    out.extend(_special_forms(text, masks, out))
    out.sort(key=lambda q: q.start)
    return out


def _discount_digits(num: str) -> float | None:
    """三八折, 五五折: two digits read one by one (38 %, 55 %); 七八折 is a range."""
    value = numerals.digit_string(num)
    if value is None or not 10 < value < 100 or value % 10 == value // 10 + 1:
        return None
    return float(value)


def _overlaps(s: int, e: int, found: list[Quantity]) -> bool:
    return any(q.start < e and s < q.end for q in found)


def _bare(text: str, m: regex.Match, masks: list[tuple[int, int]], found: list[Quantity]) -> numerals.Reading | None:
    """The reading of a bare number (no unit after it) that a noun before or after names."""
    s, e = m.start("num"), m.end("num")
    if _inside(s, masks) or _overlaps(s, e, found):
        return None
    reading = numerals.read(m.group("num"))
    return reading if reading.ok else None


def _special_forms(text: str, masks: list[tuple[int, int]], found: list[Quantity]) -> list[Quantity]:
    """Fractions (三分之二), 百分之N, 半数, unit-less counts after a count noun (人数超46.15万) and
    bare 万 counts of people (惠及20多万群众)."""
    extra: list[Quantity] = []
    percent = unit_info("%")
    # each form is looked for only where its characters are: most sentences have none of them
    magnitude = "万" in text or "亿" in text
    for m in _FRACTION.finditer(text) if "分之" in text else ():
        den, numr = parse_number(m.group("den")), parse_number(m.group("numr"))
        if den and numr and not _inside(m.start(), masks) and not _overlaps(m.start(), m.end(), found):
            qual = _qualifier_before(text, m.start(), text[m.end() :])
            if qual == "exact" and _LEFT_QUALIFIER.search(text[: m.start()]):
                qual = "about"
            extra.append(Quantity(m.start(), m.end(), round(100 * numr / den, 2), percent, m.group(), qual))
    for m in _PERCENT_CN.finditer(text) if "百分之" in text else ():
        value = parse_number(m.group("num"))
        if value is not None and not _inside(m.start(), masks) and not _overlaps(m.start(), m.end(), found):
            qual = _qualifier_before(text, m.start(), text[m.end() :])
            extra.append(Quantity(m.start(), m.end(), value, percent, "百分之", qual))
    for m in _WORD_RATE.finditer(text) if "半" in text or "对折" in text else ():
        if not _inside(m.start(), masks) and not _overlaps(m.start(), m.end(), found):
            qual = _qualifier_before(text, m.start(), text[m.end() :])
            extra.append(Quantity(m.start(), m.end(), _WORD_RATES[m.group()], percent, m.group(), qual))
    amount = unit_info("元")
    for m in _BARE_AFTER_MONEY_NOUN.finditer(text) if magnitude else ():
        reading = _bare(text, m, masks, found + extra)
        if reading is not None and reading.magnitude and not reading.chinese:
            s = m.start("num")
            qual = "at_least" if reading.approximate else _qualifier_before(text, s)
            extra.append(Quantity(s, m.end(), reading.value, amount, reading.magnitude, qual))
    for m in _BARE_AFTER_COUNT_NOUN.finditer(text):
        reading = _bare(text, m, masks, found + extra)
        if reading is None or reading.chinese:
            continue
        s = m.start("num")
        noun = m.group("noun")
        unit = unit_info(noun[0] if noun[0] in "人户次件" else "个")
        qualifier = "at_least" if reading.approximate else _qualifier_before(text, s)
        extra.append(Quantity(s, m.end(), reading.value, unit, reading.magnitude, qualifier))
    person = unit_info("人")
    for pattern in (_PEOPLE_AFTER, _PEOPLE_BEFORE) if magnitude else ():
        for m in pattern.finditer(text):
            reading = _bare(text, m, masks, found + extra)
            if reading is None or not reading.magnitude:
                continue  # only 万/亿 counts: 惠及3群众 is no way to write a number
            s = m.start("num")
            qualifier = "at_least" if reading.approximate else _qualifier_before(text, s)
            extra.append(Quantity(s, m.end("num"), reading.value, person, reading.magnitude, qualifier))
    return extra
