"""One document's decoded text → its metric rows. Pure: text in, records out.

This is the whole extraction path for one document, in order: normalise → tables → segment →
find quantities per sentence (in a table row, with what its header says of them) → name them →
place, year, program → consistency checks and derived rates. It touches no file and no
database, so it is easy to test and to run in parallel.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from etl import canonical, catalogue, consistency, indicators, programs, quantities, tables, years
from etl.gazetteer import load as load_gazetteer
from etl.locality import NOWHERE, DocumentPlaces, Locality
from etl.normalise import normalise
from etl.segment import Article, segment


@dataclass
class Extraction:
    text: str  # normalised text: every metric's start/end points into it
    metrics: list[dict]
    place: Locality  # the document's own place
    year: int | None
    notes: list[str] = field(default_factory=list)  # data quality: numerals that could not be read whole


def metric_id(doc_id: str, start: int, end: int, name: str | None, derived: bool) -> str:
    """Stable across runs: the same document text gives the same ids."""
    key = f"{doc_id}|{start}|{end}|{name or ''}|{int(derived)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _page(page_starts: tuple[int, ...] | None, raw_offset: int) -> int | None:
    if not page_starts:
        return None
    return bisect.bisect_right(page_starts, raw_offset)


def extract(
    raw_text: str, doc_id: str, *, published: dt.date | None = None, page_starts: tuple[int, ...] | None = None
) -> Extraction:
    """Every reported figure of one document, as rows of the metrics table."""
    gaz = load_gazetteer()  # the same table normalise() protects from OpenCC
    norm = normalise(raw_text)
    text = norm.text
    tabs = tables.find(text)
    seg = segment(text, tabs.lines)
    places = DocumentPlaces(text, gaz, exclude_from=seg.debris.start if seg.debris else None)
    doc_year = years.document_year(text[: seg.debris.start] if seg.debris else text, published)
    candidates = quantities.candidate_starts(text)
    year_marks = years.year_mentions(text)
    year_starts = [m.offset for m in year_marks]
    rows: list[dict] = []
    notes: list[quantities.Note] = []
    carried_place: Locality | None = places.document
    for article in seg.articles:
        in_debris = seg.debris is not None and article.start >= seg.debris.start
        heading_place = _heading_place(places, article)
        if in_debris:
            # a headline stands alone: its place is the first one it names, wherever in the line
            found = places.in_span(article.start, article.end)
            carried_place = found[0][2] if found else NOWHERE
        elif article.resets_context or heading_place is not None:
            carried_place = heading_place or places.document
        paragraph_rows: dict[int, list[int]] = {}
        carried_year: int | None = None  # a stated year governs the rest of its paragraph only
        previous_subject: str | None = None  # what the paragraph last counted: 答复率为100% is of it
        paragraph_thing: str | None = None  # ... as a thing of the indicator lexicon (etl.canonical)
        current_paragraph = -1
        for i, sent in enumerate(article.sentences):
            if sent.paragraph != current_paragraph:
                current_paragraph, carried_year, previous_subject = sent.paragraph, None, None
                paragraph_first, paragraph_text, paragraph_thing = i, None, None
            sentence = text[sent.start : sent.end]
            in_toc = seg.toc is not None and seg.toc.start <= sent.start < seg.toc.end
            mentions = _years_in(year_marks, year_starts, sent.start, sent.end)
            table_row = tabs.rows.get(sent.start)
            if table_row is not None:  # a table's year is in its caption (2024年各区…统计)
                carried_year = years.carried_year(
                    _years_in(year_marks, year_starts, *table_row.caption), None, doc_year
                )
            if not in_toc and (table_row or _any_between(candidates, sent.start, sent.end)):
                nxt = article.sentences[i + 1] if i + 1 < len(article.sentences) else None
                next_text = text[nxt.start : nxt.end] if nxt else ""
                figures = _figures(text, sentence, sent.start, next_text, table_row, notes)
                if figures:
                    if paragraph_text is None:
                        paragraph_text = _paragraph_text(text, article, paragraph_first)
                    program = programs.classify(sentence, article.heading, paragraph_text)
                    in_play = programs.active(sentence, article.heading, paragraph_text)
                    named = programs.initiative(sentence, article.heading, paragraph_text)
                previous: tuple[int, canonical.Mapped] | None = None  # the figure before, in this sentence
                for figure in figures:
                    q = figure.quantity
                    if figure.header is not None:  # a table cell: its header says what it is
                        ind = indicators.from_header(figure.header, q)
                        mapped = _canonical(
                            ind.name or "",
                            len(ind.name or ""),
                            len(ind.name or ""),
                            ind,
                            q,
                            canonical.Context(program, None, paragraph_thing, article.heading, in_play),
                        )
                    else:
                        ind = indicators.describe(sentence, q, previous_subject)
                        if ind.kind == "count" and ind.subject:
                            previous_subject = ind.subject
                        mapped = _canonical(
                            sentence,
                            q.start,
                            q.end,
                            ind,
                            q,
                            canonical.Context(program, previous, paragraph_thing, article.heading, in_play),
                        )
                        previous = (q.end, mapped)
                    if ind.kind == "count" and mapped.thing:
                        paragraph_thing = mapped.thing
                    start, end = sent.start + q.start, sent.start + q.end
                    loc = places.for_figure((sent.start, sent.end), start, carried_place)
                    raw_start, raw_end = norm.to_raw(start, end)
                    row = {
                        "metric_id": metric_id(doc_id, start, end, ind.name, False),
                        "doc_id": doc_id,
                        "start": start,
                        "end": end,
                        "quote": text[start:end],
                        "sentence": sentence,
                        "sentence_start": sent.start,
                        "sentence_end": sent.end,
                        "raw_start": raw_start,
                        "raw_end": raw_end,
                        "page": _page(page_starts, raw_start),
                        "article": article.heading,
                        "kind": ind.kind,
                        "value": q.value,
                        "unit": q.unit.symbol,
                        "unit_raw": q.unit_raw,
                        "qualifier": q.qualifier,
                        "name": ind.name,
                        "subject": ind.subject,
                        "province": loc.province,
                        "city": loc.city,
                        "county": loc.county,
                        "town": loc.town,
                        "adcode": loc.adcode,
                        "place_level": loc.level,
                        "program": program,
                        "initiative": named,
                        "year": figure.year or years.year_for(mentions, q.start, carried_year, doc_year),
                        "derived": False,
                        "core": ind.core and not in_debris,
                        "numerator": None,
                        "denominator": None,
                        "consistency": None,
                        # a rule, target or structural fact is compared with nothing: no indicator
                        "indicator": mapped.indicator if ind.core else None,
                        "category": mapped.category,
                        "duplicate_of": None,
                    }
                    paragraph_rows.setdefault(sent.paragraph, []).append(len(rows))
                    rows.append(row)
                    if ind.kind == "rate" and figure.header is None:  # 答复率、满意率均为100%: a row per name
                        shared = canonical.shared_rate_names(sentence, q.start)
                        for k, name in enumerate(reversed(shared)):
                            other = _canonical(
                                sentence,
                                q.start,
                                q.end,
                                indicators.Indicator("rate", name, None, ind.core),
                                q,
                                canonical.Context(program, None, paragraph_thing, article.heading, in_play),
                            )
                            named = {
                                "metric_id": metric_id(doc_id, start, end, name, False),
                                "name": name,
                                "indicator": other.indicator,
                                "category": other.category,
                            }
                            if k == 0:
                                row.update(named)
                            else:
                                paragraph_rows[sent.paragraph].append(len(rows))
                                rows.append({**row, **named})
            carried_year = years.carried_year(mentions, carried_year, doc_year)
            last = places.last(sent.start, sent.end)
            if last is not None and not in_toc and table_row is None:  # a row's place is its own
                carried_place = last
        _check_paragraphs(rows, paragraph_rows, doc_id)
    _mark_duplicates(rows)
    return Extraction(text, rows, places.document, doc_year, [str(n) for n in notes])


def _canonical(
    sentence: str, start: int, end: int, ind: indicators.Indicator, q: quantities.Quantity, ctx: canonical.Context
) -> canonical.Mapped:
    return canonical.resolve(canonical.Figure(sentence, start, end, ind.kind, q.unit.symbol, ind.name), ctx)


def _figures(
    text: str, sentence: str, offset: int, next_text: str, row: tables.Row | None, notes: list[quantities.Note]
) -> list[tables.Figure]:
    """The sentence's quantities; in a table row, with what its header says of each, and its bare numbers."""
    sentence_notes: list[quantities.Note] = []
    found = quantities.find(sentence, next_text, sentence_notes)
    notes.extend(n.shifted(offset) for n in sentence_notes)
    if row is None:
        return [tables.Figure(q, None, None) for q in found]
    return tables.figures(text, row, offset, found)


