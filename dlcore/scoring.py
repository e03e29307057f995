"""Totals and the Step 1 recommendation.

The recommendation is given only on a complete Step 1: a partial total would
point to the non-evaluative family simply because statements are missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlcore.content import Guide, Statement


@dataclass(slots=True)
class Score:
    total: int
    rated: int
    of: int
    unrated: tuple[Statement, ...]

    @property
    def complete(self) -> bool:
        return self.rated == self.of

    @property
    def highest_possible(self) -> int:
        return self.of * 4


@dataclass(slots=True)
class Recommendation:
    family: str  # "evaluative" or "non_evaluative"
    total: int
    threshold: int


def score(ratings: dict[str, int], statements: list[Statement]) -> Score:
    """Total and count of the rated statements among ``statements``."""
    if len(ratings) == len(statements):  # all rated (a Responses holds only this questionnaire's ids)
        return Score(total=sum(ratings.values()), rated=len(ratings), of=len(statements), unrated=())
    total = rated = 0
    unrated = []
    for s in statements:
        value = ratings.get(s.id)
        if value is None:
            unrated.append(s)
        else:
            total += value
            rated += 1
    return Score(total=total, rated=rated, of=len(statements), unrated=tuple(unrated))


def cultural_readiness(ratings: dict[str, int], guide: Guide) -> Score:
    return score(ratings, guide.cultural_readiness.statements)


def implementation_readiness(ratings: dict[str, int], guide: Guide) -> Score:
    return score(ratings, guide.implementation_readiness.statements)


def recommend_approach(ratings: dict[str, int], guide: Guide) -> Recommendation | None:
    """The family Step 1 points to, or None until all ten statements are rated."""
    result = cultural_readiness(ratings, guide)
    if not result.complete:
        return None
    threshold = guide.cultural_readiness.threshold
    family = threshold.at_or_above if result.total >= threshold.at_least else threshold.below
    return Recommendation(family=family, total=result.total, threshold=threshold.at_least)


def suggested_approach(ratings: dict[str, int], guide: Guide) -> str | None:
    """The model Step 3 preselects: the first model of the recommended family."""
    recommendation = recommend_approach(ratings, guide)
    if recommendation is None:
        return None
    return guide.family(recommendation.family).models[0].id
