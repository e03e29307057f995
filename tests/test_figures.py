"""Radar charts: a fixed axis from 0 ticked 1-4, gaps for unrated statements, short labels, full text on hover."""

from __future__ import annotations

import pytest

from dlcore import load_guide
from dlcore.chart import RADIAL_RANGE
from dlcore.content import CULTURAL_READINESS_IDS
from dlcore.figures import (
    PALETTE,
    TEAM_MEAN,
    TEAM_RANGE,
    radar,
    readiness_radar,
    set_ratings,
    set_team_picture,
    team_radar,
)
from dlcore.tables import rating_rows
from dlcore.team import Rater, aggregate

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
def test_the_radial_axis_runs_from_0_so_a_rating_of_1_is_a_ring_ticked_at_each_rating(ratings):
    """Whatever the ratings, the radial axis runs from 0 to 4, ticked 1-4, as the printed report's charts: a 1
    is drawn a quarter of the way out, not at the centre where it looked like a missing point."""
    layout = step_1_radar(ratings).layout.polar.radialaxis
    assert (0, 4) == tuple(layout.range) == RADIAL_RANGE
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
    assert [s.text for s in CR] == [r["Statement"] for r in rows]
    assert list(range(1, 11)) == [r["#"] for r in rows]


def test_set_ratings_gives_the_same_chart_as_building_it_anew():
    """Reshaping a built radar with new ratings equals a radar built for those ratings."""
    statements = GUIDE.cultural_readiness.statements
    first = readiness_radar("Cultural Readiness", statements, {"CR1": 4}, GUIDE)
    later = {f"CR{n}": n % 4 + 1 for n in range(1, 11)}
    reshaped = set_ratings(first, statements, {"Your ratings": later}, GUIDE.rating_scale.labels)
    assert readiness_radar("Cultural Readiness", statements, later, GUIDE).to_dict() == reshaped.to_dict()


# A team's radar: the mean over the range -------------------------------------------------------

def team_step_1(*ratings: dict[str, int]):
    """The team picture of Step 1 for participants who gave these ratings (one dict each)."""
    return aggregate([Rater(str(n), "teacher", r) for n, r in enumerate(ratings)], GUIDE).cultural_readiness


def team_chart(*ratings: dict[str, int]):
    return team_radar("Cultural readiness", CR, team_step_1(*ratings), GUIDE)


def closed(values: list) -> list:
    return [*values, values[0]]


EVERY_CR = {f"CR{n}": n % 4 + 1 for n in range(1, 11)}


def test_the_team_radar_draws_highest_lowest_then_the_mean():
    """Three traces: the highest and lowest ratings (the band), then the mean on top; the legend names
    the band and the mean."""
    figure = team_chart(EVERY_CR)
    assert ["Highest rating", TEAM_RANGE, TEAM_MEAN] == [t.name for t in figure.data]
    assert [False, True, True] == [t.showlegend is not False for t in figure.data]
    assert figure.layout.showlegend


def test_the_team_radar_holds_the_mean_lowest_and_highest_of_each_statement():
    """Each trace's points are the picture's highest, lowest and mean of each statement, closed."""
    step = team_step_1({"CR1": 1, "CR2": 4}, {"CR1": 2, "CR2": 4}, {"CR1": 4, "CR2": 3})
    highest, lowest, mean = team_radar("", CR, step, GUIDE).data
    assert closed([4, 4] + [None] * 8) == list(highest.r)
    assert closed([1, 3] + [None] * 8) == list(lowest.r)
    assert [7 / 3, 11 / 3] == pytest.approx(list(mean.r[:2]))
    assert [None] * 8 + [7 / 3] == pytest.approx(list(mean.r[2:]))


@pytest.mark.parametrize("ratings", [{}, {"CR1": 1}, EVERY_CR])
def test_the_team_radar_has_the_same_fixed_scale_and_axes_as_one_persons(ratings):
    """Radial axis 0-4 ticked at each rating, and the short labels in the guide's order, as readiness_radar."""
    figure = team_chart(ratings)
    one_person = step_1_radar(ratings)
    assert (0, 4) == tuple(figure.layout.polar.radialaxis.range)
    assert (1, 2, 3, 4) == tuple(figure.layout.polar.radialaxis.tickvals)
    assert one_person.layout.polar.radialaxis == figure.layout.polar.radialaxis
    assert [list(one_person.data[0].theta)] * 3 == [list(t.theta) for t in figure.data]


