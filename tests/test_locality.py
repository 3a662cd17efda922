"""Places: nearest in the sentence, then the article, then the document; shared names by context."""

from etl.gazetteer import load
from etl.locality import DocumentPlaces, Locality


def places(text: str) -> DocumentPlaces:
    return DocumentPlaces(text, load())


def test_shared_name_is_settled_by_the_document() -> None:
    text = "杭州市人大常委会组织调研。西湖区人大常委会收到建议12件。"
    dp = places(text)
    loc = dp.for_figure((13, len(text)), text.index("12件"), None)
    assert (loc.city, loc.county) == ("杭州市", "西湖区")
    text2 = "南昌市人大常委会组织调研。西湖区人大常委会收到建议12件。"
    dp2 = places(text2)
    assert dp2.for_figure((13, len(text2)), text2.index("12件"), None).city == "南昌市"


def test_city_named_right_before_settles_a_district() -> None:
    text = "沈阳市和平区人大常委会开展执法检查5次。"
    loc = places(text).for_figure((0, len(text)), text.index("5次"), None)
    assert (loc.province, loc.city, loc.county) == ("辽宁省", "沈阳市", "和平区")


def test_place_after_the_figure_in_the_same_sentence() -> None:
    text = "宁波市人大信息。收回资金合计200万元……这是江北区人大常委会的成效。"
    loc = places(text).for_figure((8, len(text)), text.index("200万元"), None)
    assert (loc.city, loc.county) == ("宁波市", "江北区")


def test_a_shared_name_without_context_stays_unresolved() -> None:
    text = "江北区人大常委会收到建议5件。"  # 江北区 is in Ningbo and in Chongqing
    assert places(text).for_figure((0, len(text)), text.index("5件"), None).county is None


def test_a_shared_name_settled_once_keeps_its_reading_in_the_document() -> None:
    # 鼓楼区 is in Nanjing, Xuzhou, Fuzhou and Kaifeng; the document has settled it once
    # and the document's own place (苏州市, named most) does not settle it
    text = (
        "江苏人大信息\n苏州市吴江区:票决民生实事\n苏州市吴江区人大常委会票决项目12个。\n苏州市人大督办9件。\n"
        "南京市鼓楼区:联络站建设\n鼓楼区建成代表联络站13个。\n鼓楼区各站点接待群众4200人次。"
    )
    loc = places(text).for_figure((text.rindex("\n") + 1, len(text)), text.index("4200"), None)
    assert (loc.city, loc.county) == ("南京市", "鼓楼区")


def test_visited_places_and_titles_are_not_actors() -> None:
    text = "宁波市北仑区人大常委会赴深圳市考察学习,摘自《湖北日报》。"
    found = [loc.city for _, _, loc in places(text).in_span(0, len(text))]
    assert "深圳市" not in found and "湖北省" not in [lv for lv in found]


def test_short_forms_inside_ordinary_words_are_ignored() -> None:
    text = "浙江省某区依托四平台和大运河文化带,结合山区实际开展工作。"
    found = {loc.city for _, _, loc in places(text).in_span(0, len(text))}
    assert "四平市" not in found and "来宾市" not in found


def test_carried_place_is_kept_when_the_sentence_only_names_its_province() -> None:
    beilun = Locality("浙江省", "宁波市", "北仑区", None, "330206", "county")
    text = "北仑区人大常委会在浙江省首创夜询会,开展10期。"
    loc = places(text).for_figure((0, len(text)), text.index("10期"), beilun)
    assert loc.county == "北仑区"


def test_a_larger_place_acting_itself_is_not_pinned_to_a_district() -> None:
    text = (
        "成都市武侯区人大常委会今年共收集群众意见建议420件。成都市人大常委会督办重点建议120件。"
        "四川省人大常委会审议法规草案12件。"
    )
    dp = places(text)
    s2 = (text.index("成都市人大"), text.index("四川省"))
    wuhou = dp.for_figure((0, s2[0]), text.index("420件"), None)
    assert wuhou.county == "武侯区"
    city = dp.for_figure(s2, text.index("120件"), wuhou)
    assert (city.city, city.county) == ("成都市", None)
    prov = dp.for_figure((s2[1], len(text)), text.index("12件"), city)
    assert (prov.province, prov.city) == ("四川省", None)


def test_an_unsettled_name_blocks_the_previous_district() -> None:
    text = "乌鲁木齐市天山区人大常委会开展视察5次。鼓楼区人大常委会开展专题询问3次。"
    dp = places(text)
    start = text.index("鼓楼区")
    tianshan = dp.for_figure((0, start), text.index("5次"), None)
    assert tianshan.county == "天山区"
    assert dp.for_figure((start, len(text)), text.index("3次"), tianshan).county is None


def test_a_masthead_names_the_document_place_over_the_places_its_items_visit() -> None:
    items = "\n乾安县人大常委会开展执法检查4次。\n宁江区人大常委会建成代表之家11个。\n松原市人大常委会召开会议。"
    assert places("长春人大 工作动态" + items).document.city == "长春市"
    assert places("湖北人大信息\n恩施州人大常委会调研8次。\n利川市人大常委会督办建议20件。").document == Locality(
        "湖北省", None, None, None, "420000", "province"
    )
    assert places("北京市朝阳区人大常委会工作回顾\n区人大常委会召开会议14次。").document.adcode == "110105"


