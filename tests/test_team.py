"""A team's answers: read from one CSV of many people, summarized per statement and by role; a live
team session's combined picture (aggregate) and the tables beside its charts."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest

from dlcore import Responses, load_guide, recommend_approach, write_csv
from dlcore.csv_io import CsvError
from dlcore.team import (
    Rater,
    TeamRecommendation,
    aggregate,
    read_team_csv,
    recommendations,
    role_rows,
    scores,
    statement_rows,
    summarize,
)

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


# A live team session: aggregate() ----------------------------------------------------------------

CR = [f"CR{n}" for n in range(1, 11)]
IR = [f"IR{n}" for n in range(1, 9)]


def raters(*people: tuple[str, dict[str, int]]) -> list[Rater]:
    """Participants p0, p1, ... with the given (role, ratings)."""
    return [Rater(f"p{n}", role, ratings) for n, (role, ratings) in enumerate(people)]


def all_of_step_1(total: int) -> dict[str, int]:
    """A complete Step 1 adding up to ``total`` (10 to 40): as many 4s as fit, then the rest."""
    ratings, left = {}, total
    for n, item in enumerate(CR):
        rating = min(4, left - (len(CR) - n - 1))
        ratings[item] = rating
        left -= rating
    return ratings


def cr1_of(*ratings: int | None) -> list[Rater]:
    """One participant per rating of CR1 (None: not rated), all teachers."""
    return raters(*(("teacher", {} if r is None else {"CR1": r}) for r in ratings))


@pytest.mark.parametrize(("ratings", "expected"), [
    ((), ((0, 0, 0, 0), 0, None, None, None)),
    ((None, None), ((0, 0, 0, 0), 2, None, None, None)),
    ((3,), ((0, 0, 1, 0), 0, 3.0, 3, 3)),
    ((2, None, 4), ((0, 1, 0, 1), 1, 3.0, 2, 4)),
    ((1, 1, 4, 4), ((2, 0, 0, 2), 0, 2.5, 1, 4)),
    ((2, 3, 3, 3, 4), ((0, 1, 3, 1), 0, 3.0, 2, 4)),
])
def test_a_statement_shows_the_count_of_each_rating_those_not_yet_rated_mean_and_range(ratings, expected):
    """Counts of 1/2/3/4, participants who have not rated it, mean, lowest and highest; with no rating,
    the mean and range are None, never a made-up 0."""
    cr1 = aggregate(cr1_of(*ratings), GUIDE).cultural_readiness.statements[0]
    assert expected == (cr1.counts, cr1.not_rated, cr1.mean, cr1.low, cr1.high)


@pytest.mark.parametrize(("ratings", "expected"), [
    ((), ()),  # nobody rated it
    ((1,), ()),  # one rater is never split
    ((4, 4), ()),
    ((2, 3), ("both sides",)),
    ((2, 2, 3, 3), ("both sides",)),
    ((2, 3, 3, 3), ("both sides",)),  # exactly a quarter on one side is enough
    ((2, 3, 3, 3, 3), ()),  # a fifth is not
    ((1, 4), ("both sides", "a 1 and a 4")),  # both reasons are given when both hold
    ((1, 3, 3, 4), ("both sides", "a 1 and a 4")),
    ((1, 4, 4, 4, 4), ("a 1 and a 4",)),  # a fifth on one side, but a 1 and a 4
    ((1, 2, 2, 2, 2, 2, 2, 2, 4), ("a 1 and a 4",)),
    ((1, 2, 2, 3), ("both sides",)),
    ((1, 1, 2, 3, 3, 3, 3, 3), ("both sides",)),  # 3 of 8 against 5 of 8
    ((2, 3, 3, 3, None, None), ("both sides",)),  # the share is of its raters, not of everyone
])
def test_a_statement_is_split_when_a_quarter_is_on_each_side_or_a_1_and_a_4_were_given(ratings, expected):
    """The rule of data/team.yaml: at least a quarter of raters on 1-2 and on 3-4, or both a 1 and a 4."""
    cr1 = aggregate(cr1_of(*ratings), GUIDE).cultural_readiness.statements[0]
    assert (expected, bool(expected)) == (cr1.split, cr1.is_split)


def test_the_split_statements_of_a_step_are_listed_in_the_guides_order():
    """StepPicture.flagged: the statements flagged, CR2 before CR5."""
    team = raters(("teacher", {"CR5": 1, "CR2": 2, "CR3": 4}), ("teacher", {"CR5": 4, "CR2": 3, "CR3": 4}))
    assert ["CR2", "CR5"] == [p.statement.id for p in aggregate(team, GUIDE).cultural_readiness.flagged]


@pytest.mark.parametrize(("people", "expected"), [
    ([], (0, 0, 0)),
    ([{}], (1, 0, 0)),  # joined, rated nothing yet
    ([{"CR1": 2}], (1, 1, 0)),
    ([all_of_step_1(20)], (1, 1, 1)),
    ([all_of_step_1(20), {"CR1": 3, "IR1": 2}, {}, all_of_step_1(30) | {"CR10": 1} | {"IR2": 4}], (4, 3, 2)),
])
def test_a_step_counts_its_participants_those_who_started_and_those_who_finished(people, expected):
    """participants (everyone), started (rated at least one statement of the step), finished (all of them)."""
    step = aggregate(raters(*(("teacher", p) for p in people)), GUIDE).cultural_readiness
    assert expected == (step.participants, step.started, step.finished)


def test_step_3_is_read_from_the_ir_ratings_and_finished_when_all_eight_are_rated():
    """The IR ratings make Step 3 (finished when all eight are rated); CR ratings and other ids do not."""
    team = raters(("teacher", dict.fromkeys(IR, 2) | {"CR1": 4, "XX9": 3}), ("teacher", {"IR8": 4}))
    step = aggregate(team, GUIDE).implementation_readiness
    assert (2, 2, 1) == (step.participants, step.started, step.finished)
    assert [2.0] * 7 + [3.0] == [p.mean for p in step.statements]
    assert (Fraction(17), "17.0", None) == (step.total, step.shown_total, step.recommendation)


def test_an_empty_team_has_an_empty_picture():
    """No participants: nothing rated, no total, no family, no roles, nothing split."""
    picture = aggregate([], GUIDE)
    step = picture.cultural_readiness
    assert 0 == picture.participants
    assert (None, None, (), 0, (), ()) == (step.total, step.shown_total, step.roles, step.roles_left_out,
                                          step.role_gaps, step.flagged)
    assert TeamRecommendation(None, 25, 0, 0, 0) == step.recommendation


def test_one_respondent_is_the_team_picture_and_their_own_total():
    """One person who rated all of Step 1: the team total is their total; their role is not shown."""
    picture = aggregate(raters(("teacher", all_of_step_1(27))), GUIDE)
    step = picture.cultural_readiness
    assert (Fraction(27), "27.0") == (step.total, step.shown_total)
    assert TeamRecommendation("evaluative", 25, 1, 0, 0) == step.recommendation
    assert ((), 1) == (step.roles, step.roles_left_out)
    assert [(p.low, p.high) for p in step.statements] == [(p.mean, p.mean) for p in step.statements]


def test_the_team_total_waits_until_every_statement_has_a_rating():
    """CR1..CR9 rated, CR10 by nobody: no total and no family; the individual has not finished."""
    step = aggregate(raters(("teacher", dict.fromkeys(CR[:9], 3)), ("teacher", {"CR1": 4})), GUIDE).cultural_readiness
    assert (None, None) == (step.total, step.shown_total)
    assert TeamRecommendation(None, 25, 0, 0, 2) == step.recommendation


@pytest.mark.parametrize(("totals", "expected"), [
    ((25,), ("evaluative", Fraction(25), "25.0")),
    ((24,), ("non_evaluative", Fraction(24), "24.0")),
    ((24, 25, 26), ("evaluative", Fraction(25), "25.0")),  # means in thirds that add up to exactly 25
    ((24, 25), ("non_evaluative", Fraction(49, 2), "24.5")),
    ((24,) + (25,) * 19, ("non_evaluative", Fraction(499, 20), "24.9")),  # 24.95 is cut, not rounded up to 25.0
    ((40, 10), ("evaluative", Fraction(25), "25.0")),
])
def test_the_team_total_is_the_exact_sum_of_the_statement_means_and_gives_the_family(totals, expected):
    """The family follows the exact total against 25 (as recommend_approach does for one person); the total
    shown is cut to one decimal, so it is never on the other side of 25 from the family shown with it."""
    step = aggregate(raters(*(("teacher", all_of_step_1(t)) for t in totals)), GUIDE).cultural_readiness
    assert expected == (step.recommendation.family, step.total, step.shown_total)


def test_a_total_of_exactly_25_is_evaluative_even_where_adding_the_means_as_floats_falls_short():
    """Nine people whose CR sums are 20, 21, 24, ...: the means add up to exactly 25 (evaluative), though
    adding them as floats gives 24.999999999999996."""
    sums = [20, 21, 24, 21, 23, 26, 21, 26, 22, 21]
    people = [{k: c // 9 + (n < c % 9) for k, c in zip(CR, sums, strict=True)} for n in range(9)]
    step = aggregate(raters(*(("", p) for p in people)), GUIDE).cultural_readiness
    assert 24.999999999999996 == sum(p.mean for p in step.statements)
    assert (Fraction(25), "25.0", "evaluative") == (step.total, step.shown_total, step.recommendation.family)


def test_individuals_are_counted_on_each_side_of_25_among_those_who_rated_all_ten():
    """Totals 24 (below), 25 and 31 (at or above); a 40 missing one rating and an empty one have not finished."""
    team = raters(*(("", all_of_step_1(t)) for t in (24, 25, 31)),
                  ("", {k: 4 for k in CR[:9]}), ("", {}))
    assert TeamRecommendation("evaluative", 25, 2, 1, 2) == aggregate(team, GUIDE).cultural_readiness.recommendation


def test_individual_sides_agree_with_one_persons_recommendation():
    """Each person's side of 25 is what recommend_approach gives them, on a random team."""
    rnd = random.Random(7)
    team = raters(*(("teacher", {k: rnd.randint(1, 4) for k in CR if rnd.random() < 0.97}) for _ in range(300)))
    families = Counter(r.family if r else None for r in (recommend_approach(p.ratings, GUIDE) for p in team))
    got = aggregate(team, GUIDE).cultural_readiness.recommendation
    assert (families["evaluative"], families["non_evaluative"], families[None]) == (
        got.at_or_above, got.below, got.not_finished)


