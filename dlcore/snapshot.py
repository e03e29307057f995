"""Answers as the store holds them: one row per answered item, and how two versions of them merge.

Two tabs on one link, a tab opened while the database was down, a tab whose answers were
replaced elsewhere: each holds a view of the session that is not what the database holds.
Merging item by item (the item each side changed wins; what neither changed stays as
stored) is what lets every one of them save without dropping anyone's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from dlcore.content import Guide
from dlcore.csv_io import responses_from_rows, to_rows
from dlcore.responses import Responses

Key = tuple[str, str]  # (step, item_id), the CSV's
Answer = tuple[int, int | None, str]  # (position within the step, rating, response)


@dataclass(frozen=True)
class Snapshot:
    """One version of a session's answers, as rows of the store."""

    respondent: str = ""
    role: str = ""
    answers: dict[Key, Answer] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """Nothing worth a row in the store: no answer, no name, no role."""
        return not (self.answers or self.respondent or self.role)


EMPTY = Snapshot()


def snapshot(responses: Responses, guide: Guide) -> Snapshot:
    """The rows that stand for ``responses`` in the store (those of the CSV, position within step)."""
    rows: dict[Key, Answer] = {}
    for step, step_rows in groupby(to_rows(responses, guide), key=itemgetter("step")):
        for position, row in enumerate(step_rows):
            rating = int(row["rating"]) if row["rating"] else None
            rows[step, row["item_id"]] = (position, rating, storable(row["response"]))
    return Snapshot(storable(responses.respondent), storable(responses.role), rows)


def storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL; an invisible NUL is dropped on every database alike."""
    return text.replace("\x00", "")


def to_responses(snap: Snapshot) -> Responses:
    """The answers a snapshot stands for, read through the same checks as an upload (CsvError if they do not fit)."""
    ordered = sorted(snap.answers.items(), key=lambda kv: (kv[0][0], kv[1][0], kv[0][1]))
    responses = responses_from_rows(
        {"respondent": snap.respondent, "role": snap.role, "step": step, "item_id": item_id,
         "rating": "" if rating is None else str(rating), "response": response}
        for (step, item_id), (_position, rating, response) in ordered)
    responses.respondent, responses.role = snap.respondent, snap.role  # kept even with no answer yet
    return responses


def merge(stored: Snapshot, mine: Snapshot, base: Snapshot) -> Snapshot:
    """``stored`` with the changes ``mine`` made since ``base``, item by item and field by field.

    An item (or the name, or the role) that ``mine`` set, changed or cleared since ``base`` takes
    ``mine``'s value; every other item keeps the stored one. So a tab never writes back an
    answer it did not change, and never drops one it never saw.
    """
    answers = dict(stored.answers)
    for key in mine.answers.keys() | base.answers.keys():
        ours = mine.answers.get(key)
        if ours == base.answers.get(key):
            continue
        if ours is None:
            answers.pop(key, None)
        else:
            answers[key] = ours
    respondent = mine.respondent if mine.respondent != base.respondent else stored.respondent
    role = mine.role if mine.role != base.role else stored.role
    return Snapshot(respondent, role, answers)
