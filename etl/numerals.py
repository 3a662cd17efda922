"""A numeral as Chinese documents write it → its value, or nothing.

The one place where the project turns the characters of a number into a value. ``NUMERAL`` finds the
longest numeral the text writes: Arabic digits (with thousands separators, decimals, scientific
notation), small and capital Chinese digits (一二三, 壹贰叁, 〇/零, 两/俩), the units 十/拾 百/佰 千/仟
and the magnitudes 万/萬 亿/億 兆, Arabic digits with Chinese multipliers (``5万4千6百``), 点 decimals,
a sign (``-``, ``+``, ``负``) and the approximations 余/多/几/数 with their base. ``read`` takes such a
numeral whole or refuses it: **a value read from part of a numeral is never given**, because a wrong
value (``七十八万五佰零六`` read as 6) is worse than none.

Why not cn2an alone: cn2an 0.5 reads capital digits and the standard forms, but it does not read
``百三``, ``兆``, ``万万``, ``俩``, nor 几-approximations, and in its lenient modes it reads a run of
digits such as ``两三`` (a range, "two or three") as 23. The reader therefore parses the structure
itself, exactly, in Decimal; the tests render numbers with cn2an's ``an2cn`` and check that every
value comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

# Capitals and traditional forms → the small simplified digits the parser knows; full-width → ASCII.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",
        "＋": "+",
        "壹": "一",
        "贰": "二",
        "貳": "二",
        "叁": "三",
        "參": "三",
        "肆": "四",
        "伍": "五",
        "陆": "六",
        "陸": "六",
        "柒": "七",
        "捌": "八",
        "玖": "九",
        "拾": "十",
        "佰": "百",
        "仟": "千",
        "萬": "万",
        "億": "亿",
        "〇": "零",
        "○": "零",
        "两": "二",
        "兩": "二",
        "俩": "二",
        "倆": "二",
        "點": "点",
        "負": "负",
        "幾": "几",
        "數": "数",
        "餘": "余",
    }
)
_DIGIT = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDE = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "兆": Decimal(10) ** 12}

CN_DIGITS = "零〇○一二三四五六七八九两俩兩倆壹贰貳叁參肆伍陆陸柒捌玖"
CN_UNITS = "十拾百佰千仟"
CN_MAGNITUDES = "万萬亿億兆"
NUMERAL_CHARS = CN_DIGITS + CN_UNITS + CN_MAGNITUDES  # a numeral never starts right after one of these

_ARABIC = (
    r"(?:\d+(?:,\d{3})*(?:\.\d+)?|(?<![\d.])\.\d+)"
    r"(?:[eE][+-]?\d+(?![A-Za-z])|\^[+-]*\d+(?:\.\d+)?|[kK](?![A-Za-z0-9]))?"  # 2e5, 2^5, 40k
)
_CN_DIGIT = f"[{CN_DIGITS}]"
# 百分之/百分点, 千米/千瓦/千克 and 兆瓦 are units, not magnitudes; 兆 counts only inside a numeral
_CN_UNIT = r"(?:[十拾]|[百佰](?!分)|[千仟](?![米瓦克卡])|[万萬亿億](?![分])|兆(?=[" + NUMERAL_CHARS + r"\d]))"
_POINT = rf"[点點](?={_CN_DIGIT})"
_APPROX = r"(?:[余多]|(?<=[十拾百佰千仟万萬亿億零〇○])[几数幾數])"
_SPACED_MAGNITUDE = r"[ \t](?=[万萬亿億余多])"  # 3.5 万元, 380 余条
# A numeral: it never starts inside another one, and it takes every numeral character that follows.
NUMERAL_BODY = (
    rf"(?:{_ARABIC}|半百|{_CN_DIGIT}|{_CN_UNIT})"
    rf"(?:{_CN_DIGIT}|{_CN_UNIT}|(?<=[十拾百佰千仟万萬亿億零〇○])\d+(?:\.\d+)?|{_POINT}|{_APPROX}|{_SPACED_MAGNITUDE})*"
)
_SIGN = rf"(?:(?<![0-9A-Za-z.^%)）+\-])[-−－+＋](?=\.?\d)|[负負](?=[\d{NUMERAL_CHARS}]))"
NUMERAL = rf"(?<![\d.{NUMERAL_CHARS}]){_SIGN}?{NUMERAL_BODY}"
UNSIGNED_NUMERAL = rf"(?<![{NUMERAL_CHARS}]){NUMERAL_BODY}"

_NUMERAL_RE = regex.compile(NUMERAL)
_ARABIC_TOKEN = regex.compile(r"(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)")
_SCIENTIFIC = regex.compile(r"(?P<m>\d+(?:\.\d+)?|\.\d+)(?:[eE](?P<e>[+-]?\d+)|\^(?P<p>[+-]*\d+(?:\.\d+)?))")
_APPROX_AT = regex.compile(r"[余多几数](?=[万亿]*$)")
_RANGE_PAIR = regex.compile(r"[一二三四五六七八九]{2}")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a numeral says: its value (None when it cannot be taken whole), and how it says it."""

    value: float | None
    approximate: bool = False  # 余/多/几/数: at least this value
    problem: str | None = None  # why there is no value: "range" (两三, 二三十) or "unreadable"
    magnitude: str = ""  # the 万/亿 it ends with, kept with the unit as written (万元)
    magnitude_factor: float = 1.0
    chinese: bool = False  # written with Chinese digits (the guards for 一个, 十九大, 八成 need it)

    @property
    def ok(self) -> bool:
        return self.value is not None


