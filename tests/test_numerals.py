"""The numeral reader: every way a bulletin writes a number comes back with its exact value, and a
numeral that cannot be taken whole gives no value at all. Numerals rendered by cn2an (an independent
writer) and by the test itself, in sentences written for the tests."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.metrics import extract
from etl.numerals import digit_string, find, read
from etl.quantities import Note
from etl.quantities import find as quantities


def values(sentence: str) -> list[tuple[str, float, str, str]]:
    return [(sentence[q.start : q.end], q.value, q.unit.symbol, q.qualifier) for q in quantities(sentence)]


# --- the reader on its own


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("四億五千六百四十二萬零壹十五", 456_420_015),  # capitals mixed into small digits
        ("七十八万五佰零六", 780_506),
        ("拾万零五十六", 100_056),  # a leading 拾 keeps its place
        ("拾六万零五百零六", 160_506),
        ("壹佰伍拾万", 1_500_000),
        ("肆拾肆", 44),
        ("5万4千6百", 54_600),  # Arabic digits with Chinese multipliers
        ("5亿1万4千6百", 500_014_600),
        ("1万2千", 12_000),
        ("一千六", 1_600),  # the shortened forms
        ("百三", 130),
        ("九十二万四", 924_000),
        ("两千三点一", 2300.1),
        ("一百零五", 105),
        ("一千零十", 1_010),
        ("四万万", 400_000_000),
        ("10万万", 1_000_000_000),
        ("五兆六十二亿四万五千二", 5_006_200_045_200),
        ("一万亿", 10**12),
        ("1.85万亿", 1.85e12),
        ("一点二万", 12_000),
        ("两千万点五五四四", 20_000_000.5544),
        ("零点五", 0.5),
        ("１２，３４５", 12_345),  # full width, thousands separators
        ("1,234.5", 1234.5),
        ("-22.2", -22.2),  # signs
        ("负三十二", -32),
        ("－1.3", -1.3),
        ("+9", 9),
        ("俩", 2),
        ("〇", 0),
        ("万", 10_000),  # 逾万人次
        ("2e5", 200_000),
        ("2^-1", 0.5),
    ],
)
def test_reader_values(numeral: str, value: float) -> None:
    reading = read(numeral)
    assert reading.value == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert not reading.approximate


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("二十几万", 200_000),
        ("三十几", 30),
        ("一百零几万", 1_000_000),
        ("十数万", 100_000),
        ("500余万", 5e6),
        ("十多", 10),
    ],
)
def test_approximations_keep_their_base(numeral: str, value: float) -> None:
    reading = read(numeral)
    assert reading.value == value and reading.approximate


@pytest.mark.parametrize("numeral", ["两三", "二三十", "三四百", "十一二", "七八"])
def test_ranges_have_no_value(numeral: str) -> None:
    assert read(numeral).value is None and read(numeral).problem == "range"


@pytest.mark.parametrize(
    "numeral", ["五十五十", "一万十五千", "几十", "数百", "1.5万3千", "12千", "万万", "亿万", "1,23", "二零", "十百"]
)
def test_numerals_that_cannot_be_taken_whole_have_no_value(numeral: str) -> None:
    assert read(numeral).value is None


def test_finding_takes_the_longest_numeral() -> None:
    text = "收到四億五千六百四十二萬零壹十五件和5万4千6百元"
    assert [text[s:e] for s, e in find(text)] == ["四億五千六百四十二萬零壹十五", "5万4千6百"]
    assert digit_string("三八") == 38 and digit_string("三十") is None


# --- the property: numbers rendered in every style come back exactly

UNITS = [("件", "件", 1), ("人次", "人次", 1), ("元", "元", 1), ("%", "%", 1), ("个百分点", "个百分点", 1)]
SENTENCES = ["全年共收到代表建议{N}{U}。", "累计接待群众{N}{U}，同比有所增加。", "其中已办结{N}{U}。"]


def mixed(n: int) -> str:
    """5万4千6百 style: Arabic digits before each Chinese multiplier, as some bulletins write them
    (cn2an's small form with its digits written in Arabic)."""
    return "".join(
        str("零一二三四五六七八九".index(c)) if c in "一二三四五六七八九" else c for c in cn2an.an2cn(n, "low")
    )


def arabic_with_magnitude(n: int) -> str:
    """3829万, 1.85亿: a decimal before 万 or 亿."""
    for word, size in (("亿", 10**8), ("万", 10**4)):
        if n >= size and n % (size // 100) == 0:
            scaled = f"{Decimal(n) / size:f}"
            return (scaled.rstrip("0").rstrip(".") if "." in scaled else scaled) + word
    return f"{n:,}"


@settings(max_examples=400, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=10**12),
    style=st.sampled_from(["low", "up", "mixed", "arabic"]),
    sentence=st.sampled_from(SENTENCES),
    unit=st.sampled_from(UNITS),
)
def test_integers_in_every_style_come_back_exactly(n: int, style: str, sentence: str, unit: tuple) -> None:
    if unit[2] and unit[0] in ("%", "个百分点"):
        n = n % 1000 or 7
    numeral = {
        "low": lambda: cn2an.an2cn(str(n), "low"),
        "up": lambda: cn2an.an2cn(str(n), "up"),
        "mixed": lambda: mixed(n),
        "arabic": lambda: arabic_with_magnitude(n),
    }[style]()
    if numeral in ("一", "二", "壹", "贰") and unit[0] not in ("件", "人次"):
        return  # 一元, 二元 read as terms, not amounts; covered by the determiner tests
    text = sentence.replace("{N}", numeral).replace("{U}", unit[0])
    found = values(text)
    assert [v for _, v, _, _ in found] == [n], (text, found)


@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=10**6),
    frac=st.integers(min_value=1, max_value=99),
    style=st.sampled_from(["low", "up", "arabic"]),
    unit=st.sampled_from(["%", "万元", "个百分点", "公里"]),
    negative=st.booleans(),
)
def test_decimals_and_signs_come_back_exactly(whole: int, frac: int, style: str, unit: str, negative: bool) -> None:
    if unit == "万元":
        whole %= 10**4  # 2.5万元, not 二十五万点零一万元
    number = Decimal(f"{whole}.{frac:02d}").normalize()
    written = f"{number:f}"
    numeral = written if style == "arabic" else cn2an.an2cn(written, style)
    sign = "-" if negative and style == "arabic" else "负" if negative else ""
    text = f"今年全市代表建议办结率同比变化{sign}{numeral}{unit}。"
    expected = float((-number if negative else number) * (10**4 if unit == "万元" else 1))
    found = values(text)
    assert [v for _, v, _, _ in found] == [pytest.approx(expected, rel=1e-12)], (text, found)


