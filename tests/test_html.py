"""The HTML report, checked as text and in a real headless Chromium.

The browser tests load every example's report from a file, with no network, and read
back the DOM Chromium built: one mark per leader and focus area in each chart, a heat
map cell per pair of leaders, no console message at all (the page has no script, so any
message is an error, such as a blocked fetch). Chromium comes from the system packages
(``apt-get install chromium``; ``.ci/run`` installs it): when it is missing the tests
fail under ``CI`` and skip, saying so, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

import summitlib
from summitlib import html
from summitlib.model import Agenda, Goal, Leader, Summit
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    message = "Chromium is not installed; install it with: apt-get install -y chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _chromium(page: Path, tmp_path: Path, *action: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on *page* with a profile of its own, logging to stderr."""
    return subprocess.run(
        [
            _browser(),
            "--headless",
            "--no-sandbox",  # CI containers run as root, where the sandbox cannot start
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *action,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _console(stderr: str) -> list[str]:
    """Chromium's log lines for console messages (it logs them all at INFO as CONSOLE)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class _Dom(HTMLParser):
    """The parts of the dumped DOM the tests count."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, dict[str, Any]] = {}
        self.heat_cells: list[tuple[str, str]] = []
        self.fetching: list[tuple[str, str]] = []
        self.scripts = 0
        self._chart: str | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs_ = {k: v or "" for k, v in attributes}
        if tag == "script":
            self.scripts += 1
        for key in ("src", "srcset", "data"):
            if key in attrs_:
                self.fetching.append((tag, attrs_[key]))
        if tag == "link":
            self.fetching.append((tag, attrs_.get("href", "")))
        if tag == "svg" and "data-focus-area" in attrs_:
            self._chart = attrs_["data-focus-area"]
            self.charts[self._chart] = {
                "marks": [],
                "labelledby": attrs_.get("aria-labelledby", ""),
                "role": attrs_.get("role"),
                "text": "",
                "title": 0,
                "desc": 0,
            }
        elif self._chart is not None:
            chart = self.charts[self._chart]
            if tag == "g" and "mark" in attrs_.get("class", "").split():
                chart["marks"].append((attrs_["data-leader"], attrs_["data-focus-area"]))
            if tag in ("title", "desc") and "id" in attrs_:
                chart[tag] += 1
        if tag == "td" and "data-a" in attrs_:
            self.heat_cells.append((attrs_["data-a"], attrs_["data-b"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._chart = None

    def handle_data(self, data: str) -> None:
        if self._chart is not None:
            self.charts[self._chart]["text"] += data + " "


def _dom(text: str) -> _Dom:
    parser = _Dom()
    parser.feed(text)
    return parser


def _expected_marks(summit: Summit) -> dict[str, set[str]]:
    """Scaled area -> the leaders with a goal that takes a position there."""
    scaled = {area.id for area in summit.focus_areas if area.scale is not None}
    expected: dict[str, set[str]] = {}
    for agenda in summit.agendas:
        for goal in agenda.goals:
            if goal.focus_area in scaled and goal.position is not None:
                expected.setdefault(goal.focus_area, set()).add(agenda.leader)
    return expected


def _three_leaders() -> Summit:
    """Geneva with a third, made-up leader whose goals sit between the other two."""
    summit = summitlib.load(EXAMPLES[[p.stem for p in EXAMPLES].index("geneva-2021")])
    first, second = summit.agendas[:2]
    positions = {g.focus_area: g.position for g in second.goals if g.position is not None}
    goals = tuple(
        Goal(
            id=f"mediator-{goal.id}",
            focus_area=goal.focus_area,
            title=f"Middle ground: {goal.title}",
            position=(goal.position + positions.get(goal.focus_area, goal.position)) / 2,
            salience=40.0,
        )
        for goal in first.goals
        if goal.position is not None
    )
    mediator = Leader(id="mediator", name="A <Mediator> & Co", country="CH", role="Host")
    agenda = Agenda(leader="mediator", vision='Keep both "sides" talking', goals=goals)
    three = attrs.evolve(
        summit, leaders=(*summit.leaders, mediator), agendas=(*summit.agendas, agenda)
    )
    assert summitlib.validate(summitlib.dumps(three)).ok
    return three


# --- as text --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_page_is_self_contained(path: Path) -> None:
    """No script, stylesheet link or fetched resource; a policy blocks any that slips in."""
    page = html.render(summitlib.load(path))
    dom = _dom(page)
    assert dom.scripts == 0
    assert dom.fetching == []
    assert "Content-Security-Policy" in page
    assert "default-src 'none'" in page


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_goal_shows_its_confidence_and_linked_sources(path: Path) -> None:
    """Each goal's row names its confidence and links each source to the sources list."""
    summit = summitlib.load(path)
    page = html.render(summit)
    for agenda in summit.agendas:
        for goal in agenda.goals:
            start = page.index(f'<tr id="goal-{goal.id}">')
            row = page[start : page.index("</tr>", start)]
            assert f">{getattr(goal.confidence, 'value', 'not rated')}<" in row
            for source in goal.sources:
                assert f'<a href="#source-{source}">' in row
    for source in summit.sources:
        assert f'<li id="source-{source.id}">' in page
        if source.url:
            assert f'href="{source.url}"' in page.replace("&amp;", "&")


def test_every_string_from_the_document_is_escaped() -> None:
    """Markup in names and text is shown as text, never run or parsed as markup."""
    summit = _three_leaders()
    hostile = "<script>alert(1)</script>"
    summit = attrs.evolve(summit, title=f"Talks {hostile}", summary='"quoted" & <b>bold</b>')
    page = html.render(summit)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "A &lt;Mediator&gt; &amp; Co" in page
    assert "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_the_outcome_section_appears_when_the_document_has_outcomes() -> None:
    """A summit with ``result``/``outcomes`` (format 1.1) gets an Outcome section."""

    @attrs.frozen
    class Settled:
        focus_area: str
        position: float | None = None
        note: str | None = None

    @attrs.frozen
    class Outcome:
        id: str
        kind: str
        title: str
        signatories: tuple[str, ...] = ()
        settles: tuple[Settled, ...] = ()

    summit = summitlib.load(EXAMPLES[0])
    context: Any = html._Context(summit)
    assert html._outcome(context) == ""

    class WithOutcomes:
        def __getattr__(self, name: str) -> Any:
            return getattr(summit, name)

        result = "partial-agreement"
        outcomes = (
            Outcome(
                id="statement",
                kind="joint-statement",
                title="Joint <statement>",
                signatories=(summit.leaders[0].id,),
                settles=(Settled(focus_area=summit.focus_areas[0].id, position=60.0),),
            ),
        )

    context.summit = WithOutcomes()
    section = html._outcome(context)
    assert "partial agreement" in section
    assert "Joint &lt;statement&gt;" in section
    assert "joint-statement" in section
    assert f"{summit.focus_areas[0].id} at 60" in section


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    """write() makes the parent folders and writes UTF-8 text equal to render()."""
    summit = summitlib.load(EXAMPLES[0])
    target = html.write(summit, tmp_path / "a" / "b" / "report.html")
    assert target.read_text(encoding="utf-8") == html.render(summit)


# --- in the browser -------------------------------------------------------------------------


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    """A page that tries a fetch under the report's policy leaves a console line."""
    page = tmp_path / "bad.html"
    report = html.render(summitlib.load(EXAMPLES[0]))
    page.write_text(report.replace("<main>", '<main><img src="https://example.invalid/x.png">'))
    done = _chromium(page, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr
    assert _console(done.stderr)


def _check_in_browser(summit: Summit, tmp_path: Path, name: str) -> _Dom:
    page = tmp_path / f"{name}.html"
    html.write(summit, page)
    done = _chromium(page, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr
    assert _console(done.stderr) == []
    dom = _dom(done.stdout)
    expected = _expected_marks(summit)
    assert set(dom.charts) == set(expected)
    areas = {area.id: area for area in summit.focus_areas}
    for area_id, chart in dom.charts.items():
        marks = chart["marks"]
        assert sorted(marks) == sorted((leader, area_id) for leader in expected[area_id])
        scale = areas[area_id].scale
        assert scale is not None
        text = " ".join(chart["text"].split())
        assert scale.low.split()[0] in text
        assert scale.high.split()[-1] in text
        assert chart["role"] == "img"
        assert chart["title"] == 1
        assert chart["desc"] == 1
        assert len(chart["labelledby"].split()) == 2
    screenshot = tmp_path / f"{name}.png"
    shot = _chromium(
        page, tmp_path, f"--screenshot={screenshot}", "--window-size=1100,2400", "--hide-scrollbars"
    )
    assert shot.returncode == 0, shot.stderr
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return dom


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_report_renders_in_chromium(path: Path, tmp_path: Path) -> None:
    """Chromium shows one mark per leader and scaled focus area, and logs nothing; a heat
    map only with more than two agendas."""
    summit = summitlib.load(path)
    dom = _check_in_browser(summit, tmp_path, path.stem)
    assert dom.charts, "every example has scaled focus areas"
    parties = summitlib.agreement_matrix(summit).leaders
    if len(parties) > 2:  # a heat map: one cell per pair of parties, the diagonal too
        assert len(dom.heat_cells) == len(parties) ** 2
    else:  # two parties: one figure, no heat map
        assert dom.heat_cells == []


def test_three_leaders_get_a_heat_map(tmp_path: Path) -> None:
    """With three agendas the agreement matrix is a 3 by 3 heat map table."""
    summit = _three_leaders()
    dom = _check_in_browser(summit, tmp_path, "three")
    leaders = [agenda.leader for agenda in summit.agendas]
    assert sorted(dom.heat_cells) == sorted((a, b) for a in leaders for b in leaders)
    assert any(len(chart["marks"]) == 3 for chart in dom.charts.values())


@pytest.mark.parametrize("page", ["report.md", "installation.md"])
def test_the_pages_about_the_report_and_installing_print_what_they_show(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python blocks of docs/report.md and docs/installation.md run, in an empty folder."""
    from tests.conftest import load_docs_script

    monkeypatch.chdir(tmp_path)
    assert load_docs_script("run_blocks").run_page(ROOT / "docs" / page, strict=False) > 0
    if page == "report.md":
        assert (tmp_path / "reports" / "alaska.html").is_file()
    assert (ROOT / "docs" / "img" / "report-alaska.png").read_bytes()[:4] == b"\x89PNG"


# --- the forecast section ---------------------------------------------------------------------


class _ForecastDom(HTMLParser):
    """The forecast chart's accessible parts and its bars, from a page or a dumped DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict[str, str]] = []
        self.bars: dict[str, float] = {}
        self.rows: list[str] = []
        self._in_chart = False
        self._in_section = False

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attributes}
        if tag == "section" and found.get("id") == "forecast":
            self._in_section = True
        if tag == "svg" and found.get("data-forecast") == "chart":
            self._in_chart = True
            self.charts.append({"role": found.get("role", ""), "ids": ""})
        if self._in_chart and tag in ("title", "desc") and "id" in found:
            self.charts[-1]["ids"] += f" {found['id']}"
        if tag == "svg" and self._in_chart and "aria-labelledby" in found:
            self.charts[-1]["labelledby"] = found["aria-labelledby"]
        if tag == "g" and "forecast-bar" in found.get("class", "").split():
            self.bars[found["data-area"]] = float(found["data-forecast"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_chart = False
        if tag == "section":
            self._in_section = False


def test_the_forecast_section_shows_the_models_results() -> None:
    """The section has an accessible chart with a bar per area at the forecast, and tables."""
    from summitlib import negotiation

    summit = summitlib.examples.load("yalta-1945")
    page = html.render(summit)
    dom = _ForecastDom()
    dom.feed(page)
    (chart,) = dom.charts
    assert chart["role"] == "img"
    assert chart["labelledby"].split() == chart["ids"].split()
    expected = negotiation.forecast(summit)
    assert dom.bars == pytest.approx(
        {area.focus_area: area.position for area in expected.areas}, abs=1e-9
    )
    assert "<caption>The forecast after each round</caption>" in page
    assert page.count('class="settled-ring"') == sum(
        area.settled is not None for area in expected.areas
    )
    lonely = attrs.evolve(summit, agendas=summit.agendas[:1])
    assert 'id="forecast"' not in html.render(lonely)


def test_the_forecast_chart_survives_in_chromium(tmp_path: Path) -> None:
    """Chromium keeps the forecast chart's role, title and description, and logs nothing."""
    summit = summitlib.examples.load("camp-david-1978")
    page = tmp_path / "camp-david.html"
    html.write(summit, page)
    done = _chromium(page, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr
    assert _console(done.stderr) == []
    dom = _ForecastDom()
    dom.feed(done.stdout)
    (chart,) = dom.charts
    assert chart["role"] == "img"
    assert sorted(chart["ids"].split()) == ["forecast-chart-desc", "forecast-chart-title"]
    assert len(dom.bars) == 3


# --- parties only, names not ids, pivotal, rounds ---------------------------------------------


def _section(page: str, ident: str) -> str:
    start = page.index(f'<section id="{ident}">')
    return page[start : page.index("</section>", start)]


def test_the_negotiation_map_pairs_only_parties() -> None:
    """Camp David's mediator is not paired: one map, Sadat and Begin, and a line saying
    who is left out; the agreement figure holds the parties too."""
    page = html.render(summitlib.examples.load("camp-david-1978"))
    negotiation = _section(page, "negotiation")
    assert negotiation.count("<h3>") == 1
    assert "<h3>Sadat and Begin</h3>" in negotiation
    assert "Carter (mediator) does not bargain" in negotiation
    agreement = _section(page, "agreement")
    assert "Carter" not in agreement
    assert "data-a=" not in agreement


def test_blocked_stances_read_with_names_in_the_page() -> None:
    """The forecast's notes name goals by title and areas by label, never by id."""
    summit = summitlib.examples.load("reykjavik-1986")
    forecast = _section(html.render(summit), "forecast")
    notes = forecast[forecast.index("Blocked") : forecast.index("<h3>Exchanges")]
    for agenda in summit.agendas:
        for goal in agenda.goals:
            assert goal.id not in notes
    assert "Gorbachev&#x27;s “SDI back in the laboratory”" in notes


def test_pivotal_is_a_dash_with_a_reason_in_the_page() -> None:
    """Alaska's two parties: every Pivotal cell is a dash and a note says why."""
    forecast = _section(html.render(summitlib.examples.load("alaska-2025")), "forecast")
    rows = forecast[forecast.index("<tbody>") : forecast.index("</tbody>")].split("<tr>")[1:]
    assert [row.split("<td>")[1].split("</td>")[0] for row in rows] == ["—"] * 3
    assert "fewer than three parties take a position" in forecast


def test_rounds_without_exchanges_are_said_once() -> None:
    """Camp David: no empty round headings, one sentence, no table of unchanging forecasts."""
    forecast = _section(html.render(summitlib.examples.load("camp-david-1978")), "forecast")
    assert "<h4>Round" not in forecast
    assert forecast.count("No exchange is possible") == 1
    assert "The forecast after each round" not in forecast
    alaska = _section(html.render(summitlib.examples.load("alaska-2025")), "forecast")
    assert "Each round starts from positions only part of the way" in alaska
    assert alaska.count("<h4>Round") == 3
