"""A figure in its sentence → the canonical indicator it is (an id of etl/data/indicators.tsv) and
the slice of a breakdown it reports (its category).

Bulletins from 31 provinces word one indicator a hundred ways (办结/办复/答复完毕 of suggestions;
调处/化解 of disputes), so the id is not read off the wording: the words around a figure are
looked up in a lexicon of what is counted (the *thing*: 代表建议, 矛盾纠纷, 审计问题 …) and what
was done to it (the *step*: 提出, 交办, 办结, 解决, 满意 …), and the pair with the figure's unit is
looked up in the rules. Lexicon and rules are data (etl/data/indicator_terms.tsv,
indicator_rules.tsv); this module only decides which words belong to which figure:

* the thing is the noun right after the number (215个问题), else the nearest thing before it in
  its clause, else what the paragraph last counted (收集问题305件，解决271件), else the heading's;
* the step is the nearest step before the number in its clause, else the one after its noun
  (185个问题已基本得到落实), else the verb a list shares (发放手册5000份、海报700余张);
* a rate is the rate of the count it divides: its 率-word names the step (化解率 → 调处), the
  thing is found as for a count, and the catalogue says which rate has that count as numerator;
  ``N件，占X%`` takes N's own indicator (a topic class's share is 建议类别占比 with that class);
* a figure in another unit than the rule's is another indicator (参与代表人次 vs 参与代表数), and
  where no rule fits the id stays None: a wrong id is worse than none.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

import regex

from etl import catalogue

DATA = Path(__file__).with_name("data")
TERMS = DATA / "indicator_terms.tsv"
RULES = DATA / "indicator_rules.tsv"
ANY = "*"

# a clause ends at these; the enumeration comma 、 does not end it (发放手册5000份、海报700余张)
_CLAUSE_BREAK = regex.compile(r"[，,；;：:。！？!?]")
# a thing right after the number is its noun when no more than these characters come between
# (1123名四级代表, 20余名省、市各级人大代表)
_NOUN_GAP = 8


@dataclass(frozen=True)
class Term:
    start: int
    end: int
    surface: str
    things: frozenset[str]
    steps: frozenset[str]


@dataclass(frozen=True)
class Rule:
    indicator: str
    thing: str
    steps: frozenset[str] | None  # None: any step, or none
    units: frozenset[str]
    programs: frozenset[str]
    not_programs: frozenset[str]

    def fits(self, step: str | None, unit: str | None, program: str | None, active: frozenset[str]) -> bool:
        """``program`` is the figure's line of work; ``active`` every line of work named around it."""
        if self.steps is not None and step not in self.steps:
            return False
        if unit is not None and unit not in self.units:
            return False
        if self.programs and not (self.programs & (active | {program})):
            return False
        return program not in self.not_programs


@dataclass(frozen=True)
class Mapped:
    """What a figure was found to be; the thing and step are kept for the figures after it."""

    indicator: str | None
    category: str | None = None
    thing: str | None = None
    step: str | None = None


NOTHING = Mapped(None)


@dataclass
class Lexicon:
    """Forms → the thing and step classes they name, and the rules over those classes."""

    forms: dict[str, tuple[frozenset[str], frozenset[str]]]
    rules: list[Rule]
    rate_words: dict[str, str]
    handlers: dict[str, str]
    function_words: list[str]
    catalogue: catalogue.Catalogue
    _pattern: regex.Pattern = field(init=False, repr=False)
    _by_thing: dict[str, list[Rule]] = field(init=False, repr=False)
    _function: regex.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        alternatives = sorted(self.forms, key=len, reverse=True)  # longest form first at a position
        self._pattern = regex.compile("|".join(map(regex.escape, alternatives)))
        self._function = regex.compile(
            "|".join(map(regex.escape, sorted(self.function_words, key=len, reverse=True))) + r"|[\s\d.,%]"
        )
        self._by_thing = {}
        for rule in self.rules:
            self._by_thing.setdefault(rule.thing, []).append(rule)

    def scan(self, text: str, start: int = 0, end: int | None = None) -> list[Term]:
        """Thing and step words in ``text[start:end]``, leftmost-longest, with offsets into ``text``.

        Things written next to each other are one noun, read by its longest known tail (各类问题建议
        is 问题建议, 群众 + 意见建议 is 群众意见建议): Chinese puts the head of a noun last."""
        out: list[Term] = []
        for m in self._pattern.finditer(text, start, len(text) if end is None else end):
            things, steps = self.forms[m.group()]
            term = Term(m.start(), m.end(), m.group(), things, steps)
            if things and out and out[-1].things and out[-1].end == term.start:
                term = self._compound(text, out.pop(), term)  # 培训代表: 培训 stays a step of it
            out.append(term)
        return out

    def _compound(self, text: str, first: Term, second: Term) -> Term:
        joined = text[first.start : second.end]
        for i in range(len(joined) - len(second.surface)):
            things, _ = self.forms.get(joined[i:], ((), ()))
            if things:
                return Term(first.start, second.end, joined, things, second.steps)
        return Term(first.start, second.end, joined, second.things, first.steps | second.steps)

    def names_nothing(self, text: str) -> bool:
        """Is ``text`` made only of function words (其中已, 共计, 全区…): does it leave the thing unsaid?"""
        return not self._function.sub("", text)

    def lookup(
        self,
        things: list[str],
        steps: list[str],
        unit: str | None,
        program: str | None,
        active: frozenset[str] = frozenset(),
    ) -> str | None:
        """The first rule, nearest thing first and nearest step first, that fits the unit."""
        for thing in [*things, ANY]:
            for rule in self._by_thing.get(thing, ()):
                if rule.steps is None:
                    continue
                for step in steps:
                    if rule.fits(step, unit, program, active):
                        return rule.indicator
            if thing == ANY:
                continue
            for rule in self._by_thing.get(thing, ()):
                if rule.steps is None and rule.fits(None, unit, program, active):
                    return rule.indicator
        return None