_UNREADABLE = Reading(None, problem="unreadable")
_RANGE = Reading(None, problem="range")


def find(text: str) -> list[tuple[int, int]]:
    """Spans of every numeral in ``text``, each taken whole."""
    return [m.span() for m in _NUMERAL_RE.finditer(text)]


@lru_cache(maxsize=16384)
def read(token: str) -> Reading:
    """The value of one whole numeral, or a Reading without one saying why.

    Cached: a corpus writes the same numerals (两, 三, 十, 100) over and over."""
    s = "".join(token.translate(_FOLD).split())
    if not s:
        return _UNREADABLE
    if s == "半百":  # half a hundred
        return Reading(50.0, chinese=True)
    if s[-1] in "kK" and _ARABIC_TOKEN.fullmatch(s[:-1]):  # 40k: thousands
        return Reading(float(Decimal(s[:-1].replace(",", "")) * 1000))
    sign = 1
    if s[0] in "-+负":
        sign = -1 if s[0] in "-负" else 1
        s = s[1:]
    chinese = any(c in _DIGIT or c in _UNIT for c in s)
    approx = False
    m = _APPROX_AT.search(s)
    if m:  # 500余万, 二十几万, 十多: the base is what is written before the marker
        if m.group() in "几数" and (m.start() == 0 or s[m.start() - 1] not in "十百千万亿零"):
            return _UNREADABLE
        s = s[: m.start()] + s[m.end() :]
        approx = True
    if not s or any(c in "余多几数" for c in s):
        return _UNREADABLE
    if len(s) > 1 and all(c in _MAGNITUDE for c in s):
        return _UNREADABLE  # 万万不可, 亿万人民: words, not numbers
    magnitude = _trailing_magnitude(s)
    try:
        value = _value(s)
    except _Range:
        return _RANGE
    except (ValueError, InvalidOperation, OverflowError, ArithmeticError):
        return _UNREADABLE
    if value is None:
        return _UNREADABLE
    factor = float(_MAGNITUDE_OF.get(magnitude, 1))
    return Reading(float(sign * value), approx, None, magnitude, factor, chinese)


_MAGNITUDE_OF = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12, "亿万": 10**12, "兆": 10**12, "万万": 10**8}


def _trailing_magnitude(s: str) -> str:
    """The magnitude words after the last digit (3829万 → 万, 1.85万亿 → 万亿; 十万 → 万)."""
    end = len(s)
    while end > 0 and s[end - 1] in _MAGNITUDE:
        end -= 1
    return s[end:] if end > 0 else ""


class _Range(ValueError):
    """Two digits side by side (两三件, 二三十人): a range, not one number."""


def _value(s: str) -> Decimal | None:
    sci = _SCIENTIFIC.fullmatch(s)
    if sci:
        mantissa = Decimal(sci["m"])
        if sci["e"] is not None:
            return mantissa.scaleb(int(sci["e"]))
        exp = sci["p"]
        signs = exp[: len(exp) - len(exp.lstrip("+-"))]
        negative = signs.count("-") % 2 == 1  # 2^-1; 1.1^--23 is 1.1^23
        power = Decimal(exp.lstrip("+-"))
        if power > 100:
            return None
        result = Decimal(str(float(mantissa) ** float(power)))
        return 1 / result if negative else result
    if "点" in s:
        whole, _, frac = s.partition("点")
        tail = _trailing_magnitude(frac)
        digits = frac[: len(frac) - len(tail)] if tail else frac
        if not digits or any(c not in _DIGIT for c in digits):
            return None
        fraction = Decimal("0." + "".join(str(_DIGIT[c]) for c in digits))
        if tail:  # 一点二万: the magnitude scales the whole decimal
            base = _integer(_tokens(whole), abbreviate=False)
            if base is None or _trailing_magnitude(whole):
                return None
            return (base + fraction) * _magnitude_value(tail)
        base = _integer(_tokens(whole), abbreviate=True)
        return None if base is None else base + fraction
    return _integer(_tokens(s), abbreviate=True)


