"""Tests for summitlib.render: the seed's four tables, escaping, plain text, any document."""

from __future__ import annotations

import doctest
import importlib
import os
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import render, strategies
from summitlib.model import Agenda, Goal, Summit

DATA = Path(__file__).resolve().parent / "data"
SEED_README = Path(__file__).resolve().parents[2] / "shared" / "seed" / "README.md"

Table = list[tuple[str, ...]]


def split_row(line: str) -> tuple[str, ...]:
    """Split a Markdown table row into cells, honouring backslash escapes."""
    cells, current, escaped = [], "", False
    for char in line.strip()[1:]:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    return tuple(cells)


def tables(markdown: str) -> list[Table]:
    """Every table in a Markdown text: header row first, the separator row dropped."""
    found: list[Table] = []
    current: Table = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                current.append(split_row(line))
        elif current:
            found.append(current)
            current = []
    return found


def seed_tables() -> list[Table]:
    """The seed's four tables, from the verbatim copy in tests/data."""
    return tables((DATA / "seed_tables.md").read_text(encoding="utf-8"))


def test_doctests_pass() -> None:
    """The examples in the module's docstrings run and give what they show."""
    assert doctest.testmod(importlib.import_module("summitlib.render")).failed == 0


@pytest.mark.skipif(not SEED_README.exists(), reason="the shared seed is not beside the clone")
def test_copied_tables_match_the_seed() -> None:
    """tests/data/seed_tables.md holds exactly the tables of the seed's README."""
    assert seed_tables() == tables(SEED_README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_markdown_reproduces_each_seed_table(alaska_path: Path, number: int) -> None:
    """Each of the seed's four tables appears in the report: same columns, rows and text."""
    expected = seed_tables()[number]
    rendered = tables(render.markdown(summitlib.load(alaska_path)))
    matching = [table for table in rendered if table[0] == expected[0]]
    assert matching == [expected]


def test_seed_has_four_tables() -> None:
    """The copied seed tables are four, with three to three rows each (a sanity check)."""
    assert [len(table) for table in seed_tables()] == [4, 4, 4, 4]


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json")),
    ids=lambda path: path.stem,
)
def test_every_example_renders(path: Path) -> None:
    """Every example renders both ways, with a comparison section and whole table rows."""
    summit = summitlib.load(path)
    report = render.markdown(summit)
    assert report.startswith(f"# {summit.title}\n")
    assert "## Comparison" in report
    for table in tables(report):
        assert all(len(row) == len(table[0]) for row in table)
    assert summit.title in render.text(summit)


def test_markdown_has_the_convergence_section(alaska_path: Path) -> None:
    """The comparison section gives the computed agreement and the sticking points."""
    report = render.markdown(summitlib.load(alaska_path))
    assert "Overall agreement: 0.40" in report
    assert "Sticking points (divergent, both care): Ukraine Conflict, International Standing" in (
        report
    )
    comparison = next(t for t in tables(report) if t[0][0] == "Focus Area")
    assert ("Sanctions", "45", "95", "50", "85", "0.50", "partial") in comparison


def test_text_carries_the_same_cells(alaska_path: Path) -> None:
    """The plain-text report holds every cell of the seed's tables, without Markdown pipes."""
    report = render.text(summitlib.load(alaska_path))
    assert "|" not in report.replace("|a − b|", "")
    for table in seed_tables():
        for row in table[1:]:
            for cell in row:
                assert cell in report


def test_cells_are_escaped(alaska_path: Path) -> None:
    """Pipes, backslashes and line breaks in text do not break a table."""
    summit = summitlib.load(alaska_path)
    trump = summit.agenda("trump")
    odd = attrs.evolve(
        trump.tactics[0], element="Style | tone", approach="Back\\slash\nand newline"
    )
    summit = attrs.evolve(
        summit,
        agendas=(attrs.evolve(trump, tactics=(odd, *trump.tactics[1:])), *summit.agendas[1:]),
    )
    tactics = next(t for t in tables(render.markdown(summit)) if t[0][1] == "Trump's Approach")
    assert tactics[1] == ("Style | tone", "Back\\slash and newline")


