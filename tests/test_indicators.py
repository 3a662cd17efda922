"""Names and subjects that analysts compare figures by."""

import pytest

from etl.indicators import describe
from etl.quantities import find


def first(sentence: str, previous_subject: str | None = None):
    q = find(sentence)[0]
    return describe(sentence, q, previous_subject)


@pytest.mark.parametrize(
    ("sentence", "kind", "name", "subject"),
    [
        ("代表参与调处矛盾纠纷56件。", "count", "调处矛盾纠纷数", "矛盾纠纷"),
        ("共收到代表建议210件。", "count", "收到代表建议数", "代表建议"),
        ("新建代表联络站12个。", "count", "新建代表联络站数", "代表联络站"),
        ("开展专题询问3次。", "count", "专题询问次数", "专题询问"),
        ("列入监督的40个问题已全部整改。", "count", None, "问题"),
        ("信访事项化解率达到97%。", "rate", "化解率", "信访事项"),
        ("收回各类资金合计1200万元。", "amount", "收回资金", "各类资金"),
    ],
)
def test_names(sentence: str, kind: str, name: str | None, subject: str) -> None:
    ind = first(sentence)
    assert ind.kind == kind
    if name is not None:
        assert ind.name == name
    assert ind.subject == subject


def test_rate_without_its_own_subject_takes_the_previous_count_subject() -> None:
    sentence = "答复率为100%。"
    assert first(sentence, previous_subject="意见建议").subject == "意见建议"


def test_rules_and_durations_are_not_core() -> None:
    assert not first("50万元以上的项目要开展绩效评价。").core
    assert not first("在10个工作日内答复。").core
    assert first("全年办结建议120件。").core


def test_measure_named_by_what_changes() -> None:
    sentence = "日处理能力由3万吨/日提升至8万吨/日。"
    names = {describe(sentence, q).name for q in find(sentence)}
    assert names == {"日处理能力"}


def test_durations_named_by_what_they_time() -> None:
    assert first("建立24小时值班制度。").name == "值班制度时长"
    assert first("须在15个工作日内答复代表。").name.endswith("期限")


def test_amount_named_by_its_own_clause() -> None:
    sentence = "提出意见建议46条,推动压减低效支出3200余万元。"
    q = find(sentence)[-1]
    assert describe(sentence, q).name == "压减低效支出"


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        # a resultative 为 belongs to the verb
        ("全年向有关部门转化为代表建议12件。", "转化代表建议数", "代表建议"),
        # the head noun follows the 等 that closes a list of examples, or the 的 of a modifier
        ("提出推进老旧小区改造、加装电梯等民生建议15条。", "提出民生建议数", "民生建议"),
        ("今年已开展党建引领的“乡村议事会”活动9期。", "乡村议事会活动期数", "乡村议事会活动"),
        # 省、市、县三级人大代表: the clause cut at 、 leaves a level fragment, not part of the noun
        ("组织省、市、县三级人大代表80余人次开展视察。", "组织代表人次", "人大代表"),  # as without the levels
        # a count noun takes no second 数; a bare 量 makes one word with its verb
        ("全县新冠疫苗接种人数超过12.5万。", "接种人数", "接种人数"),
        ("单日疫苗接种量最高达到2万针次。", "接种量", "接种量"),
    ],
)
def test_count_names_keep_the_head_noun(sentence: str, name: str, subject: str) -> None:
    ind = first(sentence)
    assert (ind.name, ind.subject) == (name, subject)


def test_a_share_is_of_what_follows_its_de() -> None:
    ind = first("截至年底完成了80%的适龄儿童筛查。")
    assert (ind.name, ind.subject) == ("占比", "适龄儿童筛查")


