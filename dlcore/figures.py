"""Radar charts of readiness (Plotly only; the pages just display them).

The radial axis is fixed (dlcore.chart: from 0, ticked 1-4) so that shapes compare across steps and
people, and a rating of 1 is a visible ring rather than the centre, where it looked like a missing point;
the printed report's charts use the same scale.
An unrated statement is a gap in the line (None), never drawn as 0 or 1. Axes and values come from
the chart description (chart.py) that the report's and the Word file's images are drawn from too.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dlcore.chart import (
    PALETTE,
    RADIAL_RANGE,
    TEAM_MEAN,
    TEAM_RANGE,
    TICKS,
    YOUR_RATINGS,
    Axis,
    Series,
    ratings_chart,
    team_chart,
)
from dlcore.content import Guide, Statement
from dlcore.team import StatementPicture, StepPicture


def radar(title: str, statements: list[Statement], series: dict[str, dict[str, int]],
          rating_labels: dict[int, str], height: int = 560) -> go.Figure:
    """One trace per entry of ``series`` (name -> ratings by statement id)."""
    chart = ratings_chart(title, statements, series)
    labels = [_wrap(a.short, width=12) for a in chart.axes]
    fig = go.Figure()
    for n, shape in enumerate(chart.series):
        colour = PALETTE[n % len(PALETTE)]
        fig.add_trace(go.Scatterpolar(
            # A series name may be typed by a user: Plotly reads a subset of HTML in names, so escape it.
            theta=labels + labels[:1], name=html.escape(shape.name), mode="lines+markers", connectgaps=False,
            opacity=0.9, line={"color": colour, "width": 3}, marker={"size": 9, "color": colour}, hoverinfo="text",
            **_shape(chart.axes, shape, rating_labels),
        ))
    # The 1-4 tick labels sit between the first two axes, clear of the shape's first point.
    between = 90 - 180 / len(statements)
    fig.update_layout(
        polar={"radialaxis": {"range": list(RADIAL_RANGE), "tickvals": list(TICKS),
                              "tickfont": {"size": 14, "color": "#444"}, "angle": between, "tickangle": between},
               "angularaxis": {"tickfont": {"size": 14, "color": "#333333"}, "direction": "clockwise"}},
        title={"text": title, "font": {"size": 22}},
        font={"size": 16}, showlegend=len(series) > 1, margin={"l": 90, "r": 90, "t": 95, "b": 60},
        height=height, paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def set_ratings(fig: go.Figure, statements: list[Statement], series: dict[str, dict[str, int]],
                rating_labels: dict[int, str]) -> go.Figure:
    """Put new ratings into a radar that ``radar`` built for the same statements and series.

    Building the layout costs tens of milliseconds (Plotly validates it); changing the
    shape costs a fraction of one, so a page redrawn on every rating keeps its figure.
    """
    chart = ratings_chart("", statements, series)
    with fig.batch_update():
        for trace, shape in zip(fig.data, chart.series, strict=True):
            trace.update(_shape(chart.axes, shape, rating_labels))
    return fig


def _shape(axes: tuple[Axis, ...], shape: Series, rating_labels: dict[int, str]) -> dict:
    """A trace's points, hover texts and fill for one series of ratings."""
    values = list(shape.values)
    hover = [
        f"<b>{a.short}</b><br>{_wrap(a.statement)}<br>"
        + (f"Rating: {v} ({rating_labels[v]})" if v is not None else "Not yet rated")
        for a, v in zip(axes, values, strict=True)
    ]
    # Repeat the first point to close the shape; a None leaves a visible gap, never a 0 or a 1.
    return {"r": values + values[:1], "text": hover + hover[:1], "fill": "toself" if shape.complete else "none"}


def readiness_radar(title: str, statements: list[Statement], ratings: dict[str, int], guide: Guide,
                    height: int = 560) -> go.Figure:
    return radar(title, statements, {YOUR_RATINGS: ratings}, guide.rating_scale.labels, height)


