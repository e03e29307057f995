"""A team's answers side by side: many people's responses CSVs, and how each statement was rated.

Administrators and teachers often see the same statement differently (the Center for
Teaching Quality's collective-leadership guides make this point), so the spread and the
ratings by role matter as much as the average.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from dlcore.content import Guide, Statement
from dlcore.csv_io import RESPONDENT, ROLE, CsvError, Row, apply_rows, paused_gc, read_rows
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
    if max_rows is None:
        max_rows = max_bytes * TEAM_ROWS_PER_MB // 1_000_000
    with paused_gc():  # once around it all: every pause ended means a collection over all rows still held
        return _read_team(data, max_bytes, max_rows)


def _read_team(data: bytes, max_bytes: int, max_rows: int) -> dict[Person, Responses]:
    at_most = f"a team file of up to {max_bytes / 1_000_000:g} MB has at most {max_rows:,}"
    rows, problems = read_rows(data, max_bytes, max_rows, at_most=at_most)
    by_person: dict[Person, list[tuple[int, Row]]] = defaultdict(list)
    team: dict[Person, Responses] = {}
    for n, row in rows:
        by_person[row[RESPONDENT], row[ROLE]].append((n, row))
    for person, person_rows in by_person.items():
        try:
            team[person] = apply_rows(person_rows, [])
        except CsvError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CsvError(problems)
    return team


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