def test_a_modifier_without_its_noun_counts_what_the_paragraph_counted() -> None:
    sentence = "测评结果为满意的56件,基本满意的3件。"
    found = find(sentence)
    named = [describe(sentence, q, previous_subject="代表建议") for q in found]
    assert [(i.name, i.subject) for i in named] == [("满意件数", "代表建议"), ("基本满意件数", "代表建议")]
    other = "其中群众表示“不满意”的有2件。"
    assert describe(other, find(other)[0], "信访件").name == "不满意件数"


def test_the_noun_after_a_count_may_be_quoted_but_not_an_adverbial() -> None:
    assert first("重点督办3件“难办”件。").name == "督办难办件数"
    assert first("连续五年对“河长制”开展视察。").subject != "对河长制开展视察"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # 检查 closes the object 执法检查; the verb that governs it is 开展
        ("2022年开展执法检查5次。", "执法检查次数"),
        # a verb inside a quoted name is part of the name
        ("开展代表联络站“接待日”活动45场。", "代表联络站接待日活动场次"),
        # two verbs joined by 和 both report the count
        ("已经解决和基本解决271件。", "解决数"),
    ],
)
def test_the_governing_verb_of_a_count(sentence: str, name: str) -> None:
    assert first(sentence).name == name


def test_a_verb_without_object_counts_what_was_just_counted() -> None:
    sentence = "收集意见建议650条,其中已办结612条。"
    collected, done = find(sentence)
    first_count = describe(sentence, collected)
    second = describe(sentence, done, previous_subject=first_count.subject)
    assert (second.name, second.subject) == ("办结意见建议数", "意见建议")


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("召开常委会会议8次、执法检查5次。", "执法检查次数", "执法检查"),  # an activity named by its verb
        ("全区共有各级人大代表1536名。", "代表数", "各级人大代表"),
    ],
)
def test_nouns_of_counts(sentence: str, name: str, subject: str) -> None:
    sentence_qs = find(sentence)
    ind = describe(sentence, sentence_qs[-1])
    assert (ind.name, ind.subject) == (name, subject)


def test_a_bound_after_a_rate_is_not_its_subject() -> None:
    assert first("城镇登记失业率控制在3%以内。", "城镇就业").subject != "以内"


def test_a_duration_already_named_as_one_is_not_named_twice() -> None:
    assert first("会议时长约2小时。").name == "会议时长"


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("共举行座谈会20余场。", "座谈会场次", "座谈会"),
        ("以青年代表为核心，组建监督小组3支。", "监督小组数", "监督小组"),
        ("去年进行专项视察6次。", "专项视察次数", "专项视察"),
    ],
)
def test_a_light_verb_is_not_part_of_the_name(sentence: str, name: str, subject: str) -> None:
    ind = first(sentence)
    assert (ind.name, ind.subject) == (name, subject)


def test_a_verb_that_takes_a_verb_lets_the_second_report() -> None:
    """推动解决, 帮助解决: 解决 reports, and what it solved is what the paragraph counted."""
    assert first("已推动解决98个。", "问题").name == "解决问题数"
    assert first("帮助协调解决12件。", "实际困难").name == "解决实际困难数"


def test_a_count_without_any_noun_counts_what_the_paragraph_counted() -> None:
    assert first("其余3件正在加快推进。", "民生实事项目").name == "民生实事项目数"


def test_the_noun_after_a_count_ends_where_the_predicate_starts() -> None:
    assert first("在13个街道全面推行网格工作法。").subject == "街道"
    assert first("组织482名各级人大代表下沉到网格。").subject == "各级人大代表"


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("群众对项目实施的满意率达96.7%。", "项目实施"),
        ("群众对于代表督事满意率达95%。", "代表督事"),
    ],
)
def test_what_is_rated_follows_dui(sentence: str, subject: str) -> None:
    assert first(sentence).subject == subject


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("群众满意率达96.7%，较去年提高2.3个百分点。", "满意率提高"),
        ("增速比上年同期提高1.2个百分点。", "增速提高"),
        ("同比下降0.8个百分点。", "下降幅度"),
    ],
)
def test_percentage_points_name_the_change_of_their_rate(sentence: str, name: str) -> None:
    q = find(sentence)[-1]
    assert q.unit.symbol == "个百分点"
    assert describe(sentence, q).name == name


