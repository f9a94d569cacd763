"""A summit as one self-contained HTML page: charts, heat map, negotiation map, sources.

:func:`render` returns the page as text and :func:`write` saves it. The page needs
nothing at view time: the CSS is inline, the charts are SVG drawn here, there is no
script, and a Content-Security-Policy forbids every fetch, so it opens offline, by e-mail
or from an archive years later, and prints well.

- **Header**: title, status, dates, place, summary and, where the document records them,
  how the summit ended (format 1.1's ``result`` and ``outcomes``).
- **Positions**: for each focus area with a scale, one chart with a mark per leader at
  the leader's position (the salience-weighted mean of their goals' positions there, as
  :func:`summitlib.compare` computes it); the mark's size shows salience, its shape and
  label say whose it is, and the scale's two anchors label the axis ends.
- **Agreement**: the :func:`summitlib.agreement_matrix` as a heat map when more than two
  parties bring agendas, otherwise the one pair's figure (mediators, hosts and observers do
  not bargain and are left out, here and in the negotiation map).
- **Forecast** (:func:`summitlib.negotiation.forecast` and
  :func:`summitlib.negotiation.exchanges`), when two parties take positions on an area: one
  chart with a row per area, each party's mark, the forecast as a bar and, where an outcome
  settled the area, a ring at the settled position; a table of the same values, with a
  note where no leader is pivotal; the exchange model's trades per round until no exchange
  is possible, and the forecast after each round.
- **Negotiation map** (:func:`summitlib.negotiation_map`) for each pair of parties,
  **recommendations**, every **goal** with its confidence and sources, and the
  **sources**, linked.

Accessible: every chart has a ``<title>`` and ``<desc>`` and a table of its values; the
heat map is a real table with the figure in each cell; colour always comes with a shape
or a label. Every string from the document is escaped.

>>> import summitlib
>>> page = summitlib.html.render(summitlib.examples.load("alaska-2025"))
>>> page.startswith("<!DOCTYPE html>"), page.count('class="mark"')
(True, 6)

Sections are functions in :data:`SECTIONS`, in page order; later sections (a forecast,
say) are one more function there.
"""

from __future__ import annotations

import html
import itertools
import math
import os
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from summitlib import comparison, negotiation
from summitlib.comparison import (
    DEFAULT_SALIENCE,
    AreaComparison,
    agreement_matrix,
    negotiation_map,
    party_agendas,
)
from summitlib.model import Agenda, FocusArea, Goal, Leader, Participation, Summit

__all__ = ["SECTIONS", "render", "write"]

#: Colours safe for the common colour-vision deficiencies (Okabe and Ito), one per leader;
#: never the only signal: each leader also has a shape and every mark a label.
_COLOURS: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_SHAPES: Final = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon")

# Chart geometry (SVG user units, i.e. CSS pixels at 100 %).
_WIDTH: Final = 880
_LEFT: Final = 170
_RIGHT: Final = 30
_ROW: Final = 36
_TOP: Final = 14
_ANCHOR_CHARS: Final = 40

_CSS: Final = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #ccc; --paper: #fff; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--paper); margin: 0 auto; max-width: 60rem;
  padding: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .2rem; }
