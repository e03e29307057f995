"""Cost of dlcore's scoring and team aggregation for 1k, 10k and 100k respondents, and of reading
a team CSV of 10,000 respondents. Pure Python, no browser.

Run:  python benchmarks/dlcore_scale.py
Each person has all 18 ratings (Step 1 and Step 3), an approach and two texts, as a real team would.
Scoring is dlcore.team.scores (both totals and the recommended family for everyone) and the count
of recommendations; aggregation is summarize() of both steps (count, mean, range, mean by role).
A team session is aggregate(): the facilitator's whole TeamPicture of both steps (counts, mean, range,
split flags, roles with their gaps, totals and the recommendation) from the same people as Raters,
their roles cycled through data/team.yaml's six.
The yardstick in the same run: a plain Python loop summing the same ratings (the floor for any
pure-Python implementation), so the ratio shows what dlcore adds.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import machine  # noqa: E402

from dlcore import Responses, load_guide  # noqa: E402
from dlcore import team as dlteam  # noqa: E402
from dlcore.csv_io import write_csv  # noqa: E402
from dlcore.team import Rater, read_team_csv, recommendations, scores, summarize  # noqa: E402

GUIDE = load_guide()
ROLES = ["Teacher", "Principal", "Union leader", "District administrator"]
ROLE_IDS = [r.id for r in GUIDE.team.roles]


def make_team(n: int, seed: int = 1) -> dict[tuple[str, str], Responses]:
    rnd = random.Random(seed)
    team = {}
    for i in range(n):
        r = Responses(respondent=f"Person {i}", role=ROLES[i % len(ROLES)])
        for s in GUIDE.cultural_readiness.statements + GUIDE.implementation_readiness.statements:
            r.rate(s.id, rnd.randint(1, 4))
        r.choose_approach("par")
        r.write("rationales", "IR1", "Because, \"we\" said so\nreally")
        r.write("strategy_profile", "leader", "=Deputy superintendent")
        team[(r.respondent, r.role)] = r
    return team


def best_of(fn, team, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(team)
        times.append(time.perf_counter() - start)
    return min(times)


def score_everyone(team) -> None:
    recommendations(scores(team, GUIDE))


def aggregate(team) -> None:
    summarize(team, "cultural_readiness", GUIDE)
    summarize(team, "implementation_readiness", GUIDE)


def session_raters(team) -> list[Rater]:
    """The same people as a team session holds them: a role id and one dict of both steps' ratings."""
    return [Rater(r.respondent, ROLE_IDS[i % len(ROLE_IDS)], r.cultural_readiness | r.implementation_readiness)
            for i, r in enumerate(team.values())]


def team_picture(raters) -> None:
    dlteam.aggregate(raters, GUIDE)


def floor(team) -> None:
    """The least any pure-Python pass can do: touch every rating once."""
    total = 0
    for r in team.values():
        for v in r.cultural_readiness.values():
            total += v
        for v in r.implementation_readiness.values():
            total += v


def team_csv(team) -> bytes:
    files = [write_csv(r, GUIDE) for r in team.values()]
    return files[0] + b"".join(f.split(b"\r\n", 1)[1] for f in files[1:])


def main() -> None:
    print(f"dlcore at scale ({machine()}); best of 5")
    for n in (1_000, 10_000, 100_000):
        team = make_team(n)
        repeat = 5 if n < 100_000 else 3
        base = best_of(floor, team, repeat)
        scoring = best_of(score_everyone, team, repeat)
        agg = best_of(aggregate, team, repeat)
        print(f"{n:>7,} respondents   scoring {scoring * 1000:8.1f} ms   aggregation {agg * 1000:8.1f} ms   "
              f"(bare loop {base * 1000:6.1f} ms; per respondent: scoring {scoring / n * 1e6:5.1f} µs, "
              f"aggregation {agg / n * 1e6:5.1f} µs)")
        picture = best_of(team_picture, session_raters(team), repeat)
        print(f"{'':>7}   team session   aggregate() {picture * 1000:8.1f} ms   "
              f"({picture / base:4.1f} x the bare loop; {picture / n * 1e6:5.2f} µs per respondent)")
    team = make_team(10_000)
    data = team_csv(team)
    times = [best_of(read_team_csv, data, 1) for _ in range(3)]
    loaded = read_team_csv(data)
    assert loaded == team, "the team CSV did not read back to the same answers"
    rows = data.count(b"\r\n") - 1
    print(f"read a team CSV of 10,000 respondents ({len(data) / 1e6:.1f} MB, {rows:,} rows): "
          f"median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
