"""Which place's work a figure reports: province, city, county, town and adcode.

Read in order of closeness: a place named in the figure's own sentence (the nearest one before
it, else one after it: ``合计3829万元……这是镇海区人大常委会``), else the place the article has
been talking about, else the article heading's place, else the document's own place. Names that
several places share (西湖区 in Hangzhou and in Nanchang) are settled by the places around them:
a city named just before (沈阳市和平区), the article's place, then the document's.
Places listed together (长沙市岳麓区、株洲市天元区等地) share the figures after them: their common
province or city, or none when they lie in different provinces.
Places that are only visited (赴深圳考察) or sit inside a title (《湖北日报》) are not actors, and
figures of national bodies (全国人大常委会, 国务院) belong to no province. A masthead (长春人大 工作动态)
names the document's own place.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from etl.gazetteer import Gazetteer, Mention, Place

_LEVELS = ("province", "city", "county", "town")
_VISIT_BEFORE = regex.compile(r"(?:赴|前往|到|去|至|来自|摘自)[\p{Han}、]{0,12}$")
# After a short form (北仑, 义乌), words that show it names a place and not part of a word
# (四平台 is not 四平市, 大运河 not 运河区).
_ADMIN_AFTER = regex.compile(r"^(?:人大|人民|政府|党委|[市区县]委|[:：]|籍)")
# A place followed by its own institution is the actor of the sentence: 成都市人大常委会督办…
_ACTOR_AFTER = regex.compile(r"^(?:人大|人民|政府|党委|[省市区县]委|常委会)")
_TITLE = regex.compile(r"《[^《》]{0,60}》")
_NEWLINE = regex.compile(r"\n")
# national bodies act for no province (a 全国人大代表 is a person, often a local one)
_NATIONAL = regex.compile(
    r"全国人大(?!代表)(?:常委会)?|全国人民代表大会(?!代表)(?:常务委员会)?|国务院|最高人民(?:法院|检察院)"
)
# not 该市场, 该区域, 应该区分
_THIS_PLACE = regex.compile(r"(?<!应)该(?P<suffix>市(?!场|民)|区(?!域|间|分)|县|州|盟|旗|镇|乡(?!村)|街道)")
# 长沙市岳麓区、株洲市天元区等地: places listed together share the figures that follow
_LIST_JOIN = "、和及与"
_FIRST_LINE = regex.compile(r"\s*([^\n]{1,60})")
# what follows the place in a masthead (人大信息 2023年第15期, 人大常委会2022年工作回顾), once dates,
# issue numbers and punctuation are left out; a headline (人大常委会来我市开展调研) has more
_MASTHEAD_REST = regex.compile(
    r"(?:人大|人民代表大会)(?:常务委员会|常委会)?(?:办公厅|办公室|研究室)?"
    r"(?:工作|信息|动态|简报|通讯|参阅|专报|快报|要情|回顾|年报|网|月刊|期刊|杂志)*"
)
_MASTHEAD_NOISE = regex.compile(r"\d{4}\s*年|第\s*\d+\s*期|总第\s*\d+\s*期|[\s\d\p{P}]")


@dataclass(frozen=True)
class Locality:
    province: str | None
    city: str | None
    county: str | None
    town: str | None
    adcode: str | None
    level: str | None

    @classmethod
    def of(cls, place: Place) -> Locality:
        return cls(place.province, place.city, place.county, place.town, place.code(), place.level)

    def contains(self, other: Locality) -> bool:
        """Is ``other`` this place or inside it?"""
        for level in _LEVELS:
            mine = getattr(self, level)
            if mine is None:
                return True
            if mine != getattr(other, level):
                return False
        return True


NOWHERE = Locality(None, None, None, None, None, None)


def _plausible(text: str, m: Mention, province: str | None) -> bool:
    """Full names always count; a short form counts when it is a province's, when the document
    is about its province, or when an administrative word follows it."""
    if not m.is_alias or any(c.level == "province" for c in m.candidates):
        return True
    if province is not None and any(c.province == province for c in m.candidates):
        return True
    return bool(_ADMIN_AFTER.match(text[m.end : m.end + 3]))


def _actor_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    out = []
    for m in mentions:
        if any(s <= m.start < e for s, e in titles):
            continue
        if _VISIT_BEFORE.search(text[max(0, m.start - 14) : m.start]):
            continue
        out.append(m)
    return out


def _choose(m: Mention, *anchors: Locality | None) -> Place | None:
    """The candidate that fits the first anchor it can (the place named just before, the last
    county named, the document's place); else a unique one."""
    cands = m.candidates
    if len(cands) == 1:
        return cands[0]
    for anchor in anchors:
        if anchor is None or anchor.level is None:
            continue
        inside = [c for c in cands if anchor.contains(Locality.of(c))]
        if len(inside) == 1:
            return inside[0]
        # widen the anchor level by level: same city, then same province
        for level in ("city", "province"):
            value = getattr(anchor, level)
            if value is None:
                continue
            same = [c for c in cands if getattr(c, level) == value]
            if len(same) == 1:
                return same[0]
    return None


class DocumentPlaces:
    """All place mentions of one document, resolved once, and the document's own place."""

    def __init__(self, text: str, gazetteer: Gazetteer, exclude_from: int | None = None) -> None:
        mentions = _actor_mentions(text, gazetteer.find(text))
        # the document's place is voted by mentions that are places in any reading; then short
        # forms are judged against it
        self.document = _masthead(text, mentions) or self._document_place(
            text, [m for m in mentions if _plausible(text, m, None)], exclude_from, gazetteer
        )
        mentions = [m for m in mentions if _plausible(text, m, self.document.province)]
        self._text = text
        self._gazetteer = gazetteer
        self._resolved: list[tuple[int, int, Locality]] = []
        previous: tuple[int, Locality] | None = None
        recent: Locality | None = None  # the county named last
        settled: dict[str, Locality] = {}  # one name, one place per document: 南京市鼓楼区 … 鼓楼区
        for m in mentions:
            adjacent = previous[1] if previous and m.start - previous[0] <= 2 else None
            # 和林格尔县人大常委会…。城关镇人大主席团…: the county named last has this town
            place = _choose(m, adjacent, recent if m.candidates[0].level == "town" else None, self.document)
            if place is not None:
                loc = Locality.of(place)
                if len(m.candidates) > 1:
                    settled[m.surface] = loc
            else:
                # a name we cannot settle (鼓楼区 of which city?) still ends what was said before
                # it: keep only what all its readings share, often nothing
                loc = settled.get(m.surface) or _common_ancestor(m.candidates, gazetteer)
            self._resolved.append((m.start, m.end, loc))
            if place is not None or m.surface in settled:
                previous = (m.end, loc)
            if loc.level == "county":
                recent = loc
        self._starts = [r[0] for r in self._resolved]  # mentions come in text order
        self._national = [m.end() for m in _NATIONAL.finditer(text)]

    @staticmethod
    def _document_place(text: str, mentions: list[Mention], exclude_from: int | None, gazetteer: Gazetteer) -> Locality:
        """Vote per paragraph: the province most paragraphs name, then its dominant city, county."""
        votes: dict[str, Counter[str]] = {level: Counter() for level in ("province", "city", "county")}
        seen: set[tuple[int, str, str]] = set()
        breaks = [m.start() for m in _NEWLINE.finditer(text)] if mentions else []
        for m in mentions:
            if exclude_from is not None and m.start >= exclude_from:
                continue
            paragraph = bisect.bisect_left(breaks, m.start)  # counting from the start is quadratic
            for level in votes:
                values = {getattr(c, level) for c in m.candidates}
                if len(values) == 1 and (value := values.pop()) and (paragraph, level, value) not in seen:
                    seen.add((paragraph, level, value))
                    votes[level][value] += 1
        province = _majority(votes["province"], 0.0)
        if province is None:
            return NOWHERE
        city = _majority(votes["city"], 0.5)
        county = _majority(votes["county"], 0.6) if city else None
        return _locality_from_names(province, city, county, gazetteer)

    def in_span(self, start: int, end: int) -> list[tuple[int, int, Locality]]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end, lo)
        return self._resolved[lo:hi]

    def last(self, start: int, end: int) -> Locality | None:
        """The place a span leaves the reader in: its last place named, or the place shared by
        the list that ends it (长沙市岳麓区、株洲市天元区等地 → 湖南省)."""
        found = self.in_span(start, end)
        return (self._listed(found, len(found) - 1) or found[-1][2]) if found else None

    def _listed(self, found: list[tuple[int, int, Locality]], i: int) -> Locality | None:
        """What found[i] shares with the places listed right before it; None when it ends no list."""
        j, listed = i, False
        while j > 0:
            gap = found[j][0] - found[j - 1][1]
            if gap == 1 and self._text[found[j - 1][1]] in _LIST_JOIN:
                listed = True
            elif gap != 0:  # 0: one name written in parts (长沙市岳麓区)
                break
            j -= 1
        if not listed:
            return None
        return _common_ancestor([loc for _, _, loc in found[j : i + 1]], self._gazetteer)

    def _national_before(self, start: int, offset: int) -> int | None:
        i = bisect.bisect_left(self._national, offset)
        return self._national[i - 1] if i and self._national[i - 1] > start else None

    def for_figure(self, sentence: tuple[int, int], offset: int, carried: Locality | None) -> Locality:
        """The place of a figure at ``offset`` in ``sentence``; see the module docstring."""
        found = self.in_span(*sentence)
        n_before = bisect.bisect_left(found, offset, key=lambda f: f[0])
        before = [(e, loc) for _, e, loc in found[:n_before]]
        national = self._national_before(sentence[0], offset)
        if national is not None and (not before or before[-1][0] <= national):
            return NOWHERE  # 全国人大常委会审议法律案30件: the country's work, no province's
        if before:
            listed = self._listed(found, n_before - 1)
            if listed is not None:  # 江北区、镇海区等地: what they share, whatever was carried
                return listed
            end, choice = before[-1]
        elif n_before < len(found):
            _, end, choice = found[n_before]
        else:
            return carried or NOWHERE
        this = _THIS_PLACE.search(self._text, end, offset)
        if this:  # 在余姚市推广以来,该市…: "this city" is the one just named, whatever was carried
            named = [loc for e, loc in before if _own_name(loc).endswith(this.group("suffix"))]
            if named:
                return named[-1]
        if (
            carried is not None
            and carried.level is not None
            and choice != carried
            and choice.contains(carried)
            and not _ACTOR_AFTER.match(self._text[end : end + 3])
        ):
            return carried  # 北仑区……在浙江省首创: naming the province does not lift a district figure
        return choice