def test_an_amount_without_a_money_noun_is_named_by_its_own_noun() -> None:
    ind = first("1—10月，全区实现地区生产总值3286.5亿元。")
    assert (ind.kind, ind.name) == ("amount", "地区生产总值")


def test_an_adverb_of_progress_does_not_make_the_verb_a_noun() -> None:
    assert first("正在办理38条。", "意见建议").name == "办理意见建议数"


def test_a_predicate_after_the_counted_noun_is_not_part_of_it() -> None:
    assert first("在全区23个乡镇(街道)建成代表之家。").subject == "乡镇(街道)"


def test_who_spent_money_is_not_part_of_the_money_noun() -> None:
    ind = first("秦州区人大常委会投入资金280万元。")
    assert (ind.name, ind.subject) == ("投入资金", "资金")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("今年共交办代表建议186件。", "交办代表建议数"),
        ("备案审查规范性文件42件。", "审查规范性文件数"),
        ("开展矛盾纠纷排查560次。", "矛盾纠纷排查次数"),
    ],
)
def test_more_reporting_verbs(sentence: str, name: str) -> None:
    assert first(sentence).name == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("该项目连续2年入选区级民生实事。", "连续入选年数"),
        ("代表3年连提同类建议。", "连提年数"),
        ("3年连续提出同一建议。", "连续提出年数"),
        ("连续3个月开展专项督查。", "连续开展月数"),
        ("连续四年对污水零直排开展调研。", "连续年数"),  # a preposition follows: no verb to name
    ],
)
def test_periods_in_a_row_are_named_by_what_was_repeated(sentence: str, name: str) -> None:
    assert first(sentence).name == name


def test_a_plain_duration_keeps_its_noun() -> None:
    assert first("建立24小时信息互通渠道。").name == "信息互通渠道时长"


def nth(sentence: str, quote: str, previous_subject: str | None = None):
    q = next(q for q in find(sentence) if sentence[q.start : q.end] == quote)
    return describe(sentence, q, previous_subject)


@pytest.mark.parametrize(
    ("sentence", "quote", "name"),
    [
        ("矛盾纠纷化解率由上年的82%提高到91%。", "82%", "化解率"),
        ("矛盾纠纷化解率由上年的82%提高到91%。", "91%", "化解率"),
        ("全县城镇登记失业率控制在3.5%以内。", "3.5%", "失业率"),
        ("群众知晓度达到88%。", "88%", "知晓度"),
    ],
)
def test_the_rate_word_names_figures_across_from_to_and_kept_within(sentence: str, quote: str, name: str) -> None:
    assert nth(sentence, quote).name == name


def test_a_one_character_noun_is_counted_when_its_clause_ends() -> None:
    sentence = "调研组深入5个县、32个村,走访20余名省、市人大代表。"
    assert (nth(sentence, "32个").name, nth(sentence, "32个").subject) == ("村数", "村")
    assert nth(sentence, "20余名").subject != "省"  # 省、市 is a list of levels, not the people counted


def test_a_count_inside_a_place_phrase_is_not_the_verbs_object() -> None:
    sentence = "组织各级人大代表在全市15个代表联络站开展接待活动。"
    assert nth(sentence, "15个").name == "代表联络站数"


def test_a_figure_listed_after_another_shares_its_verb() -> None:
    sentence = "组织代表参加培训3期、180人次。"
    assert nth(sentence, "180人次").name == "培训人次"


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("推动关停高耗能企业12家。", "关停高耗能企业数", "高耗能企业"),
        ("审查中核减项目资金560万元。", "核减资金", "项目资金"),
        ("全年票决产生民生实事项目10项。", "票决产生民生实事项目数", "民生实事项目"),
        ("代表领办共富项目35个。", "领办共富项目数", "共富项目"),
        ("带动群众增收1.2亿元。", "带动群众增收", "群众增收"),
    ],
)
def test_verbs_of_closing_cutting_and_voting(sentence: str, name: str, subject: str) -> None:
    ind = first(sentence)
    assert (ind.name, ind.subject) == (name, subject)


