"""Which strategy profile elements the team's low ratings point to (Step 4)."""

from __future__ import annotations

from dataclasses import dataclass

from dlcore.content import CULTURAL_READINESS_IDS, Guide, ProfileElement


@dataclass(frozen=True)
class Focus:
    """One low rating that points to an element, with the guide's reason."""

    statement_id: str
    step: int  # 1 or 3: where the rating was given
    rating: int
    reason: str


@dataclass(frozen=True)
class ElementView:
    element: ProfileElement
    focus: tuple[Focus, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.focus)


def strategy_profile(ratings: dict[str, int], guide: Guide) -> list[ElementView]:
    """The seven elements, flagged ones brought forward (each group in the guide's order).

    ``ratings`` holds Step 1 and Step 3 ratings together (their ids differ).
    """
    planning = guide.implementation_planning
    focus: dict[str, list[Focus]] = {e.id: [] for e in planning.elements}
    for rule in planning.focus_rules:
        rating = ratings.get(rule.statement)
        if rating is not None and rating in planning.low_ratings:
            step = 1 if rule.statement in CULTURAL_READINESS_IDS else 3
            focus[rule.element].append(Focus(rule.statement, step, rating, rule.reason))
    views = [ElementView(e, tuple(focus[e.id])) for e in planning.elements]
    return [v for v in views if v.flagged] + [v for v in views if not v.flagged]