def test_several_goals_and_missing_emphasis() -> None:
    """A cell joins a leader's emphases; titles stand in when none is given."""
    summit = Summit(
        schema_version="1.0",
        id="s",
        title="T",
        status=summitlib.Status.PLANNED,
        start_date=summitlib.PartialDate(year=2025),
        location=summitlib.Location(name="here"),
        leaders=(
            summitlib.Leader(id="a", name="Ann", country="FR", role="r"),
            summitlib.Leader(id="b", name="Bob", country="DE", role="r"),
            summitlib.Leader(id="c", name="Cy", country="IT", role="r"),
        ),
        agendas=(
            Agenda(
                leader="a",
                vision="v",
                goals=(
                    Goal(id="a1", focus_area="x", title="A1", emphasis="first"),
                    Goal(id="a2", focus_area="x", title="A2", emphasis="second"),
                ),
            ),
            Agenda(leader="b", vision="v", goals=(Goal(id="b1", focus_area="x", title="B1"),)),
            Agenda(leader="c", vision="v", goals=(Goal(id="c1", focus_area="y", title="C1"),)),
        ),
    )
    found = tables(render.markdown(summit))
    emphases = next(t for t in found if t[0][0] == "Agenda Focus")
    assert emphases == [
        ("Agenda Focus", "Ann's Emphasis", "Bob's Emphasis", "Cy's Emphasis"),
        ("x", "first; second", "B1", ""),
    ]
    assert [("Goal", "Focus Area"), ("C1", "y")] in found
    matrix = next(t for t in found if t[0][0] == "Agreement")
    assert matrix[0] == ("Agreement", "Ann", "Bob", "Cy")


def test_comparison_renders_alone(alaska_path: Path) -> None:
    """One comparison renders as Markdown and text, with the names given."""
    summit = summitlib.load(alaska_path)
    comparison = summitlib.compare_summit(summit)[0]
    names = {"trump": "Trump", "putin": "Putin"}
    assert render.comparison_markdown(comparison, names).startswith("## Trump and Putin\n")
    assert "Ukraine Conflict" in render.comparison_text(comparison, names)


@settings(max_examples=int(os.environ.get("SUMMITLIB_PROPERTY_EXAMPLES", "60")))
@given(strategies.summits(max_leaders=4, max_text_size=6))
def test_any_valid_summit_renders_with_whole_rows(summit: Summit) -> None:
    """Every valid summit renders; every table row has as many cells as its header."""
    for table in tables(render.markdown(summit)):
        assert all(len(row) == len(table[0]) for row in table)
    assert render.text(summit).endswith("\n")


# --- the forecast section ------------------------------------------------------------------


def test_the_forecast_section_follows_the_models(alaska_path: Path) -> None:
    """The seed's report has a forecast per shared area, computed as negotiation.forecast."""
    from summitlib import negotiation

    summit = summitlib.load(alaska_path)
    report = render.markdown(summit)
    assert "## Forecast" in report
    assert "### Exchanges" in report
    forecast = next(t for t in tables(report) if t[0][:2] == ("Focus Area", "Forecast"))
    expected = negotiation.forecast(summit)
    assert [row[0] for row in forecast[1:]] == [area.label for area in expected.areas]
    assert [row[1] for row in forecast[1:]] == [f"{area.position:.1f}" for area in expected.areas]
    first = negotiation.exchanges(summit).rounds[0].trades[0]
    assert f"Trump moves on Sanctions {first.first.before:.1f} → {first.first.after:.1f}" in report
    # The seed's four tables are untouched: each still appears exactly once.
    for table in seed_tables():
        assert [t for t in tables(report) if t[0] == table[0]] == [table]


