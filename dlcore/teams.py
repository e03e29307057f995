"""Team sessions in the store: a team, its join code and facilitator link, and its participants.

Each link grants one thing. The join code (public, short) finds an open team to join; the
facilitator token (secret, 256 bits) runs that team; a participant token (secret, 256 bits)
reaches that participant's own answers, which are an ordinary session of the store under
that token. The database is the source of truth, so any server behind a load balancer
serves any page; ``dl_teams.version`` goes up with every participant's save (see
``Store.write``), so a facilitator's view asks one number to know whether to recompute.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, literal, select

from dlcore.content import Guide
from dlcore.join_code import new_join_code
from dlcore.responses import Responses
from dlcore.snapshot import Snapshot, to_responses
from dlcore.store import (
    Store,
    StoreUnavailable,
    answers,
    is_valid_token,
    new_token,
    participants,
    round_statements,
    sessions,
    teams,
    votes,
)
from dlcore.team import Rater
from dlcore.team_file import EarlierVote, Member, TeamFile, labels

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
    round: int = 1  # the vote's round: 2 and on once the facilitator asked to vote again (Teams.open_round)
    picture_shared: bool = False  # participants see the team's picture (aggregate only) while it is revealed

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
    changed: int = 0  # in a round of voting again: its statements whose rating differs from their vote before it

    @property
    def shown_name(self) -> str:
        return self.name.strip() or f"participant {self.number}"


@dataclass(frozen=True)
class MeetingState:
    """What a participant's page is drawn from, besides their own answers: read by the page's watch."""
    state: str
    results_hidden: bool
    removed: frozenset[str]  # participant tokens the facilitator removed
    round: int = 1
    revote: tuple[str, ...] = ()  # the statements voted on again in this round (none in round 1)
    picture_shared: bool = False

    @property
    def shows_picture(self) -> bool:
        """Participants see the team's picture: the facilitator shares it and it is revealed."""
        return self.picture_shared and not self.results_hidden

    def for_participant(self, token: str) -> tuple[str, bool, int, bool]:
        """What one participant's page shows: whether the session is open, whether they were removed, the round,
        and whether it shows the team's picture (never to a removed participant)."""
        removed = token in self.removed
        return self.state, removed, self.round, self.shows_picture and not removed


@dataclass(frozen=True)
class Round:
    """A round of voting again: its number (2, 3, ...), its statements, and the votes on them as they stood
    when it opened (the previous round's, by statement id, without who gave them)."""
    number: int
    statements: tuple[str, ...]
    before: dict[str, tuple[int, ...]]


def _statement_order(item_id: str) -> tuple[str, int]:
    """CR1 ... CR10, then IR1 ... IR8: the guide's order."""
    return ("A" if item_id.startswith("CR") else "B", int(item_id[2:]) if item_id[2:].isdigit() else 0)


OPEN, CLOSED = "open", "closed"
_ANONYMOUS = re.compile(r"participant [0-9]+")  # a team file's label for someone who gave no name
_NUMBERED = re.compile(r" \(participant [0-9]+\)$")  # added to a name two participants share


