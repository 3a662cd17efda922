import datetime as dt

import pytest

from etl.years import YearMention, document_year, resolve, year_for, year_mentions


def test_stated_year_before_the_figure_wins() -> None:
    s = "2022年以来,共收集问题50件。"
    assert year_for(year_mentions(s), s.index("50件"), None, 2024) == 2022


def test_relative_years_use_the_document_year() -> None:
    s = "去年,区人大开展视察8次。"
    assert year_for(year_mentions(s), s.index("8次"), None, 2023) == 2022
    assert resolve(YearMention(0, None, "今年"), 2023) == 2023
    assert resolve(YearMention(0, None, "去年"), None) is None


def test_carried_year_and_none() -> None:
    assert year_for([], 0, 2021, 2023) == 2021
    assert year_for([], 0, None, 2023) is None


def test_document_year_prefers_the_published_date() -> None:
    assert document_year("2019年和2021年的情况", dt.date(2022, 3, 1)) == 2022
    assert document_year("2019年和2021年的情况", None) == 2021
    assert document_year("没有年份", None) is None


def test_year_words_that_are_not_years() -> None:
    assert year_mentions("90年代的3年级") == []


def test_document_year_after_a_finished_year() -> None:
    assert document_year("去年,到2021年底完成目标;2021年度预算执行报告", None) == 2022
    assert document_year("2021年以来开展活动,去年3月启动", None) == 2021


def test_comparison_baselines_are_not_the_figures_year() -> None:
    s = "2023年督办重点建议15件,比2022年增加3件,较去年提高5个百分点。"
    assert [m.year for m in year_mentions(s)] == [2023]


def test_chinese_numeral_years_and_target_years() -> None:
    assert [m.year for m in year_mentions("二〇二三年以来")] == [2023]
    assert document_year("2021年开展工作,到2035年远景目标", None) == 2021


def test_a_starting_year_governs_only_the_starting_figure() -> None:
    s = "解决率由去年的82%提高到91%,提高9个百分点。"
    mentions = year_mentions(s)
    assert year_for(mentions, s.index("82%"), None, 2023) == 2022
    assert year_for(mentions, s.index("91%"), None, 2023) is None  # not last year's figure
    assert year_for(mentions, s.index("91%"), 2023, 2023) == 2023  # the paragraph's year, carried in


@pytest.mark.parametrize(
    ("sentence", "quote", "year"),
    [
        ("从2022年开始,区人大常委会共收到代表建议300件。", "300件", 2022),
        ("从2023年1月至6月,共收集意见建议450条。", "450条", 2023),
        ("从2021年起,组织代表深入到基层1200人次。", "1200人次", 2021),
    ],
)
def test_a_starting_year_that_is_not_a_baseline_dates_what_follows(sentence: str, quote: str, year: int) -> None:
    assert year_for(year_mentions(sentence), sentence.index(quote), None, 2024) == year