def test_the_forecast_section_reports_the_error_where_outcomes_settle() -> None:
    """Outcomes add Settled and Error columns; without scored areas there is no section."""
    summit = summitlib.examples.load("yalta-1945")
    forecast = next(
        t for t in tables(render.markdown(summit)) if t[0][:2] == ("Focus Area", "Forecast")
    )
    assert forecast[0][-2:] == ("Settled", "Error")
    assert forecast[-1][:2] == ("War against Japan", "100.0")
    assert forecast[-1][-1] == "0.0"
    lonely = attrs.evolve(summit, agendas=summit.agendas[:1])
    assert "## Forecast" not in render.markdown(lonely)
    assert render.forecast_markdown(lonely) == ""


def test_the_forecast_alone_as_text_and_markdown() -> None:
    """forecast_markdown and forecast_text say the same, with blocked stances named."""
    summit = summitlib.examples.load("reykjavik-1986")
    markdown = render.forecast_markdown(summit, rounds=1)
    text = render.forecast_text(summit, rounds=1)
    assert markdown.startswith("# Forecast\n")
    assert text.startswith("Forecast\n========\n")
    assert "Blocked: Gorbachev does not move on Strategic offensive arms" in markdown
    assert "No exchange is possible." in text
    assert "Round 1" not in text
    assert "|" not in text.replace("|a − b|", "")


# --- what a reader needs to interpret the numbers (format 1.1, issue 14) -------------------

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))


def flat(text: str) -> str:
    """*text* with every run of white space made one space: wrapping no longer matters."""
    return " ".join(text.split())


def section(markdown: str, heading: str) -> str:
    """The lines of *markdown* under the heading line *heading*, up to the next heading."""
    lines = markdown.splitlines()
    start = lines.index(heading) + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith("#")),
        len(lines),
    )
    return "\n".join(lines[start:end])


def goal_section(markdown: str, summit: Summit, goal_id: str) -> str:
    """The lines under a goal's heading, looked up within its own leader's agenda (two
    leaders' goals may have the same title)."""
    for agenda in summit.agendas:
        for goal in agenda.goals:
            if goal.id == goal_id:
                name = summit.leader(agenda.leader).display_name
                lines = markdown.splitlines()
                start = lines.index(f"### {name}'s Goals and Vision")
                end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("### "))
                return section("\n".join(lines[start:end]), f"#### {goal.title}")
    raise KeyError(goal_id)


def headings_followed_by_headings(markdown: str) -> list[str]:
    """Headings whose next non-blank line is another heading, or that end the report."""
    lines = [line for line in markdown.splitlines() if line.strip()]
    return [
        line
        for line, following in zip(lines, [*lines[1:], "#"], strict=True)
        if line.startswith("#") and following.startswith("#")
    ]


def words(text: str) -> str:
    """A plain-text report without its heading underlines."""
    return "\n".join(line for line in text.splitlines() if not re.fullmatch(r"[=~.-]+", line))


def long_lines(text: str, width: int) -> list[str]:
    """Lines of a plain-text report wider than *width*, except the documented exceptions:
    table rows (a block whose second line is the dashes under the columns) and a line
    that is a single word (a URL)."""
    found = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if len(lines) > 1 and re.fullmatch(r"-+(  -+)+", lines[1]):
            continue
        for line in lines:
            word = line.strip().removeprefix("* ")
            if len(line) > width and " " in word:
                found.append(line)
    return found


def test_focus_areas_show_their_scale_anchors() -> None:
    """Each of Reykjavík's areas is listed with what 0 and 100 mean on its scale."""
    summit = summitlib.examples.load("reykjavik-1986")
    markdown = render.markdown(summit)
    areas = section(markdown, "## Focus Areas")
    plain = flat(render.text(summit))
    for area in summit.focus_areas:
        assert area.scale is not None
        anchors = f"Scale: 0 = {area.scale.low}; 100 = {area.scale.high}."
        (item,) = [line for line in areas.splitlines() if line.startswith(f"- {area.label}:")]
        assert anchors in item
        assert anchors in plain


