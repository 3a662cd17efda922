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
