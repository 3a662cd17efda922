"""The indicator catalogue is well formed: every id once, rates formed from entries that exist,
units canonical for their kind, every program a line of work of the taxonomy."""

import pytest

from etl import catalogue, programs
from etl.units import _BY_SURFACE

CAT = catalogue.load()
COUNT_UNITS = {u.symbol for u in _BY_SURFACE.values() if u.kind == "count"}


def test_ids_are_unique_and_titled() -> None:
    ids = [e.id for e in CAT]
    assert len(ids) == len(set(ids)) >= 90
    assert all(e.title and e.definition for e in CAT)


def test_a_repeated_id_is_refused() -> None:
    header = list(catalogue.COLUMNS)
    row = ["x数", "X", "count", "件", "d", "其他", "", "", "", "def"]
    with pytest.raises(ValueError, match="listed twice"):
        catalogue.parse([header, row, row])


def test_a_short_row_is_refused() -> None:
    with pytest.raises(ValueError, match=r":2: 3 fields"):
        catalogue.parse([list(catalogue.COLUMNS), ["a", "b", "c"]])


@pytest.mark.parametrize("entry", [e for e in CAT if e.kind == "rate"], ids=lambda e: e.id)
def test_rates_are_formed_from_entries_that_exist(entry: catalogue.Indicator) -> None:
    assert entry.unit == "%"
    assert entry.basis in catalogue.BASES
    assert entry.numerator in CAT
    if entry.basis == "share":
        assert entry.denominator in CAT
        assert CAT[entry.denominator].kind == CAT[entry.numerator].kind
    else:
        assert entry.denominator is None


def test_units_are_canonical_for_their_kind() -> None:
    for e in CAT:
        assert e.kind in catalogue.KINDS, e.id
        if e.kind == "amount":
            assert e.unit == "元", e.id
        elif e.kind == "count":
            assert e.unit in COUNT_UNITS, e.id
        if e.kind != "rate":
            assert e.basis is None and e.numerator is None and e.denominator is None, e.id


def test_every_program_is_a_line_of_work() -> None:
    labels = {p.label for p in programs.TAXONOMY} | {programs.OTHER}
    assert {e.program for e in CAT} <= labels


def test_a_count_knows_its_rate() -> None:
    assert CAT.rate_of("办结建议数") == "建议办结率"
    assert CAT.rate_of("调处矛盾纠纷数") == "矛盾纠纷化解率"
    assert CAT.rate_of("提出建议数") is None  # a total is no numerator
