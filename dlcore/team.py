"""A team's answers side by side: many people's responses CSVs, and how each statement was rated.

Administrators and teachers often see the same statement differently (the Center for
Teaching Quality's collective-leadership guides make this point), so the spread and the
ratings by role matter as much as the average.

Two ways in: ``read_team_csv`` / ``summarize`` / ``scores`` for a file of many people's downloads,
and ``aggregate`` for a live team session (everyone rating Steps 1 and 3 on their own phone), which
gives the one ``TeamPicture`` the facilitator's projected view reads; ``statement_rows`` and
``role_rows`` turn a step of it into the tables beside the charts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import repeat
from math import floor
from typing import NamedTuple

from dlcore.content import Guide, Statement
from dlcore.csv_io import RESPONDENT, ROLE, STEP, CsvError, Row, apply_rows, paused_gc, read_rows
from dlcore.responses import RATINGS, Responses

Person = tuple[str, str]  # (respondent, role), as in the CSV's first two columns
# Rows a team file may have for each MB it may hold: 12,000 (83 bytes a row). A row this app writes is
# about 170 bytes (the guide's wording fills most of it; 34 MB for 10,000 people with 20 rows each),
# so this is twice the rows of a full file written so: 600,000 for the default 50 MB, 60 a person for 10,000.
TEAM_ROWS_PER_MB = 12_000


def read_team_csv(data: bytes, max_bytes: int = 50_000_000, max_rows: int | None = None) -> dict[Person, Responses]:
    """Everyone's answers from one responses CSV (files concatenated, or one downloaded per person).

    Each person's rows get the same checks as a single upload; all problems are reported together.
    ``max_rows`` (rows below the header, blank ones included) defaults to TEAM_ROWS_PER_MB for each
    MB of ``max_bytes``; reading stops at the first row beyond it.
    """
    people, _, problems = read_people(data, max_bytes, max_rows)
    if problems:
        raise CsvError(problems)
    return {person: answers for person, (_, answers) in people.items()}


def read_people(data: bytes, max_bytes: int, max_rows: int | None = None, *, apart: str = ""
                ) -> tuple[dict[Person, tuple[int, Responses]], list[tuple[int, Row]], list[str]]:
    """Each person's answers in a file of many people's rows, with the number of their first row; the rows of
    step ``apart`` set aside, unread (a team file's earlier votes); and every problem found, nothing raised."""
    if max_rows is None:
        max_rows = max_bytes * TEAM_ROWS_PER_MB // 1_000_000
    at_most = f"a team file of up to {max_bytes / 1_000_000:g} MB has at most {max_rows:,}"
    with paused_gc():  # once around it all: every pause ended means a collection over all rows still held
        rows, problems = read_rows(data, max_bytes, max_rows, at_most=at_most)
        by_person: dict[Person, list[tuple[int, Row]]] = defaultdict(list)
        set_aside: list[tuple[int, Row]] = []
        for n, row in rows:
            (set_aside if apart and row[STEP] == apart else by_person[row[RESPONDENT], row[ROLE]]).append((n, row))
        people: dict[Person, tuple[int, Responses]] = {}
        for person, person_rows in by_person.items():
            try:
                people[person] = (person_rows[0][0], apply_rows(person_rows, []))
            except CsvError as exc:
                problems.extend(exc.problems)
    return people, set_aside, problems


class PersonScore(NamedTuple):
    cultural_total: int
    implementation_total: int
    family: str | None  # None until all of Step 1 is rated


@dataclass(frozen=True)
class StatementSummary:
    statement: Statement
    count: int  # people who rated it
    mean: float | None
    low: int | None
    high: int | None
    by_role: dict[str, float]  # mean rating per role, for roles where someone rated it

    @property
    def spread(self) -> int | None:
        return None if self.low is None else self.high - self.low


@dataclass(frozen=True)
class TeamSummary:
    people: int
    statements: list[StatementSummary]


def summarize(team: Mapping[Person, Responses], step: str, guide: Guide) -> TeamSummary:
    """Per statement of ``step`` ("cultural_readiness" or "implementation_readiness"): how many rated it,
    the mean, lowest, highest and the mean by role.

    Linear in the team's size: everyone's ratings are grouped by role, then each statement's
    ratings in a role are counted by Counter over ``map(dict.get, ...)``, both of which run in C;
    the summary is read off the counts.
    """
    statements: list[Statement] = getattr(guide, step).statements
    by_role: dict[str, list[dict[str, int]]] = defaultdict(list)
    for (_, role), responses in team.items():
        by_role[role].append(getattr(responses, step))
    per_role = {role: {s.id: Counter(map(dict.get, ratings, repeat(s.id))) for s in statements}
                for role, ratings in by_role.items()}
    summaries = []
    for s in statements:
        counts = {role: [counters[s.id][r] for r in RATINGS] for role, counters in per_role.items()}
        everyone = [sum(c[i] for c in counts.values()) for i in range(len(RATINGS))]
        rated = [r for r, n in zip(RATINGS, everyone, strict=True) if n]
        count = sum(everyone)
        summaries.append(StatementSummary(
            statement=s,
            count=count,
            mean=_mean(everyone) if count else None,
            low=min(rated, default=None),
            high=max(rated, default=None),
            by_role={role: _mean(c) for role, c in counts.items() if any(c)},
        ))
    return TeamSummary(people=len(team), statements=summaries)


def _mean(counts: list[int]) -> float:
    """The mean rating from how many gave 1, 2, 3 and 4."""
    return sum(r * n for r, n in zip(RATINGS, counts, strict=True)) / sum(counts)


def scores(team: Mapping[Person, Responses], guide: Guide) -> dict[Person, PersonScore]:
    """Everyone's Step 1 and Step 3 totals and the family their Step 1 points to, in one tight pass.

    The same rule as scoring.recommend_approach (no family until all of Step 1 is rated),
    with the threshold read once instead of once a person.
    """
    threshold = guide.cultural_readiness.threshold
    of = len(guide.cultural_readiness.statements)
    at_least, above, below = threshold.at_least, threshold.at_or_above, threshold.below
    result = {}
    for person, responses in team.items():
        cultural = responses.cultural_readiness
        total = sum(cultural.values())
        family = (above if total >= at_least else below) if len(cultural) == of else None
        result[person] = PersonScore(total, sum(responses.implementation_readiness.values()), family)
    return result


def recommendations(team_scores: Mapping[Person, PersonScore]) -> dict[str, int]:
    """How many people's complete Step 1 points to each family (incomplete ones are not counted)."""
    return dict(Counter(s.family for s in team_scores.values() if s.family))


# A live team session ------------------------------------------------------------------------------

NOT_GIVEN = ""  # the role of a participant who chose none: one group, "Role not given"
STEPS = ("cultural_readiness", "implementation_readiness")
# Stands for "not yet rated" inside each person's sum of a step: any sum at or above it is unfinished.
# Far above the most a step can add up to (10 statements x 4), so one missing rating always shows.
_UNRATED = 1_000


class Rater(NamedTuple):
    """One participant of a team session.

    ``role`` is a role id of data/team.yaml, or "" when none was chosen. ``ratings`` holds the
    participant's Step 1 and Step 3 ratings (1-4) by statement id (CR1..CR10, IR1..IR8); a
    statement not yet rated is absent from it (never 0 or None). Ids of neither step are ignored.
    """

    id: str
    role: str
    ratings: dict[str, int]


@dataclass(frozen=True)
class StatementPicture:
    """How the team rated one statement."""

    statement: Statement
    counts: tuple[int, int, int, int]  # how many gave 1, 2, 3 and 4
    not_rated: int  # participants who have not rated it (yet)
    mean: float | None  # None when nobody rated it: no made-up zero
    low: int | None
    high: int | None
    split: tuple[str, ...]  # why it is flagged for discussion (guide.team.split's reasons); () when it is not

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def is_split(self) -> bool:
        return bool(self.split)

    def in_words(self) -> str:
        """ "1 ×1, 3 ×2, 4 ×2 (mean 2.8, range 1-4); 1 not rated. Flagged: a 1 and a 4." (read aloud, and on
        a phone, where a table of counts does not fit)."""
        said = votes_in_words([r for r, c in zip(RATINGS, self.counts, strict=True) for _ in range(c)])
        said = said or "No votes yet"
        if self.not_rated:
            said += f"; {self.not_rated} not rated"
        if self.split:
            said += f". Flagged: {', '.join(self.split)}"
        return said + "."


def votes_in_words(given: Sequence[int]) -> str:
    """ "1 ×1, 4 ×1 (mean 2.5, range 1-4)": ratings given on a statement, this round's or an earlier one's;
    "" when none were."""
    if not given:
        return ""
    counts = ", ".join(f"{r} ×{given.count(r)}" for r in RATINGS if given.count(r))
    return f"{counts} (mean {sum(given) / len(given):.1f}, range {min(given)}-{max(given)})"


@dataclass(frozen=True)
class RoleGroup:
    """The participants of one role (``role`` is its id, "" for those who gave none)."""

    role: str
    label: str
    members: int
    means: dict[str, float]  # statement id -> the role's mean rating, for statements it may show (see aggregate)


@dataclass(frozen=True)
class RoleGap:
    """Two roles whose mean ratings of ``statement`` are at least guide.team.role_gap.threshold apart."""

    statement: Statement
    higher: str  # role id
    higher_mean: float
    lower: str  # role id
    lower_mean: float
    difference: float


@dataclass(frozen=True)
class TeamRecommendation:
    """What Step 1 points to for the team, and how its individuals' own totals fall."""

    family: str | None  # from the team total; None until every statement has a rating
    threshold: int  # 25: a total at or above it points to guide.cultural_readiness.threshold.at_or_above
    at_or_above: int  # individuals who rated all of Step 1 with a total at or above the threshold
    below: int  # ... and below it
    not_finished: int  # individuals who have not rated all of Step 1


@dataclass(frozen=True)
class StepPicture:
    """The team's picture of one step (``step`` is "cultural_readiness" or "implementation_readiness")."""

    step: str
    participants: int  # everyone in the team, whether or not they rated anything of this step
    started: int  # participants who rated at least one of its statements
    finished: int  # participants who rated every one of its statements
    statements: tuple[StatementPicture, ...]  # in the guide's order
    roles: tuple[RoleGroup, ...]  # the roles shown: guide.team.roles' order, "Role not given" last
    roles_left_out: int  # roles with a single member, not shown (0 when show_single_roles)
    role_gaps: tuple[RoleGap, ...]  # largest difference first
    total: Fraction | None  # the sum of the statement means, exact; None until every statement is rated
    recommendation: TeamRecommendation | None  # Step 1 only

    @property
    def shown_total(self) -> str | None:
        """The total to one decimal, cut rather than rounded ("24.9" for 24.95), so that what is shown
        is never on the other side of the 25 threshold from what the recommendation says."""
        if self.total is None:
            return None
        tenths = floor(self.total * 10)
        return f"{tenths // 10}.{tenths % 10}"

    # What the radar draws: the mean with the range, by statement id (unrated statements absent).
    @property
    def means(self) -> dict[str, float]:
        return {p.statement.id: p.mean for p in self.statements if p.mean is not None}

    @property
    def lows(self) -> dict[str, int]:
        return {p.statement.id: p.low for p in self.statements if p.low is not None}

    @property
    def highs(self) -> dict[str, int]:
        return {p.statement.id: p.high for p in self.statements if p.high is not None}

    @property
    def flagged(self) -> tuple[StatementPicture, ...]:
        """The statements flagged for discussion, in the guide's order."""
        return tuple(p for p in self.statements if p.split)


@dataclass(frozen=True)
class TeamPicture:
    """Everything the facilitator's projected view shows, computed once per change of the team's data."""

    participants: int
    cultural_readiness: StepPicture
    implementation_readiness: StepPicture
    show_single_roles: bool

    def step(self, step: str) -> StepPicture:
        if step not in STEPS:
            raise KeyError(step)
        return getattr(self, step)


def aggregate(ratings: Iterable[Rater], guide: Guide, *, show_single_roles: bool = False) -> TeamPicture:
    """The team's combined picture of Steps 1 and 3 from everyone's ratings (one Rater per participant).

    Per step: how many started and finished; per statement the count of each rating, how many have
    not rated it, mean, lowest, highest, and whether it is split (guide.team.split: at least a quarter
    of its raters on each side of the scale, 1-2 against 3-4, or both a 1 and a 4; both reasons are
    given when both hold); the team total (sum of the statement means, exact, None until every
    statement has a rating) and, for Step 1, the family it points to (the same threshold as
    scoring.recommend_approach) with how many individuals' own complete totals fall on each side.

    Roles, so that no one is identified through their role unless ``show_single_roles``:
    - a role with a single member is not shown (``roles_left_out`` counts it); its member still
      counts in everything else;
    - a shown role's mean of a statement is given only when at least two of its members rated it.
    Those who chose no role ("", or a role id data/team.yaml no longer has) form one group, "Role
    not given", shown and hidden by the same rules; it is left out of role gaps, because its members'
    roles are unknown and a gap against it says nothing about how roles see a statement.
    There is at most one role gap per statement: the shown roles with the highest and lowest mean (the first in
    guide order on a tie), when they are at least guide.team.role_gap.threshold apart (compared
    exactly, not in floating point); largest difference first, then in the guide's order.

    Linear in participants: one pass groups everyone's ratings by role; then, per role and
    statement, the ratings are read with map(dict.get) and counted with Counter, and each person's
    sum of a step is map(sum, zip(...)) over those columns: all of which run in C.
    Raises ValueError if a rating is not 1, 2, 3 or 4.
    """
    known = {r.id for r in guide.team.roles}
    groups: dict[str, list[dict[str, int]]] = defaultdict(list)
    for _, role, person in ratings:
        groups[role if role in known else NOT_GIVEN].append(person)
    order = [r.id for r in guide.team.roles if r.id in groups] + ([NOT_GIVEN] if NOT_GIVEN in groups else [])
    ordered = [(role, groups[role]) for role in order]
    participants = sum(len(g) for g in groups.values())
    steps = {step: _step(step, ordered, participants, guide, show_single_roles) for step in STEPS}
    return TeamPicture(participants=participants, show_single_roles=show_single_roles, **steps)


def _step(step: str, groups: list[tuple[str, list[dict[str, int]]]], participants: int, guide: Guide,
          show_single_roles: bool) -> StepPicture:
    statements: list[Statement] = getattr(guide, step).statements
    counted: dict[str, dict[str, Counter]] = {}  # role -> statement id -> Counter of ratings (and _UNRATED)
    sums: list[int] = []  # each person's sum of the step (>= _UNRATED when unfinished)
    for role, people in groups:
        columns = [list(map(dict.get, people, repeat(s.id), repeat(_UNRATED))) for s in statements]
        counted[role] = {s.id: _checked(Counter(col), s) for s, col in zip(statements, columns, strict=True)}
        sums.extend(map(sum, zip(*columns, strict=True)))
    sums.sort()
    finished = bisect_left(sums, _UNRATED)

    pictures, exact_means = [], []
    for s in statements:
        counts = tuple(sum(c[s.id][r] for c in counted.values()) for r in RATINGS)
        rated = sum(counts)
        exact = Fraction(sum(r * n for r, n in zip(RATINGS, counts, strict=True)), rated) if rated else None
        given = [r for r, n in zip(RATINGS, counts, strict=True) if n]
        exact_means.append(exact)
        pictures.append(StatementPicture(
            statement=s, counts=counts, not_rated=participants - rated,
            mean=None if exact is None else float(exact), low=min(given, default=None),
            high=max(given, default=None), split=_split_reasons(counts, guide),
        ))

    least = 1 if show_single_roles else 2  # members a role needs to be shown, and raters a mean of it
    roles, role_means, left_out = [], {}, 0
    for role, people in groups:
        if len(people) < least:
            left_out += 1
            continue
        means = {s.id: _exact_mean(counted[role][s.id]) for s in statements
                 if counted[role][s.id].total() - counted[role][s.id][_UNRATED] >= least}
        role_means[role] = means
        roles.append(RoleGroup(role=role, label=guide.team.role_label(role), members=len(people),
                               means={k: float(v) for k, v in means.items()}))

    total = None if None in exact_means else sum(exact_means, Fraction(0))
    recommendation = None
    if step == "cultural_readiness":
        threshold = guide.cultural_readiness.threshold
        below = bisect_left(sums, threshold.at_least)
        family = None if total is None else (threshold.at_or_above if total >= threshold.at_least else threshold.below)
        recommendation = TeamRecommendation(family=family, threshold=threshold.at_least, at_or_above=finished - below,
                                            below=below, not_finished=participants - finished)
    return StepPicture(
        step=step, participants=participants, started=bisect_left(sums, _UNRATED * len(statements)),
        finished=finished, statements=tuple(pictures), roles=tuple(roles), roles_left_out=left_out,
        role_gaps=_role_gaps(statements, role_means, guide), total=total, recommendation=recommendation,
    )


def _checked(counts: Counter, statement: Statement) -> Counter:
    bad = [v for v in counts if v not in RATINGS and v != _UNRATED]
    if bad:
        raise ValueError(f"{statement.id}: a rating is 1, 2, 3 or 4, not {bad[0]!r}")
    return counts


def _exact_mean(counts: Counter) -> Fraction:
    rated = [(r, counts[r]) for r in RATINGS]
    return Fraction(sum(r * n for r, n in rated), sum(n for _, n in rated))


def _split_reasons(counts: tuple[int, ...], guide: Guide) -> tuple[str, ...]:
    """Why the team is split on a statement rated ``counts`` (of 1, 2, 3, 4): guide.team.split's rule."""
    rule = guide.team.split
    share = Fraction(str(rule.min_share_each_side))  # 0.25 -> 1/4 exactly: 1 of 4 raters is a quarter
    rated, disagree = sum(counts), counts[0] + counts[1]
    reasons = []
    if rated and min(disagree, rated - disagree) >= share * rated:
        reasons.append(rule.both_sides_reason)
    low, high = rule.extremes
    if counts[low - 1] and counts[high - 1]:
        reasons.append(rule.extremes_reason)
    return tuple(reasons)


def _role_gaps(statements: list[Statement], role_means: dict[str, dict[str, Fraction]],
               guide: Guide) -> tuple[RoleGap, ...]:
    threshold = Fraction(str(guide.team.role_gap.threshold))
    gaps = []
    for s in statements:
        rated = [(role, means[s.id]) for role, means in role_means.items() if role != NOT_GIVEN and s.id in means]
        if len(rated) < 2:
            continue
        higher = max(rated, key=lambda rm: rm[1])  # the first of equals, in guide order
        lower = min(rated, key=lambda rm: rm[1])
        if higher[1] - lower[1] >= threshold:
            gaps.append((higher[1] - lower[1], RoleGap(
                statement=s, higher=higher[0], higher_mean=float(higher[1]), lower=lower[0],
                lower_mean=float(lower[1]), difference=float(higher[1] - lower[1]))))
    gaps.sort(key=lambda dg: -dg[0])  # stable: equal differences stay in the guide's order
    return tuple(g for _, g in gaps)


# Tables beside the team's charts --------------------------------------------------------------


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def statement_rows(picture: StepPicture, guide: Guide, agreed: Mapping[str, int] | None = None
                   ) -> list[dict[str, object]]:
    """One row per statement of a step: the numbers behind the team's radar (mean with its range), and beside
    them the team's consensus rating (``agreed``, from the team's plan; None where none is agreed yet)."""
    agreed = agreed or {}
    return [
        {
            "#": n,
            "Statement": p.statement.short,
            "Agreed": agreed.get(p.statement.id),
            "Mean": _one_decimal(p.mean),
            "Range": "" if p.low is None else f"{p.low}-{p.high}",
            **{str(r): c for r, c in zip(RATINGS, p.counts, strict=True)},
            guide.rating_scale.not_rated: p.not_rated,
            "Discuss": ", ".join(p.split),
            "Full statement": p.statement.text,
        }
        for n, p in enumerate(picture.statements, start=1)
    ]


def role_rows(picture: StepPicture, guide: Guide) -> list[dict[str, object]]:
    """One row per statement of a step, a column per shown role ("Teacher (n=3)": its mean, or None
    when it may not be shown), and the roles apart on it, if any ("Teacher 3.5, School administrator 2.0")."""
    gaps = {g.statement.id: g for g in picture.role_gaps}
    label = guide.team.role_label
    rows = []
    for n, p in enumerate(picture.statements, start=1):
        gap = gaps.get(p.statement.id)
        rows.append({
            "#": n,
            "Statement": p.statement.short,
            **{f"{g.label} (n={g.members})": _one_decimal(g.means.get(p.statement.id)) for g in picture.roles},
            "Roles apart": "" if gap is None else (f"{label(gap.higher)} {gap.higher_mean:.1f}, "
                                                   f"{label(gap.lower)} {gap.lower_mean:.1f}"),
        })
    return rows