def test_a_negation_before_the_verb_is_part_of_the_name() -> None:
    sentence = "督办建议76件,已解决68件,因条件限制暂时无法解决3件。"
    assert nth(sentence, "68件", "建议").name == "解决建议数"
    assert nth(sentence, "3件", "建议").name == "无法解决建议数"


def test_a_count_after_a_comparison_is_a_change_of_the_count_before() -> None:
    sentence = "代表全年提出建议121件,较上年增加15件。"
    ind = nth(sentence, "15件", "建议")
    assert (ind.name, ind.subject) == ("建议增加数", "建议")


def test_the_verb_before_a_list_of_examples_names_the_count() -> None:
    sentence = "推动解决老旧小区加装电梯、停车难等问题37个。"
    assert nth(sentence, "37个").name == "解决问题数"


def test_a_count_inside_an_object_phrase_is_not_the_verbs_object() -> None:
    sentence = "组织代表和专家对32个部门预算开展初审。"
    assert nth(sentence, "32个").name == "部门预算数"


def test_a_money_noun_never_starts_inside_its_verb() -> None:
    ind = first("推动压减一般性支出1860万元。")
    assert (ind.name, ind.subject) == ("压减一般性支出", "一般性支出")


def test_a_manner_word_belongs_to_the_rate_name() -> None:
    ind = nth("受理诉求2.5万件,按时办结率达到99.2%。", "99.2%", "诉求")
    assert (ind.name, ind.subject) == ("按时办结率", "诉求")


def test_the_activity_after_a_light_verb_names_the_count() -> None:
    ind = nth("组织百余名代表开展视察近百场。", "百场", "代表")
    assert (ind.name, ind.subject) == ("视察场次", "视察")


def test_a_code_with_letters_stays_in_the_noun() -> None:
    assert first("建成5G智慧代表联络站120个。").subject == "5G智慧代表联络站"


def test_what_was_repeated_follows_a_period_in_a_row() -> None:
    assert nth("浦口区人大常委会连续12年开展满意度测评。", "12年").subject == "满意度测评"


def test_a_class_of_what_was_just_counted() -> None:
    sentence = "收到代表建议215件,其中A类(已解决或基本解决)168件,占78.1%。"
    ind = nth(sentence, "168件", "代表建议")
    assert (ind.name, ind.subject) == ("A类代表建议数", "代表建议")
    assert nth("联络站(点)16个。", "16个").subject == "联络站(点)"  # a short bracket is part of the noun


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("代表建议办理满意和基本满意率达100%。", "满意和基本满意率", "代表建议"),
        ("矛盾纠纷化解成功率98%。", "化解成功率", "矛盾纠纷"),
    ],
)
def test_compound_rate_words(sentence: str, name: str, subject: str) -> None:
    ind = first(sentence)
    assert (ind.name, ind.subject) == (name, subject)


def test_an_activity_with_a_three_character_modifier() -> None:
    assert nth("听取报告12个、满意度测评1次。", "1次", "专项工作报告").name == "满意度测评次数"
    assert nth("“出重拳”督办4件。", "4件").name.startswith("督办")  # a slogan is not a kind of 督办


def test_a_predicate_after_the_counted_noun_ends_it() -> None:
    assert first("全区18个代表联络站共接待群众3400余人次。").subject == "代表联络站"


def test_financing_is_money() -> None:
    ind = first("帮助企业解决融资4.3亿元。")
    assert (ind.name, ind.subject) == ("解决融资", "融资")