def test_the_statement_numbers_agree_with_summarize_on_a_random_team():
    """aggregate and summarize (the team CSV's summary) give the same count, mean and range of every statement."""
    rnd = random.Random(3)
    people = [(f"p{n}", rnd.choice(["teacher", "union_leader", ""]),
               {k: rnd.randint(1, 4) for k in CR + IR if rnd.random() < 0.8}) for n in range(200)]
    picture = aggregate([Rater(*p) for p in people], GUIDE)
    team = {(name, role): person(name, role, ratings) for name, role, ratings in people}
    for step in ("cultural_readiness", "implementation_readiness"):
        expected = [(s.count, s.mean, s.low, s.high) for s in summarize(team, step, GUIDE).statements]
        assert expected == [(p.rated, p.mean, p.low, p.high) for p in picture.step(step).statements]


def test_a_rating_outside_1_to_4_is_refused_with_its_statement():
    """A 5 (or 0, or a string) is an error of the caller, named with its statement id."""
    with pytest.raises(ValueError, match=r"^CR3: a rating is 1, 2, 3 or 4, not 5$"):
        aggregate(raters(("teacher", {"CR3": 5})), GUIDE)


def test_aggregate_reads_its_participants_once_from_any_iterable():
    """A generator of Raters (read once) gives the same picture as a list."""
    team = raters(("teacher", {"CR1": 2}), ("school_admin", {"CR1": 4}))
    assert aggregate(team, GUIDE) == aggregate(iter(team), GUIDE)