def test_an_area_without_a_scale_says_so(alaska_path: Path) -> None:
    """The seed's areas without a scale are not shown as if 0 and 100 meant something."""
    summit = summitlib.load(alaska_path)
    areas = section(render.markdown(summit), "## Focus Areas")
    for area in summit.focus_areas:
        (item,) = [line for line in areas.splitlines() if line.startswith(f"- {area.label}:")]
        assert ("No scale given" in item) is (area.scale is None)


def test_the_mediator_is_shown_as_mediator() -> None:
    """At Camp David, Carter is a mediator and the others parties; as a party he is not."""
    summit = summitlib.examples.load("camp-david-1978")
    leaders = section(render.markdown(summit), "## Leaders")
    assert "- Jimmy Carter, President of the United States (US) — mediator, capability 40" in (
        leaders.splitlines()
    )
    assert "- Anwar Sadat, President of the Arab Republic of Egypt (EG) — party, capability 30" in (
        leaders.splitlines()
    )
    carter = section(render.markdown(summit), "### Carter's Goals and Vision")
    assert "Carter takes part as mediator" in carter
    parties = attrs.evolve(
        summit,
        leaders=tuple(
            attrs.evolve(leader, participation=summitlib.Participation.PARTY)
            for leader in summit.leaders
        ),
    )
    report = render.markdown(parties)
    assert "mediator, capability" not in report
    assert "Jimmy Carter, President of the United States (US) — capability 40" in report


def test_the_outcome_of_camp_david_with_its_signatories() -> None:
    """The result, and each framework with its signatories and the areas it settles."""
    summit = summitlib.examples.load("camp-david-1978")
    markdown = render.markdown(summit)
    assert section(markdown, "## Outcome") == "\nResult: agreement. 2 outcomes recorded.\n"
    names = {leader.id: leader.display_name for leader in summit.leaders}
    labels = {area.id: area.label for area in summit.focus_areas}
    for outcome in summit.outcomes:
        text = section(markdown, f"### {outcome.title}")
        signed = ", ".join(names[leader] for leader in outcome.signatories)
        assert f"Signed by: {signed}." in text
        assert "published" in text
        for settled in outcome.settles:
            assert f"- Settles {labels[settled.focus_area]} at {settled.position:g} " in text
    assert "Signed by: Sadat, Begin." in markdown


def test_a_secret_outcome_and_a_readout() -> None:
    """Yalta's Far Eastern agreement shows as secret; Woodside's readouts as partial."""
    yalta = summitlib.examples.load("yalta-1945")
    markdown = render.markdown(yalta)
    for outcome in yalta.outcomes:
        secret = "kept secret at the time" in section(markdown, f"### {outcome.title}")
        assert secret is (outcome.published is False)
    assert any(outcome.published is False for outcome in yalta.outcomes)
    woodside = render.markdown(summitlib.examples.load("woodside-2023"))
    assert "Result: partial agreement. 2 outcomes recorded." in woodside
    assert "Signed by" not in section(woodside, "## Outcome")


def test_no_outcome_section_without_a_result_or_outcomes(alaska_path: Path) -> None:
    """A 1.0 document records no outcome, and gets no Outcome heading."""
    assert "## Outcome" not in render.markdown(summitlib.load(alaska_path))


@pytest.mark.parametrize("name", ["reykjavik-1986", "camp-david-1978", "yalta-1945"])
def test_each_goal_has_its_citations_and_confidence_next_to_it(name: str) -> None:
    """Under each goal's heading: its confidence, details, and every citation's source,
    page and document, before the next heading."""
    summit = summitlib.examples.load(name)
    markdown = render.markdown(summit)
    pages = 0
    for agenda in summit.agendas:
        for goal in agenda.goals:
            text = flat(goal_section(markdown, summit, goal.id))
            assert goal.confidence is not None
            assert f"confidence: {goal.confidence.value}." in text
            for detail in goal.details:
                assert flat(detail) in text
            for citation in goal.citations:
                assert f"[{citation.source}]" in text
                if citation.page is not None:
                    pages += 1
                    assert f"[{citation.source}] p. {citation.page}" in text
                if citation.document is not None:
                    assert citation.document in text
            for source in goal.sources:
                assert f"[{source}]" in text
    assert pages > 0


