"""The gazetteer: shipped data, lookups, the text matcher and the build script's parsing."""

from __future__ import annotations

import collections
import functools
import importlib.util
import json
import sys
import time
from pathlib import Path

import pytest

from etl import gazetteer
from etl.gazetteer import Gazetteer, Place

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return gazetteer.load()


@functools.cache
def _build_module():
    """scripts/ is not a package; load the build script by path (registered, for its dataclass)."""
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def only(places: tuple[Place, ...]) -> Place:
    assert len(places) == 1, places
    return places[0]


def spans(gz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.candidates[0].name) for m in gz.find(text)]


# --- the table -------------------------------------------------------------------------------


def test_counts_per_level_are_plausible(gz):
    counts = collections.Counter(p.level for p in gz)
    assert 34 <= counts["province"] <= 35  # 31 mainland + HK, Macau, Taiwan
    assert 330 <= counts["city"] <= 360
    assert 2800 <= counts["county"] <= 3300
    assert counts["town"] >= 38000
    assert {p.name for p in gz.provinces()} >= {"浙江省", "香港特别行政区", "澳门特别行政区", "台湾省"}


def test_meta_records_source_and_counts(gz):
    meta = json.loads((ROOT / "etl" / "data" / "gazetteer.meta.json").read_text(encoding="utf-8"))
    assert meta["source"]["package"] == "jionlp"
    assert len(meta["source"]["sha256"]) == 64
    assert meta["rows"] == dict(collections.Counter(p.level for p in gz))


@pytest.mark.parametrize(
    ("name", "adcode"),
    [
        ("浙江省", "330000"),
        ("宁波市", "330200"),
        ("海曙区", "330203"),
        ("北仑区", "330206"),
        ("义乌市", "330782"),
        ("长兴县", "330522"),
        ("龙游县", "330825"),
        ("晋源区", "140110"),
        ("南芬区", "210505"),
    ],
)
def test_adcodes_of_known_places(gz, name, adcode):
    place = only(gz.lookup(name))
    assert place.adcode == adcode
    assert gz.by_code(adcode) is place


def test_chain_of_a_county(gz):
    place = only(gz.lookup("义乌市"))
    assert (place.level, place.province, place.city, place.county) == ("county", "浙江省", "金华市", "义乌市")
    assert place in gz.children(only(gz.lookup("金华市")))


@pytest.mark.parametrize(
    ("alias", "full"),
    [
        ("北仑", "北仑区"),
        ("义乌", "义乌市"),
        ("海曙", "海曙区"),
        ("浙江", "浙江省"),
        ("恩施", "恩施土家族苗族自治州"),
        ("恩施州", "恩施土家族苗族自治州"),
        ("广西", "广西壮族自治区"),
    ],
)
def test_short_forms(gz, alias, full):
    assert gz.lookup(alias)[0].name == full


def test_same_name_in_two_cities(gz):
    cities = {p.city: p.adcode for p in gz.lookup("西湖区")}
    assert cities == {"杭州市": "330106", "南昌市": "360103"}
    (mention,) = gz.find("西湖区")
    assert len(mention.candidates) == 2 and not mention.is_alias


def test_town_hangs_off_its_county(gz):
    town = only(gz.lookup("鸬鸟镇"))
    assert (town.level, town.province, town.city, town.county) == ("town", "浙江省", "杭州市", "余杭区")
    assert town.adcode is None
    assert town.code() == "330110" == only(gz.lookup("余杭区")).adcode
    assert town in gz.children(only(gz.lookup("余杭区")))


def test_renamed_units_resolve_to_today(gz):
    assert only(gz.lookup("襄樊")).name == "襄阳市"
    assert only(gz.lookup("襄樊市")).adcode == "420600"
    (mention,) = gz.find("襄樊市人大")
    assert mention.is_alias and mention.candidates[0].name == "襄阳市"


def test_municipality_is_province_and_city(gz):
    beijing = only(gz.lookup("北京市"))
    assert (beijing.level, beijing.province, beijing.city, beijing.adcode) == ("province", "北京市", "北京市", "110000")
    district = only(gz.lookup("东城区"))
    assert (district.province, district.city, district.code()) == ("北京市", "北京市", "110101")
    assert district in gz.children(beijing)


def test_province_direct_counties_have_no_city(gz):
    xiantao = only(gz.lookup("仙桃市"))
    assert (xiantao.level, xiantao.city, xiantao.adcode) == ("county", None, "429004")
    assert xiantao in gz.children(only(gz.lookup("湖北省")))


def test_codes_are_unique_and_six_digits(gz):
    codes = [p.adcode for p in gz if p.adcode]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert all(p.adcode is None and p.code() for p in gz if p.level == "town")


# --- find() ------------------------------------------------------------------------------------


def test_find_spans_in_a_sentence(gz):
    text = "浙江省宁波市北仑区和海曙区人大常委会在杭州市余杭区鸬鸟镇召开座谈会，义乌、长兴县代表参加。"
    found = gz.find(text)
    assert [(m.start, m.end, m.surface) for m in found] == [
        (0, 3, "浙江省"),
        (3, 6, "宁波市"),
        (6, 9, "北仑区"),
        (10, 13, "海曙区"),
        (19, 22, "杭州市"),
        (22, 25, "余杭区"),
        (25, 28, "鸬鸟镇"),
        (34, 36, "义乌"),
        (37, 40, "长兴县"),
    ]
    assert all(text[m.start : m.end] == m.surface for m in found)
    assert [m.is_alias for m in found] == [False] * 7 + [True, False]