def _split(cell: str) -> list[str]:
    return [x for x in (p.strip() for p in cell.split("|")) if x]


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return rows[1:]  # the header


def parse(term_rows: list[list[str]], rule_rows: list[list[str]], cat: catalogue.Catalogue) -> Lexicon:
    """The lexicon from the rows of the two files; ValueError names what does not fit the catalogue."""
    things: dict[str, set[str]] = {}
    steps: dict[str, set[str]] = {}
    rate_words: dict[str, str] = {}
    handlers: dict[str, str] = {}
    function_words: list[str] = []
    classes = {"thing": set(), "step": set()}
    for kind, cls, forms, *_ in term_rows:
        if kind == "function":
            function_words += _split(forms)
            continue
        if kind in ("rate", "handler"):  # 化解率 → 调处; 市政府及其部门 → 政府系统
            for form in _split(forms):
                (rate_words if kind == "rate" else handlers)[form] = cls
            continue
        if kind not in classes:
            raise ValueError(f"{TERMS.name}: unknown kind {kind!r} for {cls}")
        classes[kind].add(cls)
        target = things if kind == "thing" else steps
        for form in _split(forms):
            target.setdefault(form, set()).add(cls)
    forms = {f: (frozenset(things.get(f, ())), frozenset(steps.get(f, ()))) for f in {*things, *steps}}
    rules = []
    for row in rule_rows:
        indicator, thing, step, units, *rest = [*row, ""]
        if indicator not in cat:
            raise ValueError(f"{RULES.name}: {indicator!r} is not in the catalogue")
        if thing != ANY and thing not in classes["thing"]:
            raise ValueError(f"{RULES.name}: {indicator}: unknown thing {thing!r}")
        named = _split(step)
        if not set(named) - {ANY} <= classes["step"]:
            raise ValueError(f"{RULES.name}: {indicator}: unknown step in {step!r}")
        step_set = None if ANY in named else frozenset(named)  # 建成|*: listed for the reader, any fits
        rules.append(Rule(indicator, thing, step_set, frozenset(_split(units)), *_programs(rest[0])))
    unknown = set(rate_words.values()) - classes["step"]
    if unknown:
        raise ValueError(f"{TERMS.name}: rate words name unknown steps {sorted(unknown)}")
    return Lexicon(forms, rules, rate_words, handlers, function_words, cat)


def _programs(cell: str) -> tuple[frozenset[str], frozenset[str]]:
    items = _split(cell)
    return (frozenset(p for p in items if not p.startswith("!")), frozenset(p[1:] for p in items if p.startswith("!")))


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    return parse(_rows(TERMS), _rows(RULES), catalogue.load())


@dataclass(frozen=True)
class Figure:
    """What the mapping needs of one figure: its sentence, its span there, kind, unit and the name
    etl.indicators gave it (a rate's name carries its 率-word)."""

    sentence: str
    start: int
    end: int
    kind: str
    unit: str | None
    name: str | None = None


