from etl.consistency import Figure, check_passage


def fig(i: int, kind: str, value: float, name: str, unit: str = "件") -> Figure:
    return Figure(i, i * 10, kind, value, unit if kind == "count" else "%", name)


def test_rate_checked_against_its_counts() -> None:
    figures = [fig(0, "count", 200, "收集问题数"), fig(1, "count", 180, "解决问题数"), fig(2, "rate", 90, "解决率")]
    checks, derived = check_passage(figures)
    assert [(c.index, c.numerator, c.denominator, c.consistency) for c in checks] == [(2, 180, 200, "ok")]
    assert derived == []


def test_mismatch_is_reported() -> None:
    figures = [fig(0, "count", 200, "收集问题数"), fig(1, "count", 120, "解决问题数"), fig(2, "rate", 90, "解决率")]
    checks, _ = check_passage(figures)
    assert checks[0].consistency == "mismatch"


def test_rate_derived_when_only_counts_are_given() -> None:
    figures = [fig(0, "count", 400, "上报问题数"), fig(1, "count", 300, "解决问题数")]
    _, derived = check_passage(figures)
    assert [(d.name, d.value, d.numerator_index, d.denominator_index) for d in derived] == [("解决率", 75.0, 1, 0)]


def test_no_rate_from_unrelated_counts() -> None:
    figures = [fig(0, "count", 12, "开展视察次数", "次"), fig(1, "count", 30, "解决问题数")]
    assert check_passage(figures) == ([], [])


def test_what_was_not_done_is_never_the_numerator() -> None:
    figures = [
        fig(0, "count", 80, "交办建议数"),
        fig(1, "count", 5, "无法解决建议数"),
        fig(2, "count", 72, "解决建议数"),
        fig(3, "rate", 90, "解决率"),
    ]
    checks, _ = check_passage(figures)
    assert [(c.numerator, c.denominator, c.consistency) for c in checks] == [(72, 80, "ok")]