svg.chart { width: 100%; height: auto; max-width: 880px; display: block; }
svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
svg .axis { stroke: #888; stroke-width: 1; }
svg .track { stroke: #e3e3e3; stroke-width: 1; }
svg .anchor { fill: var(--muted); font-style: italic; }
details { margin: .2rem 0 .6rem; }
details > summary { cursor: pointer; color: var(--muted); }
.heat td.num { font-weight: 600; }
.legend { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; border: 1px solid var(--rule); border-radius: .3rem;
  padding: 0 .35rem; font-size: .85rem; }
ul.sources li { margin-bottom: .3rem; }
:focus { outline: 3px solid #f0b400; outline-offset: 2px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  details > *:not(summary) { display: block; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .8em; color: var(--muted);
    word-break: break-all; }
  th { background: #eee !important; -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  .heat td, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# No script, no fetch of any kind: styles are inline and images are drawn inline.
_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value: object) -> str:
    """Escape *value* for HTML text and attribute values alike."""
    return html.escape(str(value), quote=True)


def _number(value: float | None, digits: int = 0) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.{digits}f}"


def _slug(*parts: str) -> str:
    return "-".join(parts)


class _Context:
    """What every section needs: names, colours and shapes per leader, goals per area."""

    def __init__(self, summit: Summit) -> None:
        self.summit = summit
        self.leaders: dict[str, Leader] = {leader.id: leader for leader in summit.leaders}
        order = [leader.id for leader in summit.leaders]
        order += [a.leader for a in summit.agendas if a.leader not in self.leaders]
        self.style = {
            leader: (_COLOURS[i % len(_COLOURS)], _SHAPES[i % len(_SHAPES)])
            for i, leader in enumerate(order)
        }
        self.sources = {source.id for source in summit.sources}

    def name(self, leader: str) -> str:
        found = self.leaders.get(leader)
        if found is None:
            return leader
        return found.short_name or found.name

    def source_links(self, ids: Iterable[str]) -> str:
        links = [
            f'<a href="#source-{_e(i)}">{_e(i)}</a>' if i in self.sources else _e(i) for i in ids
        ]
        return ", ".join(links) if links else "—"


# --- marks -------------------------------------------------------------------------------


def _shape(shape: str, x: float, y: float, r: float, colour: str, hollow: bool) -> str:
    """One mark's outline: the same shape for a leader everywhere on the page."""
    fill = "#fff" if hollow else colour
    paint = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" {paint}/>'  # noqa: E501
    sides, turn = {
        "triangle": (3, -90.0),
        "triangle-down": (3, 90.0),
        "diamond": (4, 0.0),
        "hexagon": (6, 0.0),
    }[shape]
    r *= 1.15
    points = " ".join(
        f"{x + r * math.cos(math.radians(turn + k * 360 / sides)):.1f},"
        f"{y + r * math.sin(math.radians(turn + k * 360 / sides)):.1f}"
        for k in range(sides)
    )
    return f'<polygon points="{points}" {paint}/>'


def _legend_swatch(context: _Context, leader: str) -> str:
    colour, shape = context.style[leader]
    body = _shape(shape, 9, 9, 6, colour, False)
    return (
        f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" '
        f'focusable="false">{body}</svg>'
    )


def _stance(goals: Sequence[Goal]) -> tuple[float | None, float | None]:
    """A leader's position and salience in one area, computed as :func:`compare` does."""
    stance = comparison._stance("", goals)
    return stance.position, stance.salience


def _goals_by_area(agendas: Iterable[Agenda]) -> dict[str, dict[str, list[Goal]]]:
    """area id -> leader id -> the leader's goals there, in document order."""
    found: dict[str, dict[str, list[Goal]]] = {}
    for agenda in agendas:
        for goal in agenda.goals:
            found.setdefault(goal.focus_area, {}).setdefault(agenda.leader, []).append(goal)
    return found


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(text, _ANCHOR_CHARS) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), _ANCHOR_CHARS, placeholder="…")]
    return lines