@dataclass(frozen=True)
class Context:
    """Where the figure stands: its line of work, the figure before it in the sentence (with its
    end offset), what the paragraph last counted, and the article heading."""

    program: str | None = None
    previous: tuple[int, Mapped] | None = None
    paragraph_thing: str | None = None
    heading: str | None = None
    programs: frozenset[str] = frozenset()  # every line of work named around it (etl.programs.active)


_LETTER_CLASS = regex.compile(r"[A-Da-d甲乙丙丁]类")
_TOPIC_CLASS = regex.compile(
    r"(?:涉及|属于|关于|有关|其中|为)?(?P<topic>\p{Han}{2,10}?(?:类|方面|领域))(?:的|建议|问题)?(?:有|共|为|达)?$"
)
_SHARE = regex.compile(
    r"^(?:其中)?[^，,；;。]{0,12}?(?:占|占到|占比|占比为|占比达)(?:[^，,；;。\d]{0,10}?的)?(?:比例为|比重为|比例达|为|达到|达)?$"
)
_HANDLED = regex.compile(r"(?:承办|办理|负责办理|牵头办理|主办)(?:的)?(?:有|共|达)?$")
# 这两个建议, 上述56件, 以上三项: a figure that points back at what was counted
_REFERS_BACK = regex.compile(r"(?:这|该|上述|以上|此|前述)$")
# a noun right after the number that is not the unit (5个方面的痛点); 的 and 余/多 may come between
_NOUN_AFTER = regex.compile(r"(?:以上|左右|余|多)?(?:的)?(?P<noun>[^\P{Han}的]{2,})")
# units that count events or visits, not objects: a verb may follow them (60余人次先后深入…)
_VERBAL_UNITS = frozenset(
    {"人次", "次", "场", "场次", "期", "轮", "批次", "户次", "件次", "车次", "架次", "台次", "起"}
)
_DIGIT = regex.compile(r"\d")
_AFTER_STOP = regex.compile(r"[，,；;：:。！？!?、\d]")
_LIST_JOIN = regex.compile(r"(?:以上|左右|余|多)?[、和及与]")
_GROWTH = regex.compile(r"(?:增长|增加|增幅|增速|下降|减少|降低)(?:了|率)?(?:为|达到|达)?$")


def resolve(fig: Figure, ctx: Context = Context(), lex: Lexicon | None = None) -> Mapped:
    """The canonical indicator and category of ``fig``; see the module docstring."""
    lex = lex or load()
    text = fig.sentence
    clause_lo = _clause_start(text, fig.start)
    prev_end, prev = ctx.previous if ctx.previous else (None, None)
    own_lo = max(clause_lo, prev_end) if prev_end is not None and prev_end <= fig.start else clause_lo
    if _REFERS_BACK.search(text, max(0, fig.start - 3), fig.start):
        return NOTHING  # 这两个建议, 上述56件: figures already counted
    left = lex.scan(text, clause_lo, fig.start)
    own = [t for t in left if t.start >= own_lo]
    after = lex.scan(text, fig.end, _after_end(text, fig.end))
    if _counts_unknown_noun(fig, lex, after):
        return NOTHING  # 5个方面的痛点, 两个监督小组: the figure counts a noun the lexicon does not know
    category = None if fig.kind == "rate" else _category(text, own_lo, fig.start, lex)
    if category is not None and category[0] == "topic":  # 城乡建设类: 建设 names the class, not a step
        own = [t for t in own if t.end <= own_lo + category[2]]
    things = _things(fig, ctx, lex, own, after, clause_lo, own_lo)
    if fig.kind == "rate":
        return _rate(fig, ctx, lex, things, own_lo, prev)
    steps = _steps(fig, lex, left, own, after, prev_end, prev, own_lo)
    if category is not None and category[0] == "handler":
        return Mapped("承办主体建议数" if fig.unit == "件" else None, category[1], "代表建议", "交办")
    if (
        category is not None
        and category[0] == "topic"
        and ("代表建议" in [*things, ctx.paragraph_thing] or ctx.program == "代表建议办理")
    ):
        return Mapped("建议类别数" if fig.unit == "件" else None, category[1], "代表建议", None)
    indicator = lex.lookup(things, steps, fig.unit, ctx.program, ctx.programs)
    thing = next((t for t in things if any(r.indicator == indicator for r in lex._by_thing.get(t, ()))), None)
    return Mapped(
        indicator,
        category[1] if category else None,
        thing or (things[0] if things else None),
        steps[0] if steps else None,
    )


