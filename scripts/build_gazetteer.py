"""Build ``etl/data/gazetteer.tsv.gz`` (China's administrative divisions) from the jionlp wheel.

jionlp ships a maintained tree of provinces, cities, counties, towns and villages with official
adcodes, plus a list of renames. We want its data, not the package (it is heavy), so this script
downloads the wheel, reads the files straight out of the zip and writes a flat table that
``etl.gazetteer`` loads with the standard library.

Everything that needs the source's word lists is decided here, once, so the runtime matcher stays
small. A short form (北仑 for 北仑区) is dropped when the data say it is not a usable name:

* ``shared``: the same short form belongs to several counties and to no province or city (经开区,
  高新区, 铁西, 和平): a pattern, not a name;
* ``generic_chars``: it is made only of direction/settlement characters (市中, 城中, 新城);
* ``common_word`` (counties only): jionlp's IDF table (document frequencies in a news corpus) shows
  the short form in far more documents than the name with any administrative suffix (平安 vs 平安区,
  比如 vs 比如县), and either jionlp's word dictionary lists it or the gap is huge. The IDF table
  alone is too noisy (its segmenter splits 蕲春县 into 蕲春/县), hence the pairing;
* ``zone_category``: a functional zone's short form that does not start like its name (经开区 for
  合肥经济技术开发区) is a category, not a name;
* ``manual``: the handful the data cannot catch (``MANUAL_STOP``).

Two-character short forms also get a ``context``: the characters that, placed before or after
them, would make a word more common than the short form itself (资 + 金安 -> 资金, 和政 + 策 ->
政策). ``etl.gazetteer`` skips a match in such a context, so 资金安排 is not 金安区 while 在金安 is.
Towns named after a common word (促进乡, 建设镇) get the characters that would glue their suffix
into a word (乡 + 村 -> 乡村), so 促进乡村振兴 is not 促进乡.

Full names are never dropped, but a few get a ``match`` flag: ``none`` for districts with a
one-character generic stem (城区, 郊区, 东区) and ``bounded`` (match only at a word boundary, see
``etl.gazetteer``) for generic stems (市中区, 城南街道), for towns that are one character plus
a common word (于城镇 inside 位于城镇, 中城镇 inside 其中城镇) and for towns named after a
common word (中心镇).

Usage::

    python scripts/build_gazetteer.py                   # pip download jionlp==JIONLP_VERSION
    python scripts/build_gazetteer.py --wheel PATH.whl  # use a wheel you already have
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

JIONLP_VERSION = "1.5.31"
ROOT = Path(__file__).resolve().parents[1]
OUT_TSV = ROOT / "etl" / "data" / "gazetteer.tsv.gz"
OUT_META = ROOT / "etl" / "data" / "gazetteer.meta.json"
COLUMNS = [
    "level",
    "name",
    "adcode",
    "province",
    "city",
    "county",
    "town",
    "aliases",
    "former",
    "parent_adcode",
    "match",
    "context",
]

# The 56 nationalities: needed to cut 恩施土家族苗族自治州 into 恩施 + 州, because the boundary between
# place and nationality cannot be seen in the characters themselves.
NATIONALITIES = (
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
)
_NAT = "|".join(sorted(NATIONALITIES, key=len, reverse=True))
# 族 may be omitted before 自治 (新疆维吾尔自治区) but not otherwise, or 南京县 would lose its 京.
AUTONOMOUS = re.compile(
    rf"^(?P<stem>.{{2,}}?)(?:(?:(?:{_NAT})族?|各族)+自治|(?:(?:{_NAT})族|各族)+)(?P<suf>区|州|县|旗)$"
)
AUTONOMOUS_BARE = re.compile(r"^(?P<stem>.{2,}?)族?自治(?P<suf>区|州|县|旗)$")
# Longest first; a multi-character suffix only counts if it leaves a 2+ character stem, so 金林区
# is 金林 + 区, not 金 + 林区.
SUFFIXES = (
    "特别行政区",
    "行政委员会",
    "管理区",
    "管委会",
    "地区",
    "林区",
    "新区",
    "矿区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)
OFFICIAL_ENDINGS = ("省", "市", "区", "县", "旗", "盟", "地区", "委员会", "群岛")
# A banner's stem ending in a direction (鄂托克前旗 -> 鄂托克前) is not a name anyone writes.
BANNER_QUALIFIERS = set("东西南北中左右前后翼")
TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木", "地区", "办事处")
# Characters that say where or what kind of place, never which one: a short form made only of
# these (市中, 城东, 新城) is a description.
GENERIC_CHARS = set("东西南北中上下前后内外左右城郊矿市区新老旧")
SHARED_LIMIT = 3  # a short form on this many counties (and no city/province) is a pattern
# ln(df(short)/df(suffixed)) from jionlp's IDF table: e^4 ~ 55x more documents for a dictionary
# word, e^6 ~ 400x for anything else.
COMMON_WORD_GAP = 4.0
COMMON_WORD_GAP_UNLISTED = 6.0
COMMON_TAIL_IDF = 8.0  # a town's name minus its first character is a word this common (城镇)
CONTEXT_IDF = 9.0  # only words at least this common (idf below) can block a short form
WEAK_STEM_IDF = 7.5  # a town whose name before 镇/乡/街道 is a word this common (建设, 中心)
# Common words the rules above miss: the suffixed form is frequent too (解放区 is a historical
# term) or the word is not in jionlp's dictionary. Value: why.
MANUAL_STOP = {
    "共和": "共和国",
    "会同": "会同有关部门 (legal boilerplate)",
    "解放": "解放思想; 解放区 is also a historical term",
    "中原": "the Central Plains region",
    "工农": "工农业",
    "平原": "plain (华北平原)",
    "新建": "newly built",
    "港口": "port",
    "古城": "old town",
    "红星": "organisation/brand name (former 红星区)",
    "富裕": "共同富裕",
    "青山": "绿水青山 (slogan)",
    "金山": "金山银山 (slogan)",
    "运河": "canal (大运河)",
}
# Town names that are policy terms in their own right.
MANUAL_STOP_TOWNS = {"小城镇": "small towns (小城镇建设)", "大城镇": "large towns"}
PSEUDO = "直辖行政区划"  # 省直辖行政区划 / 市直辖行政区划: containers, not places


@dataclass
class Unit:
    """A table row under construction; later passes fill in aliases, former, match and context."""

    level: str
    name: str
    adcode: str | None
    province: str
    city: str | None
    county: str | None
    town: str | None
    parent_adcode: str | None
    source_aliases: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    former: list[str] = field(default_factory=list)
    match: str = ""
    context: list[str] = field(default_factory=list)  # "LEFT/RIGHT" for name, aliases, former


def fetch_wheel(version: str, dest: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            f"jionlp=={version}",
            "-d",
            str(dest),
        ],
        check=True,
    )
    return next(dest.glob("jionlp-*.whl"))


def read_text(wheel: zipfile.ZipFile, member: str) -> str:
    """Read a dictionary file, unwrapping the inner .zip jionlp uses for the big ones."""
    path = f"jionlp/dictionary/{member}"
    if path in wheel.namelist():
        return wheel.read(path).decode("utf-8")
    inner = zipfile.ZipFile(io.BytesIO(wheel.read(path.rsplit(".", 1)[0] + ".zip")))
    return inner.read(member).decode("utf-8")


def parse_tree(text: str) -> list[Unit]:
    """Flatten jionlp's tab-indented tree (depth 0-3; villages at depth 4 are skipped)."""
    units: list[Unit] = []
    prov: Unit | None = None
    city: tuple[str | None, str | None] = (None, None)  # (name, adcode) of the current city
    county: tuple[str | None, str | None] = (None, None)
    for raw in text.splitlines():
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        name, *rest = raw.strip("\t").split("\t")
        code = rest[0] if rest else None
        alias = rest[1].split("/") if len(rest) > 1 else []
        if depth == 0:
            prov = Unit("province", name, code, name, None, None, None, None, alias)
            units.append(prov)
        elif depth == 1 and prov is not None:
            county = (None, None)
            if name.endswith(PSEUDO):
                city = (None, prov.adcode)
            elif code == prov.adcode:  # 北京市 under 北京市, 香港 under 香港特别行政区
                prov.city = prov.name
                city = (prov.name, prov.adcode)
            else:
                units.append(Unit("city", name, code, prov.name, name, None, None, prov.adcode, alias))
                city = (name, code)
        elif depth == 2 and prov is not None:
            parent = city[1] or prov.adcode
            if name.endswith(PSEUDO):  # towns of 东莞/中山/儋州/嘉峪关 hang off the city
                county = (None, parent)
                continue
            own = None if code in (parent, prov.adcode) else code  # HK/Macau districts reuse 810000
            units.append(Unit("county", name, own, prov.name, city[0], name, None, parent, alias))
            county = (name, own or parent)
        elif depth == 3 and prov is not None and name.endswith(TOWN_SUFFIXES):
            units.append(
                Unit("town", name, None, prov.name, city[0], county[0], name, county[1] or city[1] or prov.adcode)
            )
    return units


