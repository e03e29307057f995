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
from sqlalchemy import func, select

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
    state: str  # "open" or "closed"
    show_single_roles: bool
    version: int
    results_hidden: bool = False  # while people vote: the picture is shown to no one, only who has answered
    plan_token: str | None = None  # the session holding the team's plan (see Teams.plan_token)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


@dataclass(frozen=True)
class Participant:
    token: str
    team_id: str
    number: int
    removed: bool = False  # by the facilitator: out of the team's picture, and can be taken back in


@dataclass(frozen=True)
class Answered:
    """Who has answered, without what: the projected view's list while the results are hidden."""
    token: str
    number: int
    name: str  # as they gave it; empty when they gave none
    rated: int  # statements of Steps 1 and 3 they have rated
    removed: bool

    @property
    def shown_name(self) -> str:
        return self.name.strip() or f"participant {self.number}"


@dataclass(frozen=True)
class MeetingState:
    """What a participant's page is drawn from, besides their own answers: read by the page's watch."""
    state: str
    results_hidden: bool
    removed: frozenset[str]  # participant tokens the facilitator removed

    def for_participant(self, token: str) -> tuple[str, bool]:
        """What one participant's page shows: whether the session is open, and whether they were removed."""
        return self.state, token in self.removed


OPEN, CLOSED = "open", "closed"


def _team(row) -> Team:
    return Team(row.id, row.name, row.join_code, row.facilitator_token, row.state, bool(row.show_single_roles),
                row.version, bool(row.results_hidden), row.plan_token)


class Teams:
    """Team sessions on the answers store's database (the same engine, tables and connection rules)."""

    def __init__(self, store: Store):
        self.store = store

    # A facilitator's side -----------------------------------------------------------------
    def create(self, name: str) -> Team:
        """A new open team with a fresh join code and facilitator link."""
        for _ in range(5):  # a join code already taken (1 in 10^9 per team) draws again
            row = {"id": new_token(), "name": name.strip(), "join_code": new_join_code(),
                   "facilitator_token": new_token(), "state": OPEN, "show_single_roles": False, "version": 0,
                   "participants": 0, "created_at": datetime.now(UTC), "results_hidden": True,
                   "plan_token": new_token()}
            try:
                with self.store._connect() as conn, conn.begin():
                    conn.execute(teams.insert().values(row))
            except StoreUnavailable as exc:
                if isinstance(exc.__cause__, sa_exc.IntegrityError):
                    continue
                raise
            return Team(row["id"], row["name"], row["join_code"], row["facilitator_token"], OPEN, False, 0, True,
                        row["plan_token"])
        raise StoreUnavailable("The answers store cannot be reached (no free join code was found; try again).")

    def by_facilitator(self, token: str) -> Team | None:
        """The team this facilitator link runs, or None for a malformed or unknown link."""
        if not is_valid_token(token):
            return None
        return self._one(teams.c.facilitator_token == token)

    def by_id(self, team_id: str) -> Team | None:
        return self._one(teams.c.id == team_id) if is_valid_token(team_id) else None

    def plan_token(self, team: Team) -> str:
        """The session token of the team's plan, given to a team made before plans had one on first use
        (two facilitators at once get the same one: the first to write it wins)."""
        if team.plan_token:
            return team.plan_token
        with self.store._connect() as conn, conn.begin():
            conn.execute(teams.update().where(teams.c.id == team.id, teams.c.plan_token.is_(None))
                         .values(plan_token=new_token()))
            return conn.execute(select(teams.c.plan_token).where(teams.c.id == team.id)).scalar_one()

    def set_show_single_roles(self, team_id: str, show: bool) -> None:
        """Whether roles with one member are shown (they can identify that person)."""
        self._change(team_id, show_single_roles=show)

    def set_results_hidden(self, team_id: str, hidden: bool) -> None:
        """Hide the team's picture from everyone while people vote, or reveal it."""
        self._change(team_id, results_hidden=hidden)

    def close(self, team_id: str) -> None:
        """No more changes: the join code stops working and participants' pages say the session is closed."""
        self._change(team_id, state=CLOSED)

    def reopen(self, team_id: str) -> None:
        self._change(team_id, state=OPEN)

    def remove(self, team_id: str, token: str) -> None:
        """Take a participant (a stray join) out of the team's picture; their answers are kept for ``restore``."""
        self._set_removed(team_id, token, datetime.now(UTC))

    def restore(self, team_id: str, token: str) -> None:
        """Undo ``remove``: the participant's answers are back in the team's picture."""
        self._set_removed(team_id, token, None)

    def _set_removed(self, team_id: str, token: str, when: datetime | None) -> None:
        with self.store._connect() as conn, conn.begin():
            done = conn.execute(participants.update()
                                .where(participants.c.team_id == team_id, participants.c.token == token)
                                .values(removed_at=when)).rowcount
            if done:
                conn.execute(teams.update().where(teams.c.id == team_id).values(version=teams.c.version + 1))

    def _change(self, team_id: str, **values) -> None:
        """Change the team's own row; its version goes up, so every view of it, on any server, looks again."""
        with self.store._connect() as conn, conn.begin():
            conn.execute(teams.update().where(teams.c.id == team_id).values(**values, version=teams.c.version + 1))

    def meeting_state(self, team_id: str) -> MeetingState | None:
        """The team's state, whether its results are hidden and who was removed, in one query; None when
        there is no such team."""
        query = (select(teams.c.state, teams.c.results_hidden, participants.c.token)
                 .select_from(teams.outerjoin(participants, (participants.c.team_id == teams.c.id)
                                              & participants.c.removed_at.is_not(None)))
                 .where(teams.c.id == team_id))
        with self.store._connect() as conn:
            found = conn.execute(query).all()
        if not found:
            return None
        return MeetingState(found[0].state, bool(found[0].results_hidden),
                            frozenset(r.token for r in found if r.token is not None))

    def answered(self, team_id: str) -> list[Answered]:
        """Every participant, removed ones too, with their name and how many statements they rated (not how):
        one query."""
        rated = (select(answers.c.token, func.count().label("rated"))
                 .where(answers.c.step.in_(RATED_STEPS), answers.c.rating.is_not(None))
                 .group_by(answers.c.token).subquery())
        query = (select(participants.c.token, participants.c.number, participants.c.removed_at, sessions.c.respondent,
                        rated.c.rated)
                 .select_from(participants
                              .outerjoin(sessions, sessions.c.token == participants.c.token)
                              .outerjoin(rated, rated.c.token == participants.c.token))
                 .where(participants.c.team_id == team_id)
                 .order_by(participants.c.number))
        with self.store._connect() as conn:
            found = conn.execute(query).all()
        return [Answered(r.token, r.number, r.respondent or "", r.rated or 0, r.removed_at is not None) for r in found]

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
            .where(participants.c.team_id == team_id, participants.c.removed_at.is_(None))
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
                 .where(participants.c.team_id == team_id, participants.c.removed_at.is_(None),
                       answers.c.step == "implementation_readiness", answers.c.response != ""))
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
        query = (select(participants.c.token, participants.c.team_id, participants.c.number,
                        participants.c.removed_at, *teams.c)
                 .join(teams, teams.c.id == participants.c.team_id).where(participants.c.token == token))
        with self.store._connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Participant(row.token, row.team_id, row.number, row.removed_at is not None), _team(row)

    def _one(self, where) -> Team | None:
        with self.store._connect() as conn:
            row = conn.execute(select(teams).where(where)).first()
        return None if row is None else _team(row)
