"""Evidence rendering: a document's text with its metric spans highlighted.

Document text comes from arbitrary web pages and PDFs, so it is untrusted: every piece of
it goes through :func:`html.escape` and only markup written here reaches ``st.html``
(which sanitises once more). Spans may overlap (a derived rate spans the counts it was
computed from); the text is cut at every span boundary and each piece is coloured by the
shortest span covering it.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

KIND_COLOURS: dict[str, str] = {
    "rate": "#cfe2ff",
    "count": "#d1e7dd",
    "amount": "#fff3cd",
    "measure": "#e2d9f3",
    "other": "#e9ecef",
}
STYLE = """
<style>
.ev-text { white-space: pre-wrap; line-height: 1.9; font-size: 1rem; word-break: break-all; }
.ev-text mark { padding: 1px 0; border-radius: 3px; color: inherit; }
.ev-text mark.sel { outline: 2px solid #d63384; outline-offset: 1px; }
.ev-pin { color: #d63384; font-weight: 700; }
.ev-legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border-radius: 3px;
                  font-size: .85rem; }
</style>
"""


@dataclass(frozen=True)
class Span:
    metric_id: str
    start: int
    end: int
    kind: str
    label: str


def legend(kind_labels: dict[str, str]) -> str:
    parts = [
        f'<span style="background:{KIND_COLOURS.get(k, "#eee")}">{html.escape(v)}</span>'
        for k, v in kind_labels.items()
    ]
    return STYLE + '<div class="ev-legend">' + "".join(parts) + "</div>"


def render(text: str, spans: Iterable[Span], selected: str | None = None) -> str:
    """HTML for the whole text; the selected metric gets an outline and a ▶ pin."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    out = [STYLE, '<div class="ev-text">']
    pinned = False
    by_start: dict[int, list[Span]] = {}
    for s in spans:
        by_start.setdefault(s.start, []).append(s)
    active: list[Span] = []
    for a, b in itertools.pairwise(cuts):
        # sweep: spans open at a stay active until their end
        active = [s for s in active if s.end > a] + by_start.get(a, [])
        piece = html.escape(text[a:b])
        covering = [s for s in active if b <= s.end]
        if not covering:
            out.append(piece)
            continue
        inner = min(covering, key=lambda s: (s.end - s.start, s.start))
        is_sel = selected is not None and any(s.metric_id == selected for s in covering)
        if is_sel and not pinned:
            out.append('<span class="ev-pin" id="ev-selected" title="所选指标">▶</span>')
            pinned = True
        colour = KIND_COLOURS.get(inner.kind, "#e9ecef")
        title = html.escape("；".join(s.label for s in covering), quote=True)
        cls = ' class="sel"' if is_sel else ""
        out.append(f'<mark{cls} style="background:{colour}" title="{title}">{piece}</mark>')
    out.append("</div>")
    return "".join(out)


def excerpt(text: str, start: int, end: int, context: int = 80) -> str:
    """The selected span in its surroundings, escaped, for the "所在位置" box."""
    a = max(0, start - context)
    b = min(len(text), end + context)
    before = ("…" if a > 0 else "") + text[a:start]
    after = text[end:b] + ("…" if b < len(text) else "")
    return (
        STYLE
        + '<div class="ev-text">'
        + html.escape(before)
        + '<span class="ev-pin">▶</span><mark class="sel" style="background:#f8d7da">'
        + html.escape(text[start:end])
        + "</mark>"
        + html.escape(after)
        + "</div>"
    )