def drop_shared_codes(units: list[Unit]) -> list[str]:
    """Blank adcodes the source gives to several units: we cannot tell which one owns it."""
    counts = collections.Counter(u.adcode for u in units if u.adcode)
    dup = {c for c, n in counts.items() if n > 1}
    grandparent = {u.adcode: u.parent_adcode for u in units if u.adcode in dup}
    for u in units:
        if u.adcode in dup:
            u.adcode = None
        if u.parent_adcode in dup:  # their towns fall back to the next coded level up
            u.parent_adcode = grandparent[u.parent_adcode]
    return sorted(dup)


def short_forms(unit: Unit) -> list[str]:
    """Candidate short forms before filtering: the source's aliases plus suffix-stripped stems."""
    forms = list(unit.source_aliases)
    m = AUTONOMOUS.match(unit.name) or AUTONOMOUS_BARE.match(unit.name)
    if m:
        forms.append(m["stem"])
        if m["suf"] != "区" or unit.level != "province":
            forms.append(m["stem"] + m["suf"])  # 恩施州, 河南县
    else:
        for suf in SUFFIXES:
            stem = unit.name[: -len(suf)]
            if unit.name.endswith(suf) and (len(stem) >= 2 or len(suf) == 1):
                if not (suf == "旗" and stem[-1:] in BANNER_QUALIFIERS):
                    forms.append(stem)
                break
    return list(dict.fromkeys(f for f in forms if len(f) >= 2 and f != unit.name))


