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
    raw = (
        "二是强化监督,区人大常委会组织代表深入企业和村社开展视察调研活动,共走访重点企业三十余家并召开座谈会开\n\n"
        "展交流,收集意见建议 45 条。\n\n下一段"
    )
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


NARROW_COLUMNS = (
    "长沙市岳麓区人大常委会\n"
    "创新开展代表接待日活动\n"
    "今年以来，岳麓区人大常委会在全区 15 个\n"
    "街道（镇）常态化开展“代表接待日”活动，\n"
    "累计接待群众 3260 余人次，收集意见建议 1\n"
    "280 条，协调解决群众急难愁盼问题 1046 个，\n"
    "群众满意率达 97.5%。\n"
    "株洲市芦淞区人大常委会\n"
    "芦淞区人大常委会对 2022 年度区级预算执行情况\n"
    "开展审查，督促收回闲置资金 2316 万元，整改审\n"
    "计查出问题 87 个，整改率达到了 92%。\n"
)


def test_narrow_pdf_columns_are_joined_but_their_headings_are_not() -> None:
    """Lines filled by a narrow layout (~20 characters) end mid-sentence just as long ones do."""
    n = normalise(NARROW_COLUMNS, NO_NAMES)
    lines = n.text.split("\n")
    assert lines[:2] == ["长沙市岳麓区人大常委会", "创新开展代表接待日活动"]
    assert lines[2].startswith("今年以来") and lines[2].endswith("群众满意率达 97.5%。")
    assert "15 个街道(镇)" in lines[2]
    assert lines[3] == "株洲市芦淞区人大常委会"
    assert "整改审计查出问题" in lines[4]


def test_a_number_broken_across_a_line_is_one_number() -> None:
    n = normalise(NARROW_COLUMNS, NO_NAMES)
    i = n.text.index("1280 条")
    start, end = n.to_raw(i, i + len("1280 条"))
    assert NARROW_COLUMNS[start:end] == "1\n280 条"


def test_short_lines_of_a_prose_document_stay_apart() -> None:
    """In a document of long paragraphs, a 20-character line without a full stop is a heading."""
    body = "区人大常委会组织代表深入企业和村社开展视察调研活动，共走访重点企业三十余家，收集意见建议四十五条。"
    raw = "\n".join(["关于全区代表建议办理情况的调研报告", *[body] * 8])
    assert normalise(raw, NO_NAMES).text.split("\n")[0] == "关于全区代表建议办理情况的调研报告"


def test_table_rows_end_with_their_line() -> None:
    caption = "2023年全市各县区代表联络站接待群众和收集意见建议的情况统计表如下"  # long enough to look broken
    raw = f"{caption}\n县区\t接待群众(人次)\t收集意见(条)\n桐庐县\t1215\t412\n淳安县\t876\t388\n"
    assert normalise(raw).text == raw
