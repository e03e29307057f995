"""One person's answers to the guide: the single object the app keeps and saves.

Widgets come and go as pages change; this object does not, so moving between
steps never resets an answer. "Not yet rated" is a missing key, never 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
# The plan's milestones (Step 4): who does what by when. A milestone's id ("M1", "M2", ...) never
# changes once given, so two tabs editing different milestones merge item by item, and removing one
# renumbers nothing. Its status is one of MILESTONE_STATUSES; its target date an ISO date or "".
MILESTONE_STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}
MILESTONE_FIELDS = ("milestone", "owner", "due", "status")
MAX_MILESTONES = 30
MAX_MILESTONE_CHARS = 2_000  # what a milestone is: a line or two, not an essay (its owner: MAX_NAME_CHARS)
LEADER_PERSON = "leader_person"  # the strategy profile's Leader element also names a person
_CULTURAL = frozenset(CULTURAL_READINESS_IDS)
_IMPLEMENTATION = frozenset(IMPLEMENTATION_READINESS_IDS)


_TEXT_ITEMS = {  # the items each text-answer step holds
    "key_questions": KEY_QUESTION_IDS,
    # A Step 3 rating's rationale; in a team's plan, also what was agreed on a Step 1 statement.
    "rationales": (*IMPLEMENTATION_READINESS_IDS, *CULTURAL_READINESS_IDS),
    "gap_reflections": CULTURAL_READINESS_IDS,
    "strategy_profile": (*STRATEGY_PROFILE_IDS, LEADER_PERSON),
}


@dataclass
class Milestone:
    """One row of the plan: what, who, by when, how far."""

    milestone: str = ""
    owner: str = ""
    due: str = ""  # an ISO date (YYYY-MM-DD), or "" when not set
    status: str = "not_started"

    def is_blank(self) -> bool:
        return self == Milestone()


def milestone_number(milestone_id: str) -> int:
    """3 for "M3"; ValueError for anything that is not a milestone id."""
    if not (milestone_id.startswith("M") and milestone_id[1:].isdigit() and not milestone_id[1:].startswith("0")):
        raise ValueError(f"{milestone_id!r} is not a milestone id (M1, M2, ...)")
    return int(milestone_id[1:])


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
    strategy_profile: dict[str, str] = field(default_factory=dict)  # also LEADER_PERSON: the Leader's name
    milestones: dict[str, Milestone] = field(default_factory=dict)  # by id, "M1", "M2", ... (see milestone_list)

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

    # Milestones ----------------------------------------------------------
    def milestone_list(self) -> list[tuple[str, Milestone]]:
        """The milestones in the order they were added: (id, milestone)."""
        return sorted(self.milestones.items(), key=lambda item: milestone_number(item[0]))

    def add_milestone(self, milestone: Milestone | None = None) -> str:
        """A new milestone after the others; its id. ValueError past MAX_MILESTONES."""
        if len(self.milestones) >= MAX_MILESTONES:
            raise ValueError(f"a plan holds up to {MAX_MILESTONES} milestones")
        new_id = f"M{max((milestone_number(m) for m in self.milestones), default=0) + 1}"
        self.set_milestone(new_id, milestone or Milestone())
        return new_id

    def set_milestone(self, milestone_id: str, milestone: Milestone) -> None:
        """Keep ``milestone`` under its id, checked as the CSV reader checks it."""
        milestone_number(milestone_id)
        if milestone.status not in MILESTONE_STATUSES:
            raise ValueError(f"{milestone_id}: a status is one of {', '.join(MILESTONE_STATUSES)}, "
                             f"not {milestone.status!r}")
        if milestone.due and not _is_iso_date(milestone.due):
            raise ValueError(f"{milestone_id}: a target date is written YYYY-MM-DD, not {milestone.due!r}")
        for name, limit in (("milestone", MAX_MILESTONE_CHARS), ("owner", MAX_NAME_CHARS)):
            text = getattr(milestone, name)
            if len(text) > limit:
                raise ValueError(f"{milestone_id}: the {name} is {len(text):,} characters long; "
                                 f"it can hold up to {limit:,}.")
        self.milestones[milestone_id] = Milestone(milestone.milestone.replace("\x00", ""),
                                                  milestone.owner.replace("\x00", ""), milestone.due,
                                                  milestone.status)

    def remove_milestone(self, milestone_id: str) -> None:
        self.milestones.pop(milestone_id, None)

    def is_blank(self) -> bool:
        """True when there is nothing that a replace or a reset could lose."""
        return self == Responses()


def _is_iso_date(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