def _near_miss(a: str, b: str) -> bool:
    """Same length, same first character, one character different (云岗区/云冈区, 玉环区/玉环市)."""
    return len(a) == len(b) and a[0] == b[0] and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def apply_renames(units: list[Unit], text: str) -> list[dict[str, str]]:
    """Attach historical names (襄樊市 => 襄阳市) to the unit that carries the territory today.

    The change list and the tree are maintained separately, so the target is looked up loosely:
    by exact name or short form (金秀县 is 金秀瑶族自治县); then, if the tree still has the old unit
    (湟中县 => 湟中区), the tree lags the list and the new name becomes that unit's alias; finally
    by a near miss (the list's 云岗区 is the tree's 云冈区).
    """
    siblings: dict[tuple[str, str | None], list[Unit]] = collections.defaultdict(list)
    for u in units:
        if u.level in ("city", "county"):
            siblings[(u.province, u.city if u.level == "county" else None)].append(u)
    skipped = []
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_f, new_f = old.split("\t")[2:], new.split("\t")
        # old: prov, prov_alias, city, city_alias[, county, county_alias]; new: prov, city[, county]
        old_name, old_alias = old_f[-2], old_f[-1]
        new_name = new_f[-1]
        pool = siblings[(new_f[0], new_f[1] if len(new_f) == 3 else None)]
        target = (
            next((u for u in pool if u.name == new_name), None)
            or next((u for u in pool if new_name in short_forms(u)), None)
            or next((u for u in pool if u.name == old_name), None)
            or next((u for u in pool if _near_miss(u.name, new_name)), None)
        )
        if target is None:
            skipped.append({"change": line.strip(), "reason": "target not in current tree"})
        elif target.name == old_name:
            target.source_aliases.append(new_name)
        else:
            target.former.extend(n for n in (old_name, *old_alias.split("/")) if n not in target.former)
    return skipped


def load_idf(text: str) -> dict[str, float]:
    idf = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            idf[parts[0]] = float(parts[1])
    return idf


def is_generic(form: str) -> bool:
    return all(ch in GENERIC_CHARS for ch in form)


def common_word_gap(form: str, unit: Unit, idf: dict[str, float], unseen: float) -> float:
    """ln of how many times more documents mention ``form`` than the unit with any suffix."""
    if form not in idf:
        return -math.inf
    suffixed = [unit.name, *(form + s for s in "省市县区州盟旗")]
    return min(idf.get(s, unseen) for s in suffixed) - idf[form]