def _chart(context: _Context, area: FocusArea, stances: dict[str, list[Goal]]) -> str:
    """One focus area's positions: a row and a mark per leader with a position there."""
    assert area.scale is not None
    rows = [
        (leader, *_stance(goals))
        for leader, goals in stances.items()
        if _stance(goals)[0] is not None
    ]
    if not rows:
        return ""
    plot = _WIDTH - _LEFT - _RIGHT

    def x_of(value: float) -> float:
        return _LEFT + plot * min(100.0, max(0.0, value)) / 100.0

    axis_y = _TOP + _ROW * len(rows)
    low, high = _wrap(area.scale.low), _wrap(area.scale.high)
    height = axis_y + 40 + 16 * max(len(low), len(high))
    ident = _slug("chart", area.id)
    described = "; ".join(
        f"{context.name(leader)} at {_number(position)}"
        + (f", salience {_number(salience)}" if salience is not None else ", salience not given")
        for leader, position, salience in rows
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" data-focus-area="{_e(area.id)}">',
        f'<title id="{ident}-title">{_e(area.label)}: positions from 0 '
        f"({_e(area.scale.low)}) to 100 ({_e(area.scale.high)})</title>",
        f'<desc id="{ident}-desc">{_e(described)}. Larger marks mean higher salience.</desc>',
    ]
    for row, (leader, position, salience) in enumerate(rows):
        assert position is not None
        y = _TOP + _ROW * row + _ROW / 2
        colour, shape = context.style[leader]
        radius = 4 + 9 * (DEFAULT_SALIENCE if salience is None else salience) / 100
        parts.append(
            f'<text x="{_LEFT - 12}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_e(context.name(leader))}</text>"
            f'<line class="track" x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + plot}" y2="{y:.1f}"/>'
        )
        label = f"{_number(position)}" + (
            f" · s{_number(salience)}" if salience is not None else ""
        )
        label_x = x_of(position) + radius + 6
        anchor = "start"
        if label_x > _LEFT + plot - 60:
            label_x, anchor = x_of(position) - radius - 6, "end"
        parts.append(
            f'<g class="mark" data-leader="{_e(leader)}" data-focus-area="{_e(area.id)}" '
            f'data-position="{position:g}" data-salience="{"" if salience is None else f"{salience:g}"}">'  # noqa: E501
            f"<title>{_e(context.name(leader))}: position {_number(position, 1)}, "
            f"salience {_number(salience)}</title>"
            + _shape(shape, x_of(position), y, radius, colour, salience is None)
            + f'<text x="{label_x:.1f}" y="{y - radius - 2:.1f}" text-anchor="{anchor}" '
            f'font-size="11">{_e(label)}</text></g>'
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{axis_y}" x2="{_LEFT + plot}" y2="{axis_y}"/>'
    )
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        parts.append(
            f'<line class="axis" x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}"/>'
            f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle" font-size="11">{tick}</text>'
        )
    for lines, x, anchor in ((low, x_of(0), "start"), (high, x_of(100), "end")):
        spans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 15}">{_e(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<text class="anchor" x="{x:.1f}" y="{axis_y + 36}" text-anchor="{anchor}">'
            f"{spans}</text>"
        )
    parts.append("</svg>")
    table = [
        f'<details><summary>The values of "{_e(area.label)}"</summary><table>',
        '<thead><tr><th scope="col">Leader</th><th scope="col" class="num">Position</th>'
        '<th scope="col" class="num">Salience</th><th scope="col">Goals</th></tr></thead><tbody>',
    ]
    for leader, position, salience in rows:
        goals = ", ".join(_e(goal.title) for goal in stances[leader])
        table.append(
            f'<tr><th scope="row">{_e(context.name(leader))}</th>'
            f'<td class="num">{_number(position, 1)}</td><td class="num">{_number(salience)}</td>'
            f"<td>{goals}</td></tr>"
        )
    table.append("</tbody></table></details>")
    return (
        f'<figure id="area-{_e(area.id)}"><figcaption>{_e(area.label)}</figcaption>'
        + "".join(parts)
        + "".join(table)
        + "</figure>"
    )


# --- sections ----------------------------------------------------------------------------


def _header(context: _Context) -> str:
    summit = context.summit
    when = str(summit.start_date)
    if summit.end_date is not None:
        when += f" – {summit.end_date}"
    meta = f"{_e(summit.status.value.capitalize())} · {_e(when)} · {_e(summit.location.name)}"
    parts = [f"<header><h1>{_e(summit.title)}</h1>", f'<p class="meta">{meta}</p>']
    if summit.summary:
        parts.append(f"<p>{_e(summit.summary)}</p>")
    parts.append("</header>")
    return "".join(parts)


