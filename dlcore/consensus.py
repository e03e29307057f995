"""The team's own ratings, agreed after discussion, beside the spread of everyone's.

The field's team protocol (SISEP's District Capacity Assessment) records a consensus score for each
item after the votes are seen and discussed, and plans from it. The team's plan (a session of its
own, dlcore.teams.Teams.plan_token) holds those consensus ratings as its Step 1 and Step 3 ratings,
so its Step 4 gap areas come from them like anyone's. This module gives the team's totals and
recommendation from them; until a statement has one, its mean stands in and the figure says it is
provisional and what it is based on. The individual picture (dlcore.team) is never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor

from dlcore.content import Guide, Questionnaire
from dlcore.team import StatementPicture, StepPicture


@dataclass(frozen=True)
class TeamFigure:
    """One step's team total: the agreed ratings, and each statement's mean where none is agreed yet."""

    agreed: tuple[str, ...]  # statement ids with a consensus rating, in the guide's order
    from_means: tuple[str, ...]  # statement ids counted at their mean (no consensus yet)
    missing: tuple[str, ...]  # statement ids with neither: nobody rated them and nothing was agreed
    total: Fraction | None  # None while a statement has neither
    family: str | None  # Step 1: what the total points to (None for Step 3, or while there is no total)
    of: int  # statements in the step

    @property
    def provisional(self) -> bool:
        """True until every statement has a consensus rating."""
        return len(self.agreed) < self.of

    @property
    def shown_total(self) -> str | None:
        """To one decimal, cut rather than rounded, as the team's mean total is (StepPicture.shown_total)."""
        if self.total is None:
            return None
        tenths = floor(self.total * 10)
        return f"{tenths // 10}.{tenths % 10}"

    def based_on(self) -> str:
        """In words, what the figure is based on: "agreed on all 10", or "agreed on 6 of 10; the other 4 at the
        team's mean"."""
        if not self.provisional:
            return f"agreed on all {self.of} statements"
        parts = [f"agreed on {len(self.agreed)} of {self.of} statements"]
        if self.from_means:
            parts.append(f"{len(self.from_means)} at the team's mean rating")
        if self.missing:
            parts.append(f"{len(self.missing)} with no rating at all")
        return "; ".join(parts)


def team_figure(picture: StepPicture, consensus: dict[str, int], questionnaire: Questionnaire,
                guide: Guide) -> TeamFigure:
    """The step's team total from ``consensus`` (statement id -> agreed rating 1-4), a statement's exact mean
    where nothing is agreed, and for Step 1 the family the total points to (the guide's threshold)."""
    by_id: dict[str, StatementPicture] = {p.statement.id: p for p in picture.statements}
    agreed, from_means, missing = [], [], []
    total = Fraction(0)
    for statement in questionnaire.statements:
        if statement.id in consensus:
            agreed.append(statement.id)
            total += consensus[statement.id]
            continue
        p = by_id[statement.id]
        if p.rated:
            from_means.append(statement.id)
            total += Fraction(sum(r * c for r, c in zip((1, 2, 3, 4), p.counts, strict=True)), p.rated)
        else:
            missing.append(statement.id)
    complete = not missing
    threshold = getattr(questionnaire, "threshold", None)
    family = None
    if complete and threshold is not None:
        family = threshold.at_or_above if total >= threshold.at_least else threshold.below
    return TeamFigure(tuple(agreed), tuple(from_means), tuple(missing), total if complete else None, family,
                      len(questionnaire.statements))
