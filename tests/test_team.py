"""A team's answers: read from one CSV of many people, summarized per statement and by role."""

from __future__ import annotations

import pytest

from dlcore import Responses, load_guide, recommend_approach, write_csv
from dlcore.csv_io import CsvError
from dlcore.team import read_team_csv, recommendations, scores, summarize

GUIDE = load_guide()


def person(name: str, role: str, ratings: dict[str, int]) -> Responses:
    r = Responses(respondent=name, role=role)
    for item_id, rating in ratings.items():
        r.rate(item_id, rating)
    return r


def team_file(*people: Responses) -> bytes:
    """Several people's downloads joined, keeping one header, as a facilitator would."""
    files = [write_csv(p, GUIDE).decode() for p in people]
    header, *_ = files[0].split("\r\n", 1)
    return (header + "\r\n" + "".join(f.split("\r\n", 1)[1] for f in files)).encode()


def test_a_team_file_gives_each_person_their_own_answers():
    ana = person("Ana", "Teacher", {"CR1": 4, "CR2": 1})
    bo = person("Bo", "Principal", {"CR1": 2})
    team = read_team_csv(team_file(ana, bo))
    assert {("Ana", "Teacher"): ana, ("Bo", "Principal"): bo} == team


def test_a_problem_in_one_persons_rows_is_reported_with_its_row():
    data = team_file(person("Ana", "Teacher", {"CR1": 4})) + b"Bo,Principal,cultural_readiness,CR1,x,9,\r\n"
    with pytest.raises(CsvError, match="Row 3, column “rating”: “9” is not a rating"):
        read_team_csv(data)


def test_the_same_item_twice_for_one_person_is_refused_even_in_a_team_file():
    data = team_file(person("Ana", "Teacher", {"CR1": 4})) + b"Ana,Teacher,cultural_readiness,CR1,x,2,\r\n"
    with pytest.raises(CsvError, match="Row 3 repeats cultural_readiness CR1, already given in row 2"):
        read_team_csv(data)


def test_summary_gives_count_mean_range_and_mean_by_role():
    team = {
        ("Ana", "Teacher"): person("Ana", "Teacher", {"CR1": 4, "CR2": 1}),
        ("Cy", "Teacher"): person("Cy", "Teacher", {"CR1": 2}),
        ("Bo", "Principal"): person("Bo", "Principal", {"CR1": 1}),
    }
    summary = summarize(team, "cultural_readiness", GUIDE)
    cr1, cr2, cr3 = summary.statements[:3]
    assert 3 == summary.people
    assert (3, 7 / 3, 1, 4, 3) == (cr1.count, cr1.mean, cr1.low, cr1.high, cr1.spread)
    assert {"Teacher": 3.0, "Principal": 1.0} == cr1.by_role
    assert (1, 1.0) == (cr2.count, cr2.mean)
    assert (0, None, None) == (cr3.count, cr3.mean, cr3.spread)  # nobody rated it: no made-up zero


def test_summary_counts_the_recommendation_of_each_complete_step_1():
    everything = {f"CR{n}": 3 for n in range(1, 11)}
    team = {
        ("A", ""): person("A", "", everything),
        ("B", ""): person("B", "", dict.fromkeys(everything, 2)),
        ("C", ""): person("C", "", {"CR1": 4}),  # incomplete: no recommendation
    }
    assert {"evaluative": 1, "non_evaluative": 1} == recommendations(scores(team, GUIDE))


def test_team_scores_follow_the_same_rule_as_one_persons_recommendation():
    """The bulk pass and recommend_approach agree for complete, incomplete, 24 and 25."""
    cases = [dict.fromkeys((f"CR{n}" for n in range(1, 11)), 2) | {"CR1": 4, "CR2": 4, "CR3": 3, "CR4": s}
             for s in (1, 2)] + [{"CR1": 4}]
    team = {(str(i), ""): person(str(i), "", c) for i, c in enumerate(cases)}
    bulk = scores(team, GUIDE)
    for key, r in team.items():
        one = recommend_approach(r.cultural_readiness, GUIDE)
        assert (one.family if one else None) == bulk[key].family
        assert sum(r.cultural_readiness.values()) == bulk[key].cultural_total


def test_summary_of_implementation_readiness_reads_step_3_ratings():
    team = {("A", "Teacher"): person("A", "Teacher", {"IR8": 2, "CR1": 4})}
    summary = summarize(team, "implementation_readiness", GUIDE)
    assert 8 == len(summary.statements)
    assert (1, 2.0) == (summary.statements[7].count, summary.statements[7].mean)


def test_a_team_file_with_more_rows_than_its_size_allows_is_refused_before_reading_on():
    """50 MB allows 600,000 rows below the header (blank ones too); the 600,001st stops the reading."""
    data = team_file(person("Ana", "Teacher", {"CR1": 4})) + b"\r\n" * 600_000
    with pytest.raises(CsvError, match=r"^The file has more than 600,000 rows; a team file of up to 50 MB has at most "
                                       r"600,000\. Is this the responses CSV\?$"):
        read_team_csv(data)


def test_the_team_row_limit_follows_max_bytes_or_is_given():
    """A 1 MB limit allows 12,000 rows; max_rows=3 allows three."""
    ana = person("Ana", "Teacher", {"CR1": 4, "CR2": 1, "CR3": 2})
    assert {("Ana", "Teacher"): ana} == read_team_csv(team_file(ana) + b"\r\n" * 11_997, max_bytes=1_000_000)
    with pytest.raises(CsvError, match=r"^The file has more than 12,000 rows; a team file of up to 1 MB"):
        read_team_csv(team_file(ana) + b"\r\n" * 11_998, max_bytes=1_000_000)
    with pytest.raises(CsvError, match=r"^The file has more than 3 rows; a team file of up to 50 MB has at most 3\."):
        read_team_csv(team_file(ana) + b"\r\n", max_rows=3)


def test_a_name_over_the_limit_in_a_team_file_is_refused_with_its_row():
    """The same limits as one person's upload: a 121-character name in row 3."""
    data = team_file(person("Ana", "Teacher", {"CR1": 4})) + b"B" * 121 + b",Principal,cultural_readiness,CR1,x,2,\r\n"
    with pytest.raises(CsvError, match=r"^Row 3, column “respondent”: the name is 121 characters long; "
                                       r"a name can hold up to 120\. Shorten it and load the file again\.$"):
        read_team_csv(data)