def test_only_a_place_opening_the_first_line_with_人大_is_a_masthead() -> None:
    assert places("▲北仑“人大代表夜询会”举行。\n宁波市人大常委会召开会议。").document.city == "宁波市"
    assert places("鼓楼区人大常委会开展预算审查\n组织代表审查部门预算32个。").document.county is None  # which 鼓楼区?


def test_this_city_is_the_one_just_named_not_the_carried_town() -> None:
    text = "小曹娥镇人大试点。该项工作自2019年在小曹娥镇试点、2020年在余姚市推广以来,该市1123名代表已上线。"
    dp = places(text)
    sentence = (text.index("该项"), len(text))
    carried = dp.in_span(0, 4)[0][2]
    assert carried.town == "小曹娥镇"
    loc = dp.for_figure(sentence, text.index("1123名"), carried)
    assert (loc.county, loc.town) == ("余姚市", None)
    market = "小曹娥镇人大试点。2020年在余姚市推广以来,该市场新增商户30家。"
    dp2 = places(market)
    loc2 = dp2.for_figure((market.index("2020"), len(market)), market.index("30家"), dp2.in_span(0, 4)[0][2])
    assert loc2.town == "小曹娥镇"  # 该市场 is a market: naming the city does not lift the town's figure


def test_a_headline_opening_with_a_province_is_not_a_masthead() -> None:
    text = "浙江省人大常委会来我市开展立法调研\n绍兴市人大常委会陪同调研。\n绍兴市人大常委会收到建议30件。"
    assert places(text).document.city == "绍兴市"


def test_a_sentence_saying_应该区分_names_no_place() -> None:
    text = "海曙区人大试点。在北仑区试点、在宁波市推广以来,应该区分情况办理建议30件。"
    dp = places(text)
    carried = dp.in_span(0, 3)[0][2]
    assert dp.for_figure((text.index("在北仑"), len(text)), text.index("30件"), carried).county == "海曙区"


def test_a_shared_town_name_belongs_to_the_county_named_last() -> None:
    text = (
        "乌兰察布人大信息\n兴和县城关镇人大主席团组织活动12次。\n"
        "和林格尔县人大常委会督办建议48件。城关镇人大主席团推动解决问题23个。"
    )
    dp = places(text)
    start = text.index("城关镇人大主席团推动")
    loc = dp.for_figure((start, len(text)), text.index("23个"), None)
    assert (loc.county, loc.town) == ("和林格尔县", "城关镇")
    first = dp.for_figure((text.index("兴和县"), start), text.index("12次"), None)
    assert (first.county, first.town) == ("兴和县", "城关镇")


def test_national_bodies_report_for_no_province() -> None:
    text = "常州市人大常委会建成代表之家58个。十四届全国人大常委会2023年共审议法律案30件。"
    dp = places(text)
    carried = dp.in_span(0, 3)[0][2]
    national = dp.for_figure((text.index("十四届"), len(text)), text.index("30件"), carried)
    assert national == Locality(None, None, None, None, None, None)
    deputy = "常州市人大常委会召开会议。全国人大代表、武进区代表张某走访群众300户。"
    dp2 = places(deputy)
    loc = dp2.for_figure((deputy.index("全国"), len(deputy)), deputy.index("300户"), dp2.in_span(0, 3)[0][2])
    assert loc.county == "武进区"  # a deputy to the NPC works where he lives


def test_places_listed_together_share_the_figures_that_follow() -> None:
    text = "长沙市岳麓区、株洲市天元区等地新建普惠托育机构27家。沈阳市和平区和沈河区共调处纠纷56件。"
    dp = places(text)
    first_end = text.index("。") + 1
    loc = dp.for_figure((0, first_end), text.index("27家"), None)
    assert (loc.province, loc.city, loc.county, loc.adcode) == ("湖南省", None, None, "430000")
    assert dp.last(0, first_end) == loc  # ... and the next sentence carries that shared place
    two = dp.for_figure((first_end, len(text)), text.index("56件"), None)
    assert (two.city, two.county, two.adcode) == ("沈阳市", None, "210100")
    assert places("北京、天津、河北三地检查企业120家。").last(0, 20).province is None
    # one name written in parts is no list
    assert dp.last(0, text.index("、")).county == "岳麓区"


def test_a_list_of_places_is_not_overridden_by_the_place_carried_in() -> None:
    text = "江北区、镇海区等地也开展了类似活动,收集意见360条。"
    dp = places(text)
    haishu = Locality("浙江省", "宁波市", "海曙区", None, "330203", "county")
    assert dp.for_figure((0, len(text)), text.index("360条"), haishu).county is None
    assert dp.for_figure((0, len(text)), text.index("360条"), haishu).city == "宁波市"
    across = "成都市锦江区、重庆市渝中区两地人大共同形成报告2份。"
    jinjiang = Locality("四川省", "成都市", "锦江区", None, "510104", "county")
    assert places(across).for_figure((0, len(across)), across.index("2份"), jinjiang).province is None