def test_find_prefers_longest_at_leftmost(gz):
    assert spans(gz, "宁波市江北区") == [("宁波市", "宁波市"), ("江北区", "江北区")]
    assert spans(gz, "浙江北仑") == [("浙江", "浙江省"), ("北仑", "北仑区")]
    assert spans(gz, "湖北恩施州鹤峰县") == [
        ("湖北", "湖北省"),
        ("恩施州", "恩施土家族苗族自治州"),
        ("鹤峰县", "鹤峰县"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "城区人口增加，郊区和新区、矿区建设，市中心，全市中小学，市辖区",
        "全县各乡镇推进城乡一体化，促进乡村振兴，加快建设乡村",
        "健全机制和政策，资金安排，政策出台前要妥善化解矛盾，结合山区实际",
        "推进共同富裕，绿水青山就是金山银山，解放思想，会同有关部门，共和国",
        "提高县级统筹，市和县两级人大，其中城镇居民，位于城镇",
        "平安建设，新建学校，港口码头，和平发展",
    ],
)
def test_no_match_for_generic_words(gz, text):
    assert gz.find(text) == []


def test_one_character_stems_need_a_boundary(gz):
    assert spans(gz, "安徽省和县") == [("安徽省", "安徽省"), ("和县", "和县")]
    assert spans(gz, "和县人大常委会") == [("和县", "和县")]
    assert spans(gz, "（高县）") == [("高县", "高县")]


def test_context_blocks_only_glued_readings(gz):
    assert spans(gz, "资金安排") == []
    assert spans(gz, "在金安召开") == [("金安", "金安区")]
    assert spans(gz, "和政县人大") == [("和政县", "和政县")]


def test_towns_match_only_full_names_of_three_or_more_characters(gz):
    assert spans(gz, "九堡街道积极推动") == [("九堡街道", "九堡街道")]
    assert spans(gz, "鸬鸟") == []
    assert gz.lookup("雪乡") and spans(gz, "雪乡") == []


def test_every_city_and_county_full_name_is_found(gz):
    """Catches index gaps: each name alone in brackets is one mention that can mean it."""
    missing = []
    for place in gz:
        if place.level in ("city", "county") and len(place.name) > 2:
            found = gz.find(f"（{place.name}）")
            if [(m.surface, place in m.candidates) for m in found] != [(place.name, True)]:
                missing.append(place.name)
    assert missing == []


def test_find_is_fast(gz):
    sentence = (
        "2021年，宁波市北仑区人大常委会围绕共同富裕示范区建设，组织代表赴义乌、长兴县、"
        "杭州市余杭区鸬鸟镇调研，听取和审议了政府关于乡村振兴和生态环境保护工作情况的报告。"
    )
    sentences = [sentence] * (2_000_000 // len(sentence.encode()))
    size = sum(len(s.encode()) for s in sentences)
    start = time.perf_counter()
    found = sum(len(gz.find(s)) for s in sentences)
    elapsed = time.perf_counter() - start
    assert found == 7 * len(sentences)
    assert elapsed < 2.0, f"{size / elapsed / 1e6:.1f} MB/s"


def test_load_is_cached_and_quick():
    gazetteer.load.cache_clear()
    start = time.perf_counter()
    first = gazetteer.load()
    assert time.perf_counter() - start < 2.0  # 0.3 s on a dev box; generous for CI
    assert gazetteer.load() is first


# --- the build script (pure parts, no download) -------------------------------------------------

TREE = """北京市\t110000\t北京
\t北京市\t110000\t北京
\t\t东城区\t110101\t东城
\t\t\t东华门街道
\t\t\t\t多福巷社区
湖北省\t420000\t湖北
\t省直辖行政区划\t429000\t省直辖
\t\t仙桃市\t429004\t仙桃
\t\t\t沙嘴街道
\t恩施土家族苗族自治州\t422800\t恩施
\t\t恩施市\t422801\t恩施市
\t\t\t舞阳坝街道
\t\t\t某某农场
"""


def test_parse_tree_flattens_containers():
    build = _build_module()
    units = {u.name: u for u in build.parse_tree(TREE)}
    assert set(units) == {
        "北京市",
        "东城区",
        "东华门街道",
        "湖北省",
        "仙桃市",
        "沙嘴街道",
        "恩施土家族苗族自治州",
        "恩施市",
        "舞阳坝街道",
    }  # no villages, farms, containers
    assert (units["北京市"].level, units["北京市"].city) == ("province", "北京市")
    assert (units["东城区"].city, units["东城区"].parent_adcode) == ("北京市", "110000")
    assert (units["仙桃市"].city, units["仙桃市"].parent_adcode) == (None, "420000")
    assert (units["沙嘴街道"].county, units["沙嘴街道"].parent_adcode) == ("仙桃市", "429004")


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("恩施土家族苗族自治州", "city", {"恩施", "恩施州"}),
        ("新疆维吾尔自治区", "province", {"新疆"}),
        ("鄂温克族自治旗", "county", {"鄂温克", "鄂温克旗"}),
        ("金林区", "county", {"金林"}),
        ("峰峰矿区", "county", {"峰峰"}),
        ("鄂托克前旗", "county", set()),
        ("芒市", "county", set()),
    ],
)
def test_short_forms_are_derived_from_names(name, level, expected):
    build = _build_module()
    unit = build.Unit(level, name, None, "某省", None, None, None, None)
    assert set(build.short_forms(unit)) == expected