def _wrap(text: str, width: int = 60) -> str:
    """Hover text in short lines; Plotly does not wrap on its own."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


# A team's picture ----------------------------------------------------------------------------------

# The range band is the mean's own colour, faint, so no second hue has to be told apart.
_BAND_LINE = "rgba(0, 114, 178, 0.45)"  # PALETTE[0]
_BAND_FILL = "rgba(0, 114, 178, 0.16)"


def team_radar(title: str, statements: list[Statement], step_picture: StepPicture, guide: Guide,
               height: int = 560) -> go.Figure:
    """The team's mean rating of each statement, over a band from the lowest to the highest rating given.

    The same axes, 1-4 scale and fonts as ``radar`` (it builds the layout). Three traces: the highest
    and lowest ratings as thin lines (the band between them filled faintly once every statement has a
    rating), then the mean, drawn last so it lies on top. A statement nobody rated is a gap in all three.
    """
    fig = radar(title, statements, {}, guide.rating_scale.labels, height)
    labels = [_wrap(s.short, width=12) for s in statements]
    theta = labels + labels[:1]
    band = {"mode": "lines", "connectgaps": False, "hoverinfo": "skip", "line": {"color": _BAND_LINE, "width": 1.5}}
    fig.add_trace(go.Scatterpolar(theta=theta, name="Highest rating", showlegend=False, **band))
    fig.add_trace(go.Scatterpolar(theta=theta, name=TEAM_RANGE, fillcolor=_BAND_FILL, **band))
    colour = PALETTE[0]
    fig.add_trace(go.Scatterpolar(
        theta=theta, name=TEAM_MEAN, mode="lines+markers", connectgaps=False, hoverinfo="text",
        line={"color": colour, "width": 4}, marker={"size": 11, "color": colour},
    ))
    # Axis labels in the text's colour, not the theme's pale grey: the chart is projected to a room.
    # The legend in one line along the top edge, above the title and the top axis's label (in the
    # plot area it would cover labels; below, the bottom margin takes it far from the shape).
    fig.update_polars(angularaxis_tickfont={"size": 15, "color": "#1A1A1A"})
    top = 120 if title else 90
    fig.update_layout(showlegend=True, margin={"t": top}, legend={
        "orientation": "h", "xref": "container", "yref": "container", "x": 0.5, "xanchor": "center", "y": 1,
        "yanchor": "top", "font": {"size": 15}})
    if title:
        fig.update_layout(title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 40}})
    return set_team_picture(fig, statements, step_picture)


def set_team_picture(fig: go.Figure, statements: list[Statement], step_picture: StepPicture) -> go.Figure:
    """Put a newer picture of the same step into a chart ``team_radar`` built (cheap; see ``set_ratings``)."""
    highest, lowest, mean = fig.data
    with fig.batch_update():
        for trace, shape in zip((highest, lowest, mean), _team_shapes(statements, step_picture), strict=True):
            trace.update(shape)
    return fig


def _team_shapes(statements: list[Statement], step_picture: StepPicture) -> tuple[dict, dict, dict]:
    """The highest, lowest and mean traces' points (closed by repeating the first), and the mean's hover."""
    (team,) = team_chart("", statements, step_picture).series
    highs, lows, means = list(team.high), list(team.low), list(team.values)
    by_id = {p.statement.id: p for p in step_picture.statements}
    hover = [_team_hover(s, by_id.get(s.id), step_picture.participants) for s in statements]
    # The band is filled only when it is whole: a fill would bridge the gap of an unrated statement.
    fill = "tonext" if team.complete else "none"
    return ({"r": highs + highs[:1], "fill": "none"}, {"r": lows + lows[:1], "fill": fill},
            {"r": means + means[:1], "text": hover + hover[:1]})


def _team_hover(statement: Statement, picture: StatementPicture | None, participants: int) -> str:
    head = f"<b>{statement.short}</b><br>{_wrap(statement.text)}<br>"
    if picture is None or picture.mean is None:
        return head + "Not yet rated by anyone"
    return (head + f"Mean: {picture.mean:.1f} (range {picture.low}-{picture.high})<br>"
            f"Rated by {picture.rated} of {participants}")
