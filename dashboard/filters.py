"""Filter widgets whose values live in the URL.

Every filter is mirrored into ``st.query_params`` so a copied link reopens the same view.
We do not use the widgets' own ``bind="query-params"``: Streamlit drops bound parameters of
widgets that belong to another page when the page changes, and a filter such as the
province must survive a page change (the analysts narrow *everything* to one province).

How a value is chosen at the start of a run:

* The URL differs from what this session last wrote (fresh session, a pasted link, the
  browser's back button, a link from another page): the URL is the truth. Keys it does not
  carry fall back to the default, except right after a page change, where they are carried
  over from the previous page (Streamlit may or may not keep the query string on a page
  change; either way the view keeps its filters).
* Otherwise the widget's own state is the truth (the user just changed it).

At the end of the run :func:`commit` writes the non-default values back to the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from dashboard.queries import MetricFilter

STORE = "_url_filters"
WRITTEN = "_url_written"
LAST_PAGE = "_url_page"
CTX = "_url_ctx"
IGNORED_PARAMS = frozenset({"embed", "embed_options"})
# keys shared by all pages: carried across pages and written to every page's URL
SHARED_KEYS: tuple[str, ...] = ("prov", "city", "county", "prog", "yr")

Snapshot = tuple[tuple[str, tuple[str, ...]], ...]


def _snapshot_from_params() -> Snapshot:
    qp = st.query_params
    return tuple(sorted((k, tuple(qp.get_all(k))) for k in qp if k not in IGNORED_PARAMS))


def _snapshot(values: dict[str, list[str]]) -> Snapshot:
    return tuple(sorted((k, tuple(v)) for k, v in values.items() if v))


@dataclass
class Codec:
    parse: Callable[[list[str]], Any]
    dump: Callable[[Any], list[str]]


def _parse_list(raw: list[str]) -> list[str]:
    out: list[str] = []
    for item in raw:
        if item and item not in out:
            out.append(item)
    return out


LIST = Codec(_parse_list, lambda v: [str(x) for x in v])
TEXT = Codec(lambda raw: raw[-1] if raw else "", lambda v: [v] if v else [])


def _int_codec(default: int) -> Codec:
    def parse(raw: list[str]) -> int:
        try:
            return int(raw[-1])
        except (ValueError, IndexError):
            return default

    return Codec(parse, lambda v: [str(int(v))])


def _parse_range(raw: list[str]) -> tuple[int, int] | None:
    try:
        lo, hi = (int(x) for x in raw[-1].split("-", 1))
    except (ValueError, IndexError):
        return None
    return (min(lo, hi), max(lo, hi))


RANGE = Codec(_parse_range, lambda v: [f"{v[0]}-{v[1]}"] if v else [])
BOOL = Codec(lambda raw: bool(raw) and raw[-1] in {"1", "true", "yes"}, lambda v: ["1"] if v else [])


@dataclass
class UrlContext:
    """Per-run bookkeeping: where values come from, and what to write back."""

    page: str
    url: dict[str, list[str]]
    url_changed: bool
    fresh_session: bool
    page_changed: bool
    store: dict[str, Any]
    active: dict[str, tuple[Any, Any, Codec]] = field(default_factory=dict)

    def resolve(self, key: str, wkey: str, default: Any, codec: Codec) -> tuple[Any, bool]:
        """Return (value, force): force means the widget's state must be overwritten."""
        if self.url_changed:
            if key in self.url:
                value = codec.parse(self.url[key])
                if value is None:
                    value = default
            elif self.page_changed and not self.fresh_session:
                value = self.store.get(key, default)
            else:
                value = default
            return value, True
        if self.page_changed:
            # widget state does not reliably survive a page change; the store does
            return self.store.get(key, default), True
        if wkey in st.session_state:
            return st.session_state[wkey], False
        return self.store.get(key, default), True

    def record(self, key: str, value: Any, default: Any, codec: Codec) -> None:
        self.store[key] = value
        self.active[key] = (value, default, codec)


def begin(page: str) -> UrlContext:
    """Call once per run, before any filter widget (app.py does it)."""
    ss = st.session_state
    snap = _snapshot_from_params()
    written = ss.get(WRITTEN)
    last_page = ss.get(LAST_PAGE)
    store = ss.setdefault(STORE, {})
    ctx = UrlContext(
        page=page,
        url={k: list(v) for k, v in snap},
        url_changed=written is None or snap != written,
        fresh_session=written is None,
        page_changed=last_page is not None and last_page != page,
        store=store,
    )
    ss[CTX] = ctx
    return ctx


def current() -> UrlContext:
    ctx = st.session_state.get(CTX)
    if ctx is None:  # a page run on its own (tests of a single page)
        ctx = begin("")
    return ctx