def _outcome(context: _Context) -> str:
    """How the summit ended: format 1.1's ``result`` and ``outcomes``, when recorded.

    Read with ``getattr`` so that the page works with 1.0 objects too.
    """
    result = getattr(context.summit, "result", None)
    outcomes: Sequence[Any] = getattr(context.summit, "outcomes", ()) or ()
    if result is None and not outcomes:
        return ""
    parts = ['<section id="outcome"><h2>Outcome</h2>']
    if result is not None:
        value = getattr(result, "value", result)
        parts.append(f'<p>Result: <span class="tag">{_e(str(value).replace("-", " "))}</span></p>')
    for outcome in outcomes:
        kind = getattr(getattr(outcome, "kind", None), "value", getattr(outcome, "kind", ""))
        title = _e(getattr(outcome, "title", getattr(outcome, "id", "")))
        url = getattr(outcome, "url", None)
        heading = f'<a href="{_e(url)}" rel="noreferrer">{title}</a>' if url else title
        details = [f'<span class="tag">{_e(kind)}</span>']
        date = getattr(outcome, "date", None)
        if date is not None:
            details.append(_e(date))
        signatories = getattr(outcome, "signatories", ()) or ()
        if signatories:
            details.append("signed by " + ", ".join(_e(context.name(s)) for s in signatories))
        parts.append(f'<h3>{heading}</h3><p class="meta">{" · ".join(details)}</p>')
        settles = getattr(outcome, "settles", ()) or ()
        if settles:
            parts.append("<ul>")
            for settled in settles:
                position = getattr(settled, "position", None)
                note = getattr(settled, "note", None)
                text = _e(getattr(settled, "focus_area", ""))
                if position is not None:
                    text += f" at {_number(position)}"
                if note:
                    text += f": {_e(note)}"
                parts.append(f"<li>{text}</li>")
            parts.append("</ul>")
        if getattr(outcome, "text", None):
            parts.append(f"<blockquote>{_e(outcome.text)}</blockquote>")
    parts.append("</section>")
    return "".join(parts)


def _leaders(context: _Context) -> str:
    rows = []
    for leader in context.summit.leaders:
        where = getattr(leader, "country", None) or getattr(leader, "organization", None) or "—"
        rows.append(
            f"<tr><td>{_legend_swatch(context, leader.id)}</td>"
            f'<th scope="row">{_e(leader.name)}</th><td>{_e(leader.role)}</td>'
            f"<td>{_e(where)}</td></tr>"
        )
    return (
        '<section id="leaders"><h2>Leaders</h2><table><caption>Who takes part, and the mark '
        "that stands for each in the charts</caption>"
        '<thead><tr><th scope="col">Mark</th><th scope="col">Name</th><th scope="col">Role</th>'
        '<th scope="col">Country</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
        "</section>"
    )


def _positions(context: _Context) -> str:
    by_area = _goals_by_area(context.summit.agendas)
    charts = []
    unscaled = []
    for area in context.summit.focus_areas:
        stances = by_area.get(area.id, {})
        chart = _chart(context, area, stances) if area.scale is not None else ""
        if chart:
            charts.append(chart)
        elif stances:
            unscaled.append((area, stances))
    parts = ['<section id="positions"><h2>Positions</h2>']
    if charts:
        parts.append(
            '<p class="legend">Each chart places every leader on the focus area\'s scale from 0 '
            "to 100; the labels under the axis say what the two ends mean. The larger the mark, "
            "the more the area matters to the leader (salience, 0–100, after the number as "
            '"s"); a hollow mark means no salience was given.</p>'
        )
        parts.extend(charts)
    if unscaled:
        parts.append(
            "<table><caption>Focus areas without a scale: who addresses them</caption>"
            '<thead><tr><th scope="col">Focus area</th><th scope="col">Leader</th>'
            '<th scope="col">Goals</th><th scope="col" class="num">Salience</th></tr></thead>'
            "<tbody>"
        )
        for area, stances in unscaled:
            for leader, goals in stances.items():
                _, salience = _stance(goals)
                parts.append(
                    f'<tr><th scope="row">{_e(area.label)}</th><td>{_e(context.name(leader))}</td>'
                    f"<td>{', '.join(_e(g.title) for g in goals)}</td>"
                    f'<td class="num">{_number(salience)}</td></tr>'
                )
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "".join(parts) if len(parts) > 2 else ""


def _heat(value: float | None) -> str:
    """A cell background from red (0) through yellow to green (1); white when unknown."""
    if value is None:
        return "#ffffff"
    hue = 120 * max(0.0, min(1.0, value))
    return f"hsl({hue:.0f}, 70%, 82%)"