def test_a_statement_nobody_rated_is_left_out_of_every_trace():
    """Not rated by anyone: a gap (None) in the mean and in the band, never a 0 or a 1; the band is then
    not filled, since a fill would bridge the gap."""
    figure = team_chart({"CR1": 3, "CR3": 2}, {"CR1": 3})
    assert [(3, None, 2)] * 3 == [tuple(t.r[:3]) for t in figure.data]
    assert [False] * 3 == [t.connectgaps for t in figure.data]
    assert "none" == figure.data[1].fill


def test_nobody_rated_anything_draws_nothing():
    """An empty team (or one that has rated nothing yet) gives only gaps."""
    assert [[None] * 11] * 3 == [list(t.r) for t in team_radar("", CR, team_step_1(), GUIDE).data]


def test_the_band_is_filled_from_lowest_to_highest_once_every_statement_has_a_rating():
    """With every statement rated by someone, the lowest line fills to the highest (the trace before it)."""
    figure = team_chart(EVERY_CR, {"CR1": 4})
    assert ["none", "tonext"] == [figure.data[0].fill, figure.data[1].fill]


def test_with_one_respondent_the_band_collapses_onto_the_mean():
    """One person's ratings are the mean, the lowest and the highest at once."""
    highest, lowest, mean = team_chart(EVERY_CR).data
    expected = closed([EVERY_CR[s.id] for s in CR])
    assert [expected] * 3 == [list(highest.r), list(lowest.r), list(mean.r)]


def test_a_fractional_mean_shows_in_the_hover_with_one_decimal_the_range_and_how_many_rated():
    """A mean of 8/3 is "2.7"; the hover also gives the range and how many of the team rated it."""
    hover = team_chart({"CR1": 2}, {"CR1": 3}, {"CR1": 3}, {}).data[2].text[0]
    assert "Mean: 2.7 (range 2-3)" in hover
    assert "Rated by 3 of 4" in hover


def test_the_team_hover_holds_the_short_label_and_full_statement():
    """As on one person's chart, the hover names the statement in full."""
    hovers = [plain(t) for t in team_chart(EVERY_CR).data[2].text[:-1]]
    assert [] == [s.id for s, hover in zip(CR, hovers, strict=True) if s.text not in hover or s.short not in hover]


def test_only_the_mean_answers_a_hover():
    """The band's lines are skipped by hover, so a point shows the mean's text, not a bare number."""
    assert ["skip", "skip", "text"] == [t.hoverinfo for t in team_chart(EVERY_CR).data]


def test_the_team_radar_uses_the_palettes_first_colour_for_the_mean_and_a_faint_band_of_it():
    """The mean is PALETTE[0]; the band is the same hue, translucent, so no second colour must be told apart."""
    highest, lowest, mean = team_chart(EVERY_CR).data
    assert (PALETTE[0], PALETTE[0]) == (mean.line.color, mean.marker.color)
    red, green, blue = (int(PALETTE[0][i:i + 2], 16) for i in (1, 3, 5))
    for colour in (highest.line.color, lowest.line.color, lowest.fillcolor):
        assert colour.startswith(f"rgba({red}, {green}, {blue}, ")


def test_set_team_picture_gives_the_same_chart_as_building_it_anew():
    """Reshaping a built team radar with a newer picture equals a team radar built for that picture."""
    first = team_chart({"CR1": 4})
    later = team_step_1(EVERY_CR, {"CR2": 1, "CR5": 4})
    reshaped = set_team_picture(first, CR, later)
    assert team_radar("Cultural readiness", CR, later, GUIDE).to_dict() == reshaped.to_dict()


def test_the_team_radar_of_step_3_has_eight_axes():
    """The implementation readiness team radar has one axis per IR statement."""
    step = aggregate([Rater("a", "", {"IR8": 4, "IR1": 1})], GUIDE).implementation_readiness
    mean = team_radar("Implementation readiness", IR, step, GUIDE).data[2]
    assert [s.short for s in IR] == [plain(t) for t in mean.theta[:-1]]
    assert [1] + [None] * 6 + [4, 1] == list(mean.r)