def commit() -> None:
    """Write the non-default filter values to the URL; app.py calls it after the page ran."""
    ctx = st.session_state.get(CTX)
    if ctx is None:
        return
    out: dict[str, list[str]] = {}
    for key, (value, default, codec) in ctx.active.items():
        if value != default:
            dumped = codec.dump(value)
            if dumped:
                out[key] = dumped
    # shared filters not shown on this page still travel with the link
    for key in SHARED_KEYS:
        if key not in ctx.active and ctx.store.get(key):
            value = ctx.store[key]
            dumped = RANGE.dump(value) if key == "yr" else LIST.dump(value)
            if dumped:
                out[key] = dumped
    snap = _snapshot(out)
    if snap != _snapshot_from_params():
        st.query_params.from_dict({k: v if len(v) > 1 else v[0] for k, v in out.items()})
    st.session_state[WRITTEN] = snap
    st.session_state[LAST_PAGE] = ctx.page


def url_for(page: str, params: dict[str, Any]) -> str:
    """Relative link to another page with its filters; relative so it works behind a proxy."""
    from urllib.parse import urlencode

    pairs: list[tuple[str, str]] = []
    for k, v in params.items():
        if v is None or v == "" or v == [] or v == ():
            continue
        if isinstance(v, (list, tuple)):
            pairs.extend((k, str(x)) for x in v)
        else:
            pairs.append((k, str(v)))
    query = urlencode(pairs)
    return f"{page}?{query}" if query else page


# ---------------------------------------------------------------------------
# widgets


def _wkey(key: str) -> str:
    return f"w_{key}"


def multiselect(
    key: str,
    label: str,
    options: Sequence[str],
    *,
    container: Any = None,
    default: Sequence[str] = (),
    placeholder: str = "全部",
    help: str | None = None,
    format_func: Callable[[str], str] = str,
    keep_unknown: bool = False,
) -> list[str]:
    """A multiselect whose value is in the URL; values no longer offered are dropped.

    ``keep_unknown`` keeps URL values that are not among ``options`` (a long option list
    is cut at the most frequent values; a value from a link must still work).
    """
    ctx = current()
    wkey = _wkey(key)
    default_list = [d for d in default if d in options or keep_unknown]
    value, force = ctx.resolve(key, wkey, list(default_list), LIST)
    value = list(value or [])
    opts = list(options)
    if keep_unknown:
        opts += [v for v in value if v not in opts]
    valid = [v for v in value if v in opts]
    if force or valid != value:
        st.session_state[wkey] = valid
    box = container if container is not None else st
    result = box.multiselect(label, opts, key=wkey, placeholder=placeholder, help=help, format_func=format_func)
    ctx.record(key, list(result), list(default_list), LIST)
    return list(result)


def selectbox(
    key: str,
    label: str,
    options: Sequence[str],
    *,
    container: Any = None,
    default: str = "",
    help: str | None = None,
    format_func: Callable[[str], str] = str,
    horizontal_radio: bool = False,
) -> str:
    """A single choice; ``options`` must contain ``default``."""
    ctx = current()
    wkey = _wkey(key)
    opts = list(options)
    value, force = ctx.resolve(key, wkey, default, TEXT)
    if value not in opts:
        value = default if default in opts else (opts[0] if opts else "")
        force = True
    if force:
        st.session_state[wkey] = value
    box = container if container is not None else st
    if horizontal_radio:
        result = box.radio(label, opts, key=wkey, help=help, format_func=format_func, horizontal=True)
    else:
        result = box.selectbox(label, opts, key=wkey, help=help, format_func=format_func)
    ctx.record(key, result, default, TEXT)
    return str(result) if result is not None else default


def text_input(key: str, label: str, *, container: Any = None, placeholder: str = "", help: str | None = None) -> str:
    ctx = current()
    wkey = _wkey(key)
    value, force = ctx.resolve(key, wkey, "", TEXT)
    if force:
        st.session_state[wkey] = str(value or "")
    box = container if container is not None else st
    result = box.text_input(label, key=wkey, placeholder=placeholder, help=help) or ""
    result = result.strip()
    ctx.record(key, result, "", TEXT)
    return result


def int_input(
    key: str,
    label: str,
    *,
    default: int,
    min_value: int,
    max_value: int,
    container: Any = None,
    step: int = 1,
    help: str | None = None,
) -> int:
    ctx = current()
    wkey = _wkey(key)
    codec = _int_codec(default)
    value, force = ctx.resolve(key, wkey, default, codec)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value, force = default, True
    clamped = max(min_value, min(max_value, value))
    if force or clamped != value:
        st.session_state[wkey] = clamped
    box = container if container is not None else st
    result = box.number_input(label, min_value=min_value, max_value=max_value, step=step, key=wkey, help=help)
    result = int(result if result is not None else default)
    ctx.record(key, result, default, codec)
    return result