def _counts_unknown_noun(fig: Figure, lex: Lexicon, after: list[Term]) -> bool:
    """Is the figure's classifier followed by a noun the lexicon does not know (两个监督小组)? A
    verbal unit (人次, 次, 场) or a predicate after it (60余人次先后深入…) is no such noun."""
    if fig.unit in _VERBAL_UNITS:
        return False
    noun = _NOUN_AFTER.match(fig.sentence, fig.end)
    if noun is None:
        return False
    words = noun.group("noun")
    if lex.names_nothing(words) or any(t.start == noun.start("noun") and t.steps for t in after):
        return False
    return not any(t.things and t.start < noun.end() for t in after)


def _things(
    fig: Figure, ctx: Context, lex: Lexicon, own: list[Term], after: list[Term], clause_lo: int, own_lo: int
) -> list[str]:
    """Thing classes the figure may count, most likely first: its unit (四部门), its noun (215个问题),
    the thing its own clause counts; a thing after the clause's last verb is the object counted
    (整改问题120余个), so only a clause without one (其中代表表示不满意的有4件) goes on to the rest of
    its clause, the sentence before it, the paragraph and the heading."""
    out: list[str] = [c for t in lex.scan(fig.sentence, fig.start, fig.end) for c in sorted(t.things)]
    for t in after:
        if t.things and t.start - fig.end <= _NOUN_GAP:
            out += sorted(t.things)
            break
    last_step = max((t.end for t in own if t.steps), default=own_lo)
    objects = [c for t in reversed(own) if t.things and t.start >= last_step for c in sorted(t.things)]
    if objects:
        return _unique(out + objects)
    for t in reversed(own):
        out += sorted(t.things)
    out += [c for t in after if t.start - fig.end > _NOUN_GAP for c in sorted(t.things)]
    if _names_nothing(fig.sentence, own_lo, fig.start, own, lex):
        # 先后两次组织市、区、镇三级人大代表…开展联动视察: the rest of the clause
        for t in lex.scan(fig.sentence, fig.end, _clause_end(fig.sentence, fig.end)):
            out += sorted(t.things)
        for t in reversed(lex.scan(fig.sentence, 0, clause_lo)):  # 对143件建议…，结果为满意的142件
            out += sorted(t.things)
        if ctx.paragraph_thing:
            out.append(ctx.paragraph_thing)
        if ctx.heading:
            for t in reversed(lex.scan(ctx.heading)):
                out += sorted(t.things)
    return _unique(out)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [t for t in items if not (t in seen or seen.add(t))]


def _names_nothing(text: str, lo: int, hi: int, own: list[Term], lex: Lexicon) -> bool:
    """Does the figure's own clause leave what it counts unsaid? Only the words after its last step
    (the object's place) can name it: before the step stand the agent and adverbials
    (因条件限制暂时难以解决的76件, 代表对办理工作表示满意的541件)."""
    pos, rest = max((t.end for t in own if t.steps), default=lo), []
    for t in own:
        if t.start >= pos:
            rest.append(text[pos : t.start])
            pos = t.end
    rest.append(text[pos:hi])
    return lex.names_nothing("".join(rest))


def _steps(
    fig: Figure,
    lex: Lexicon,
    left: list[Term],
    own: list[Term],
    after: list[Term],
    prev_end: int | None,
    prev: Mapped | None,
    own_lo: int,
) -> list[str]:
    """Step classes done to what the figure counts, nearest first: in its own clause, after its
    noun (185个问题已基本得到落实), earlier in its clause (收集意见建议650条其中已办结612条 keeps 办结
    first), the verb a list shares, the verb opening a list closed by 等."""
    out = [s for t in reversed(own) for s in sorted(t.steps)]
    # 185个问题已基本得到落实; but in 10个项目已完工8个 完工 is the next figure's
    out += [
        s
        for t in after
        if t.start > fig.end and not _DIGIT.search(fig.sentence, t.end, _clause_end(fig.sentence, t.end))
        for s in sorted(t.steps)
    ]
    out += [s for t in reversed(left) if t.start < own_lo for s in sorted(t.steps)]
    if not out and prev is not None and prev.step and _listed_after(fig.sentence, prev_end, own_lo):
        out.append(prev.step)  # 发放手册5000份、海报700余张
    if not out and "等" in fig.sentence[own_lo : fig.start]:  # 代表提出要…；…等15条意见建议
        out += [s for t in reversed(lex.scan(fig.sentence, 0, own_lo)) for s in sorted(t.steps)]
    return out


