"""Decoding helpers: encodings, and the flags that warn a reader the text is not what was written."""

import pytest

from etl.decoding import decode_bytes, quality_flags

BODY = "全年共收到代表建议143件，目前已全部办结，满意率为99.3%。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_decode_bytes_reads_common_encodings(encoding: str) -> None:
    assert decode_bytes(BODY.encode(encoding)).text.lstrip("\ufeff") == BODY


def test_clean_chinese_text_has_no_flags() -> None:
    assert quality_flags(BODY * 10) == []


@pytest.mark.parametrize(
    ("han_share", "flagged"),
    [(0.02, True), (0.08, False)],
)
def test_low_cjk_is_a_share_of_visible_characters(han_share: float, flagged: bool) -> None:
    # spaces and line breaks do not count as visible; the threshold is 5 % Han characters
    visible = 1000
    han = int(visible * han_share)
    text = "代" * han + " \n".join(["x" * 10] * ((visible - han) // 10))
    assert ("low_cjk" in quality_flags(text)) is flagged


def test_han_outside_the_basic_block_counts_as_chinese() -> None:
    # Extension A (㐀) and Extension B (𠀀) characters are Han too
    assert "low_cjk" not in quality_flags("㐀𠀀" * 20 + "abc")


def test_mojibake_and_replacement_characters_are_flagged() -> None:
    assert "mojibake" in quality_flags(BODY.encode("utf-8").decode("latin-1"))
    assert "mojibake" in quality_flags("锟斤拷" + BODY)
    assert "replacement_chars" in quality_flags(BODY + "\ufffd")


def test_control_characters_are_flagged_when_more_than_a_stray_few() -> None:
    assert "control_chars" not in quality_flags(BODY * 20 + "\x07")
    assert "control_chars" in quality_flags(BODY + "\x07" * 5)
