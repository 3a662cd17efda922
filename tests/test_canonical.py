"""Figures get the canonical indicator of the catalogue whatever the wording, and none where no entry
fits: suggestion reports, audit rectification, budgets, standing-committee work, liaison stations,
disputes and projects, written in the ways bulletins of different provinces word them."""

import pytest

from etl import canonical, catalogue
from etl.metrics import extract


def ids(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m["quote"], m["indicator"], m["category"]) for m in extract(text, "t").metrics if not m["derived"]]


SUGGESTIONS = """关于市十六届人大三次会议代表建议办理情况的报告
——2024年6月26日在成都市第十六届人民代表大会常务委员会第十二次会议上
市十六届人大三次会议期间，代表们共提出建议、批评和意见586件，经审查，交由126个承办单位办理。截至5月底，586件建议已全部办结答复，办结率100%。其中，所提问题已经解决或基本解决的312件，占53.2%；列入计划逐步解决的198件，占33.8%；因条件限制暂时难以解决的76件，占13%。代表对办理工作表示满意的541件，基本满意的45件，满意率和基本满意率均为100%。
从内容看，城乡建设类148件，占25.3%；教科文卫类126件，占21.5%。按承办主体分，交由市政府系统办理的523件，占89.2%。
"""


def test_a_suggestion_report_is_named_by_thing_and_step() -> None:
    assert ids(SUGGESTIONS) == [
        ("586件", "提出建议数", None),
        ("126个", "承办单位数", None),
        ("586件", "办结建议数", None),
        ("100%", "建议办结率", None),
        # a rate that follows a count is that count's rate, not a 占比
        ("312件", "解决建议数", None),
        ("53.2%", "建议解决率", None),
        ("198件", "列入计划建议数", None),
        ("33.8%", "建议列入计划率", None),
        ("76件", "暂难解决建议数", None),
        ("13%", "建议暂难解决率", None),
        ("541件", "满意建议数", None),
        ("45件", "基本满意建议数", None),
        # one figure, two names, two rows
        ("100%", "建议基本满意率", None),
        ("100%", "建议满意率", None),
        # a topic class and a handler are slices: the id stays, the category names the slice
        ("148件", "建议类别数", "城乡建设类"),
        ("25.3%", "建议类别占比", "城乡建设类"),
        ("126件", "建议类别数", "教科文卫类"),
        ("21.5%", "建议类别占比", "教科文卫类"),
        ("523件", "承办主体建议数", "政府系统"),
        ("89.2%", "承办主体建议占比", "政府系统"),
    ]


def test_a_rate_the_text_states_is_not_derived_again() -> None:
    derived = [m for m in extract(SUGGESTIONS, "t").metrics if m["derived"]]
    assert all(m["indicator"] not in ("建议解决率", "建议满意率") for m in derived)


AUDIT = """关于2023年度本级预算执行和其他财政收支审计查出问题整改情况的报告
今年审计工作报告反映的问题共涉及126个问题，截至9月底，已完成整改的108个，整改率85.7%；正在整改的18个。通过整改，追回、收缴违规资金2.36亿元，归还原资金渠道1.2亿元，督促拨付资金3.8亿元，健全完善制度机制47项，追责问责12人。
2023年全市一般公共预算收入完成215.6亿元，同比增长6.8%，其中税收收入148.3亿元，占一般公共预算收入的68.8%。一般公共预算支出完成486.2亿元，民生支出占比达到82.1%。
"""


def test_audit_and_budget_figures() -> None:
    assert [(q, i) for q, i, _ in ids(AUDIT)] == [
        ("126个", "审计查出问题数"),
        ("108个", "审计问题整改数"),
        ("85.7%", "审计整改率"),
        ("18个", "审计问题在整改数"),
        ("2.36亿元", "收回资金"),
        ("1.2亿元", "归还原资金渠道金额"),
        ("3.8亿元", "审计整改金额"),
        ("47项", "审计整改建章立制数"),
        ("12人", "审计追责问责人数"),
        ("215.6亿元", "一般公共预算收入"),
        ("6.8%", "一般公共预算收入增长率"),
        ("148.3亿元", "税收收入"),
        ("68.8%", "税收收入占比"),
        ("486.2亿元", "一般公共预算支出"),
        ("82.1%", None),  # 民生支出占比 is no entry of the catalogue: no id rather than a wrong one
    ]


COMMITTEE = """宜宾市人大常委会工作报告
市人大常委会全年共召开常委会会议8次、主任会议24次，听取和审议专项工作报告32项，作出决议决定15项，任命国家机关工作人员86人次。开展执法检查6次，专题询问2次，组织代表视察11次。制定地方性法规3件，修改2件，废止1件，审查批准县级法规1件，备案审查规范性文件45件。
"""


def test_standing_committee_work_and_legislation() -> None:
    assert [i for _, i, _ in ids(COMMITTEE)] == [
        "常委会会议次数",
        "主任会议次数",
        "听取审议报告数",
        "决议决定数",
        "任免人次",
        "执法检查次数",
        "专题询问次数",
        "视察次数",
        "制定法规数",
        "修改法规数",
        "废止法规数",
        "批准法规数",
        "备案审查规范性文件数",
    ]


def test_an_item_of_a_list_is_not_named_by_the_item_after_it() -> None:
    text = "北仑区人大常委会召开区人代会6次、区人大常委会会议43次、主任会议73次。"
    assert [i for _, i, _ in ids(text)] == [None, "常委会会议次数", "主任会议次数"]