def choose_aliases(units: list[Unit], idf: dict[str, float], words: set[str]) -> dict[str, list[str]]:
    """Fill ``aliases``/``former`` with the short forms that survive; return what was dropped."""
    ranked = [u for u in units if u.level != "town"]
    candidates = {id(u): short_forms(u) for u in ranked}
    owners: dict[str, list[Unit]] = collections.defaultdict(list)
    for u in ranked:
        for form in dict.fromkeys((*candidates[id(u)], *u.former)):
            owners[form].append(u)
    unseen = max(idf.values(), default=0.0) + 1.0
    dropped: dict[str, set[str]] = collections.defaultdict(set)

    def reason(form: str, unit: Unit) -> str | None:
        if form in MANUAL_STOP:
            return "manual"
        if is_generic(form):
            return "generic_chars"
        if (unit.adcode or "")[4:5] == "7" and unit.level == "county" and form[0] != unit.name[0]:
            return "zone_category"  # xx7x: NBS code range of county-level functional zones
        holders = owners[form]
        if len(holders) >= SHARED_LIMIT and all(h.level == "county" for h in holders):
            return "shared"
        if unit.level == "county":
            gap = common_word_gap(form, unit, idf, unseen)
            if gap >= COMMON_WORD_GAP_UNLISTED or (gap >= COMMON_WORD_GAP and form in words):
                return "common_word"
        return None

    def keep(form: str, unit: Unit) -> bool:
        why = reason(form, unit)
        if why:
            dropped[why].add(form)
        return why is None

    # A former name that is some current unit's name today belongs to that unit (城区, 郊区).
    current = {u.name for u in ranked} | {f for forms in candidates.values() for f in forms}
    for u in ranked:
        u.aliases = [f for f in candidates[id(u)] if keep(f, u)]
        u.former = [
            f for f in u.former if len(f) >= 2 and f not in current and (f.endswith(OFFICIAL_ENDINGS) or keep(f, u))
        ]
    return {k: sorted(v) for k, v in sorted(dropped.items())}


def town_stem(name: str) -> str:
    return name.removesuffix(next(s for s in TOWN_SUFFIXES if name.endswith(s)))


def weak_town(unit: Unit, idf: dict[str, float]) -> bool:
    return unit.level == "town" and idf.get(town_stem(unit.name), math.inf) < WEAK_STEM_IDF


def flag_full_names(units: list[Unit], idf: dict[str, float]) -> None:
    """Set ``match`` for full names that read as ordinary words in running text."""
    for u in units:
        if u.level == "town":
            if u.name in MANUAL_STOP_TOWNS:
                u.match = "none"
            elif is_generic(town_stem(u.name)) or weak_town(u, idf) or idf.get(u.name[1:], math.inf) < COMMON_TAIL_IDF:
                u.match = "bounded"
        elif len(u.name) >= 2 and is_generic(u.name[:-1]):
            # 城区/东区 describe part of any city; 新县 and 南县 are still proper county names.
            u.match = "none" if len(u.name) == 2 and u.name.endswith("区") else "bounded"


def add_context(units: list[Unit], idf: dict[str, float]) -> None:
    """Record, per two-character short form, the neighbours that would glue it into a word.

    A neighbour blocks only if the word it makes is more common than the short form itself, so a
    frequent name (杭州) is rarely blocked and a rare one sitting on common words (金安) often is.
    Weak towns only get their right side: 促进乡 + 村.
    """
    unseen = max(idf.values(), default=0.0) + 1.0
    ending: dict[str, list[tuple[str, float]]] = collections.defaultdict(list)
    starting: dict[str, list[tuple[str, float]]] = collections.defaultdict(list)
    for word, value in idf.items():
        if len(word) == 2 and value < CONTEXT_IDF:
            ending[word[1]].append((word[0], value))
            starting[word[0]].append((word[1], value))

    def context(form: str) -> str:
        if len(form) != 2:
            return ""
        own = idf.get(form, unseen)
        left = "".join(sorted({c for c, v in ending[form[0]] if v < own}))
        right = "".join(sorted({c for c, v in starting[form[1]] if v < own}))
        return f"{left}/{right}" if left or right else ""

    def town_context(name: str) -> str:
        right = "".join(sorted({c for c, _ in starting[name[-1]]}))
        return f"/{right}" if right else ""

    for u in units:
        own = town_context(u.name) if weak_town(u, idf) else ""
        u.context = [own, *(context(f) for f in (*u.aliases, *u.former))]


