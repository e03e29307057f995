"""Team sessions in the store: a team, its join code and facilitator link, and its participants.

Each link grants one thing. The join code (public, short) finds an open team to join; the
facilitator token (secret, 256 bits) runs that team; a participant token (secret, 256 bits)
reaches that participant's own answers, which are an ordinary session of the store under
that token. The database is the source of truth, so any server behind a load balancer
serves any page; ``dl_teams.version`` goes up with every participant's save (see
``Store.write``), so a facilitator's view asks one number to know whether to recompute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from dlcore.join_code import new_join_code
from dlcore.store import (
    Store,
    StoreUnavailable,
    answers,
    is_valid_token,
    new_token,
    participants,
    sessions,
    teams,
)
from dlcore.team import Rater

RATED_STEPS = ("cultural_readiness", "implementation_readiness")

@dataclass(frozen=True)
class Team:
    id: str
    name: str
    join_code: str
    facilitator_token: str
    state: str
    show_single_roles: bool
    version: int

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True)
class Participant:
    token: str
    team_id: str
    number: int


def _team(row) -> Team:
    return Team(row.id, row.name, row.join_code, row.facilitator_token, row.state, bool(row.show_single_roles),
                row.version)


class Teams:
    """Team sessions on the answers store's database (the same engine, tables and connection rules)."""

    def __init__(self, store: Store):
        self.store = store

    # A facilitator's side -----------------------------------------------------------------
    def create(self, name: str) -> Team:
        """A new open team with a fresh join code and facilitator link."""
        for _ in range(5):  # a join code already taken (1 in 10^9 per team) draws again
            row = {"id": new_token(), "name": name.strip(), "join_code": new_join_code(),
                   "facilitator_token": new_token(), "state": "open", "show_single_roles": False, "version": 0,
                   "participants": 0, "created_at": datetime.now(UTC)}
            try:
                with self.store._connect() as conn, conn.begin():
                    conn.execute(teams.insert().values(row))
            except StoreUnavailable as exc:
                if isinstance(exc.__cause__, sa_exc.IntegrityError):
                    continue
                raise
            return Team(row["id"], row["name"], row["join_code"], row["facilitator_token"], "open", False, 0)
        raise StoreUnavailable("The answers store cannot be reached (no free join code was found; try again).")

    def by_facilitator(self, token: str) -> Team | None:
        """The team this facilitator link runs, or None for a malformed or unknown link."""
        if not is_valid_token(token):
            return None
        return self._one(teams.c.facilitator_token == token)

    def by_id(self, team_id: str) -> Team | None:
        return self._one(teams.c.id == team_id) if is_valid_token(team_id) else None

    def set_show_single_roles(self, team_id: str, show: bool) -> None:
        """Whether roles with one member are shown (they can identify that person)."""
        with self.store._connect() as conn, conn.begin():
            conn.execute(teams.update().where(teams.c.id == team_id)
                         .values(show_single_roles=show, version=teams.c.version + 1))

    def version(self, team_id: str) -> int | None:
        """The team's change counter: one cheap query a facilitator's view makes on every refresh."""
        with self.store._connect() as conn:
            return conn.execute(select(teams.c.version).where(teams.c.id == team_id)).scalar_one_or_none()

    def raters(self, team_id: str) -> list[Rater]:
        """Every participant's role and ratings of Steps 1 and 3, in one query (never one per participant)."""
        query = (
            select(participants.c.token, participants.c.number, sessions.c.role, answers.c.item_id,
                   answers.c.rating)
            .select_from(participants
                         .outerjoin(sessions, sessions.c.token == participants.c.token)
                         .outerjoin(answers, (answers.c.token == participants.c.token)
                                    & answers.c.step.in_(RATED_STEPS) & answers.c.rating.is_not(None)))
            .where(participants.c.team_id == team_id)
            .order_by(participants.c.number)
        )
        with self.store._connect() as conn:
            found = conn.execute(query).all()
        people: dict[str, tuple[int, str, dict[str, int]]] = {}
        for token, number, role, item_id, rating in found:
            _, _, ratings = people.setdefault(token, (number, role or "", {}))
            if item_id is not None:
                ratings[item_id] = rating
        return [Rater(f"participant {number}", role, ratings) for number, role, ratings in people.values()]

    def rationales(self, team_id: str) -> dict[str, list[str]]:
        """Every participant's Step 3 rationales by statement, without who wrote them, in one query.

        Sorted by their text, not by participant, so their order says nothing about who joined when.
        """
        query = (select(answers.c.item_id, answers.c.response)
                 .join(participants, participants.c.token == answers.c.token)
                 .where(participants.c.team_id == team_id, answers.c.step == "implementation_readiness",
                        answers.c.response != ""))
        with self.store._connect() as conn:
            found = conn.execute(query).all()
        texts: dict[str, list[str]] = {}
        for item_id, text in found:
            texts.setdefault(item_id, []).append(text)
        return {item_id: sorted(t) for item_id, t in texts.items()}

    # A participant's side -----------------------------------------------------------------
    def by_code(self, code: str) -> Team | None:
        """The team with this (normalized) join code, open or closed; None when there is none."""
        return self._one(teams.c.join_code == code)

    def join(self, team: Team) -> Participant:
        """A new participant of ``team`` with their own secret link, numbered in the order they joined."""
        token = new_token()
        with self.store._connect() as conn, conn.begin():
            # One statement takes the team's next number and locks its row: two joins never share one.
            number = conn.execute(teams.update().where(teams.c.id == team.id)
                                  .values(participants=teams.c.participants + 1, version=teams.c.version + 1)
                                  .returning(teams.c.participants)).scalar_one()
            conn.execute(participants.insert().values(token=token, team_id=team.id, number=number,
                                                      joined_at=datetime.now(UTC)))
        return Participant(token, team.id, number)

    def participant(self, token: str) -> tuple[Participant, Team] | None:
        """The participant this link belongs to and their team, or None for a malformed or unknown link."""
        if not is_valid_token(token):
            return None
        query = (select(participants.c.token, participants.c.team_id, participants.c.number, *teams.c)
                 .join(teams, teams.c.id == participants.c.team_id).where(participants.c.token == token))
        with self.store._connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Participant(row.token, row.team_id, row.number), _team(row)

    def _one(self, where) -> Team | None:
        with self.store._connect() as conn:
            row = conn.execute(select(teams).where(where)).first()
        return None if row is None else _team(row)