def test_a_cited_page_sits_under_its_own_goal() -> None:
    """Carter's Palestinian goal cites FRUS p. 154; his other goal does not show it."""
    markdown = render.markdown(summitlib.examples.load("camp-david-1978"))
    goal = section(markdown, "#### A start on the Palestinian question")
    assert "Sources: [frus-1977-80-v09] p. 154, document 40" in goal
    assert "p. 154" not in section(markdown, "#### An Egyptian-Israeli agreement")


def test_positions_over_time_bottom_lines_and_linkage() -> None:
    """Reykjavík: opening and final positions with dates, a bottom line, the package."""
    summit = summitlib.examples.load("reykjavik-1986")
    markdown = render.markdown(summit)
    reagan = flat(goal_section(markdown, summit, "reagan-strategic-arms"))
    assert "- Opening position 50 (1986-10-11): 50 per cent reductions" in reagan
    assert "- Final position 95 (1986-10-12)" in reagan
    assert "[frus-1981-88-v05] p. 1329, document 307" in reagan
    goals = {goal.id: goal for agenda in summit.agendas for goal in agenda.goals}
    sdi = goals["gorbachev-missile-defense"]
    text = flat(goal_section(markdown, summit, sdi.id))
    assert f"bottom line {sdi.bottom_line:g}" in text
    cuts = flat(goal_section(markdown, summit, "gorbachev-strategic-arms"))
    assert f"Holds only if met: Gorbachev's “{sdi.title}”" in cuts
    assert "Moves only together with: Gorbachev's “" in cuts


def test_a_former_state_and_a_bloc_with_members() -> None:
    """Gorbachev's SUHH is marked as a former country; a bloc shows its members."""
    summit = summitlib.examples.load("reykjavik-1986")
    assert "(SUHH, a former country)" in render.markdown(summit)
    bloc = attrs.evolve(
        summit.leaders[0], country=None, organization="European Union", members=("FR", "DE")
    )
    report = render.markdown(attrs.evolve(summit, leaders=(bloc, *summit.leaders[1:])))
    assert "- Ronald Reagan, President of the United States (European Union: members FR, DE)" in (
        report
    )


def test_quotes_with_their_speakers_and_pages() -> None:
    """Each quote is shown with its speaker, date and cited page."""
    summit = summitlib.examples.load("reykjavik-1986")
    quotes = flat(section(render.markdown(summit), "## Quotes"))
    assert len(summit.quotes) == 3
    for quote in summit.quotes:
        name = summit.leader(quote.speaker).display_name
        assert f"{name} ({quote.date}): “{flat(quote.text)}”" in quotes
        for citation in quote.citations:
            page = "" if citation.page is None else f" p. {citation.page}"
            assert f"[{citation.source}]{page}" in quotes
    assert "[frus-1981-88-v05] p. 1345" in quotes


