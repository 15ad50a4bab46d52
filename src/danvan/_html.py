"""HTML for people to look at: tables, and bar charts drawn as inline SVG.

A page danvan writes stands alone: its style is inline, its charts are SVG written here
(no script, no font, no image to fetch), and a Content-Security-Policy forbids the
browser to fetch anything. Every text is escaped. The same pieces give notebooks their
rich display (``_repr_html_`` of `Report`, `AggregationResult`, `ValidationReport` and
`Dataset`), as a fragment of the page.

**Charts** show totals as horizontal bars, one per group (place, period, sub-metric),
with the interval the true value lies in drawn as an error bar ("hơn 3.100": from 3.100
to the chart's edge, an arrow for "no upper limit"). A figure that is not exact ("gần
9.000", "khoảng 40") is drawn hatched and marked "≈" in its label, so an estimate never
looks like a count. Figures of different units get a chart each; a single total gets
none (its table says it all).

Why hand-written SVG rather than matplotlib or Vega-Lite: a bar with an error bar is a
few rectangles and lines; drawing them here keeps the page self-contained (Vega-Lite
needs its scripts, matplotlib weighs tens of megabytes and seconds to import), needs no
optional dependency, and gives the same bytes on every machine, which tests can check.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from danvan._cells import Cell, Term, cell_text
from danvan._lang import Text, check_lang
from danvan._numbers import format_number
from danvan._quantity import Quantity
from danvan._text import nfc

if TYPE_CHECKING:  # annotations only: the values rendered sit above this module
    from danvan._aggregate.results import AggregationResult
    from danvan._dataset import Dataset
    from danvan._validation import ValidationReport

__all__ = [
    "STYLE",
    "Bar",
    "bar_chart",
    "dataset_html",
    "escape",
    "fragment",
    "page",
    "result_html",
    "table_html",
    "validation_html",
]

STYLE = """
.danvan { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: #1d2430; line-height: 1.45; max-width: 72rem; }
.danvan h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
.danvan h2 { font-size: 1.15rem; margin: 1.5rem 0 .4rem; }
.danvan .note { color: #555; font-style: italic; margin: .2rem 0 .6rem; }
.danvan dl.facts { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem;
  margin: .5rem 0 1rem; }
.danvan dl.facts dt { font-weight: 600; }
.danvan dl.facts dd { margin: 0; }
.danvan table { border-collapse: collapse; margin: .3rem 0 1rem; font-size: .92rem; }
.danvan th, .danvan td { border-bottom: 1px solid #d9dee7; padding: .25rem .6rem;
  text-align: left; vertical-align: top; }
.danvan th { background: #f3f5f9; }
.danvan td.num { text-align: right; font-variant-numeric: tabular-nums; }
.danvan .approx { color: #8a4b00; }
.danvan .empty { color: #555; }
.danvan figure { margin: .5rem 0 1rem; }
.danvan figcaption { font-size: .85rem; color: #555; }
.danvan svg text { font-family: inherit; font-size: 12px; fill: #1d2430; }
"""

_WORDS = {
    "approx": Text(
        "≈: số liệu ước lượng (gần, khoảng, hơn...), vẽ gạch chéo; vạch ngang: khoảng chứa "
        "giá trị thật; mũi tên: không có cận trên",
        "≈: an estimate (nearly, about, more than...), drawn hatched; whisker: the interval "
        "the true value lies in; arrow: no upper limit",
    ),
    "exact": Text("số liệu chính xác", "exact figures"),
    "chart": Text("Biểu đồ", "Chart"),
    "rows": Text("Kết quả", "Totals"),
    "more": Text("và {n} dòng khác", "and {n} more rows"),
    "excluded": Text("Để ngoài", "Left out"),
    "reconciled": Text("Đối chiếu", "Reconciliations"),
    "missing": Text(
        "Không có số liệu (thiếu, không phải bằng 0)", "No figures (missing, not zero)"
    ),
    "none": Text("không có", "none"),
    "findings": Text("Vấn đề", "Findings"),
    "observations": Text("Số liệu", "Observations"),
}

_MAX_ROWS = 200
_APPROX = "≈"


def escape(text: object) -> str:
    """Text made safe in HTML (NFC, ``<>&"'`` escaped)."""
    return html.escape(nfc(str(text)), quote=True)


def _w(key: str, lang: str) -> str:
    return _WORDS[key].in_(lang)


# -- tables ---------------------------------------------------------------------------------


def _cell_html(cell: Cell, lang: str) -> tuple[str, str]:
    """The cell's HTML and its class ("num" for numbers)."""
    if cell is None:
        return '<span class="empty">—</span>', ""
    text = escape(cell_text(cell, lang))
    if isinstance(cell, bool):
        return text, ""
    if isinstance(cell, int | Decimal):
        return text, "num"
    if isinstance(cell, Quantity) and not cell.is_exact:
        bounds = escape(cell_text(cell.bounds, lang))
        return f'<span class="approx" title="{bounds}">{_APPROX} {text}</span>', ""
    return text, ""


def table_html(
    labels: Sequence[str], rows: Iterable[Sequence[Cell]], lang: str, *, limit: int = _MAX_ROWS
) -> str:
    """A table of report cells; rows beyond ``limit`` are counted, not shown."""
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    body: list[str] = []
    extra = 0
    for i, row in enumerate(rows):
        if i >= limit:
            extra += 1
            continue
        cells = []
        for cell in row:
            content, kind = _cell_html(cell, lang)
            cells.append(f'<td class="{kind}">{content}</td>' if kind else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if extra:
        counted = _w("more", lang).format(n=format_number(extra, lang=lang))
        more = f'<p class="note">{escape(counted)}</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


# -- charts ---------------------------------------------------------------------------------


@attrs.frozen
class Bar:
    """One bar of a chart: its label and its figure."""

    label: str
    value: Quantity


def _number(value: int | Decimal) -> float:
    # Pixels only: a float positions a bar, it never stands for a figure.
    return float(value)


def _groups(bars: Sequence[Bar]) -> list[list[Bar]]:
    """Bars by unit, in order of first sight: one chart per unit."""
    found: dict[str, list[Bar]] = {}
    for bar in bars:
        found.setdefault(bar.value.unit.code, []).append(bar)
    return list(found.values())


def bar_chart(bars: Sequence[Bar], lang: str, *, title: str = "") -> str:
    """Horizontal bars with their bounds as error bars, one SVG chart per unit; "" when a
    chart would not help (fewer than two bars of a unit)."""
    charts = [_svg(group, lang, title) for group in _groups(bars) if len(group) >= 2]
    if not charts:
        return ""
    legend = f"<figcaption>{escape(_w('approx', lang))}</figcaption>"
    return "".join(f"<figure>{chart}{legend}</figure>" for chart in charts)


def _svg(bars: Sequence[Bar], lang: str, title: str) -> str:
    label_width, bar_area, row, top = 260, 420, 26, 24
    finite = [b.value.bounds.upper for b in bars if b.value.bounds.upper is not None]
    finite += [b.value.point for b in bars if b.value.point is not None]
    finite += [b.value.bounds.lower for b in bars]
    largest = max((_number(v) for v in finite), default=0.0)
    scale = bar_area / (largest * 1.1) if largest > 0 else 0.0
    height = top + row * len(bars) + 28
    width = label_width + bar_area + 170
    unit = bars[0].value.unit.label(2, lang=lang)
    heading = f"{title} ({unit})" if title else unit
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(heading)}">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3c58a"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#c27a1e" stroke-width="2"/></pattern></defs>',
        f'<text x="0" y="14" font-weight="600">{escape(heading)}</text>',
    ]
    for i, bar in enumerate(bars):
        q = bar.value
        y = top + i * row
        mark = "" if q.is_exact else f"{_APPROX} "
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        x = label_width - 8
        parts.append(f'<text x="{x}" y="{y + 15}" text-anchor="end">{escape(mark + label)}</text>')
        point = q.point
        if point is not None:
            fill = "#4a78b5" if q.is_exact else "url(#hatch)"
            stroke = "" if q.is_exact else ' stroke="#c27a1e" stroke-dasharray="3 2"'
            length = _number(point) * scale
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="14" '
                f'fill="{fill}"{stroke}><title>{escape(cell_text(q, lang))}</title></rect>'
            )
        b = q.bounds
        if not (q.is_exact and point is not None):
            low = label_width + _number(b.lower) * scale
            high = label_width + (bar_area if b.upper is None else _number(b.upper) * scale)
            parts.append(
                f'<line x1="{low:.1f}" y1="{y + 11}" x2="{high:.1f}" y2="{y + 11}" '
                'stroke="#1d2430" stroke-width="1.5"/>'
                f'<line x1="{low:.1f}" y1="{y + 6}" x2="{low:.1f}" y2="{y + 16}" stroke="#1d2430"/>'
            )
            if b.upper is None:
                arrow = f"M{high:.1f},{y + 7} L{high + 7:.1f},{y + 11} L{high:.1f},{y + 15} Z"
                parts.append(f'<path d="{arrow}" fill="#1d2430"/>')
            else:
                parts.append(
                    f'<line x1="{high:.1f}" y1="{y + 6}" x2="{high:.1f}" y2="{y + 16}" '
                    'stroke="#1d2430"/>'
                )
        text_x = label_width + bar_area + 10
        parts.append(f'<text x="{text_x}" y="{y + 15}">{escape(cell_text(q, lang))}</text>')
    axis_y = top + row * len(bars) + 4
    parts.append(
        f'<line x1="{label_width}" y1="{axis_y}" x2="{label_width + bar_area}" y2="{axis_y}" '
        'stroke="#8a93a3"/>'
    )
    if largest > 0:
        for fraction in (0, 0.5, 1):
            value = largest * 1.1 * fraction
            shown = format_number(round(value), lang=lang)
            tick = label_width + bar_area * fraction
            at = f'x="{tick:.1f}" y="{axis_y + 16}"'
            parts.append(f'<text {at} text-anchor="middle">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- whole pages and fragments --------------------------------------------------------------


def page(title: str, body: str, lang: str) -> str:
    """A whole HTML page around ``body``: inline style, nothing to fetch (its CSP says so)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{check_lang(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<div class="danvan">\n{body}\n</div>\n</body>\n</html>\n'
    )


def fragment(body: str) -> str:
    """A fragment for a notebook: the body with its style, scoped to ``.danvan``."""
    return f'<div class="danvan"><style>{STYLE}</style>{body}</div>'


def _label(keys: Iterable[tuple[str, str]]) -> str:
    return " · ".join(value for name, value in keys if name != "unit")


def result_html(result: AggregationResult, lang: str = "vi") -> str:
    """An aggregation result for a notebook: its totals (charted), and what was left out,
    reconciled or missing."""
    head = f"<h2>{escape(result.metric)}</h2>"
    facts = [str(result.period) if result.period is not None else "", ", ".join(result.by)]
    head += f'<p class="note">{escape(" · ".join(f for f in facts if f))}</p>'
    head += "".join(f'<p class="note">{escape(_in(note, lang))}</p>' for note in result.notes)
    rows = list(result.rows)
    bars = [Bar(_label(r.keys), r.value) for r in rows if isinstance(r.value, Quantity)]
    keys = list(dict.fromkeys(name for r in rows for name, _ in r.keys if name != "unit"))
    table = table_html([*keys, "value"], [[r.key(k) for k in keys] + [r.value] for r in rows], lang)
    counts = [
        f"{_w('excluded', lang)}: {len(result.excluded) or _w('none', lang)}",
        f"{_w('reconciled', lang)}: {len(result.reconciliations) or _w('none', lang)}",
        f"{_w('missing', lang)}: {len(result.missing) or _w('none', lang)}",
    ]
    tail = "".join(f'<p class="note">{escape(c)}</p>' for c in counts)
    return fragment(head + bar_chart(bars, lang) + table + tail)


def _in(text: str, lang: str) -> str:
    in_ = getattr(text, "in_", None)
    return str(in_(lang)) if in_ is not None else text


def validation_html(report: ValidationReport, lang: str = "vi") -> str:
    """A validation report for a notebook: every finding, most severe first."""
    rows = [
        (Term(f.severity.value, f.severity.value), f.code, f.record, f.text(lang)) for f in report
    ]
    heading = f"<h2>{escape(_w('findings', lang))}: {len(rows)}</h2>"
    return fragment(heading + table_html(["severity", "code", "record", "message"], rows, lang))


def dataset_html(dataset: Dataset, lang: str = "vi") -> str:
    """A dataset for a notebook: what it holds, and its first figures."""
    heading = f"<h2>{escape(dataset.title or 'Dataset')}</h2>"
    shown = dataset.observations[:50]
    rows: list[tuple[Cell, ...]] = [
        (o.id, o.metric, o.value, str(o.period), o.place) for o in shown
    ]
    note = f'<p class="note">{escape(repr(dataset).splitlines()[0].lstrip("<"))}</p>'
    table = table_html(["id", "metric", "value", "period", "place"], rows, lang)
    rest = len(dataset.observations) - len(shown)
    more = (
        f'<p class="note">{escape(_w("more", lang).format(n=format_number(rest, lang=lang)))}</p>'
        if rest > 0
        else ""
    )
    return fragment(heading + note + table + more)
