"""What a readiness radar shows, apart from how it is drawn.

One description feeds the Plotly chart on screen (figures.py) and the static images of the report and
the Word file (chart_image.py), so the three never disagree on an axis, a value or a gap. A statement
not yet rated is None here, never 0 or 1: each drawing leaves it out of the shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from dlcore.content import Guide, Statement
from dlcore.responses import Responses
from dlcore.team import StepPicture

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
TICKS = (1, 2, 3, 4)  # the rating scale
# From 0, not 1: a rating of 1 is then a visible ring, not the centre, where it would look like no point at all.
RADIAL_RANGE = (0, 4)
YOUR_RATINGS = "Your ratings"
TEAM_MEAN = "Team mean"
TEAM_RANGE = "Range (lowest to highest)"


class Axis(NamedTuple):
    """One spoke: a statement's id, its short label (what the chart prints) and its full text."""

    id: str
    short: str
    statement: str


@dataclass(frozen=True)
class Series:
    """One shape: a value per axis (None: not rated), and for a team the lowest and highest rating given."""

    name: str  # may be typed by a user: each drawing escapes it
    values: tuple[float | None, ...]
    low: tuple[float | None, ...] | None = None
    high: tuple[float | None, ...] | None = None

    @property
    def complete(self) -> bool:
        """Every axis has a value: only then may a drawing fill the shape (a fill would bridge a gap)."""
        return None not in self.values

    @property
    def has_range(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class Chart:
    title: str
    axes: tuple[Axis, ...]
    series: tuple[Series, ...]
    ticks: tuple[int, ...] = TICKS
    radial_range: tuple[float, float] = RADIAL_RANGE

    def __post_init__(self) -> None:
        for s in self.series:
            for values in (s.values, s.low, s.high):
                if values is not None and len(values) != len(self.axes):
                    raise ValueError(f"series {s.name!r} has {len(values)} values for {len(self.axes)} axes")

    @property
    def rated(self) -> bool:
        """Some series has some value: there is a shape to draw."""
        return any(v is not None for s in self.series for v in s.values)


def axes(statements: list[Statement]) -> tuple[Axis, ...]:
    return tuple(Axis(s.id, s.short, s.text) for s in statements)


def ratings_chart(title: str, statements: list[Statement], series: Mapping[str, Mapping[str, int]]) -> Chart:
    """One series per entry of ``series`` (name -> ratings by statement id; ids of other statements ignored)."""
    return Chart(title, axes(statements),
                 tuple(Series(name, tuple(ratings.get(s.id) for s in statements)) for name, ratings in series.items()))


def readiness_chart(responses: Responses, step: str, guide: Guide, name: str = YOUR_RATINGS) -> Chart:
    """One person's Step 1 (``step`` "cultural_readiness") or Step 3 ("implementation_readiness") ratings."""
    questionnaire = getattr(guide, step)
    return ratings_chart(questionnaire.title, questionnaire.statements, {name: getattr(responses, step)})


def team_chart(title: str, statements: list[Statement], picture: StepPicture) -> Chart:
    """The team's mean rating of each statement with the lowest and highest rating given (None: nobody rated it)."""
    by_id = {p.statement.id: p for p in picture.statements}
    pictures = [by_id.get(s.id) for s in statements]
    return Chart(title, axes(statements), (Series(
        TEAM_MEAN,
        values=tuple(None if p is None else p.mean for p in pictures),
        low=tuple(None if p is None else p.low for p in pictures),
        high=tuple(None if p is None else p.high for p in pictures),
    ),))