def _magnitude_value(tail: str) -> Decimal:
    value = Decimal(1)
    for c in tail:
        value *= _MAGNITUDE[c]
    return value


Token = tuple[str, Decimal | int]  # ("num", value) | ("digit", d) | ("zero", 0) | ("unit", u) | ("mag", m)


def _tokens(s: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(s):
        c = s[pos]
        if c.isdigit() or c == ".":
            m = _ARABIC_TOKEN.match(s, pos)
            if m is None:
                raise ValueError(s)
            text = m.group()
            if "," in text and not regex.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
                raise ValueError(s)
            out.append(("num", Decimal(text.replace(",", ""))))
            pos = m.end()
            continue
        if c == "零":
            out.append(("zero", 0))
        elif c in _DIGIT:
            out.append(("digit", _DIGIT[c]))
        elif c in _UNIT:
            out.append(("unit", _UNIT[c]))
        elif c in _MAGNITUDE:
            out.append(("mag", _MAGNITUDE[c]))
        else:
            raise ValueError(s)
        pos += 1
    return out


def _integer(tokens: list[Token], abbreviate: bool) -> Decimal | None:
    """Sections split at the highest magnitude (兆 > 亿 > 万), each below the one above it."""
    mags = [i for i, (kind, _) in enumerate(tokens) if kind == "mag"]
    if not mags:
        return _section(tokens, abbreviate)
    top = max(tokens[i][1] for i in mags)
    at = max(i for i in mags if tokens[i][1] == top)
    left, right = tokens[:at], tokens[at + 1 :]
    # 万 alone (逾万人次) is one of it
    head = _integer(left, abbreviate=False) if left else (Decimal(1) if len(tokens) == 1 else None)
    if head is None or head == 0:
        return None
    top = Decimal(top)
    if not right:
        return head * top
    if right[0][0] == "zero":  # 一百万零四: a gap in the places below
        rest = right[1:]
        while rest and rest[0][0] == "zero":
            rest = rest[1:]
        tail = _integer(rest, abbreviate) if rest else Decimal(0)
    elif len(right) == 1 and right[0][0] == "digit" and abbreviate:
        tail = Decimal(right[0][1]) * top / 10  # 一万三 is 13000, 九十二万四 is 924000
    else:
        tail = _integer(right, abbreviate)
    if tail is None or tail >= top or (left[-1][0] == "num" and left[-1][1] != int(left[-1][1])):
        return None  # 1.5万3千 is no numeral
    return head * top + tail


def _section(tokens: list[Token], abbreviate: bool) -> Decimal | None:
    """A number below 万 written with 千/百/十 (or Arabic digits alone, of any size)."""
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0][0] in ("num", "digit", "zero"):
        return Decimal(tokens[0][1])
    total = Decimal(0)
    pending: Decimal | None = None
    last_unit = 10**4
    gap = False
    for i, (kind, v) in enumerate(tokens):
        if kind in ("digit", "num"):
            if pending is not None:
                if kind == "digit" and tokens[i - 1][0] == "digit":
                    raise _Range
                return None
            if kind == "num" and (v != int(v) or not 0 < v < 10):
                return None  # 5千 yes; 12千, 1.5千 no
            pending = Decimal(v)
        elif kind == "zero":
            if pending is not None:
                return None  # 二零: a digit string (a year), not a count
            gap = True
        elif kind == "unit":
            if v >= last_unit:
                return None
            if pending is None:
                # 十五, 百三, 千余: an unwritten 一 before the first unit; 一千零十: before 十 after a gap
                if not (i == 0 or (v == 10 and gap)):
                    return None
                pending = Decimal(1)
            total += pending * v
            last_unit, pending, gap = v, None, False
        else:
            return None
    if pending is not None:
        if gap or last_unit in (10, 10**4):
            total += pending
        elif abbreviate:
            total += pending * last_unit // 10  # 一千六 is 1600, 百三 is 130
        else:
            return None
    return total


def range_digits(token: str) -> bool:
    """Two digits side by side (两三, 七八): a range, wherever it stands."""
    return bool(_RANGE_PAIR.search(token.translate(_FOLD)))


def digit_string(token: str) -> int | None:
    """A run of digits read one by one (三八 → 38, 二〇二三 → 2023), or None."""
    s = token.translate(_FOLD)
    if len(s) < 2 or any(c not in _DIGIT for c in s):
        return None
    return int("".join(str(_DIGIT[c]) for c in s))