def _agreement(context: _Context) -> str:
    matrix = agreement_matrix(context.summit)
    leaders = matrix.leaders
    if len(leaders) < 2:
        return ""
    parts = ['<section id="agreement"><h2>Agreement</h2>']
    if len(leaders) == 2:
        value = matrix.get(*leaders)
        parts.append(
            f"<p>Agreement between {_e(context.name(leaders[0]))} and "
            f"{_e(context.name(leaders[1]))}, over the focus areas where both take a position "
            f"and weighted by salience: <strong>{_number(value, 2)}</strong> "
            "(0 opposite ends of every scale, 1 the same positions).</p>"
        )
    else:
        head = "".join(f'<th scope="col" class="num">{_e(context.name(x))}</th>' for x in leaders)
        parts.append(
            '<table class="heat"><caption>Agreement between each pair of leaders, 0 (opposite '
            "ends of every scale) to 1 (the same positions); — where they share no scaled "
            "area. Greener is closer.</caption>"
            f'<thead><tr><th scope="col">Leader</th>{head}</tr></thead><tbody>'
        )
        for a in leaders:
            cells = "".join(
                f'<td class="num" data-a="{_e(a)}" data-b="{_e(b)}" '
                f'style="background:{_heat(matrix.get(a, b))}">{_number(matrix.get(a, b), 2)}</td>'
                for b in leaders
            )
            parts.append(f'<tr><th scope="row">{_e(context.name(a))}</th>{cells}</tr>')
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "".join(parts)


def _area_item(context: _Context, area: AreaComparison) -> str:
    sides = [s for s in (area.a, area.b) if s is not None]
    positions = ", ".join(
        f"{_e(context.name(s.leader))} {_number(s.position)} (salience {_number(s.salience)})"
        for s in sides
    )
    return (
        f'<li><a href="#area-{_e(area.focus_area)}">{_e(area.label)}</a>: agreement '
        f"{_number(area.agreement, 2)}; {positions}</li>"
    )


def _negotiation(context: _Context) -> str:
    # Only parties are paired, as in the text report and `summitlib compare`.
    agendas = party_agendas(context.summit)
    if len(agendas) < 2:
        return ""
    parts = ['<section id="negotiation"><h2>Negotiation map</h2>']
    others = [
        leader
        for leader in context.summit.leaders
        if leader.participation is not Participation.PARTY
        and any(agenda.leader == leader.id for agenda in context.summit.agendas)
    ]
    if others:
        parts.append(
            '<p class="legend">'
            + ", ".join(f"{_e(context.name(x.id))} ({_e(x.participation.value)})" for x in others)
            + (" does not bargain and is" if len(others) == 1 else " do not bargain and are")
            + " left out.</p>"
        )
    for a, b in itertools.combinations(agendas, 2):
        nmap = negotiation_map(context.summit, leaders=(a.leader, b.leader))
        names = (context.name(a.leader), context.name(b.leader))
        parts.append(f"<h3>{_e(names[0])} and {_e(names[1])}</h3>")
        for title, areas in (
            ("Common ground", nmap.common_ground),
            ("Sticking points", nmap.sticking_points),
        ):
            parts.append(f"<h4>{title}</h4>")
            if areas:
                parts.append("<ul>" + "".join(_area_item(context, x) for x in areas) + "</ul>")
            else:
                parts.append(
                    f"<p>None where both care (salience at least {_number(nmap.care)}).</p>"
                )
        parts.append("<h4>Possible trade-offs</h4>")
        if nmap.trade_offs:
            parts.append("<ul>")
            for trade in nmap.trade_offs:
                parts.append(f"<li>{_e(trade.reason)} (joint gain {_number(trade.gain, 1)})</li>")
            parts.append("</ul>")
        else:
            parts.append(
                "<p>None: no pair of divergent areas where each side cares more about a "
                "different one.</p>"
            )
    parts.append("</section>")
    return "".join(parts)