def test_confidence_absent_is_not_rated_in_1_1_and_stated_in_1_0() -> None:
    """A goal without a confidence reads as "not rated" in 1.1, and as stated in 1.0."""
    summit = summitlib.examples.load("camp-david-1978")
    agenda = summit.agendas[0]
    unrated = attrs.evolve(agenda.goals[0], confidence=None)
    summit = attrs.evolve(
        summit,
        agendas=(attrs.evolve(agenda, goals=(unrated, *agenda.goals[1:])), *summit.agendas[1:]),
    )
    goal = section(render.markdown(summit), f"#### {unrated.title}")
    assert "confidence: not rated." in goal
    old = Summit(
        schema_version="1.0",
        id="s",
        title="T",
        status=summitlib.Status.HELD,
        start_date=summitlib.PartialDate(year=1999),
        location=summitlib.Location(name="here"),
        leaders=(summitlib.Leader(id="a", name="Ann", country="FR", role="r"),),
        agendas=(Agenda(leader="a", vision="v", goals=(Goal(id="g", focus_area="x", title="G"),)),),
    )
    markdown = render.markdown(old)
    assert "confidence: stated." in section(markdown, "#### G")
    assert "In this format 1.0 document a goal without one counts as stated." in markdown


def test_a_goalless_agenda_is_not_a_bare_heading() -> None:
    """An agenda without goals shows its vision under a heading that promises no goals."""
    summit = summitlib.examples.load("camp-david-1978")
    carter = attrs.evolve(summit.agendas[-1], goals=(), tactics=())
    summit = attrs.evolve(summit, agendas=(*summit.agendas[:-1], carter))
    markdown = render.markdown(summit)
    assert "### Carter's Goals and Vision" not in markdown
    assert section(markdown, "### Carter's Vision").strip().startswith(carter.vision[:40])
    assert headings_followed_by_headings(markdown) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_renders_readably(path: Path) -> None:
    """Every example: no heading directly followed by a heading, every goal and area shown,
    plain text within 88 columns (and within 60 when asked) but for table rows and URLs."""
    summit = summitlib.load(path)
    markdown = render.markdown(summit)
    assert headings_followed_by_headings(markdown) == []
    for agenda in summit.agendas:
        for goal in agenda.goals:
            assert f"#### {goal.title}" in markdown
    for area in summit.focus_areas:
        assert f"- {area.label}" in markdown
    plain = render.text(summit)
    assert long_lines(plain, render.TEXT_WIDTH) == []
    narrow = render.text(summit, width=60)
    assert long_lines(narrow, 60) == []
    # The same words, wrapped differently (heading underlines follow the wrapping).
    assert flat(words(narrow)) == flat(words(plain))
    assert narrow != plain


@settings(max_examples=int(os.environ.get("SUMMITLIB_PROPERTY_EXAMPLES", "60")))
@given(strategies.summits(max_leaders=4, max_text_size=6))
def test_any_summit_has_no_bare_heading_and_wraps(summit: Summit) -> None:
    """For any valid summit: no heading directly followed by another; text within 40."""
    assert headings_followed_by_headings(render.markdown(summit)) == []
    assert long_lines(render.text(summit, width=40), 40) == []


def test_text_width_must_be_usable(alaska_path: Path) -> None:
    """A width too narrow, or not a number, is a clear error, not a garbled report."""
    summit = summitlib.load(alaska_path)
    for width in (5, 0, True, 60.5):
        with pytest.raises(summitlib.errors.InvalidArgumentError, match="width"):
            render.text(summit, width=width)  # type: ignore[arg-type]
    assert render.text(summit, width=render.MIN_TEXT_WIDTH)


# --- the reviewer's defects: parties only, names not ids, pivotal, rounds, captions ---------


def test_the_comparison_of_a_mediated_summit_has_no_matrix_of_two() -> None:
    """Camp David: two parties and a mediator give one pair and no 2 x 2 matrix; the
    mediator is named as not compared, as `summitlib compare` leaves him out."""
    summit = summitlib.examples.load("camp-david-1978")
    markdown = render.markdown(summit)
    assert not [t for t in tables(markdown) if t[0][0] == "Agreement"]
    lines = markdown.splitlines()
    part = lines[lines.index("## Comparison") : lines.index("## Forecast")]
    assert "Not compared, as they do not bargain: Carter (mediator)." in flat("\n".join(part))
    assert [line for line in part if line.startswith("#")] == [
        "## Comparison",
        "### Sadat and Begin",
    ]
    assert "Agreement  Sadat" not in render.text(summit)