def write(units: list[Unit], path: Path) -> None:
    """Write deterministic gzip (no timestamp) so rebuilding unchanged data changes no bytes."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(COLUMNS)
    for u in units:
        w.writerow(
            [
                u.level,
                u.name,
                u.adcode or "",
                u.province,
                u.city or "",
                u.county or "",
                u.town or "",
                "|".join(u.aliases),
                "|".join(u.former),
                u.parent_adcode or "",
                u.match,
                "|".join(u.context) if any(u.context) else "",
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def build(wheel_path: Path) -> dict[str, object]:
    digest = hashlib.sha256(wheel_path.read_bytes()).hexdigest()
    with zipfile.ZipFile(wheel_path) as wheel:
        meta_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        version = meta_name.split("/")[0].removesuffix(".dist-info").split("-")[1]
        units = parse_tree(read_text(wheel, "china_location.txt"))
        shared_codes = drop_shared_codes(units)
        skipped = apply_renames(units, read_text(wheel, "china_location_change.txt"))
        idf = load_idf(read_text(wheel, "idf.txt"))
        words = {line.split("\t", 1)[0] for line in read_text(wheel, "chinese_word_dictionary.txt").splitlines()}
    dropped = choose_aliases(units, idf, words)
    flag_full_names(units, idf)
    add_context(units, idf)
    write(units, OUT_TSV)
    meta = {
        "source": {
            "package": "jionlp",
            "version": version,
            "wheel": wheel_path.name,
            "sha256": digest,
            "files": [
                "jionlp/dictionary/china_location.zip",
                "jionlp/dictionary/china_location_change.txt",
                "jionlp/dictionary/idf.zip, chinese_word_dictionary.zip (only to tell names from common words)",
            ],
        },
        "built": dt.date.today().isoformat(),
        "rows": dict(collections.Counter(u.level for u in units)),
        "match_flags": dict(collections.Counter(f"{u.level}:{u.match}" for u in units if u.match)),
        "columns": COLUMNS,
        "notes": [
            "Villages are skipped. Towns are township-level units named …镇/乡/街道/苏木/地区/办事处; "
            "farms, parks and development zones at that level are left out.",
            "Towns have no adcode (jionlp has none); parent_adcode is their county's (or, for cities "
            "without counties such as 东莞市, the city's).",
            "Municipalities and SARs are one province-level row whose city is itself (北京市/北京市); "
            "their districts have city=北京市 and parent_adcode=110000.",
            "省直辖行政区划 containers are dropped: their counties (仙桃市, 济源市) have city empty.",
            "County-level functional zones (经济技术开发区, 高新区; codes xx71-xx79) are kept as counties; "
            "their codes come from the NBS statistical division code, not GB/T 2260.",
            "Taiwan's districts have no adcode in the source; HK/Macau districts share the SAR's code "
            "there, so theirs are left empty.",
            "aliases: short forms that survived the rules below, plus current names the tree has not "
            "caught up with (湟中县 carries 湟中区).",
            "former: names before a rename in china_location_change.txt (2002 onwards only); a former "
            "name that is some current unit's name is not kept.",
            "match: '' = full name matches anywhere; 'bounded' = only after a non-Han character or "
            "another place; 'none' = lookup only.",
            "context: one 'LEFT/RIGHT' item for the name, then per alias, then per former name: "
            "characters that may not precede/follow that form in a match (mostly empty).",
            f"adcodes shared by several units in the source and left empty: {shared_codes}",
        ],
        "alias_rules": {
            "shared_limit": SHARED_LIMIT,
            "common_word_gap": [COMMON_WORD_GAP, COMMON_WORD_GAP_UNLISTED],
            "common_tail_idf": COMMON_TAIL_IDF,
            "context_idf": CONTEXT_IDF,
            "manual": MANUAL_STOP,
            "manual_towns": MANUAL_STOP_TOWNS,
            "dropped": dropped,
        },
        "renames_skipped": skipped,
    }
    OUT_META.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help="jionlp wheel to read instead of downloading one")
    ap.add_argument("--version", default=JIONLP_VERSION, help="jionlp version to download")
    args = ap.parse_args(argv)
    if args.wheel:
        meta = build(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            meta = build(fetch_wheel(args.version, Path(tmp)))
    print(json.dumps({"rows": meta["rows"], "renames_skipped": len(meta["renames_skipped"])}, ensure_ascii=False))


if __name__ == "__main__":
    main()
