"""The chart description, and the static radar images drawn from it for the report and the Word file."""

from __future__ import annotations

import math
import struct
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest

from dlcore import Responses, load_guide
from dlcore.chart import (
    PALETTE,
    RADIAL_RANGE,
    TEAM_MEAN,
    TICKS,
    YOUR_RATINGS,
    Chart,
    Series,
    axes,
    ratings_chart,
    readiness_chart,
    team_chart,
)
from dlcore.chart_image import WIDTH_IN, figure, radar_png, radar_svg, sanitize_svg
from dlcore.figures import readiness_radar, team_radar
from dlcore.team import Rater, aggregate

GUIDE = load_guide()
CR = GUIDE.cultural_readiness.statements
IR = GUIDE.implementation_readiness.statements
EVERY_CR = {f"CR{n}": n % 4 + 1 for n in range(1, 11)}
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HOSTILE = ('</text><script>alert(1)</script> $x^$ & "q"', "<img src=x onerror=alert(1)>")
# The narrowest page the report prints on: A4 (210 mm) less the report's 18 mm margins, in inches.
A4_WIDTH_IN = (210 - 2 * 18) / 25.4


def team_step_1(*ratings: dict[str, int]):
    return aggregate([Rater(str(n), "teacher", r) for n, r in enumerate(ratings)], GUIDE).cultural_readiness


# The description ----------------------------------------------------------------------------------


def test_step_1_has_an_axis_per_statement_with_its_short_label_and_full_text():
    """Ten axes in the guide's order, each with the statement's id, short label and full statement."""
    chart = readiness_chart(Responses(), "cultural_readiness", GUIDE)
    assert [(s.id, s.short, s.text) for s in CR] == [tuple(a) for a in chart.axes]
    assert GUIDE.cultural_readiness.title == chart.title


def test_a_statement_not_yet_rated_is_none_never_0_or_1():
    """One person's series holds each rating, and None where there is none."""
    chart = readiness_chart(Responses(cultural_readiness={"CR1": 3, "CR3": 1}), "cultural_readiness", GUIDE)
    assert ((YOUR_RATINGS, (3, None, 1) + (None,) * 7),) == tuple((s.name, s.values) for s in chart.series)


def test_step_3_has_eight_axes_and_ignores_step_1_ratings():
    """Step 3's chart draws only Step 3's statements, whatever else the answers hold."""
    answers = Responses(cultural_readiness=dict(EVERY_CR), implementation_readiness={"IR8": 4})
    chart = readiness_chart(answers, "implementation_readiness", GUIDE)
    assert [s.id for s in IR] == [a.id for a in chart.axes]
    assert (None,) * 7 + (4,) == chart.series[0].values


def test_the_scale_is_ticked_1_to_4_from_a_centre_at_0():
    """Ticks at each rating, and the radial axis from 0, so a rating of 1 is a ring, not the centre."""
    chart = readiness_chart(Responses(), "cultural_readiness", GUIDE)
    assert ((1, 2, 3, 4), (0, 4)) == (chart.ticks, chart.radial_range) == (TICKS, RADIAL_RANGE)


@pytest.mark.parametrize(("ratings", "complete"), [(EVERY_CR, True), ({"CR1": 2}, False), ({}, False)])
def test_a_series_is_complete_only_when_every_axis_has_a_value(ratings, complete):
    """Only a complete shape may be filled: a fill would bridge the gap of an unrated statement."""
    assert complete == ratings_chart("", CR, {"a": ratings}).series[0].complete


def test_a_series_must_have_one_value_per_axis():
    """A description whose values do not match its axes is refused, not drawn wrong."""
    with pytest.raises(ValueError, match="has 2 values for 10 axes"):
        Chart("", axes(CR), (Series("short", (1, 2)),))


def test_the_team_chart_holds_the_mean_with_the_lowest_and_highest_rating():
    """Per statement the team's mean, lowest and highest; None in all three where nobody rated it."""
    chart = team_chart("Team", CR, team_step_1({"CR1": 1, "CR2": 4}, {"CR1": 2, "CR2": 4}, {"CR1": 4}))
    (team,) = chart.series
    assert TEAM_MEAN == team.name
    assert (7 / 3, 4, None) == pytest.approx(team.values[:3])
    assert ((1, 4, None), (4, 4, None)) == (team.low[:3], team.high[:3])
    assert team.has_range


