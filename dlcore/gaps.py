"""Gap areas for Step 4: the Step 1 statements the team disagreed with."""

from __future__ import annotations

from dataclasses import dataclass

from dlcore.content import Guide, Statement
from dlcore.responses import Responses


@dataclass(frozen=True)
class GapProposal:
    statements: tuple[Statement, ...]
    # False when no statement was rated 1-2 and the proposal falls back to the lowest rated.
    below_agreement: bool


def propose_gap_areas(ratings: dict[str, int], guide: Guide) -> GapProposal:
    """Statements rated 1 or 2, lowest first, ties in the guide's order, up to the limit.

    When none is rated that low, offer the lowest-rated statements instead, so a
    team that agreed with everything still has a place to start reflecting.
    """
    planning = guide.implementation_planning
    statements = guide.cultural_readiness.statements
    order = {s.id: n for n, s in enumerate(statements)}
    rated = sorted((s for s in statements if s.id in ratings), key=lambda s: (ratings[s.id], order[s.id]))
    low = [s for s in rated if ratings[s.id] in planning.low_ratings]
    if low:
        return GapProposal(tuple(low[: planning.gap_limit]), below_agreement=True)
    if not rated:
        return GapProposal((), below_agreement=False)
    lowest = ratings[rated[0].id]
    return GapProposal(tuple(s for s in rated if ratings[s.id] == lowest)[: planning.gap_limit], below_agreement=False)


def chosen_gap_areas(gap_areas: list[str] | None, ratings: dict[str, int], guide: Guide) -> list[str]:
    """The gap areas on screen: the user's own choice, or else the proposal."""
    if gap_areas is not None:
        return list(gap_areas)
    return [s.id for s in propose_gap_areas(ratings, guide).statements]


def reflect_on_gap(responses: Responses, statement_id: str, text: str, guide: Guide) -> None:
    """Keep a gap reflection; from then on the gap list is the user's own.

    Pinning the proposal once someone writes keeps a reflection from moving
    off screen when a Step 1 rating changes later.
    """
    if responses.gap_areas is None:
        responses.choose_gap_areas(chosen_gap_areas(None, responses.cultural_readiness, guide))
    responses.write("gap_reflections", statement_id, text)


def change_gap_areas(responses: Responses, statement_ids: list[str]) -> list[str]:
    """Take the user's new gap list, but keep any area that still has a reflection written.

    Returns the ids kept back, so the page can say why. Dropping an area would drop
    its reflection from the saved answers and the CSV, and typed text is never lost.
    """
    kept = [g for g in responses.gap_areas or [] if g not in statement_ids and responses.gap_reflections.get(g)]
    responses.choose_gap_areas(list(statement_ids) + kept)
    return kept