def year_range(
    key: str, label: str, bounds: tuple[int, int] | None, *, container: Any = None
) -> tuple[int, int] | None:
    """A year slider; None when the data has no year or only one (nothing to choose)."""
    ctx = current()
    wkey = _wkey(key)
    box = container if container is not None else st
    if bounds is None or bounds[0] == bounds[1]:
        if bounds is not None:
            box.caption(f"{label}：{bounds[0]}")
        value, _ = ctx.resolve(key, wkey, None, RANGE)
        ctx.record(key, None, None, RANGE)
        return None
    lo, hi = bounds
    value, force = ctx.resolve(key, wkey, (lo, hi), RANGE)
    try:
        v0, v1 = (int(value[0]), int(value[1]))
    except (TypeError, ValueError, IndexError):
        v0, v1, force = lo, hi, True
    v0, v1 = max(lo, min(v0, hi)), min(hi, max(v1, lo))
    if v0 > v1:
        v0, v1 = v1, v0
    if force or (v0, v1) != tuple(value):
        st.session_state[wkey] = (v0, v1)
    result = box.slider(label, min_value=lo, max_value=hi, key=wkey, step=1)
    result = (int(result[0]), int(result[1]))
    full = result == (lo, hi)
    ctx.record(key, None if full else result, None, RANGE)
    return None if full else result


def checkbox(key: str, label: str, *, container: Any = None, help: str | None = None) -> bool:
    ctx = current()
    wkey = _wkey(key)
    value, force = ctx.resolve(key, wkey, False, BOOL)
    if force:
        st.session_state[wkey] = bool(value)
    box = container if container is not None else st
    result = bool(box.checkbox(label, key=wkey, help=help))
    ctx.record(key, result, False, BOOL)
    return result


def value(key: str, default: Any = None) -> Any:
    """A filter value without a widget (e.g. the shared province filter on the evidence page)."""
    ctx = current()
    if ctx.url_changed and key in ctx.url:
        codec = RANGE if key == "yr" else LIST if key in SHARED_KEYS else TEXT
        parsed = codec.parse(ctx.url[key])
        ctx.store[key] = parsed
        return parsed
    return ctx.store.get(key, default)


def reset() -> None:
    """Button callback: forget every filter and empty the URL."""
    ss = st.session_state
    store = ss.get(STORE, {})
    for key in list(store):
        wkey = _wkey(key)
        if wkey in ss:
            del ss[wkey]
    store.clear()
    st.query_params.clear()
    ss[WRITTEN] = ()


def set_value(key: str, value: Any, codec: Codec = TEXT, default: Any = "") -> None:
    """Record a value chosen without a widget (a click on a chart), so it reaches the URL."""
    ctx = current()
    ctx.record(key, value, default, codec)
    st.session_state[_wkey(key)] = value


# ---------------------------------------------------------------------------
# the shared place/program/year filters


def shared_filters(container: Any = None, *, title: str = "筛选") -> MetricFilter:
    """The sidebar filters every analytic page shares; city and county follow the province."""
    from dashboard import queries

    box = container if container is not None else st.sidebar
    box.markdown(f"**{title}**")
    provinces = multiselect("prov", "省份", queries.sorted_values("province"), container=box)
    f = MetricFilter(provinces=tuple(provinces))
    cities = multiselect(
        "city",
        "城市",
        queries.sorted_values("city", f) if provinces else queries.sorted_values("city"),
        container=box,
        placeholder="全部（先选省份可缩小）" if not provinces else "全部",
    )
    f = f.with_(cities=tuple(cities))
    counties = multiselect(
        "county",
        "区县",
        queries.sorted_values("county", f) if (provinces or cities) else queries.sorted_values("county"),
        container=box,
    )
    programs = multiselect("prog", "工作领域", queries.sorted_values("program"), container=box)
    years = year_range("yr", "年份", queries.year_bounds(), container=box)
    return MetricFilter(
        provinces=tuple(provinces),
        cities=tuple(cities),
        counties=tuple(counties),
        programs=tuple(programs),
        years=years,
    )


def shared_from_url() -> MetricFilter:
    """The shared filters without widgets (pages that do not show them)."""
    yr = value("yr")
    return MetricFilter(
        provinces=tuple(value("prov") or ()),
        cities=tuple(value("city") or ()),
        counties=tuple(value("county") or ()),
        programs=tuple(value("prog") or ()),
        years=tuple(yr) if yr else None,
    )
