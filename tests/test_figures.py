"""Radar charts: a fixed 1-4 axis, gaps for unrated statements, short labels, full text on hover."""

from __future__ import annotations

import pytest

from dlcore import load_guide
from dlcore.content import CULTURAL_READINESS_IDS
from dlcore.figures import PALETTE, radar, readiness_radar, set_ratings
from dlcore.tables import rating_rows

GUIDE = load_guide()
CR = GUIDE.cultural_readiness.statements
IR = GUIDE.implementation_readiness.statements
LABELS = GUIDE.rating_scale.labels

# Okabe & Ito (2008), "Color Universal Design": the eight colours safe for common colour-vision deficiencies.
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def plain(label: str) -> str:
    """A chart label with Plotly's line breaks turned back into spaces."""
    return label.replace("<br>", " ")


def step_1_radar(ratings: dict[str, int]):
    return readiness_radar("Cultural readiness", CR, ratings, GUIDE)


# Axes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ratings", [{}, {"CR1": 1}, dict.fromkeys(CULTURAL_READINESS_IDS, 4)])
def test_the_radial_axis_is_fixed_to_1_to_4(ratings):
    """Whatever the ratings, the radial axis runs from 1 to 4, ticked at each rating."""
    layout = step_1_radar(ratings).layout.polar.radialaxis
    assert (1, 4) == tuple(layout.range)
    assert (1, 2, 3, 4) == tuple(layout.tickvals)


def test_the_axis_labels_are_the_short_labels_in_the_guides_order():
    """Each axis is labelled with its statement's short label (line breaks aside)."""
    trace = step_1_radar({}).data[0]
    assert [s.short for s in CR] == [plain(t) for t in trace.theta[:-1]]


def test_the_hover_text_holds_the_full_statement():
    """Hovering a point shows the whole statement the short label stands for."""
    trace = step_1_radar({"CR3": 2}).data[0]
    hovers = [plain(t) for t in trace.text[:-1]]
    assert [] == [s.id for s, hover in zip(CR, hovers, strict=True) if s.text not in hover]


def test_the_hover_text_says_the_rating_or_not_yet_rated():
    """A rated point shows its rating and meaning; an unrated point says so."""
    hovers = step_1_radar({"CR1": 2}).data[0].text
    assert "Rating: 2 (Disagree)" in hovers[0]
    assert "Not yet rated" in hovers[1]


# Values -----------------------------------------------------------------------------------


def test_an_unrated_statement_is_none_in_the_trace_not_0_or_1():
    """Not yet rated leaves a gap (None) in the line."""
    trace = step_1_radar({"CR1": 3, "CR3": 1}).data[0]
    assert (3, None, 1) == tuple(trace.r[:3])
    assert not trace.connectgaps


def test_the_shape_is_closed_by_repeating_the_first_point():
    """The trace has one point per statement plus the first again."""
    ratings = {item_id: n % 4 + 1 for n, item_id in enumerate(CULTURAL_READINESS_IDS)}
    trace = step_1_radar(ratings).data[0]
    expected = [ratings[i] for i in CULTURAL_READINESS_IDS]
    assert [*expected, expected[0]] == list(trace.r)
    assert trace.theta[0] == trace.theta[-1]


def test_nothing_rated_is_all_none():
    """With no ratings every point is None: nothing is drawn at 0 or 1."""
    assert [None] * 11 == list(step_1_radar({}).data[0].r)


@pytest.mark.parametrize(("ratings", "fill"), [(dict.fromkeys(CULTURAL_READINESS_IDS, 3), "toself"),
                                               ({"CR1": 3}, "none")])
def test_only_a_complete_shape_is_filled(ratings, fill):
    """A filled area would bridge the gaps of unrated statements, so only a complete set is filled."""
    assert fill == step_1_radar(ratings).data[0].fill


def test_step_3_has_eight_axes():
    """The implementation readiness radar has one axis per IR statement."""
    trace = readiness_radar("Implementation readiness", IR, {"IR8": 4}, GUIDE).data[0]
    assert [s.short for s in IR] == [plain(t) for t in trace.theta[:-1]]
    assert [None] * 7 + [4, None] == list(trace.r)


def test_step_1_ratings_do_not_appear_on_the_step_3_radar():
    """Ratings of one step in the same dict are not drawn on the other step's chart."""
    ratings = {**dict.fromkeys(CULTURAL_READINESS_IDS, 4), "IR1": 2}
    assert [2] + [None] * 7 + [2] == list(readiness_radar("", IR, ratings, GUIDE).data[0].r)


# Series and colours -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 8, 9])
def test_there_is_one_trace_per_series_in_order(count):
    """Each named series (a person or a role) is one trace, in the order given."""
    series = {f"Role {n}": {"CR1": n % 4 + 1} for n in range(count)}
    figure = radar("Team", CR, series, LABELS)
    assert list(series) == [t.name for t in figure.data]


def test_the_colours_come_from_the_colour_blind_safe_palette():
    """Every trace's line and markers use an Okabe-Ito colour; the first eight series all differ."""
    series = {f"Role {n}": {} for n in range(8)}
    traces = radar("Team", CR, series, LABELS).data
    assert set(PALETTE) <= OKABE_ITO
    assert [(c, c) for c in PALETTE] == [(t.line.color, t.marker.color) for t in traces]
    assert 8 == len({t.line.color for t in traces})


def test_a_ninth_series_reuses_the_palette_from_the_start():
    """More series than colours wrap around the palette instead of leaving it."""
    traces = radar("Team", CR, {f"Role {n}": {} for n in range(9)}, LABELS).data
    assert PALETTE[0] == traces[8].line.color


@pytest.mark.parametrize(("count", "legend"), [(1, False), (2, True)])
def test_a_legend_is_shown_only_for_several_series(count, legend):
    """One person's chart needs no legend; a team's does."""
    figure = radar("Team", CR, {f"Role {n}": {} for n in range(count)}, LABELS)
    assert legend == figure.layout.showlegend


def test_one_persons_radar_is_one_trace_named_your_ratings():
    """readiness_radar draws the single series 'Your ratings'."""
    assert ["Your ratings"] == [t.name for t in step_1_radar({"CR1": 1}).data]


# The same numbers as a table ------------------------------------------------------------------


def test_the_table_beside_the_chart_holds_the_same_numbers():
    """The table's ratings are the chart's values, None for not yet rated, with the meaning in words."""
    ratings = {"CR1": 4, "CR5": 1}
    rows = rating_rows(CR, ratings, GUIDE)
    assert list(step_1_radar(ratings).data[0].r[:-1]) == [r["Rating"] for r in rows]
    assert ["Strongly agree", "Not yet rated", "Strongly disagree"] == [rows[i]["Meaning"] for i in (0, 1, 4)]
    assert [s.text for s in CR] == [r["Full statement"] for r in rows]
    assert list(range(1, 11)) == [r["#"] for r in rows]


def test_set_ratings_gives_the_same_chart_as_building_it_anew():
    """Reshaping a built radar with new ratings equals a radar built for those ratings."""
    statements = GUIDE.cultural_readiness.statements
    first = readiness_radar("Cultural Readiness", statements, {"CR1": 4}, GUIDE)
    later = {f"CR{n}": n % 4 + 1 for n in range(1, 11)}
    reshaped = set_ratings(first, statements, {"Your ratings": later}, GUIDE.rating_scale.labels)
    assert readiness_radar("Cultural Readiness", statements, later, GUIDE).to_dict() == reshaped.to_dict()