def _team(row) -> Team:
    return Team(row.id, row.name, row.join_code, row.facilitator_token, row.state, bool(row.show_single_roles),
                row.version, bool(row.results_hidden), row.plan_token, row.round, bool(row.picture_shared))


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

    def set_picture_shared(self, team_id: str, shared: bool) -> None:
        """Whether participants see the team's picture (its aggregate, never anyone's answers) once revealed."""
        self._change(team_id, picture_shared=shared)

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
        """The team's state, whether its results are hidden or shared, who was removed and the round's statements,
        in one query; None when there is no such team."""
        query = (select(teams.c.state, teams.c.results_hidden, teams.c.round, teams.c.picture_shared,
                        participants.c.token, round_statements.c.item_id)
                 .select_from(teams
                              .outerjoin(participants, (participants.c.team_id == teams.c.id)
                                         & participants.c.removed_at.is_not(None))
                              .outerjoin(round_statements, (round_statements.c.team_id == teams.c.id)
                                         & (round_statements.c.round == teams.c.round)))
                 .where(teams.c.id == team_id))
        with self.store._connect() as conn:
            found = conn.execute(query).all()
        if not found:
            return None
        first = found[0]
        revote = {r.item_id for r in found if r.item_id is not None}
        return MeetingState(first.state, bool(first.results_hidden),
                            frozenset(r.token for r in found if r.token is not None), first.round,
                            tuple(sorted(revote, key=_statement_order)), bool(first.picture_shared))

    # Voting again -------------------------------------------------------------------------
    def open_round(self, team_id: str, item_ids: list[str]) -> int:
        """Ask everyone to vote again on ``item_ids`` (Step 1 and 3 statement ids): the votes as they stand are
        kept as the current round's, the team moves to the next round with its results hidden again, and each
        participant's current rating stays their vote until they change it. Returns the new round's number."""
        with self.store._connect() as conn, conn.begin():
            current = conn.execute(select(teams.c.round).where(teams.c.id == team_id)).scalar_one()
            kept = (select(literal(team_id), literal(current), answers.c.token, answers.c.item_id, answers.c.rating)
                    .join(participants, participants.c.token == answers.c.token)
                    .where(participants.c.team_id == team_id, answers.c.step.in_(RATED_STEPS),
                           answers.c.item_id.in_(item_ids), answers.c.rating.is_not(None)))
            conn.execute(votes.insert().from_select(["team_id", "round", "token", "item_id", "rating"], kept))
            conn.execute(round_statements.insert(),
                         [{"team_id": team_id, "round": current + 1, "item_id": i} for i in item_ids])
            conn.execute(teams.update().where(teams.c.id == team_id)
                         .values(round=current + 1, results_hidden=True, version=teams.c.version + 1))
        return current + 1

    def rounds(self, team_id: str) -> list[Round]:
        """Every round after the first, with its statements, and the votes each had before it: one query each."""
        with self.store._connect() as conn:
            listed = conn.execute(select(round_statements.c.round, round_statements.c.item_id)
                                  .where(round_statements.c.team_id == team_id)).all()
            kept = conn.execute(
                select(votes.c.round, votes.c.item_id, votes.c.rating)
                .join(participants, participants.c.token == votes.c.token)
                .where(votes.c.team_id == team_id, participants.c.removed_at.is_(None))).all()
        found: dict[int, list[str]] = {}
        for number, item_id in listed:
            found.setdefault(number, []).append(item_id)
        before: dict[int, dict[str, list[int]]] = {}
        for number, item_id, rating in kept:
            before.setdefault(number + 1, {}).setdefault(item_id, []).append(rating)
        return [Round(number, tuple(sorted(items, key=_statement_order)),
                      {i: tuple(sorted(r)) for i, r in before.get(number, {}).items()})
                for number, items in sorted(found.items())]

    # The team in one file (dlcore.team_file) ------------------------------------------------------
    def export(self, team: Team, guide: Guide) -> TeamFile:
        """Everyone's answers (removed participants left out), the earlier rounds' votes and the team's plan:
        one query for the answers, one for the votes, one for the plan."""
        query = (select(participants.c.number, sessions.c.respondent, sessions.c.role, answers.c.step,
                        answers.c.item_id, answers.c.position, answers.c.rating, answers.c.response)
                 .select_from(participants
                              .outerjoin(sessions, sessions.c.token == participants.c.token)
                              .outerjoin(answers, answers.c.token == participants.c.token))
                 .where(participants.c.team_id == team.id, participants.c.removed_at.is_(None))
                 .order_by(participants.c.number))
        earlier_query = (select(participants.c.number, votes.c.round, votes.c.item_id, votes.c.rating)
                         .join(participants, participants.c.token == votes.c.token)
                         .where(votes.c.team_id == team.id, participants.c.removed_at.is_(None))
                         .order_by(votes.c.round, participants.c.number))
        with self.store._connect() as conn:
            found = conn.execute(query).all()
            earlier = conn.execute(earlier_query).all()
        people: dict[int, tuple[str, str, dict]] = {}
        for number, respondent, role, step, item_id, position, rating, response in found:
            _, _, rows = people.setdefault(number, (respondent or "", role or "", {}))
            if step is not None:
                rows[step, item_id] = (position, rating, response)
        names = labels([(number, name) for number, (name, _, _) in people.items()])
        members = [Member(names[number], role, to_responses(Snapshot("", "", rows)))
                   for number, (_, role, rows) in people.items()]
        plan = self.store.load(team.plan_token, guide) if team.plan_token else None
        return TeamFile(team.name, members, plan or Responses(),
                        [EarlierVote(names[n], r, i, v) for n, r, i, v in earlier if n in names])

    def create_from_file(self, name: str, team_file: TeamFile, guide: Guide) -> Team:
        """A new team session holding a file's team: its members as participants (in the file's order), their
        earlier rounds, and its plan. It starts closed (a record: no one joins it by accident) with its
        results shown; the facilitator may reopen it."""
        team = self.create(name or team_file.name or "Team from a file")
        tokens = {}
        for member in team_file.members:
            joined = self.join(team)
            tokens[member.respondent] = joined.token
            given = copy.deepcopy(member.answers)
            given.respondent = "" if _ANONYMOUS.fullmatch(member.respondent) else _NUMBERED.sub("", member.respondent)
            given.role = member.role
            self.store.save(joined.token, given, guide)
        if team_file.plan is not None:
            self.store.save(team.plan_token, team_file.plan, guide)
        rounds = sorted({v.round for v in team_file.earlier})
        with self.store._connect() as conn, conn.begin():
            if team_file.earlier:
                conn.execute(votes.insert(), [{"team_id": team.id, "round": v.round, "token": tokens[v.respondent],
                                               "item_id": v.item_id, "rating": v.rating} for v in team_file.earlier])
                statements = {(v.round + 1, v.item_id) for v in team_file.earlier}
                conn.execute(round_statements.insert(),
                             [{"team_id": team.id, "round": r, "item_id": i} for r, i in sorted(statements)])
            conn.execute(teams.update().where(teams.c.id == team.id)
                         .values(state=CLOSED, results_hidden=False, round=(rounds[-1] + 1) if rounds else 1,
                                 version=teams.c.version + 1))
        return self.by_id(team.id)

    def answered(self, team_id: str) -> list[Answered]:
        """Every participant, removed ones too, with their name, how many statements they rated and, in a round
        of voting again, how many of its statements they rated differently from before it (never how): one query."""
        rated = (select(answers.c.token, func.count().label("rated"))
                 .where(answers.c.step.in_(RATED_STEPS), answers.c.rating.is_not(None))
                 .group_by(answers.c.token).subquery())
        this_round = (round_statements.c.team_id == teams.c.id) & (round_statements.c.round == teams.c.round)
        before = ((votes.c.team_id == teams.c.id) & (votes.c.round == teams.c.round - 1)
                  & (votes.c.token == answers.c.token) & (votes.c.item_id == answers.c.item_id))
        changed = (select(answers.c.token, func.count().label("changed"))
                   .select_from(teams.join(round_statements, this_round)
                                .join(answers, answers.c.item_id == round_statements.c.item_id)
                                .join(participants, (participants.c.token == answers.c.token)
                                      & (participants.c.team_id == teams.c.id))
                                .outerjoin(votes, before))
                   .where(teams.c.id == team_id, answers.c.step.in_(RATED_STEPS), answers.c.rating.is_not(None),
                          votes.c.rating.is_(None) | (votes.c.rating != answers.c.rating))
                   .group_by(answers.c.token).subquery())
        query = (select(participants.c.token, participants.c.number, participants.c.removed_at, sessions.c.respondent,
                        rated.c.rated, changed.c.changed)
                 .select_from(participants
                              .outerjoin(sessions, sessions.c.token == participants.c.token)
                              .outerjoin(rated, rated.c.token == participants.c.token)
                              .outerjoin(changed, changed.c.token == participants.c.token))
                 .where(participants.c.team_id == team_id)
                 .order_by(participants.c.number))
        with self.store._connect() as conn:
            found = conn.execute(query).all()
        return [Answered(r.token, r.number, r.respondent or "", r.rated or 0, r.removed_at is not None,
                         r.changed or 0) for r in found]

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
