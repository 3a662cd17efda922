"""Articles, TOC and debris: where a figure sits decides which place and year it inherits."""

from etl.segment import segment, sentences_in
from etl.tables import find

BULLETIN = """本市人大信息

目 录

- 监督纵横** 南湖区:代表联络站建设走深走实
- 代表工作** 北湖区:专题询问推动整改

南湖区:代表联络站建设走深走实

南湖区人大常委会今年新建代表联络站12个,接待群众3000余人次。各联络站收集意见建议260条。

(南湖区人大办公室 张三)

北湖区:专题询问推动整改

北湖区人大常委会开展专题询问2次,推动整改问题45个。
"""


def test_toc_is_found_and_articles_follow_headings() -> None:
    seg = segment(BULLETIN)
    assert seg.toc is not None
    toc_text = BULLETIN[seg.toc.start : seg.toc.end]
    assert "监督纵横" in toc_text and "新建代表联络站" not in toc_text
    headings = [a.heading for a in seg.articles if a.heading]
    assert "南湖区:代表联络站建设走深走实" in headings
    assert "北湖区:专题询问推动整改" in headings
    nanhu = next(a for a in seg.articles if a.heading and a.heading.startswith("南湖区"))
    texts = [BULLETIN[s.start : s.end] for s in nanhu.sentences]
    assert any("12个" in t for t in texts) and not any("45个" in t for t in texts)


def test_page_debris_after_keywords_is_split_line_by_line() -> None:
    text = "正文:全年办结建议88件。\n关键词: 违章查询 天气\n- 某省开展专项行动 立案20件\n- 某市发布通知"
    seg = segment(text)
    assert seg.debris is not None and text[seg.debris.start :].startswith("关键词")
    debris_articles = [a for a in seg.articles if a.start >= seg.debris.start]
    assert len(debris_articles) == 3 and all(a.resets_context for a in debris_articles)


def test_sentences_split_on_full_stops_not_on_ellipsis() -> None:
    text = "收回资金合计500万元……这是东区人大的成效。第二句!第三句"
    sents = [text[s.start : s.end] for s in sentences_in(text, 0, len(text), 0)]
    assert sents == ["收回资金合计500万元……这是东区人大的成效。", "第二句!", "第三句"]


def test_flattened_paragraphs_inside_one_line_are_split() -> None:
    text = "第一段说的是南湖区。 第二段说的是北湖区。"
    seg = segment(text)
    paragraphs = {s.paragraph for a in seg.articles for s in a.sentences}
    assert len(paragraphs) == 2


def test_toc_heading_variants() -> None:
    for heading in ("【本期目录】", "目 录", "[目录]"):
        body = "南湖区人大常委会新建联络站12个。" * 3
        text = f"XX人大信息\n{heading}\n南湖区:联络站建设\n\n南湖区:联络站建设\n{body}"
        assert segment(text).toc is not None, heading


def test_table_rows_are_not_headings() -> None:
    text = "南湖区:代表联络站工作\n县区\t接待群众(人次)\n东湖街道\t1215\n| 西湖街道 | 876 |\n全年共接待群众2091人次。"
    assert [a.heading for a in segment(text, find(text).lines).articles] == ["南湖区:代表联络站工作"]
