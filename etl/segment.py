"""Normalised text → articles → paragraphs → sentences, all as spans into the text.

Bulletins are collections of short items under headings (``海曙区:“小调解”…``, ``●沈阳市和平区人大…``),
often with a table of contents in front and, when scraped from the web, a tail of page debris
(``关键词: …`` and a headline list). The locality and year of a figure are read from its sentence
first and from its article next, so the article boundaries matter as much as the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

_TERMINAL_PUNCT = "。！？!?；;，,、"
_SENTENCE_END = regex.compile(r"[。！？!?]+[”’」』)）]*|\n+")
# A sentence end followed by spaces inside one physical line: a flattened paragraph break.
_FLAT_PARAGRAPH = regex.compile(r"(?<=[。！？!?][”’」』)）]*)[ \t\u3000]+(?=\S)")
_TOC_HEADING = regex.compile(r"^\s*[【\[〔]?\s*(?:本期)?\s*目\s*录\s*[】\]〕]?\s*$")
_DEBRIS_START = regex.compile(
    r"^\s*(?:关键词|关键字|相关新闻|相关阅读|相关文章|推荐阅读|热门推荐|猜你喜欢|上一篇|下一篇|热点新闻)\s*[:：]?"
)
_LINK_LINE = regex.compile(r"^\s*(?:[-·•]|\d{1,2}\s)\s*\S")
_AUTHOR_LINE = regex.compile(r"^[(（].{0,40}[)）]$")
_MAX_HEADING = 46


_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
_ENDS_SENTENCE = regex.compile(r"[。！？]$")
_DATE_ONLY = regex.compile(r"^[\d\s:/.年月日-]+$")
_INNER_STOP = regex.compile(r"[。！？!?]")
_THREE_HAN = regex.compile(r"\p{Han}{3}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int  # index of the paragraph in the document


@dataclass
class Article:
    """A run of text under one heading. ``heading`` is None for text before the first heading."""

    start: int
    end: int
    heading: str | None
    heading_start: int | None
    resets_context: bool  # a top-level item: its place does not carry over from the previous one
    sentences: list[Sentence] = field(default_factory=list)
    body_started: bool = False  # a line other than the heading has been added


@dataclass
class Segmented:
    articles: list[Article]
    toc: Span | None  # table of contents: no metric is read from it
    debris: Span | None  # page debris after the body: lines are read one by one, no inherited place


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _squash(s: str) -> str:
    """Only letters and digits: TOC entries and headings differ in bullets, spaces and brackets."""
    return _NOT_ALNUM.sub("", s)


def _find_toc(text: str, lines: list[tuple[int, int]]) -> tuple[Span | None, list[str]]:
    """The TOC runs from a 目录 line to the line before the first heading that repeats an entry."""
    for i, (s, e) in enumerate(lines):
        if not _TOC_HEADING.match(text[s:e]):
            continue
        entries: list[str] = []
        for s2, e2 in lines[i + 1 :]:
            line = text[s2:e2].strip()
            if not line:
                continue
            key = _squash(line)
            if len(key) >= 6 and any(key in entry for entry in entries):
                return Span(s, s2), entries
            if len(line) > 80:
                return Span(s, s2), entries
            entries.append(key)
        return Span(s, len(text)), entries
    return None, []


def _find_debris(text: str, lines: list[tuple[int, int]]) -> Span | None:
    for s, e in lines:
        if _DEBRIS_START.match(text[s:e]):
            return Span(s, len(text))
    # a trailing block of three or more link-list lines (``- headline``) is navigation debris
    run_start, count = None, 0
    for s, e in reversed(lines):
        line = text[s:e]
        if not line.strip():
            continue
        if _LINK_LINE.match(line) and not _ENDS_SENTENCE.search(line.strip()):
            run_start, count = s, count + 1
        else:
            break
    return Span(run_start, len(text)) if run_start is not None and count >= 3 else None


def _is_heading(line: str, next_line: str | None) -> bool:
    stripped = line.strip()
    if not 4 <= len(stripped) <= _MAX_HEADING or stripped[-1] in _TERMINAL_PUNCT:
        return False
    if _AUTHOR_LINE.match(stripped) or _DATE_ONLY.match(stripped):
        return False
    if _INNER_STOP.search(stripped[:-1]):
        return False
    if not _THREE_HAN.search(stripped):
        return False
    # a heading introduces text: the next line is a paragraph or another heading line
    return next_line is not None


def sentences_in(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """Split ``text[start:end]`` (one paragraph) into sentences, trimming outer whitespace."""
    out: list[Sentence] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        _append_trimmed(text, pos, m.end(), paragraph, out)
        pos = m.end()
    _append_trimmed(text, pos, end, paragraph, out)
    return out


def _append_trimmed(text: str, s: int, e: int, paragraph: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, paragraph))


def _paragraphs(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """One physical line, split further where a sentence end is followed by spaces."""
    out, pos = [], s
    for m in _FLAT_PARAGRAPH.finditer(text, s, e):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, e))
    return [(a, b) for a, b in out if text[a:b].strip()]


def segment(text: str, table_lines: frozenset[int] = frozenset()) -> Segmented:
    """Split a normalised document into articles of sentences, and find its TOC and debris.

    ``table_lines`` (from ``etl.tables``) are the starts of table lines: each is one sentence,
    whatever its cells hold, and never a heading."""
    lines = _lines(text)
    toc, toc_entries = _find_toc(text, lines)
    debris = _find_debris(text, lines)
    body = [(s, e) for s, e in lines if text[s:e].strip()]
    articles: list[Article] = [Article(0, 0, None, None, True)]
    paragraph = 0
    for i, (s, e) in enumerate(body):
        in_toc = toc is not None and toc.start <= s < toc.end
        in_debris = debris is not None and s >= debris.start
        line = text[s:e]
        nxt = text[body[i + 1][0] : body[i + 1][1]] if i + 1 < len(body) else None
        if s + len(line) - len(line.lstrip()) in table_lines:
            articles[-1].body_started = True
            _append_trimmed(text, s, e, paragraph, articles[-1].sentences)
            paragraph += 1
            articles[-1].end = e
            continue
        if in_debris:
            # every debris line is its own item: nothing carries over between headlines
            articles.append(Article(s, e, None, None, True))
        elif not in_toc and _is_heading(line, nxt):
            top_level = not toc_entries or any(_squash(line) in entry for entry in toc_entries)
            prev = articles[-1]
            if prev.heading is not None and not prev.body_started:
                # a heading broken over two lines: extend it
                prev.heading = prev.heading + line.strip()
            else:
                start = s + len(line) - len(line.lstrip())
                articles.append(Article(s, e, line.strip(), start, top_level))
        else:
            articles[-1].body_started = True
        for ps, pe in _paragraphs(text, s, e):
            articles[-1].sentences.extend(sentences_in(text, ps, pe, paragraph))
            paragraph += 1
        articles[-1].end = e
    return Segmented([a for a in articles if a.sentences or a.heading], toc, debris)