# Roles -----------------------------------------------------------------------------------------


def role_means(step) -> dict[str, tuple[int, dict[str, float]]]:
    return {g.role: (g.members, g.means) for g in step.roles}


def test_roles_with_a_single_member_are_left_out_and_counted():
    """A lone union leader and a lone district administrator are not shown (2 left out); the two teachers
    are, in the order of data/team.yaml; the lone members still count in the statement's numbers."""
    team = raters(("teacher", {"CR1": 2}), ("union_leader", {"CR1": 4}), ("teacher", {"CR1": 3}),
                  ("district_admin", {"CR1": 1}))
    step = aggregate(team, GUIDE).cultural_readiness
    assert ({"teacher": (2, {"CR1": 2.5})}, 2) == (role_means(step), step.roles_left_out)
    assert (2.5, 4) == (step.statements[0].mean, step.statements[0].rated)


def test_show_single_roles_shows_every_role_and_leaves_none_out():
    """With show_single_roles, one-member roles are shown, in data/team.yaml's order, "Role not given" last."""
    team = raters(("", {"CR1": 3}), ("teacher", {"CR1": 2}), ("union_leader", {"CR1": 4}), ("district_admin", {}))
    step = aggregate(team, GUIDE, show_single_roles=True).cultural_readiness
    assert (["district_admin", "union_leader", "teacher", ""], 0) == ([g.role for g in step.roles],
                                                                     step.roles_left_out)
    assert ["District administrator", "Union leader", "Teacher", "Role not given"] == [g.label for g in step.roles]
    assert {"district_admin": (1, {}), "union_leader": (1, {"CR1": 4.0}), "teacher": (1, {"CR1": 2.0}),
            "": (1, {"CR1": 3.0})} == role_means(step)