# The screen's Plotly chart is drawn from the same description ---------------------------------------


def test_the_plotly_radar_draws_the_descriptions_values_and_labels():
    """The on-screen chart's points are the description's values (closed), its labels the short labels."""
    ratings = {"CR1": 4, "CR4": 1, "CR9": 2}
    (series,) = readiness_chart(Responses(cultural_readiness=ratings), "cultural_readiness", GUIDE).series
    trace = readiness_radar("", CR, ratings, GUIDE).data[0]
    assert [*series.values, series.values[0]] == list(trace.r)
    assert [s.short for s in CR] == [t.replace("<br>", " ") for t in trace.theta[:-1]]


def test_the_plotly_team_radar_draws_the_descriptions_mean_and_range():
    """The team's traces are the description's highest, lowest and mean values."""
    step = team_step_1(EVERY_CR, {"CR1": 1, "CR2": 4})
    (team,) = team_chart("", CR, step).series
    highest, lowest, mean = team_radar("", CR, step, GUIDE).data
    assert [list(v) + [v[0]] for v in (team.high, team.low, team.values)] == [list(t.r) for t in
                                                                               (highest, lowest, mean)]


# The static image -------------------------------------------------------------------------------------


def drawn(chart: Chart):
    """The matplotlib figure of ``chart``, laid out as it is saved, and its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figure(chart)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig, canvas.get_renderer()


def axis_labels(fig) -> list:
    ax = fig.axes[0]
    return [t for t in ax.texts if t.get_text()]


@pytest.mark.parametrize("chart", [
    readiness_chart(Responses(cultural_readiness=EVERY_CR), "cultural_readiness", GUIDE),
    readiness_chart(Responses(), "implementation_readiness", GUIDE),
    team_chart("Cultural Readiness", CR, team_step_1(EVERY_CR, {"CR1": 1})),
    ratings_chart("", IR, {f"Role {n}": {"IR1": n % 4 + 1} for n in range(7)}),
], ids=["step-1", "step-3", "team", "seven-series"])
def test_no_two_labels_overlap_and_all_lie_within_the_image(chart):
    """Axis labels, the title and the legend each have their own space, inside the picture."""
    fig, renderer = drawn(chart)
    boxes = [t.get_window_extent(renderer) for t in axis_labels(fig)]
    boxes += [legend.get_window_extent(renderer) for legend in fig.legends]
    boxes += [t.get_window_extent(renderer) for t in fig.texts if t.get_text()]  # the title
    assert len(chart.axes) <= len(boxes)
    assert [] == [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]
    whole = fig.bbox
    assert [] == [b for b in boxes if b.x0 < whole.x0 or b.y0 < whole.y0 or b.x1 > whole.x1 or b.y1 > whole.y1]


def test_the_labels_are_the_short_labels():
    """Each spoke is labelled with its statement's short label (wrapped onto lines)."""
    fig, _ = drawn(readiness_chart(Responses(), "cultural_readiness", GUIDE))
    assert [s.short for s in CR] == [" ".join(t.get_text().split()) for t in axis_labels(fig)]


def test_every_text_prints_at_9_pt_or_more():
    """The image is no wider than the narrowest printed page, so no text prints below its size, 9 pt at least."""
    fig, _ = drawn(team_chart("Implementation Readiness", IR, team_step_1({"IR1": 3})))
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text() and t.get_visible()]
    assert WIDTH_IN <= A4_WIDTH_IN
    assert len(texts) > len(IR)
    assert [] == [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 9]


def test_each_series_has_its_own_line_style_and_marker_for_black_and_white():
    """Four series differ in colour, line style and marker, so a grey-scale print still tells them apart."""
    chart = ratings_chart("", CR, {f"Role {n}": EVERY_CR for n in range(4)})
    lines = figure(chart).axes[0].get_lines()
    assert list(PALETTE[:4]) == [line.get_color() for line in lines]
    assert 4 == len({line.get_linestyle() for line in lines}) == len({line.get_marker() for line in lines})