def _rate(fig: Figure, ctx: Context, lex: Lexicon, things: list[str], own_lo: int, prev: Mapped | None) -> Mapped:
    before = fig.sentence[own_lo : fig.start]
    if prev is not None and _SHARE.search(before):  # 其中已办结的212件，占96.4%
        if prev.indicator is None:
            return NOTHING
        if prev.indicator == "建议类别数":
            return Mapped("建议类别占比", prev.category, prev.thing)
        if prev.indicator == "承办主体建议数":
            return Mapped("承办主体建议占比", prev.category, prev.thing)
        return Mapped(lex.catalogue.rate_of(prev.indicator), prev.category, prev.thing, prev.step)
    word = _rate_word(fig, lex, own_lo)
    if word is not None:
        step = lex.rate_words[word]
        count = lex.lookup(things, [step], None, ctx.program, ctx.programs)
        return Mapped(lex.catalogue.rate_of(count), None, things[0] if things else None, step)
    if _GROWTH.search(before) or (fig.name or "").endswith(("增长", "增长率", "增幅", "增速")):
        amount = lex.lookup(things, [], None, ctx.program, ctx.programs)
        return Mapped(lex.catalogue.growth_of(amount), None, things[0] if things else None)
    return Mapped(None, None, things[0] if things else None)


def _rate_word(fig: Figure, lex: Lexicon, own_lo: int) -> str | None:
    """The rate word that names the figure: its name's, where the clause writes it; else the last one
    written before it in its clause (投资完成率86.1%); else its name's (a table header's 办结率)."""
    before = fig.sentence[own_lo : fig.start]
    name = fig.name or ""
    named = next((w for w in sorted(lex.rate_words, key=len, reverse=True) if name.endswith(w)), None)
    if named is not None and named in before:  # 满意率和基本满意率均为100%: each name its own row
        return named
    found = [w for w in lex.rate_words if w in before]
    if found:
        return max(found, key=lambda w: (fig.sentence.rfind(w, own_lo, fig.start) + len(w), len(w)))
    return named


def _category(sentence: str, lo: int, hi: int, lex: Lexicon) -> tuple[str, str, int] | None:
    """The slice a count reports: a letter class (A类), a handler (交由政府系统办理190件) or a topic
    class (城建环保类45件), from the words right before it."""
    words = sentence[lo:hi]
    letter = _LETTER_CLASS.search(words)
    if letter:
        return "letter", letter.group().upper(), letter.start()
    if _HANDLED.search(words):
        for form in sorted(lex.handlers, key=len, reverse=True):
            if form in words:
                return "handler", lex.handlers[form], words.index(form)
    topic = _TOPIC_CLASS.search(words)
    if topic:
        return "topic", topic.group("topic"), topic.start("topic")
    return None


def _clause_start(sentence: str, pos: int) -> int:
    return max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, pos)), default=0)


def _clause_end(sentence: str, pos: int) -> int:
    m = _CLAUSE_BREAK.search(sentence, pos)
    return m.start() if m else len(sentence)


def _after_end(sentence: str, pos: int) -> int:
    """Where the words about a figure end after it: a clause break, the next item of a list (、), the
    next number (召开区人代会6次、区人大常委会会议43次)."""
    m = _AFTER_STOP.search(sentence, pos)
    return m.start() if m else len(sentence)


def _listed_after(sentence: str, prev_end: int | None, own_lo: int) -> bool:
    """Does the figure stand in a list right after the previous one (、 or 和 between them)?"""
    if prev_end is None or _CLAUSE_BREAK.search(sentence, prev_end, own_lo + 1):
        return False
    return bool(_LIST_JOIN.match(sentence, prev_end))


# 答复率、满意率均为100%, 满意率和基本满意率都达到98%: one figure that several rates share
_SHARED_RATES = regex.compile(
    r"(?P<names>\p{Han}{0,6}?率(?:[、和及与]\p{Han}{0,6}?率)+)(?:均|都|同|皆)(?:为|是|达到|达|保持在|保持)?$"
)
_RATE_ITEM = regex.compile(r"[、和及与]")


def shared_rate_names(sentence: str, start: int) -> list[str]:
    """The rate names that share the figure at ``start`` (答复率、满意率均为100% → [答复率, 满意率]),
    in text order; [] when the figure is one rate's. The last is the one etl.indicators names."""
    m = _SHARED_RATES.search(sentence, max(0, start - 40), start)
    if m is None:
        return []
    names = _RATE_ITEM.split(m.group("names"))
    # 满意率和基本满意率: the first keeps what the later ones say it is of (代表建议满意率、办结率)
    return [n for n in names if n.endswith("率") and len(n) >= 3]