def test_people_counted_without_an_object_are_who_acted() -> None:
    sentence = "夜询会已开展10期,代表参与68人次,部门负责人现场答复72人次。"
    assert (nth(sentence, "68人次").name, nth(sentence, "68人次").subject) == ("代表参与人次", "代表")
    assert nth(sentence, "72人次").subject == "部门负责人"
    assert nth("收集意见建议650条,已办结612条。", "612条", "意见建议").subject == "意见建议"  # things: the last counted


def test_the_process_after_a_counted_thing_is_not_part_of_it() -> None:
    assert nth("对143件建议办理进行回头看。", "143件").subject == "建议"
    assert nth("评估两件重点督办建议办理情况。", "两件").subject == "重点督办建议"
    assert first("开展3次执法检查。").subject == "执法检查"  # a kind of inspection keeps its verb


def test_a_noun_listed_after_a_figure_shares_its_verb() -> None:
    sentence = "发放惠企政策手册5000份、海报700余张。"
    assert nth(sentence, "700余张").name == "发放海报数"


def test_a_list_of_levels_before_the_noun_is_skipped() -> None:
    ind = nth("推荐20余名省、市各级人大代表加入体验官队伍。", "20余名")
    assert (ind.name, ind.subject) == ("推荐代表数", "人大代表")


@pytest.mark.parametrize(
    ("sentence", "quote", "name", "subject"),
    [
        # a change in points keeps its change verb; a level needs 到/至 after the verb
        ("城镇登记失业率下降0.3个百分点。", "0.3个百分点", "失业率下降", None),
        ("满意度由2022年的90.1%上升到95.3%。", "95.3%", "满意度", None),
        # what is not finished does not borrow 办结 across a comma
        ("交办代表建议156件,已办结150件,其余6件正在推进。", "6件", "代表建议数", "代表建议"),
        ("围绕12项重点工作开展专项监督。", "12项", "重点工作数", "重点工作"),  # 工作 alone is part of the noun
        ("组织代表督查在建的12个重点项目。", "12个", "督查重点项目数", "重点项目"),  # 在建 is not a place phrase
        ("其中A类45件,B类30件。", "30件", "B类数", "B类"),  # no class of a class
    ],
)
def test_rules_stay_within_their_patterns(sentence: str, quote: str, name: str, subject: str | None) -> None:
    ind = nth(sentence, quote, "代表建议" if "其余" in sentence else None)
    assert ind.name == name
    if subject is not None:
        assert ind.subject == subject


def test_levels_are_skipped_only_before_a_level_word() -> None:
    assert nth("走访12个村和村民小组。", "12个").subject != "民小组"
    assert nth("常委会组成人员参加65人次。", "65人次").subject != "委会组成人员"  # no cut words


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("出动执法车辆45车次。", "出动执法车辆车次", "执法车辆"),  # 车次 names itself, like 人次
        ("安装路灯260盏。", "安装路灯数", "路灯"),
    ],
)
def test_units_of_works_and_enforcement(sentence: str, name: str, subject: str) -> None:
    ind = first(sentence)
    assert (ind.name, ind.subject) == (name, subject)


def test_words_that_tell_kinds_of_the_same_work_apart_are_kept() -> None:
    sentence = "提出问题建议117件,其中当场落实61件,后期追踪解决44件。"
    assert nth(sentence, "61件", "问题建议").name == "当场落实问题建议数"
    assert nth(sentence, "44件", "问题建议").name == "后期追踪解决问题建议数"
    assert first("各部门互相推送矛盾线索552件。").name == "互相推送矛盾线索数"


def test_two_verbs_joined_by_和_both_report() -> None:
    assert first("常委会听取和审议专项工作报告28个。").name == "听取审议专项工作报告数"
    assert first("已经解决和基本解决271件。", "问题").name == "解决问题数"  # 基本 stands between