def _forecast_chart(context: _Context, result: negotiation.SummitForecast) -> str:
    """All areas' forecasts in one chart: a row per area, a mark per party, a bar at the
    forecast and a ring where an outcome settled the area."""
    areas = [area for area in result.areas if area.position is not None]
    if not areas:
        return ""
    plot = _WIDTH - _LEFT - _RIGHT

    def x_of(value: float) -> float:
        return _LEFT + plot * min(100.0, max(0.0, value)) / 100.0

    axis_y = _TOP + _ROW * len(areas)
    height = axis_y + 30
    described = "; ".join(
        f"{area.label}: forecast {_number(area.position, 1)}"
        + (f", settled at {_number(area.settled)}" if area.settled is not None else "")
        + ", "
        + ", ".join(f"{context.name(p.leader)} at {_number(p.position)}" for p in area.leaders)
        for area in areas
    )
    parts = [
        f'<svg class="chart forecast-chart" viewBox="0 0 {_WIDTH} {height}" role="img" '
        'aria-labelledby="forecast-chart-title forecast-chart-desc" data-forecast="chart">',
        '<title id="forecast-chart-title">Forecast per focus area, 0 to 100 on each '
        "area's scale</title>",
        f'<desc id="forecast-chart-desc">{_e(described)}. The bar marks the forecast, a '
        "ring the settled position.</desc>",
    ]
    for row, area in enumerate(areas):
        assert area.position is not None
        y = _TOP + _ROW * row + _ROW / 2
        parts.append(
            f'<text x="{_LEFT - 12}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_e(textwrap.shorten(area.label, 20, placeholder='…'))}</text>"
            f'<line class="track" x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + plot}" y2="{y:.1f}"/>'
        )
        for place in area.leaders:
            colour, shape = context.style.get(place.leader, (_COLOURS[-1], _SHAPES[0]))
            parts.append(
                f'<g class="forecast-mark" data-leader="{_e(place.leader)}">'
                f"<title>{_e(context.name(place.leader))}: {_number(place.position, 1)}</title>"
                + _shape(shape, x_of(place.position), y, 6, colour, False)
                + "</g>"
            )
        fx = x_of(area.position)
        parts.append(
            f'<g class="forecast-bar" data-area="{_e(area.focus_area)}" '
            f'data-forecast="{area.position!r}"><title>Forecast {_number(area.position, 1)}'
            f"</title>"
            f'<rect x="{fx - 2:.1f}" y="{y - 13:.1f}" width="4" height="26" fill="#1b1b1b"/>'
            f'<text x="{fx:.1f}" y="{y - 15:.1f}" text-anchor="middle" font-size="11">'
            f"{_number(area.position, 1)}</text></g>"
        )
        if area.settled is not None:
            parts.append(
                f'<g class="settled-ring"><title>Settled at {_number(area.settled)}</title>'
                f'<circle cx="{x_of(area.settled):.1f}" cy="{y:.1f}" r="10" fill="none" '
                'stroke="#1b1b1b" stroke-width="2" stroke-dasharray="3 2"/></g>'
            )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{axis_y}" x2="{_LEFT + plot}" y2="{axis_y}"/>'
    )
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        parts.append(
            f'<line class="axis" x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}"/>'
            f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle" font-size="11">{tick}</text>'
        )
    parts.append("</svg>")
    return '<figure id="forecast-chart"><figcaption>Forecast per focus area</figcaption>' + (
        "".join(parts) + "</figure>"
    )