def test_a_roles_mean_is_not_shown_when_only_one_of_its_members_rated_the_statement():
    """Two teachers, one of whom has rated CR2: the teachers' CR2 mean would be that one person's rating."""
    team = raters(("teacher", {"CR1": 2, "CR2": 4}), ("teacher", {"CR1": 3}))
    assert {"teacher": (2, {"CR1": 2.5})} == role_means(aggregate(team, GUIDE).cultural_readiness)


def test_no_role_and_an_unknown_role_are_one_group_role_not_given():
    """"" and a role id data/team.yaml does not have ("Principal") are the group "Role not given"."""
    team = raters(("", {"CR1": 1}), ("Principal", {"CR1": 4}))
    step = aggregate(team, GUIDE).cultural_readiness
    assert [("", "Role not given", 2, {"CR1": 2.5})] == [(g.role, g.label, g.members, g.means) for g in step.roles]


def test_role_not_given_is_never_part_of_a_role_gap():
    """Teachers 4 and "Role not given" 1 on CR1: three points apart, but no role gap, as their roles are unknown."""
    team = raters(("teacher", {"CR1": 4}), ("teacher", {"CR1": 4}), ("", {"CR1": 1}), ("", {"CR1": 1}))
    step = aggregate(team, GUIDE).cultural_readiness
    assert ({"teacher": (2, {"CR1": 4.0}), "": (2, {"CR1": 1.0})}, ()) == (role_means(step), step.role_gaps)


def pairs(role_a: str, a: tuple[int, int], role_b: str, b: tuple[int, int], item: str = "CR1") -> list[Rater]:
    """Two members of each of two roles, rating ``item`` ``a`` and ``b``."""
    return raters(*((role_a, {item: r}) for r in a), *((role_b, {item: r}) for r in b))


@pytest.mark.parametrize(("team", "expected"), [
    (pairs("teacher", (4, 4), "school_admin", (3, 3)), [("CR1", "teacher", 4.0, "school_admin", 3.0, 1.0)]),
    (pairs("teacher", (4, 3), "school_admin", (3, 3)), []),  # 0.5 apart
    (pairs("school_admin", (1, 2), "union_leader", (3, 3)), [("CR1", "union_leader", 3.0, "school_admin", 1.5, 1.5)]),
    (pairs("teacher", (2, 2), "school_admin", (2, 2)), []),  # a tie is no gap
    # thirds: 3 teachers at 10/3 and 3 admins at 7/3 are exactly 1.0 apart, which floats would not say
    (raters(*(("teacher", {"CR1": r}) for r in (3, 3, 4)), *(("school_admin", {"CR1": r}) for r in (2, 2, 3))),
     [("CR1", "teacher", 10 / 3, "school_admin", 7 / 3, 1.0)]),
])
def test_two_roles_are_apart_on_a_statement_when_their_means_differ_by_a_point_or_more(team, expected):
    """A role gap: the higher and lower role, their means and the difference, at 1.0 or more (exactly)."""
    gaps = aggregate(team, GUIDE).cultural_readiness.role_gaps
    assert expected == [(g.statement.id, g.higher, g.higher_mean, g.lower, g.lower_mean, g.difference) for g in gaps]