def _own_name(loc: Locality) -> str:
    return loc.town or loc.county or loc.city or loc.province or ""


def _masthead(text: str, mentions: list[Mention]) -> Locality | None:
    """The publisher named by a first line that opens with a place and 人大 (长春人大 工作动态,
    北京市朝阳区人大常委会工作回顾): the document's own place, whatever its items are about."""
    line = _FIRST_LINE.match(text)
    if line is None:
        return None
    pos, named = line.start(1), None
    for m in mentions:
        if m.start < pos:
            continue
        if m.start != pos or m.end > line.end(1):
            break
        place = _choose(m, named, None)  # 北京市朝阳区: the city just named settles the district
        if place is None:
            return None
        named, pos = Locality.of(place), m.end
    rest = _MASTHEAD_NOISE.sub("", text[pos : line.end(1)])
    return named if named is not None and _MASTHEAD_REST.fullmatch(rest) else None


def _common_ancestor(places: Sequence[Place | Locality], gazetteer: Gazetteer) -> Locality:
    """What places agree on (province, city, county), with its code: the readings of an unsettled
    name, or places listed together; nothing when their provinces differ (北京、天津、河北三地)."""
    names: dict[str, str] = {}
    for level in ("province", "city", "county"):
        values = {getattr(p, level) for p in places}
        if len(values) != 1 or None in values:
            break
        names[level] = values.pop()
    if "province" not in names:
        return NOWHERE
    return _locality_from_names(names["province"], names.get("city"), names.get("county"), gazetteer)


def _majority(counter: Counter[str], share: float) -> str | None:
    if not counter:
        return None
    (top, n), total = counter.most_common(1)[0], sum(counter.values())
    return top if n / total >= share else None


def _locality_from_names(province: str, city: str | None, county: str | None, gazetteer: Gazetteer) -> Locality:
    """The Locality (with its code) of the most specific of the voted names."""
    deepest = county or city or province
    for place in gazetteer.lookup(deepest):
        if place.province == province and (city is None or place.city == city) and place.name == deepest:
            return Locality.of(place)
    return Locality(province, city, county, None, None, "county" if county else "city" if city else "province")