def _forecast(context: _Context) -> str:
    """The forecast per area and the exchange model's rounds, when two parties take
    positions on some area."""
    summit = context.summit
    if negotiation.scored_areas(summit) == 0:
        return ""
    result = negotiation.forecast(summit)
    moves = negotiation.exchanges(summit)
    labels = {area.focus_area: area.label for area in result.areas}

    def names(ids: Iterable[str]) -> str:
        return ", ".join(_e(context.name(i)) for i in ids) or "—"

    parts = [
        '<section id="forecast"><h2>Forecast and exchanges</h2>',
        '<p class="legend">The forecast of an area is the Nash bargaining solution: the '
        "capability × salience weighted mean of the parties' positions. Mediators, hosts and "
        "observers do not bargain. Distances and gains are scale points and utility units; "
        "none is a probability. See the documentation's comparison page for the formulas.</p>",
        _forecast_chart(context, result),
        "<table><caption>Forecast, coalitions and, where an outcome settled the area, the "
        'error</caption><thead><tr><th scope="col">Focus area</th>'
        '<th scope="col" class="num">Forecast</th><th scope="col">Pivotal</th>'
        '<th scope="col">Below</th><th scope="col">Above</th>'
        '<th scope="col" class="num">Settled</th><th scope="col" class="num">Error</th>'
        "</tr></thead><tbody>",
    ]
    for area in result.areas:
        parts.append(
            f'<tr><th scope="row">{_e(area.label)}</th>'
            f'<td class="num">{_number(area.position, 1)}</td>'
            f"<td>{names([area.pivotal] if area.pivotal else [])}</td>"
            f"<td>{names(area.below)}</td><td>{names(area.above)}</td>"
            f'<td class="num">{_number(area.settled, 1)}</td>'
            f'<td class="num">{_number(area.error, 1)}</td></tr>'
        )
    parts.append("</tbody></table>")
    parts += [f'<p class="legend">{_e(note)}</p>' for note in negotiation.pivotal_notes(result)]
    notes = []
    for package in result.packages:
        members = ", ".join(
            f"{_e(context.name(leader))} on {_e(labels.get(area, area))}"
            for leader, area in package
        )
        notes.append(f"<li>Package (moves only together): {members}</li>")
    for blocked in result.blocked:
        notes.append(f"<li>Blocked: {_e(blocked.describe(summit))}</li>")
    if notes:
        parts.append("<ul>" + "".join(notes) + "</ul>")
    carry = (
        " " + _e(negotiation.CARRY_OVER)
        if len(moves.rounds) > 1 and moves.rounds[0].exchange_count
        else ""
    )
    parts.append(
        "<h3>Exchanges</h3><p>Stokman and Van Oosten's exchange model: two parties on opposite "
        "sides of the forecast on two areas each give way on the one they care less about, "
        f"with equal gain. At most {moves.top} exchanges are shown per round.{carry}</p>"
    )
    # Rounds after the first without an exchange repeat it: they are not listed.
    for item in moves.active_rounds:
        parts.append(
            f"<h4>Round {item.number}</h4><p>{item.exchange_count} exchanges made of "
            f"{item.candidates} candidates.</p>"
        )
        if not item.trades:
            continue
        parts.append(
            f"<table><caption>Exchanges of round {item.number}, largest gain first</caption>"
            '<thead><tr><th scope="col">Leader</th><th scope="col">Gives way on</th>'
            '<th scope="col" class="num">From</th><th scope="col" class="num">To</th>'
            '<th scope="col">Partner</th><th scope="col">Gives way on</th>'
            '<th scope="col" class="num">From</th><th scope="col" class="num">To</th>'
            '<th scope="col" class="num">Gain each</th></tr></thead><tbody>'
        )
        for trade in item.trades:
            cells = "".join(
                f"<td>{_e(context.name(m.leader))}</td>"
                f"<td>{_e(labels.get(m.moves_on, m.moves_on))}</td>"
                f'<td class="num">{_number(m.before, 1)}</td>'
                f'<td class="num">{_number(m.after, 1)}</td>'
                for m in (trade.first, trade.second)
            )
            parts.append(f'<tr>{cells}<td class="num">{_number(trade.gain, 3)}</td></tr>')
        parts.append("</tbody></table>")
    note = moves.convergence_note()
    if note is not None:
        parts.append(f"<p>{_e(note)}</p>")
    shown = moves.rounds_to_rest
    if shown:
        head = "".join(
            f'<th scope="col" class="num">After round {item.number}</th>' for item in shown
        )
        parts.append(
            "<table><caption>The forecast after each round</caption><thead><tr>"
            f'<th scope="col">Focus area</th><th scope="col" class="num">Forecast</th>{head}'
            "</tr></thead><tbody>"
        )
        for area_id, label in labels.items():
            after = "".join(
                f'<td class="num">{_number(item.forecast_after.get(area_id), 1)}</td>'
                for item in shown
            )
            parts.append(
                f'<tr><th scope="row">{_e(label)}</th><td class="num">'
                f"{_number(moves.rounds[0].forecast_before.get(area_id), 1)}</td>{after}</tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "".join(parts)


def _recommendations(context: _Context) -> str:
    summit = context.summit
    if not summit.recommendations:
        return ""
    labels = {area.id: area.label for area in summit.focus_areas}
    parts = ['<section id="recommendations"><h2>Recommendations</h2>']
    for rec in summit.recommendations:
        parts.append(
            f'<h3 id="recommendation-{_e(rec.id)}">{_e(rec.title)}</h3>'
            f'<p class="meta">Focus area: {_e(labels.get(rec.focus_area, rec.focus_area))} · '
            f"sources: {context.source_links(rec.sources)}</p>"
        )
        if rec.aims:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li><strong>{_e(context.name(aim.leader))}</strong>: {_e(aim.text)}</li>"
                    for aim in rec.aims
                )
                + "</ul>"
            )
        if rec.approaches:
            parts.append(f"<p>Approaches: {'; '.join(_e(x) for x in rec.approaches)}.</p>")
        if rec.rationale:
            parts.append(f"<p>{_e(rec.rationale)}</p>")
    parts.append("</section>")
    return "".join(parts)