# --- each class of the issue, in sentences of several provinces


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("审计查出违规资金人民币壹佰伍拾万元。", [("壹佰伍拾万元", 1_500_000, "元", "exact")]),
        ("本年度共受理信访件肆拾肆件。", [("肆拾肆件", 44, "件", "exact")]),
        ("拨付补助资金贰仟叁佰万元。", [("贰仟叁佰万元", 23_000_000, "元", "exact")]),
        ("全年累计服务群众5万4千6百人次。", [("5万4千6百人次", 54_600, "人次", "exact")]),
        ("惠及1万2千余人。", [("1万2千余人", 12_000, "人", "at_least")]),
        ("筹集资金二十几万元。", [("二十几万元", 200_000, "元", "at_least")]),
        ("共办理群众来信三十几件。", [("三十几件", 30, "件", "at_least")]),
        ("一般公共预算收入增长-5.2%。", [("-5.2%", -5.2, "%", "exact")]),
        ("工业增加值同比－1.3个百分点。", [("－1.3个百分点", -1.3, "个百分点", "exact")]),
        ("出口额下降5.2%。", [("5.2%", 5.2, "%", "exact")]),  # the verb says the direction, the value stays
        ("共收到代表建议一件，已办结两件。", [("一件", 1, "件", "exact"), ("两件", 2, "件", "exact")]),
        ("受理群众来访二件。", [("二件", 2, "件", "exact")]),
        ("年度考核结果为九成以上满意。", [("九成", 90, "%", "at_least")]),
        ("满意率达9成。", [("9成", 90, "%", "exact")]),
        ("群众满意度七成半。", []),  # 七成半 is no way of writing; not 70 %
        ("满意度三成半。", [("三成半", 35, "%", "exact")]),
        ("收集意见建议 380 余条。", [("380 余条", 380, "条", "at_least")]),
    ],
)
def test_issue_classes(sentence: str, expected: list) -> None:
    found = values(sentence)
    if sentence == "群众满意度七成半。":
        assert all(v != 70 for _, v, _, _ in found)
        return
    assert found == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "深化“一件事一次办”改革。",
        "推进‘一件事一次办’改革。",
        "落实「最多跑一次」要求。",
        "组织一次视察，提出一条建议。",
        "每月一次，轮流值班。",
        "另一方面，加强监督。",
        "确保造一片成一片。",
        "要一件一件抓落实。",
        "收到建议两三件，人数二三十人。",  # ranges stay out
        "数十件建议，几百人参加。",
    ],
)
def test_single_numerals_and_slogans_that_are_not_figures(sentence: str) -> None:
    assert values(sentence) == []


def test_a_numeral_never_gives_the_value_of_its_tail() -> None:
    """Whatever the reader cannot take whole gives nothing, and a note says where."""
    notes: list[Note] = []
    assert values("全年共收到代表建议四億五千六百四十二萬零壹十五件。") == [
        ("四億五千六百四十二萬零壹十五件", 456_420_015, "件", "exact")
    ]
    sentence = "全年收到代表建议一万十五千件。"
    assert quantities(sentence, notes=notes) == []
    assert [n.quote for n in notes] == ["一万十五千件"]


def test_a_comma_between_digits_is_a_note_not_a_value() -> None:
    """4，565 may be 4565 or two clauses (座谈会6，200余名代表): neither value is given."""
    for sentence in ("全年收到建议4，565件。", "召开座谈会6，200余名代表参加。"):
        notes: list[Note] = []
        assert quantities(sentence, notes=notes) == []
        assert len(notes) == 1 and "逗号" in notes[0].reason


def test_notes_reach_the_extraction_result() -> None:
    result = extract("宁波市人大信息\n全年收到代表建议一万十五千件，办结率98%。", "doc")
    assert [m["quote"] for m in result.metrics] == ["98%"]
    assert len(result.notes) == 1 and "一万十五千件" in result.notes[0]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=1, max_value=10**9), style=st.sampled_from(["fullwidth", "traditional", "up"]))
def test_the_whole_extraction_reads_full_width_and_traditional_numerals(n: int, style: str) -> None:
    """Through normalise (NFKC, OpenCC) as a document goes: ４５６件, 四億五千萬元, 壹佰萬元."""
    if style == "fullwidth":
        numeral = "".join(chr(0xFF10 + int(c)) for c in str(n))
    elif style == "traditional":
        numeral = cn2an.an2cn(str(n), "low").replace("万", "萬").replace("亿", "億").replace("两", "兩")
    else:
        numeral = cn2an.an2cn(str(n), "up").replace("万", "萬").replace("亿", "億")
    result = extract(f"寧波市人大信息\n全年共收到代表建議{numeral}件。", "doc")
    assert [m["value"] for m in result.metrics if not m["derived"]] == [n]
    assert result.notes == []