def test_three_parties_and_a_mediator_get_a_matrix_of_the_parties() -> None:
    """The matrix appears with more than two parties, and holds only them."""
    summit = summitlib.examples.load("yalta-1945")
    referee = summitlib.Leader(
        id="ref",
        name="Rex Referee",
        country="CH",
        role="r",
        participation=summitlib.model.Participation.MEDIATOR,
    )
    goal = Goal(
        id="ref-g", focus_area=summit.agendas[0].goals[0].focus_area, title="R", position=50
    )
    summit = attrs.evolve(
        summit,
        leaders=(*summit.leaders, referee),
        agendas=(*summit.agendas, Agenda(leader="ref", vision="v", goals=(goal,))),
    )
    matrix = next(t for t in tables(render.markdown(summit)) if t[0][0] == "Agreement")
    parties = [a.leader for a in summitlib.comparison.party_agendas(summit)]
    assert len(parties) == 3
    assert matrix[0][1:] == tuple(summit.leader(p).display_name for p in parties)


def test_one_party_with_an_agenda_gets_one_sentence_not_an_empty_section() -> None:
    """Without Begin's agenda only Sadat bargains: the section says why in one sentence."""
    summit = summitlib.examples.load("camp-david-1978")
    summit = attrs.evolve(summit, agendas=tuple(a for a in summit.agendas if a.leader != "begin"))
    assert summitlib.validate(summitlib.dumps(summit)).ok
    markdown = render.markdown(summit)
    comparison = section(markdown, "## Comparison").strip()
    assert comparison == (
        "Nothing to compare: Sadat is the only party with an agenda, and Carter (mediator) "
        "does not bargain."
    )
    assert "Computed by summitlib: agreement" not in markdown
    assert headings_followed_by_headings(markdown) == []
    alone = attrs.evolve(summit, agendas=summit.agendas[:1])
    assert "## Comparison" not in render.markdown(alone)


def test_blocked_stances_are_told_with_names_titles_and_labels() -> None:
    """No goal or area id reaches the reader: the goals' titles, the leaders' names and the
    areas' labels do; the JSON keeps the ids."""
    from summitlib import negotiation

    summit = summitlib.examples.load("reykjavik-1986")
    ids = [goal.id for agenda in summit.agendas for goal in agenda.goals]
    ids += [area.id for area in summit.focus_areas]
    for report in (
        render.forecast_text(summit),
        render.forecast_markdown(summit),
        render.text(summit),
    ):
        blocked = flat(report[report.index("Blocked") :].split("Exchanges")[0])
        for identifier in ids:
            assert identifier not in blocked, identifier
    expected = (
        "Blocked: Gorbachev does not move on Strategic offensive arms: Gorbachev's “Deep "
        "cuts, as part of the package” holds only if Gorbachev's “SDI back in the laboratory” "
        "is met, and it cannot be: on SDI and the ABM Treaty, Gorbachev accepts only 95 and "
        "Reagan only 45 (“Keep SDI”), so no point both accept"
    )
    assert expected in flat(render.forecast_text(summit))
    data = negotiation.forecast(summit).as_dict()["linkage"]["blocked"][0]
    assert data["goal"] == "gorbachev-strategic-arms"
    assert data["condition"] == "gorbachev-missile-defense"
    assert "gorbachev-missile-defense accepts 95–95 on missile-defense" in data["reason"]


