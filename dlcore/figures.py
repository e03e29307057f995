"""Radar charts of readiness (Plotly only; the pages just display them).

The radial axis is fixed to 1-4 so that shapes compare across steps and people.
An unrated statement is a gap in the line (None), never drawn as 0 or 1.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dlcore.content import Guide, Statement

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def radar(title: str, statements: list[Statement], series: dict[str, dict[str, int]],
          rating_labels: dict[int, str], height: int = 560) -> go.Figure:
    """One trace per entry of ``series`` (name -> ratings by statement id)."""
    labels = [_wrap(s.short, width=16) for s in statements]
    fig = go.Figure()
    for n, (name, ratings) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        fig.add_trace(go.Scatterpolar(
            # A series name may be typed by a user: Plotly reads a subset of HTML in names, so escape it.
            theta=labels + labels[:1], name=html.escape(name), mode="lines+markers", connectgaps=False,
            opacity=0.9, line={"color": colour, "width": 3}, marker={"size": 9, "color": colour}, hoverinfo="text",
            **_shape(statements, ratings, rating_labels),
        ))
    # The 1-4 tick labels sit between the first two axes, clear of the shape's first point.
    between = 90 - 180 / len(statements)
    fig.update_layout(
        polar={"radialaxis": {"range": [1, 4], "tickvals": [1, 2, 3, 4], "tickfont": {"size": 13, "color": "#444"},
                              "angle": between, "tickangle": between},
               "angularaxis": {"tickfont": {"size": 14}, "direction": "clockwise"}},
        title={"text": title, "font": {"size": 22}},
        font={"size": 16}, showlegend=len(series) > 1, margin={"l": 120, "r": 120, "t": 70, "b": 60},
        height=height, paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def set_ratings(fig: go.Figure, statements: list[Statement], series: dict[str, dict[str, int]],
                rating_labels: dict[int, str]) -> go.Figure:
    """Put new ratings into a radar that ``radar`` built for the same statements and series.

    Building the layout costs tens of milliseconds (Plotly validates it); changing the
    shape costs a fraction of one, so a page redrawn on every rating keeps its figure.
    """
    with fig.batch_update():
        for trace, ratings in zip(fig.data, series.values(), strict=True):
            trace.update(_shape(statements, ratings, rating_labels))
    return fig


def _shape(statements: list[Statement], ratings: dict[str, int], rating_labels: dict[int, str]) -> dict:
    """A trace's points, hover texts and fill for these ratings."""
    values = [ratings.get(s.id) for s in statements]
    hover = [
        f"<b>{s.short}</b><br>{_wrap(s.text)}<br>"
        + (f"Rating: {v} ({rating_labels[v]})" if v is not None else "Not yet rated")
        for s, v in zip(statements, values, strict=True)
    ]
    # Repeat the first point to close the shape; a None leaves a visible gap, never a 0 or a 1.
    return {"r": values + values[:1], "text": hover + hover[:1],
            "fill": "toself" if None not in values else "none"}


def readiness_radar(title: str, statements: list[Statement], ratings: dict[str, int], guide: Guide,
                    height: int = 560) -> go.Figure:
    return radar(title, statements, {"Your ratings": ratings}, guide.rating_scale.labels, height)


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