def test_people_without_a_verb_before_are_counted_by_what_they_did() -> None:
    ind = first("该市1123名四级代表已全部上线。")
    assert (ind.name, ind.subject) == ("上线代表数", "四级代表")
    assert first("走访群众3000余名开展宣传。").name == "走访群众数"  # a verb before still decides


def test_names_drop_the_levels_before_代表_and_subjects_keep_them() -> None:
    ind = first("推荐20余名省、市各级人大代表加入队伍。")
    assert (ind.name, ind.subject) == ("推荐代表数", "人大代表")
    assert first("组织482名各级人大代表,深入网格。").name == "组织代表数"
    assert first("选派35名青年代表,参加议事。").name == "选派青年代表数"  # a kind of 代表 is kept
    assert first("组织3名全国人大代表,开展视察。").name == "组织全国人大代表数"  # so is the national level


@pytest.mark.parametrize(
    ("sentence", "quote", "name"),
    [
        ("列入专项监督的215个问题中,有185个问题已基本得到落实。", "185个", "基本落实问题数"),
        ("两千余条意见建议全部办结。", "两千余条", "办结意见建议数"),
        ("14个问题已整改12个。", "14个", "问题数"),  # another figure follows: 14 is the total
        ("对两件重点督办建议办理情况进行评估。", "两件", "重点督办建议数"),  # 办理情况 names a process
        ("另有5个问题尚未整改。", "5个", "尚未整改问题数"),  # not counted among the rectified
    ],
)
def test_a_count_that_opens_its_clause_is_named_by_what_followed(sentence: str, quote: str, name: str) -> None:
    assert nth(sentence, quote).name == name


def test_a_share_of_things_ends_where_the_next_figure_begins() -> None:
    ind = nth("约15%的联络站全年活动不足4次。", "15%")
    assert (ind.name, ind.subject) == ("占比", "联络站全年活动")


def in_order(sentence: str, previous_subject: str | None = None) -> list[tuple[str | None, str | None]]:
    """Names and subjects of every figure, each count's subject passed on as the pipeline does."""
    out = []
    for q in find(sentence):
        ind = describe(sentence, q, previous_subject)
        if ind.kind == "count" and ind.subject:
            previous_subject = ind.subject
        out.append((ind.name, ind.subject))
    return out


def test_a_verb_before_a_de_without_its_noun_counts_what_was_just_counted() -> None:
    sentence = "126件建议已全部办复,其中已经解决或基本解决的98件,列入计划逐步解决的21件,因条件限制暂时不能解决的7件。"
    assert in_order(sentence) == [
        ("办复建议数", "建议"),
        ("解决建议数", "建议"),
        ("逐步解决建议数", "建议"),
        ("不能解决建议数", "建议"),
    ]
    # the earlier figure is not part of the noun, and an intransitive verb names the count
    assert in_order("12个项目已完工10个。") == [("项目数", "项目"), ("完工项目数", "项目")]


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("推动新建社区养老服务中心5个。", "新建社区养老服务中心数", "社区养老服务中心"),
        ("全县建成代表接待站20个。", "建成代表接待站数", "代表接待站"),
        ("选聘人民调解员30名。", "选聘人民调解员数", "人民调解员"),
        ("发现问题12个,整改到位10个。", "整改到位问题数", "问题"),  # a result after the verb is not its object
        ("各级代表领办创办致富项目320余个。", "创办致富项目数", "致富项目"),
    ],
)
def test_a_verb_inside_a_noun_does_not_name_the_count(sentence: str, name: str, subject: str) -> None:
    assert in_order(sentence)[-1] == (name, subject)


def test_a_list_after_a_listed_figure_takes_the_verb_of_its_own_item() -> None:
    sentence = "推动新建社区养老服务中心5个、改造老旧小区38个。"
    assert in_order(sentence)[-1] == ("改造老旧小区数", "老旧小区")


def test_money_named_by_the_work_not_the_wrongdoing() -> None:
    assert (first("追回违规拨付资金3860万元。").name, first("追回违规拨付资金3860万元。").subject) == (
        "追回资金",
        "违规拨付资金",
    )
    assert first("全区国有资产总额达628.4亿元。").subject == "国有资产总额"