def test_pivotal_is_a_dash_with_a_reason_when_fewer_than_three_parties_take_a_position(
    alaska_path: Path,
) -> None:
    """Alaska's two parties: no pivotal leader and a line saying why; Yalta's three are
    named where all three take a position."""
    from summitlib import negotiation

    summit = summitlib.load(alaska_path)
    for report in (render.forecast_markdown(summit), render.markdown(summit)):
        forecast = next(
            t for t in tables(report) if t[0][:3] == ("Focus Area", "Forecast", "Pivotal")
        )
        assert [row[2] for row in forecast[1:]] == ["—"] * (len(forecast) - 1)
        assert "Pivotal “—”: fewer than three parties take a position" in flat(report)
    assert "fewer than three parties" in flat(render.forecast_text(summit))
    yalta = summitlib.examples.load("yalta-1945")
    forecast = next(
        t
        for t in tables(render.markdown(yalta))
        if t[0][:3] == ("Focus Area", "Forecast", "Pivotal")
    )
    pivots = {row[0]: row[2] for row in forecast[1:]}
    assert pivots["War against Japan"] == "—"
    three = [a.label for a in negotiation.forecast(yalta).areas if len(a.leaders) >= 3]
    assert three
    assert all(pivots[label] != "—" for label in three)


def test_empty_rounds_are_told_once_as_convergence() -> None:
    """Camp David and Reykjavík make no exchange: one sentence, no empty rounds, and no
    table of unchanging forecasts."""
    for name in ("camp-david-1978", "reykjavik-1986"):
        summit = summitlib.examples.load(name)
        for report in (render.text(summit), render.markdown(summit), render.forecast_text(summit)):
            assert "0 exchanges made" not in report
            assert "Round 1" not in report
            assert flat(report).count("No exchange is possible") == 1
            assert not [t for t in tables(report) if "After Round 1" in t[0]]


def test_rounds_stop_at_convergence_after_some_exchanges(
    alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose round 2 finds nothing lists round 1, says so once, and stops."""
    from summitlib import negotiation

    summit = summitlib.load(alaska_path)
    real = negotiation.exchanges(summit, rounds=1)
    first = real.rounds[0]
    quiet = attrs.evolve(
        first,
        number=2,
        candidates=0,
        exchange_count=0,
        trades=(),
        forecast_before=first.forecast_after,
        forecast_after=first.forecast_after,
    )
    fake = attrs.evolve(real, rounds=(first, quiet, attrs.evolve(quiet, number=3)))
    monkeypatch.setattr(negotiation, "exchanges", lambda *args, **kwargs: fake)
    text = flat(render.forecast_text(summit))
    assert "Round 1: 2 exchanges made of 3 candidates" in text
    assert "Round 2:" not in text
    assert "Round 3" not in text
    assert text.count("No exchange is possible after round 1") == 1
    rounds = next(t for t in tables(render.forecast_markdown(summit)) if "After Round 1" in t[0])
    assert rounds[0] == ("Focus Area", "Forecast", "After Round 1", "After Round 2")


def test_the_text_says_each_round_starts_part_of_the_way(alaska_path: Path) -> None:
    """The carry-over sentence is there, and its example is what the model does."""
    from summitlib import negotiation

    summit = summitlib.load(alaska_path)
    text = flat(render.forecast_text(summit))
    assert "Each round starts from positions only part of the way" in text
    assert "keeps 10% to 50% of a move" in text
    result = negotiation.exchanges(summit, rounds=2)
    moved = result.rounds[0].trades[0].first  # Trump on Sanctions, salience 50: 45 -> 95
    again = next(t.first for t in result.rounds[1].trades if t.first.moves_on == moved.moves_on)
    assert (moved.before, moved.after, again.before) == pytest.approx((45, 95, 60))
    assert "one who moved 45 → 95 on an area of salience 50 starts the next round at 60" in text


def test_the_table_of_goals_only_one_leader_addresses_has_a_lead_in(alaska_path: Path) -> None:
    """Putin's own-goals table (the seed's table 1) is introduced by one sentence."""
    markdown = render.markdown(summitlib.load(alaska_path))
    lines = [line for line in markdown.splitlines() if line.strip()]
    at = lines.index("| Goal | Focus Area |")
    assert lines[at - 1] == "Goals in focus areas only Putin addresses:"
    assert "Goals in focus areas only Putin addresses:" in render.text(summitlib.load(alaska_path))