def test_an_unrated_statement_is_a_gap_in_the_drawn_line():
    """The drawn line has no value (NaN) where a statement is not rated: it is neither at 0 nor at 1."""
    chart = readiness_chart(Responses(cultural_readiness={"CR1": 1, "CR2": 3}), "cultural_readiness", GUIDE)
    (line,) = figure(chart).axes[0].get_lines()
    radii = list(line.get_ydata())
    assert [1, 3] == radii[:2]
    assert all(math.isnan(r) for r in radii[2:-1])
    assert 0 == figure(chart).axes[0].get_ylim()[0]


def test_the_png_is_a_png_of_the_printed_size_at_the_dpi_asked():
    """PNG signature, and 6.4 in at 150 dpi is 960 pixels wide."""
    png = radar_png(readiness_chart(Responses(cultural_readiness=EVERY_CR), "cultural_readiness", GUIDE), dpi=150)
    assert b"\x89PNG\r\n\x1a\n" == png[:8]
    width, _ = struct.unpack(">II", png[16:24])
    assert round(WIDTH_IN * 150) == width


# The SVG put inline in the report ---------------------------------------------------------------------


def svg_tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_the_svg_is_one_svg_element_with_its_text_as_text():
    """An <svg> root (no XML declaration, doctype or comment), labelled for screen readers, whose
    axis labels are text that prints sharp and can be found."""
    svg = radar_svg(readiness_chart(Responses(cultural_readiness=EVERY_CR), "cultural_readiness", GUIDE))
    assert svg.startswith("<svg ")
    assert "<!" not in svg and "<?" not in svg
    root = svg_tree(svg)
    assert ("img", GUIDE.cultural_readiness.title) == (root.get("role"), root.get("aria-label"))
    words = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert [] == [s.short for s in CR if s.short.split()[0] not in words]


def test_a_typed_series_name_is_text_in_the_svg_never_markup():
    """A name holding tags, a "$" and quotes is one text, written out escaped; no script or img appears."""
    chart = ratings_chart("", CR, {HOSTILE[0]: EVERY_CR, HOSTILE[1]: {}})
    svg = radar_svg(chart)
    root = svg_tree(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert set(HOSTILE) <= set(texts)
    assert [] == [e.tag for e in root.iter() if e.tag.split("}")[-1] in ("script", "img", "foreignObject")]
    assert "<script" not in svg


def test_every_id_is_prefixed_and_every_reference_stays_inside_the_image():
    """Two charts in one page cannot reach each other's clip paths or markers: ids carry the prefix, and
    each href or url() names an id of the same image."""
    root = svg_tree(radar_svg(team_chart("", CR, team_step_1(EVERY_CR)), id_prefix="step1"))
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert ids and all(i.startswith("step1-") for i in ids)
    hrefs = [e.get(XLINK_HREF) for e in root.iter() if e.get(XLINK_HREF)]
    urls = [e.get("clip-path")[4:-1] for e in root.iter() if e.get("clip-path")]
    assert hrefs and urls
    assert [] == [r for r in hrefs + urls if r[1:] not in ids]


def test_sanitize_svg_keeps_drawing_and_drops_anything_that_could_run_or_fetch():
    """Scripts, event handlers, foreign HTML, outside links, styles and outside url() are all removed."""
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">'
        '<script>alert(2)</script><style>@import url(http://x.test/a.css)</style>'
        '<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="http://x.test/p.png"/></foreignObject>'
        '<a xlink:href="javascript:alert(3)"><text>link</text></a>'
        '<use xlink:href="http://x.test/s.svg#a"/><use xlink:href="#m1"/>'
        '<path id="m1" d="M0 0L1 1" style="fill: url(http://x.test/f)" onclick="alert(4)"/>'
        '<rect clip-path="url(#c1)" width="1" height="1"/><text x="1">kept &lt;b&gt;</text></svg>'
    )
    root = svg_tree(sanitize_svg(hostile, "p"))
    tags = [e.tag.split("}")[-1] for e in root.iter()]
    assert ["svg", "use", "use", "path", "rect", "text"] == tags
    assert [] == [(e.tag, a) for e in root.iter() for a in e.attrib if a.startswith("on")]
    uses = [e.get(XLINK_HREF) for e in root.iter(f"{SVG}use")]
    assert [None, "#p-m1"] == uses
    assert None is root.find(f"{SVG}path").get("style")
    assert "url(#p-c1)" == root.find(f"{SVG}rect").get("clip-path")
    assert "kept <b>" == root.find(f"{SVG}text").text