def test_a_change_in_points_names_what_the_rate_is_of() -> None:
    ind = first("空气质量优良天数比例较上年提高2.3个百分点。", previous_subject="企业")
    assert (ind.name, ind.subject) == ("比例提高", "空气质量优良天数")

    manner = nth("按时办结率达到99.2%,较上半年提高0.8个百分点。", "0.8个百分点", previous_subject="诉求")
    assert (manner.name, manner.subject) == ("按时办结率提高", "诉求")


def test_how_often_something_is_done_is_a_rule_not_a_result() -> None:
    assert (first("每月开展1次集中接待。").name, first("每月开展1次集中接待。").core) == ("集中接待次数", False)
    assert not first("每周一安排一至两名人大代表接待群众来访。").core
    # a frequency in an earlier clause does not make a later result a rule
    assert first("每月围绕“监督菜单”开展联合督查,今年已开展联合监督8场。").core


def test_a_noun_with_zhong_inside_is_whole() -> None:
    assert first("全县建成12个党群服务中心。").subject == "党群服务中心"
    assert first("56个问题中,有50个已整改。").subject == "问题"


def test_bounds_and_quotas_that_a_rule_sets_are_not_core() -> None:
    sentence = "对违法行为处5000元以上2万元以下罚款。"
    assert [describe(sentence, q).core for q in find(sentence)] == [False, False]
    assert first("收回资金100万元以上。").core  # a result with its bound
    assert not first("每人联系2至3名基层代表。").core


def test_a_shortened_time_is_a_change() -> None:
    assert first("群众办事时间平均缩短40%以上。").name == "缩短率"


def test_a_list_of_nouns_shares_the_verb_that_opens_it() -> None:
    assert first("批准设区的市和自治州法规、单行条例36件。").name == "批准单行条例数"


def test_verbs_of_lawmaking_and_inviting() -> None:
    assert first("废止地方性法规2件。").name == "废止地方性法规数"
    assert first("邀请代表列席常委会会议126人次。").name == "邀请代表列席常委会会议人次"
    # 修改意见 is a noun: 修改 does not report here
    assert in_order("收到修改意见和建议326条,采纳修改意见120条。") == [
        ("收到修改意见和建议数", "修改意见和建议"),
        ("采纳修改意见数", "修改意见"),
    ]


def test_works_started_and_finished_count_the_thing_before_the_verb() -> None:
    assert in_order("老旧小区改造开工236个,已完工180个。") == [
        ("开工老旧小区改造数", "老旧小区改造"),
        ("完工老旧小区改造数", "老旧小区改造"),
    ]
    assert in_order("交办的问题已整改到位29处。") == [("整改到位问题数", "问题")]
    assert in_order("交办问题整改到位的有36个,整改完毕12个。") == [
        ("整改到位问题数", "问题"),
        ("整改完毕问题数", "问题"),
    ]
    assert in_order("发现火灾隐患31处,督促整改到位29处。")[-1] == ("整改到位火灾隐患数", "火灾隐患")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("农村危房改造2100户。", "农村危房改造数"),  # 改造 reports only where its clause opens
        ("督促完成棚户区改造项目18个。", "完成棚户区改造项目数"),
        ("各乡镇组建小组68个。", "小组数"),  # no verb before takes 小组 as its object (组建 is light)
        ("常委会建设中心城区停车场12个。", "建设中心城区停车场数"),
    ],
)
def test_verbs_that_are_also_nouns(sentence: str, name: str) -> None:
    assert first(sentence).name == name


def test_a_year_or_person_result_is_core_and_a_schedule_is_not() -> None:
    assert first("全县每年新增就业1.2万人。").core
    assert first("平均每名代表提出建议2.3件。").core
    assert not first("每月开展1次集中接待。").core
