"""Which numbers are figures, and their value, unit and qualifier. Sentences written for the tests."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.quantities import find, parse_number


def found(sentence: str, next_text: str = "") -> list[tuple[str, float, str, str]]:
    return [(sentence[q.start : q.end], q.value, q.unit.symbol, q.qualifier) for q in find(sentence, next_text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "全年共受理群众来信来访326件,办结率达到98.5%。",
            [("326件", 326, "件", "exact"), ("98.5%", 98.5, "%", "exact")],
        ),
        (
            "挽回经济损失1.2亿元,追缴税款4500余万元。",
            [("1.2亿元", 1.2e8, "元", "exact"), ("4500余万元", 4.5e7, "元", "at_least")],
        ),
        (
            "组织代表二十六人次开展视察,走访群众千余人次。",
            [("二十六人次", 26, "人次", "exact"), ("千余人次", 1000, "人次", "at_least")],
        ),
        (
            "惠及农户2.3万户,覆盖人口超过8万人。",
            [("2.3万户", 23000, "户", "exact"), ("8万人", 80000, "人", "more_than")],
        ),
        (
            "投入资金约600万元,新建污水管网近12公里。",
            [("600万元", 6e6, "元", "about"), ("12公里", 12, "公里", "less_than")],
        ),
        (
            "处理能力从3万吨/日提升到8万吨/日。",
            [("3万吨/日", 30000, "吨/日", "exact"), ("8万吨/日", 80000, "吨/日", "exact")],
        ),
        (
            "专项监督历时2个多月,每次会议持续3个余小时。",  # the qualifier inside the unit
            [("2个多月", 2, "月", "at_least"), ("3个余小时", 3, "小时", "at_least")],
        ),
        (
            "设置宣传牌120块,组建监督小组5组,出动执法车辆45车次,安装路灯260盏,清运垃圾1.2万立方。",
            [
                ("120块", 120, "块", "exact"),
                ("5组", 5, "组", "exact"),
                ("45车次", 45, "车次", "exact"),
                ("260盏", 260, "盏", "exact"),
                ("1.2万立方", 12000, "立方米", "exact"),
            ],
        ),
        (
            "参与人数达3万多,服务户数2万余。",  # a bare count after a count noun, with its 多/余
            [("3万多", 30000, "人", "at_least"), ("2万余", 20000, "户", "at_least")],
        ),
        (
            "制定地方性法规3部,联合8部门开展检查。",  # 部 counts laws; 部门 is not 部 + 门
            [("3部", 3, "部", "exact"), ("8部门", 8, "个", "exact")],
        ),
        ("优良天数比例同比上升2.1个百分点。", [("2.1个百分点", 2.1, "个百分点", "exact")]),
        ("每季度安排两到三名代表值班。", [("两到三名", 2, "名", "at_least")]),
        ("要求在15个工作日内办结,3个月内反馈。", [("15个工作日", 15, "工作日", "exact"), ("3个月", 3, "月", "exact")]),
        ("连续五年开展专项评议。", [("五年", 5, "年", "exact")]),
        ("占全省总量的四分之一。", [("四分之一", 25, "%", "exact")]),
        ("登记人数达12.5万。", [("12.5万", 125000, "人", "exact")]),
        ("提出意见建议 18 条。", [("18 条", 18, "条", "exact")]),
        ("近千名代表参加,逾万人次受益。", [("千名", 1000, "名", "less_than"), ("万人次", 10000, "人次", "at_least")]),
        # 件（次） as the normaliser leaves it (NFKC): a case or a visit, not a noun "(次)" after 件
        (
            "受理群众诉求568件(次),接待群众1200人(次),开展活动40余场(次)。",
            [
                ("568件(次)", 568, "件次", "exact"),
                ("1200人(次)", 1200, "人次", "exact"),
                ("40余场(次)", 40, "场次", "at_least"),
            ],
        ),
        ("粮食产量达到42.3亿斤。", [("42.3亿斤", 4.23e9, "斤", "exact")]),
    ],
)
def test_figures(sentence: str, expected: list) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年5月12日至14日,市十六届人大常委会第十二次会议在市行政中心举行。",  # dates, term, ordinal
        "区九届人大三次会议于2024年1月召开。",  # session numbers
        "联系电话:0571-87654321,邮编310000。",  # phone, postcode
        "浏览次数:1256次 在线人数:36人 访问量:12345次",  # a web page's counters
        "按照条例第三十二条的规定,落实“两个机关”建设要求。",  # article number, slogan
        "深入践行“三服务”理念,开展“四个一”活动。",  # numerals inside slogans
        "近五年来,区人大持续推进这项工作。",  # a time frame, not a duration
        "组织一次视察,提出一条建议,督促二次办理。",  # determiners and ordinals
        "省市县乡四级人大代表共同参与。",  # levels
        "为0-3岁婴幼儿提供照护服务,纪念建党100周年。",  # ages and anniversaries
        "PM2.5浓度持续下降,完成1.0版本上线。",  # codes and versions
        "贯彻落实《2024年度重点工作10项任务》。",  # inside a title
        "完成工作的一部分,组建三部委工作专班。",  # 部分, 部委
        "该镇三面环山,由5组成员组成,两者之间,10根据地。",  # 面, 组 and 根 inside other words
    ],
)
def test_non_figures(sentence: str) -> None:
    assert found(sentence) == []


def test_a_count_that_restates_a_list_is_not_a_figure() -> None:
    assert found("从人、财、物三个方面加强保障。") == []
    assert found("分为好、较好、一般、差四个等次。") == []
    assert found("围绕四项重点开展工作:一是强化监督。") == []
    assert found("提出了五点要求。", next_text="一是提高认识。") == []
    # a real count after a list of something else stays
    assert found("走访企业、村社、学校等单位,收集建议15条。") == [("15条", 15, "条", "exact")]


def test_index_points_only_as_large_arabic_numbers() -> None:
    assert found("股指失守3000点。") == [("3000点", 3000, "点", "exact")]
    assert found("会议提出三点意见。") == []


@pytest.mark.parametrize(
    ("token", "value"),
    [("二十六", 26), ("两", 2), ("千", 1000), ("1,234.5", 1234.5), ("一百零五", 105), ("三万", 30000)],
)
def test_parse_number(token: str, value: float) -> None:
    assert parse_number(token) == value


def test_parse_number_rejects_words() -> None:
    assert parse_number("abc") is None
    assert parse_number("") is None
    assert parse_number("万") == 10000  # alone a magnitude; find() refuses it without 余/多
    assert find("万家灯火,百姓安居。") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # counting words beyond the old list, from several provinces' wordings
        ("大会表决，赞成78票，反对2票。", [("78票", 78, "票", "exact"), ("2票", 2, "票", "exact")]),
        ("发放宣传手册2000册，出动车辆35辆。", [("2000册", 2000, "册", "exact"), ("35辆", 35, "辆", "exact")]),
        ("捐赠图书1200本，张贴标语300幅。", [("1200本", 1200, "本", "exact"), ("300幅", 300, "幅", "exact")]),
        ("投放鱼苗10万尾，出栏生猪3000头。", [("10万尾", 100_000, "尾", "exact"), ("3000头", 3000, "头", "exact")]),
        ("接听热线电话560通，办理工单1200单。", [("560通", 560, "通", "exact"), ("1200单", 1200, "单", "exact")]),
        (
            "新打机井20眼，搭建帐篷50顶，出动无人机12架。",
            [("20眼", 20, "眼", "exact"), ("50顶", 50, "顶", "exact"), ("12架", 12, "架", "exact")],
        ),
        ("接种疫苗2.3万剂，开设课程18门。", [("2.3万剂", 23_000, "剂", "exact"), ("18门", 18, "门", "exact")]),
        ("测评得分95.6分。", [("95.6分", 95.6, "分", "exact")]),
        # a bare 万 count of people
        ("惠及20多万群众。", [("20多万", 200_000, "人", "at_least")]),
        ("服务群众1.2万。", [("1.2万", 12_000, "人", "exact")]),
        ("全区受益居民超过3万。", [("3万", 30_000, "人", "more_than")]),
        ("带动8.5万农户增收。", [("8.5万", 85_000, "人", "exact")]),
    ],
)
def test_counts_in_any_counting_word(sentence: str, expected: list) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "本级财政，本年度完成。",  # 本 as a determiner of the unit
        "市十四届人大三次会议审议通过。",
        "在三次会议上，代表们踊跃发言。",  # the session named before
        "十三次党代会召开以来，全县上下团结奋进。",
        "在新的一年里，这一年我们砥砺前行。",
        "在五年任期内履职尽责。",
        "推动三次产业融合发展。",
        "深化‘一件事一次办’改革。",
        "开展“最多跑一次”改革，落实「三服务」要求。",
        "工作十分重要，任务十分艰巨。",
        "建设10kV线路，一波三折。",
        "取得了一个又一个成绩。",
    ],
)
def test_not_figures_of_issue_11(sentence: str) -> None:
    assert found(sentence) == []


def test_meetings_held_are_counted_and_sessions_are_not() -> None:
    assert found("全年召开三次会议。") == [("三次", 3, "次", "exact")]
    assert found("组织召开座谈会3次。") == [("3次", 3, "次", "exact")]


ALPHABET = list("0123456789.,一二三两十百千万亿余多约超件个%元年月日第届次会议“”《》、:是 ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_find_never_crashes_and_spans_are_inside(sentence: str) -> None:
    for q in find(sentence):
        assert 0 <= q.start < q.end <= len(sentence)
        assert q.qualifier in {"exact", "at_least", "more_than", "less_than", "about"}


@pytest.mark.parametrize(
    "sentence",
    [
        "深入学习贯彻党的二十大精神。",  # a congress number
        "全面实施乡村振兴三年行动计划。",  # a plan's name
        "落实四个全面战略布局,增强四个意识。",  # political formulas
    ],
)
def test_names_that_contain_numerals(sentence: str) -> None:
    assert found(sentence) == []


def test_ten_big_projects_is_a_count() -> None:
    assert found("开发动态排序等十大功能模块。") == [("十大", 10, "个", "exact")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("全省一般公共预算支出1.85万亿元。", [("1.85万亿元", 1.85e12, "元", "exact")]),
        (
            "办理时限不超过5个工作日,至少开展2次。",
            [("5个工作日", 5, "工作日", "less_than"), ("2次", 2, "次", "at_least")],
        ),
        ("签约12个项目,节约资金300万元。", [("12个", 12, "个", "exact"), ("300万元", 3e6, "元", "exact")]),
        ("须在十五日内答复,奖励十万元。", [("十五日", 15, "天", "exact"), ("十万元", 1e5, "元", "exact")]),
        (
            "超过半数,三分之二以上,百分之九十五点五。",
            [
                ("半数", 50, "%", "more_than"),
                ("三分之二", 66.67, "%", "at_least"),
                ("百分之九十五点五", 95.5, "%", "exact"),
            ],
        ),
        ("群众满意度八成以上。", [("八成", 80, "%", "at_least")]),
        ("参会人数约为1200人。", [("1200人", 1200, "人", "about")]),
    ],
)
def test_review_cases(sentence: str, expected: list) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "实施五个一工程,实现两个一百年奋斗目标。",
        "一年一度的评议活动,两年多来持续推进。",
        "位列全省前三名。",
        "收到建议数十件。",
        "破解城乡二元结构。",
        "最近3个月以来情况良好。",
        "每月15日开放。",
    ],
)
def test_review_non_figures(sentence: str) -> None:
    assert found(sentence) == []


def test_full_width_comma_between_digits_gives_no_value() -> None:
    """6，200余名 may be 6,200 or two clauses: the normaliser keeps the comma, and neither is read."""
    from etl.normalise import normalise

    text = normalise("召开座谈会6，200余名代表参加。", frozenset()).text
    assert found(text) == []
    assert found("召开座谈会6场，200余名代表参加。") == [("6场", 6, "场", "exact"), ("200余名", 200, "名", "at_least")]


def test_a_list_of_the_same_length_does_not_hide_an_arabic_count() -> None:
    assert found("共收集意见、建议、诉求3件。") == [("3件", 3, "件", "exact")]


def test_lead_time_is_a_duration_but_a_past_span_is_not() -> None:
    assert found("在办理期满前5个工作日反馈。") == [("5个工作日", 5, "工作日", "exact")]
    assert found("前两年共盘活资金3.3亿元。") == [("3.3亿元", 3.3e8, "元", "exact")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("建成保障性住房1200套,两套班子领导出席。", [("1200套", 1200, "套", "exact")]),
        ("项目总投资12亿,带动就业300人。", [("12亿", 1.2e9, "元", "exact"), ("300人", 300, "人", "exact")]),
    ],
)
def test_more_units(sentence: str, expected: list) -> None:
    assert found(sentence) == expected


def test_page_view_counters_are_not_figures() -> None:
    assert found("发布时间:2023-05-06 浏览次数:1234次") == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("总投资达4.86亿元", 486_000_000),
        ("盘活资金0.07亿元", 7_000_000),
        ("接种1.15万人次", 11_500),
        ("税收收入人数超46.15万", 461_500),
    ],
)
def test_multipliers_give_exact_values(sentence: str, value: int) -> None:
    """Analysts filter and sum on value: 4.86亿 must be 486000000, not 486000000.00000006."""
    assert [q.value for q in find(sentence)] == [value]


def test_a_count_noun_before_an_arabic_number_is_no_vague_word() -> None:
    # 数/上 make 数十件, 上千次 vague; before a stated number (人数1200人, 以上2万元) they do not
    assert found("参训人数1200人,受益户数2300户。") == [
        ("1200人", 1200, "人", "exact"),
        ("2300户", 2300, "户", "exact"),
    ]
    assert found("处5000元以上2万元以下罚款。") == [
        ("5000元", 5000, "元", "at_least"),
        ("2万元", 20000, "元", "less_than"),
    ]
    assert found("数十件建议,上千次走访。") == []


def test_the_figures_named_before_are_not_counted_again() -> None:
    assert found("以上三项工作均已按期完成。") == []
    assert found("上述56件建议已全部办结。") == []