LIAISON = """铜仁市人大信息
碧江区：“家站点”成为民意“直通车”
今年以来，碧江区依托全区38个代表之家、126个代表联络站，组织各级人大代表2300余人次进站履职，接待选民群众1.2万余人次，收集意见建议1860条，推动解决群众急难愁盼问题1520件，问题办结率达81.7%。
思南县：代表调解室化解矛盾有实招
思南县全年共排查各类矛盾纠纷632起，成功调处598起，调处成功率94.6%。
江口县新建代表联络站5个，举办代表履职培训班4期，培训代表420人次，印发宣传手册3000余册。
"""


def test_liaison_stations_disputes_and_training() -> None:
    assert ids(LIAISON) == [
        ("38个", "代表之家数", None),
        ("126个", "代表联络站数", None),
        ("2300余人次", "参与代表人次", None),
        ("1.2万余人次", "接待群众人次", None),
        ("1860条", "收集意见建议数", None),
        ("1520件", "解决群众问题数", None),
        ("81.7%", None, None),  # 办结 of voters' issues is no 解决率: no entry fits
        ("632起", "排查矛盾纠纷数", None),
        ("598起", "调处矛盾纠纷数", None),
        ("94.6%", "矛盾纠纷化解率", None),
        ("5个", "代表联络站数", None),
        ("4期", "代表培训场次", None),
        ("420人次", "参训代表人次", None),
        ("3000余册", "发放宣传资料数", None),
    ]


def test_projects_of_livelihood_and_a_count_of_what_the_next_figure_counts() -> None:
    text = (
        "石阡县人大常委会组织县人大代表对民生实事候选项目进行票决，最终确定10个项目，计划总投资3.6亿元。"
        "截至11月底，10个项目已完工8个，累计完成投资3.1亿元，投资完成率86.1%。"
    )
    assert [i for _, i, _ in ids(text)] == [
        "民生实事项目数",
        "民生实事总投资",
        "民生实事项目数",
        "民生实事完成项目数",
        "民生实事完成投资",
        "民生实事投资完成率",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "梳理出行业发展中存在的5个方面的痛点问题。",  # counts 方面, an unknown noun
        "组织成立两个监督小组开展定向监督。",
        "通过督办，这两个建议均取得了阶段性成果。",  # points back at what was counted
        "共举行座谈会20余场。",  # names its own noun, which is no indicator
    ],
)
def test_no_id_where_the_figure_counts_something_else(sentence: str) -> None:
    assert [i for _, i, _ in ids("宁波市人大信息\n代表建议办理工作\n" + sentence)] == [None]


def test_a_word_list_shares_its_verb_and_a_compound_noun_reads_by_its_tail() -> None:
    text = "海曙区人大常委会发放惠企政策手册5000份、海报700余张。代表们提出各类问题建议117件，其中当场落实61件。"
    assert [(q, i, c) for q, i, c in ids(text)] == [
        ("5000份", "发放宣传资料数", None),
        ("700余张", "发放宣传资料数", None),
        ("117件", "收集意见建议数", None),
        ("61件", "解决群众问题数", None),
    ]


def test_the_shipped_lexicon_loads_against_the_catalogue() -> None:
    lex = canonical.load()
    cat = catalogue.load()
    assert {r.indicator for r in lex.rules} <= {e.id for e in cat}
    assert set(lex.rate_words.values()) <= {s for f in lex.forms.values() for s in f[1]}


def test_a_rule_naming_an_unknown_class_or_id_is_refused() -> None:
    cat = catalogue.load()
    terms = [["thing", "代表建议", "建议"], ["step", "办结", "办结"]]
    canonical.parse(terms, [["办结建议数", "代表建议", "办结", "件"]], cat)
    with pytest.raises(ValueError, match="unknown thing"):
        canonical.parse(terms, [["办结建议数", "建意", "办结", "件"]], cat)
    with pytest.raises(ValueError, match="unknown step"):
        canonical.parse(terms, [["办结建议数", "代表建议", "办完", "件"]], cat)
    with pytest.raises(ValueError, match="not in the catalogue"):
        canonical.parse(terms, [["建议办完数", "代表建议", "办结", "件"]], cat)


def test_a_unit_the_rule_does_not_list_is_another_indicator() -> None:
    text = "全区组织代表参加活动230人次，参加活动的代表共有86名。"
    assert [i for _, i, _ in ids(text)] == ["参与代表人次", "参与代表数"]


def test_a_fact_stated_twice_is_counted_once() -> None:
    text = (
        "海曙区人大常委会2023年工作报告\n一年来，全区代表共提出建议215件，办结率、答复率均为100%。\n"
        "一、代表建议办理\n2023年，区人大代表共提出建议215件，已全部办结，办结率100%。\n"
        "二、街道工作\n8个镇街开展了集中接待，8个镇街开展了联动监督。2022年全区代表共提出建议215件。\n"
    )
    rows = [m for m in extract(text, "t").metrics if not m["derived"]]
    by_id = {m["metric_id"]: m for m in rows}
    dups = [
        (
            m["quote"],
            m["indicator"],
            by_id[m["duplicate_of"]]["sentence_start"] < m["sentence_start"]
            or by_id[m["duplicate_of"]]["start"] == m["start"],
        )
        for m in rows
        if m["duplicate_of"]
    ]
    # the repeated total and rate point back at the summary; the second name of one rate is that rate;
    # a small count (8个镇街) and another year's total are other facts
    assert dups == [("100%", "建议办结率", True), ("215件", "提出建议数", True), ("100%", "建议办结率", True)]
