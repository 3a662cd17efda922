from etl.programs import OTHER, TAXONOMY, classify, initiative


def test_sentence_words_decide_the_program() -> None:
    assert classify("代表参与调处矛盾纠纷30件", None, "") == "矛盾纠纷调处"
    assert classify("审计查出问题已整改销号25个", None, "") == "审计整改监督"
    assert classify("办结代表建议80件,满意率96%", None, "") == "代表建议办理"
    assert classify("今天天气很好", None, "") == OTHER


def test_heading_breaks_ties() -> None:
    assert classify("共开展活动12次", "南湖区:生态环境监督显成效", "") == "生态环境"


def test_taxonomy_labels_are_unique() -> None:
    labels = [p.label for p in TAXONOMY]
    assert len(labels) == len(set(labels))


def test_initiative_is_a_quoted_program_name() -> None:
    assert initiative("通过“代表民生议事会”收集问题20件", None, "") == "代表民生议事会"
    assert initiative("打造“美丽乡村”样板", None, "") is None


def test_lawmaking_and_filing_review_is_a_line_of_work() -> None:
    assert classify("审议法规草案和法规性决定草案26件", None, "") == "立法与备案审查"
    assert classify("审查规范性文件126件,纠正8件", None, "") == "立法与备案审查"
    # problems an enforcement inspection found are rectified too: 整改 alone is not audit work
    assert classify("已整改问题65个", "西昌市:道路交通安全法执法检查", "") == "执法检查与视察"
    assert classify("开展相关法规培训会40余场", None, "") == "代表履职与培训"
    # ... and where 审计 is named, 整改 votes for audit work
    assert classify("整改问题87个,整改率92%", None, "审计查出问题的资金使用情况") == "审计整改监督"
