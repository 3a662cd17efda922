"""Results of work are core; rules, targets, thresholds, deadlines and structural facts are not."""

import pytest

from etl import core
from etl.metrics import extract


def flags(text: str) -> list[tuple[str, bool, str | None]]:
    return [(m["quote"], m["core"], m["indicator"]) for m in extract(text, "t").metrics if not m["derived"]]


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        ("各联络站每季度进站接待不少于1次。", "1次"),
        ("办理时限不超过5个工作日，须在10个工作日内答复。", "10个工作日"),
        ("力争全年建议办结率达到98%。", "98%"),
        ("到2027年要完成23个村的改造。", "23个"),
        ("代表满意度在95%以上的占比达到90%。", "95%"),
        ("会议应到代表58名，实到代表56名。", "58名"),
        ("由委员、青年代表35人组成青年议事会。", "35人"),
        ("区人大常委会组建7个代表监督小组。", "7个"),
        ("单笔支出100万元以上的项目要有绩效目标。", "100万元"),
    ],
)
def test_rules_targets_and_structure_are_not_core(sentence: str, quote: str) -> None:
    found = {q: (c, i) for q, c, i in flags("西湖区人大常委会\n" + sentence)}
    assert found[quote] == (False, None)  # and a figure that is not core gets no indicator


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        ("实到代表56名，共收集意见建议120条。", "120条"),
        ("全年共开展接待活动46场次。", "46场次"),
        ("每年新增就业1.2万人。", "1.2万人"),
        ("代表提出确保清洁供热全覆盖等15条意见建议。", "15条"),
        ("计划总投资3.6亿元的民生实事项目全部开工。", "3.6亿元"),
    ],
)
def test_results_stay_core(sentence: str, quote: str) -> None:
    found = {q: c for q, c, _ in flags("西湖区人大常委会\n" + sentence)}
    assert found[quote] is True


def test_a_cue_file_row_needs_a_pattern() -> None:
    assert all(c.before is not None or c.after is not None for c in core.cues())
    assert core.not_core_reason("每月开展1次集中接待", 4, 6) == "frequency"
    assert core.not_core_reason("本月开展集中接待12次", 8, 11) is None
