"""One person's answers to the guide: the single object the app keeps and saves.

Widgets come and go as pages change; this object does not, so moving between
steps never resets an answer. "Not yet rated" is a missing key, never 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dlcore.content import (
    APPROACH_IDS,
    CULTURAL_READINESS_IDS,
    IMPLEMENTATION_READINESS_IDS,
    KEY_QUESTION_IDS,
    STRATEGY_PROFILE_IDS,
)

RATINGS = (1, 2, 3, 4)
# How long one typed answer (a key question, rationale, reflection or profile element) may be:
# ample for an hour's reflection (about eight pages), and small enough that a whole person's CSV
# (33 such answers) fits the 5 MB upload limit and a page of them stays quick to open.
MAX_ANSWER_CHARS = 20_000
# A name or a role, wherever it comes from (typed, a CSV, the store).
MAX_NAME_CHARS = 120
_CULTURAL = frozenset(CULTURAL_READINESS_IDS)
_IMPLEMENTATION = frozenset(IMPLEMENTATION_READINESS_IDS)


_TEXT_ITEMS = {  # the items each text-answer step holds
    "key_questions": KEY_QUESTION_IDS,
    "rationales": IMPLEMENTATION_READINESS_IDS,
    "gap_reflections": CULTURAL_READINESS_IDS,
    "strategy_profile": STRATEGY_PROFILE_IDS,
}


@dataclass
class Responses:
    respondent: str = ""
    role: str = ""
    cultural_readiness: dict[str, int] = field(default_factory=dict)
    approach: str | None = None  # None: not chosen yet (Step 3 then preselects from Step 1)
    key_questions: dict[str, str] = field(default_factory=dict)
    implementation_readiness: dict[str, int] = field(default_factory=dict)
    rationales: dict[str, str] = field(default_factory=dict)
    gap_areas: list[str] | None = None  # None: follow the proposal from Step 1 ratings
    gap_reflections: dict[str, str] = field(default_factory=dict)
    strategy_profile: dict[str, str] = field(default_factory=dict)

    # Ratings -------------------------------------------------------------
    def rate(self, item_id: str, rating: int | None) -> None:
        """Set a CR or IR rating; ``None`` takes it back to not yet rated."""
        ratings = self._ratings_for(item_id)
        if rating is None:
            ratings.pop(item_id, None)
            return
        if rating not in RATINGS:
            raise ValueError(f"{item_id}: a rating is 1, 2, 3 or 4, not {rating!r}")
        ratings[item_id] = rating

    def rating(self, item_id: str) -> int | None:
        return self._ratings_for(item_id).get(item_id)

    def _ratings_for(self, item_id: str) -> dict[str, int]:
        if item_id in _CULTURAL:
            return self.cultural_readiness
        if item_id in _IMPLEMENTATION:
            return self.implementation_readiness
        raise KeyError(f"{item_id} is not a rated statement")

    # Choices and text ----------------------------------------------------
    def choose_approach(self, approach_id: str | None) -> None:
        if approach_id is not None and approach_id not in APPROACH_IDS:
            raise ValueError(f"unknown approach {approach_id!r}")
        self.approach = approach_id

    def write(self, step: str, item_id: str, text: str) -> None:
        """Keep the text typed for one item; empty text removes the answer.

        A text over MAX_ANSWER_CHARS raises ValueError: the text boxes and the CSV reader refuse it
        before it gets here, so this only guards what would otherwise go unseen into every save.
        """
        if item_id not in _TEXT_ITEMS[step]:
            raise KeyError(f"{item_id} is not an item of {step}")
        texts: dict[str, str] = getattr(self, step)
        text = text.replace("\x00", "")  # never meaningful in prose, and PostgreSQL text cannot hold it
        if len(text) > MAX_ANSWER_CHARS:
            raise ValueError(f"{item_id}: the text is {len(text):,} characters long; "
                             f"an answer can hold up to {MAX_ANSWER_CHARS:,}.")
        if text:
            texts[item_id] = text
        else:
            texts.pop(item_id, None)

    def choose_gap_areas(self, statement_ids: list[str] | None) -> None:
        if statement_ids is not None:
            unknown = [s for s in statement_ids if s not in CULTURAL_READINESS_IDS]
            if unknown:
                raise ValueError(f"not cultural readiness statements: {', '.join(unknown)}")
            statement_ids = list(dict.fromkeys(statement_ids))
        self.gap_areas = statement_ids

    def is_blank(self) -> bool:
        """True when there is nothing that a replace or a reset could lose."""
        return self == Responses()