def _goals(context: _Context) -> str:
    summit = context.summit
    labels = {area.id: area.label for area in summit.focus_areas}
    parts = ['<section id="goals"><h2>Goals, confidence and sources</h2>']
    for agenda in summit.agendas:
        name = context.name(agenda.leader)
        parts.append(
            f'<h3 id="agenda-{_e(agenda.leader)}">{_legend_swatch(context, agenda.leader)} '
            f"{_e(name)}</h3><p>{_e(agenda.vision)}</p>"
            f"<table><caption>{_e(name)}'s goals</caption><thead><tr>"
            '<th scope="col">Goal</th><th scope="col">Focus area</th>'
            '<th scope="col" class="num">Position</th><th scope="col" class="num">Salience</th>'
            '<th scope="col">Confidence</th><th scope="col">Sources</th></tr></thead><tbody>'
        )
        for goal in agenda.goals:
            confidence = getattr(goal.confidence, "value", goal.confidence)
            parts.append(
                f'<tr id="goal-{_e(goal.id)}"><th scope="row">{_e(goal.title)}</th>'
                f"<td>{_e(labels.get(goal.focus_area, goal.focus_area))}</td>"
                f'<td class="num">{_number(goal.position)}</td>'
                f'<td class="num">{_number(goal.salience)}</td>'
                f'<td><span class="tag">{_e(confidence if confidence is not None else "not rated")}'
                f"</span></td><td>{context.source_links(goal.sources)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "".join(parts)


def _sources(context: _Context) -> str:
    if not context.summit.sources:
        return ""
    parts = ['<section id="sources"><h2>Sources</h2><ul class="sources">']
    for source in context.summit.sources:
        title = _e(source.title)
        if source.url:
            title = f'<a href="{_e(source.url)}" rel="noreferrer">{title}</a>'
        extra = [x for x in (source.publisher, source.published) if x is not None]
        suffix = f" — {', '.join(_e(x) for x in extra)}" if extra else ""
        parts.append(f'<li id="source-{_e(source.id)}">{title}{suffix}</li>')
    parts.append("</ul></section>")
    return "".join(parts)


#: The page's sections in order; each takes the page context and returns HTML ("" to skip).
SECTIONS: Final[tuple[Callable[[_Context], str], ...]] = (
    _header,
    _outcome,
    _leaders,
    _positions,
    _agreement,
    _negotiation,
    _forecast,
    _recommendations,
    _goals,
    _sources,
)


def render(summit: Summit) -> str:
    """Return *summit* as one self-contained HTML page (inline CSS and SVG, no script)."""
    context = _Context(summit)
    body = "\n".join(part for section in SECTIONS if (part := section(context)))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="summitlib">'
        f"<title>{_e(summit.title)}</title><style>{_CSS}</style></head>\n"
        f"<body><main>\n{body}\n</main></body></html>\n"
    )


def write(summit: Summit, path: str | os.PathLike[str]) -> Path:
    """Write :func:`render`'s page to *path* (UTF-8), creating missing parent folders."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(summit), encoding="utf-8")
    return target