def _any_between(starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def _years_in(marks: list[years.YearMention], starts: list[int], start: int, end: int) -> list[years.YearMention]:
    """The document's year mentions inside [start, end), with offsets relative to ``start``."""
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [m._replace(offset=m.offset - start) for m in marks[lo:hi]]


def _heading_place(places: DocumentPlaces, article: Article) -> Locality | None:
    if article.heading_start is None or article.heading is None:
        return None
    return places.last(article.heading_start, article.heading_start + len(article.heading))


def _paragraph_text(text: str, article: Article, first: int) -> str:
    """The paragraph that sentence ``first`` opens, read forward (never a scan of the article)."""
    sents = article.sentences
    last = first
    while last + 1 < len(sents) and sents[last + 1].paragraph == sents[first].paragraph:
        last += 1
    return text[sents[first].start : sents[last].end]


# what makes two statements in one document the same fact: what it is, how much, where, when
_FACT = ("indicator", "category", "value", "unit", "province", "city", "county", "town")
_MIN_NAMED_DUPLICATE = 10  # a figure known only by its wording is taken as repeated from this value up


def _mark_duplicates(rows: list[dict]) -> None:
    """A fact a document states twice (a summary and the body, a table and its prose) is one fact:
    each later statement points at the first (duplicate_of), so comparisons count it once. A figure
    without an indicator is matched by its name too, and only when its value is not a small number
    two facts could share by chance (8个镇街 in two paragraphs are often two sets of towns)."""
    first: dict[tuple, list[tuple[int | None, str, int, int]]] = {}
    for row in rows:
        if row["derived"] or not row["core"] or row["kind"] not in ("count", "rate", "amount"):
            continue
        if row["indicator"] is None and (
            row["name"] is None or row["value"] is None or abs(row["value"]) < _MIN_NAMED_DUPLICATE
        ):
            continue
        key = (row["indicator"] or row["name"], *(row[c] for c in _FACT[1:]))
        earlier = first.setdefault(key, [])
        # a year left unsaid (一年来 in the summary) does not tell two statements apart; once matched,
        # the first statement takes the year the second states
        # (two rows of one span, 办结率、答复率均为100%, are one fact too)
        for i, (year, metric, sentence_start, start) in enumerate(earlier):
            elsewhere = sentence_start != row["sentence_start"] or start == row["start"]
            if elsewhere and (year == row["year"] or None in (year, row["year"])):
                row["duplicate_of"] = metric
                earlier[i] = (year or row["year"], metric, sentence_start, start)
                break
        else:
            earlier.append((row["year"], row["metric_id"], row["sentence_start"], row["start"]))


def _check_paragraphs(rows: list[dict], paragraph_rows: dict[int, list[int]], doc_id: str) -> None:
    """Consistency verdicts for stated rates; derived rates where only the counts are given."""
    for indexes in paragraph_rows.values():
        figures = [
            consistency.Figure(i, rows[i]["start"], rows[i]["kind"], rows[i]["value"], rows[i]["unit"], rows[i]["name"])
            for i in indexes
        ]
        checks, derived = consistency.check_passage(figures)
        consistency.apply_checks(rows, checks)
        cat = catalogue.load()
        stated = {rows[i]["indicator"] for i in indexes if rows[i]["kind"] == "rate"}
        for d in derived:
            num, den = rows[d.numerator_index], rows[d.denominator_index]
            indicator = cat.rate_of(num["indicator"])
            if indicator is not None and indicator in stated:
                continue  # 解决的312件，占53.2%: the text states this rate already
            rows.append(
                {
                    **num,
                    "metric_id": metric_id(doc_id, num["start"], num["end"], d.name, True),
                    "kind": "rate",
                    "value": d.value,
                    "unit": "%",
                    "unit_raw": None,
                    "qualifier": "exact",
                    "name": d.name,
                    "indicator": indicator,
                    "derived": True,
                    "core": False,
                    # computed, so there is nothing to check it against
                    "numerator": num["value"],
                    "denominator": den["value"],
                    "consistency": None,
                }
            )
