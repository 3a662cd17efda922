"""The normaliser: artefacts removed, script converted, and every offset still points home."""

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalise import normalise, to_simplified

NO_NAMES: frozenset[str] = frozenset()


def test_pinyin_artefact_removed_and_offsets_map_back() -> None:
    raw = "南湖區(qū)人大常委會(huì)共收到建議36件。"
    n = normalise(raw, NO_NAMES)
    assert n.text == "南湖区人大常委会共收到建议36件。"
    i = n.text.index("36件")
    rs, re_ = n.to_raw(i, i + 3)
    assert raw[rs:re_] == "36件"


def test_brackets_that_are_not_pinyin_stay() -> None:
    raw = "細顆粒物(PM2.5)濃度下降(記者 攝)"
    assert normalise(raw, NO_NAMES).text == "细颗粒物(PM2.5)浓度下降(记者 摄)"


def test_full_width_digits_and_punctuation_fold() -> None:
    n = normalise("收到建议１２３件：办结率９８％。", NO_NAMES)
    assert n.text == "收到建议123件:办结率98%。"
    assert n.to_raw(4, 7) == (4, 7)


def test_layout_break_inside_a_sentence_is_joined() -> None:
    raw = ("二是强化监督,区人大常委会组织代表深入企业和村社开展视察调研活动,共走访重点企业三十余家并召开座谈会开\n\n"
           "展交流,收集意见建议 45 条。\n\n下一段")
    n = normalise(raw, NO_NAMES)
    assert "座谈会开展交流" in n.text
    assert "\n\n下一段" in n.text  # a real paragraph break stays
    i = n.text.index("展交流")
    assert raw[n.to_raw(i, i + 1)[0]] == "展"


def test_headings_and_bylines_are_not_joined() -> None:
    raw = "南湖区:代表联络站建设\n2023年以来,南湖区人大常委会新建联络站12个。\n记者 张三\n下一条"
    assert normalise(raw, NO_NAMES).text.count("\n") == 3
    byline = "全年共办结代表建议120件,办结率达到百分之百。 ? ? ? 李四\n北湖区:开展专题询问"
    assert "\n北湖区" in normalise(byline, NO_NAMES).text


def test_protected_place_names_survive_opencc() -> None:
    raw = "代表走访吉林省乾安县和陕西省乾县"
    assert to_simplified(raw) == "代表走访吉林省干安县和陕西省干县"  # what OpenCC alone does
    assert normalise(raw, frozenset({"乾安县", "乾县"})).text == raw


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("會(huì)議１２３，。\n 　開展收到建議件ABCāá()")), max_size=200))
def test_offset_map_is_total_and_monotonic(raw: str) -> None:
    n = normalise(raw, NO_NAMES)
    assert len(n.raw_index) == len(n.text) + 1
    assert all(0 <= a <= b <= len(raw) for a, b in zip(n.raw_index, n.raw_index[1:], strict=False))
