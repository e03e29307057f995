"""A whole team session in one responses CSV, and back: everyone's answers, the team's plan, earlier rounds.

The data contract's columns, with ``respondent`` and ``role`` filled on every row:
- each participant's rows are those of their own download (csv_io.to_rows), under their name, or
  "participant 3" when they gave none (with the number added when two share a name), and their role;
- the team's plan (its agreed ratings with what was agreed, key questions, Step 4) has the role
  ``team plan`` and the team's name as respondent;
- an earlier round's vote (dlcore.teams.Teams.open_round) is a row of step ``earlier_vote``, item id
  ``R<round>-<statement id>`` ("R1-CR3"), its ``rating`` the vote, under the participant who gave it.
A file from before (one person's, or many people's concatenated) is the same with none of these rows.
Each person's rows get the checks of a single upload; every problem is reported, nothing half-read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dlcore.content import Guide
from dlcore.csv_io import (
    ITEM_ID,
    RATING,
    RESPONDENT,
    CsvError,
    to_rows,
    write_rows,
)
from dlcore.responses import CULTURAL_READINESS_IDS, IMPLEMENTATION_READINESS_IDS, Responses
from dlcore.team import read_people

PLAN_ROLE = "team plan"
EARLIER_VOTE = "earlier_vote"
_VOTE_ID = re.compile(r"R([1-9][0-9]{0,2})-(CR(?:[1-9]|10)|IR[1-8])")
_STATEMENTS = frozenset((*CULTURAL_READINESS_IDS, *IMPLEMENTATION_READINESS_IDS))
TEAM_FILE_BYTES = 50_000_000


@dataclass(frozen=True)
class Member:
    """One participant as the file names them (their ``answers`` carry no name or role of their own)."""
    respondent: str
    role: str
    answers: Responses


@dataclass(frozen=True)
class EarlierVote:
    respondent: str  # the member's label in the file
    round: int
    item_id: str
    rating: int


@dataclass
class TeamFile:
    name: str  # the team's name ("" when the file has no plan)
    members: list[Member] = field(default_factory=list)
    plan: Responses | None = None
    earlier: list[EarlierVote] = field(default_factory=list)


def labels(names: list[tuple[int, str]]) -> dict[int, str]:
    """Each participant's ``respondent`` in the file, by number: their name, "participant n" without one,
    and "name (participant n)" when two share a name, so that no two people's rows merge on reading."""
    given = Counter(name.strip() for _, name in names if name.strip())
    out = {}
    for number, name in names:
        name = name.strip()
        out[number] = (name if given[name] == 1 else f"{name} (participant {number})") if name \
            else f"participant {number}"
    return out


def team_rows(team: TeamFile, guide: Guide) -> list[dict[str, str]]:
    """Every row of the team's file, in the data contract's columns (the formula guard not yet applied)."""
    rows: list[dict[str, str]] = []
    for member in team.members:
        for row in to_rows(member.answers, guide):
            rows.append({**row, "respondent": member.respondent, "role": member.role})
    for vote in team.earlier:
        statement = guide.statement(vote.item_id)
        rows.append({"respondent": vote.respondent, "role": _role_of(team, vote.respondent), "step": EARLIER_VOTE,
                     "item_id": f"R{vote.round}-{vote.item_id}", "item": f"Round {vote.round}: {statement.text}",
                     "rating": str(vote.rating), "response": ""})
    if team.plan is not None:
        plan_rows = to_rows(team.plan, guide) or [_naming_row(guide)]
        for row in plan_rows:
            rows.append({**row, "respondent": team.name, "role": PLAN_ROLE})
    return rows


def _naming_row(guide: Guide) -> dict[str, str]:
    """The row a plan with no answer yet still has, so that the file names the team: an empty profile text."""
    element = guide.implementation_planning.elements[0]
    return {"step": "strategy_profile", "item_id": element.id, "item": element.name, "rating": "", "response": ""}


def _role_of(team: TeamFile, respondent: str) -> str:
    return next((m.role for m in team.members if m.respondent == respondent), "")


def write_team_csv(team: TeamFile, guide: Guide) -> bytes:
    """The team's file as UTF-8 CSV bytes, written as csv_io.write_csv writes one person's."""
    return write_rows(team_rows(team, guide))


def read_team_file(data: bytes, max_bytes: int = TEAM_FILE_BYTES) -> TeamFile:
    """The team in a file this app wrote (or several people's files concatenated), or CsvError with every
    problem: each person's rows checked as a single upload, and each earlier vote's round, statement and
    rating."""
    people, votes, problems = read_people(data, max_bytes, apart=EARLIER_VOTE)
    team = TeamFile(name="")
    for (respondent, role), (first, answers) in people.items():
        answers.respondent = answers.role = ""  # who it is: the Member's, or the team's for its plan
        if role == PLAN_ROLE:
            if team.plan is not None:
                problems.append(f"Row {first}: a second team plan (“{respondent}”); a team file has one.")
                continue
            team.name, team.plan = respondent, answers
        else:
            team.members.append(Member(respondent, role, answers))
    known = {m.respondent for m in team.members}
    seen: set[tuple[str, str]] = set()
    for n, row in votes:
        found = _VOTE_ID.fullmatch(row[ITEM_ID])
        if found is None or found.group(2) not in _STATEMENTS:
            problems.append(f"Row {n}, column “item_id”: “{row[ITEM_ID][:40]}” is not an earlier vote. Use R1-CR1 … "
                            "R9-IR8 (the round, then the statement).")
            continue
        if row[RATING].strip() not in ("1", "2", "3", "4"):
            problems.append(f"Row {n}, column “rating”: an earlier vote is a rating from 1 to 4.")
            continue
        if row[RESPONDENT] not in known:
            problems.append(f"Row {n}: an earlier vote of “{row[RESPONDENT][:40]}”, who has no answers in the file.")
            continue
        if (row[RESPONDENT], row[ITEM_ID]) in seen:
            problems.append(f"Row {n} repeats {row[RESPONDENT][:40]}'s vote {row[ITEM_ID]}.")
            continue
        seen.add((row[RESPONDENT], row[ITEM_ID]))
        team.earlier.append(EarlierVote(row[RESPONDENT], int(found.group(1)), found.group(2), int(row[RATING])))
    if problems:
        raise CsvError(problems)
    return team