def test_role_gaps_come_largest_first_one_per_statement_between_its_highest_and_lowest_role():
    """CR2 (3 points) first, then CR1 and CR3 (2 each) in the guide's order; each gap is between the highest
    and lowest of the three roles, and on CR3, where two roles tie for lowest, the first in data/team.yaml."""
    team = raters(*(("district_admin", {"CR1": 1, "CR2": 1, "CR3": 2}) for _ in range(2)),
                  *(("union_leader", {"CR1": 2, "CR2": 2, "CR3": 2}) for _ in range(2)),
                  *(("teacher", {"CR1": 3, "CR2": 4, "CR3": 4}) for _ in range(2)))
    gaps = aggregate(team, GUIDE).cultural_readiness.role_gaps
    assert [("CR2", "teacher", "district_admin", 3.0), ("CR1", "teacher", "district_admin", 2.0),
            ("CR3", "teacher", "district_admin", 2.0)] == [(g.statement.id, g.higher, g.lower, g.difference)
                                                           for g in gaps]


def test_a_role_left_out_has_no_role_gap():
    """A lone school administrator rating 1 against two teachers rating 4: no gap is shown, which would
    name that one person's rating; with show_single_roles it is."""
    team = raters(("teacher", {"CR1": 4}), ("teacher", {"CR1": 4}), ("school_admin", {"CR1": 1}))
    assert () == aggregate(team, GUIDE).cultural_readiness.role_gaps
    shown = aggregate(team, GUIDE, show_single_roles=True).cultural_readiness.role_gaps
    assert [("teacher", "school_admin", 3.0)] == [(g.higher, g.lower, g.difference) for g in shown]


# Tables ----------------------------------------------------------------------------------------


def test_statement_rows_give_the_numbers_behind_the_team_radar():
    """One row per statement: number, short label, mean to one decimal, range, counts, not yet rated, flag."""
    team = raters(("teacher", {"CR1": 1, "IR1": 3}), *(("", {"CR1": 4}) for _ in range(4)))
    rows = statement_rows(aggregate(team, GUIDE).cultural_readiness, GUIDE)
    assert 10 == len(rows)
    assert {"#": 1, "Statement": "Informal teacher leadership", "Agreed": None, "Mean": 3.4, "Range": "1-4", "1": 1,
            "2": 0, "3": 0, "4": 4, "Not yet rated": 0, "Discuss": "a 1 and a 4",
            "Full statement": GUIDE.statement("CR1").text} == rows[0]
    assert (None, "", 5, "") == (rows[1]["Mean"], rows[1]["Range"], rows[1]["Not yet rated"], rows[1]["Discuss"])
    agreed = statement_rows(aggregate(team, GUIDE).cultural_readiness, GUIDE, {"CR1": 2})
    assert (2, 3.4) == (agreed[0]["Agreed"], agreed[0]["Mean"])  # beside the spread, never instead of it


def test_role_rows_give_each_shown_roles_mean_and_the_roles_apart():
    """A column per shown role, labelled with its size; the roles apart named with their means."""
    team = pairs("teacher", (4, 3), "school_admin", (2, 2)) + raters(("union_leader", {"CR1": 1}))
    rows = role_rows(aggregate(team, GUIDE).cultural_readiness, GUIDE)
    assert {"#": 1, "Statement": "Informal teacher leadership", "School administrator (n=2)": 2.0,
            "Teacher (n=2)": 3.5, "Roles apart": "Teacher 3.5, School administrator 2.0"} == rows[0]
    assert {"#": 2, "Statement": "Low-risk sharing of practice", "School administrator (n=2)": None,
            "Teacher (n=2)": None, "Roles apart": ""} == rows[1]


def test_a_statements_votes_read_in_words_with_what_is_flagged_and_who_has_not_rated():
    picture = aggregate([Rater("participant 1", "", {"CR1": 1}), Rater("participant 2", "", {"CR1": 4}),
                         Rater("participant 3", "", {"CR1": 4}), Rater("participant 4", "", {})], GUIDE)
    first, second = picture.cultural_readiness.statements[:2]
    assert first.in_words().startswith("1 ×1, 4 ×2 (mean 3.0, range 1-4); 1 not rated. Flagged: ")
    assert "No votes yet; 4 not rated." == second.in_words()
