"""The whole team in one CSV: written and read back to the same team (members, earlier rounds, plan), a file
of today's kind still loads, every problem is reported at once, and a team made from a file in the store
exports the same file again, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from dlcore import Responses, load_guide
from dlcore.csv_io import CsvError, write_csv
from dlcore.team_file import PLAN_ROLE, EarlierVote, Member, TeamFile, labels, read_team_file, write_team_csv

GUIDE = load_guide()


def answers(**ratings: int) -> Responses:
    given = Responses()
    for item, rating in ratings.items():
        given.rate(item, rating)
    return given


def a_team() -> TeamFile:
    first = answers(CR1=1, CR3=4, IR2=2)
    first.write("rationales", "IR2", "=no plan, \"yet\"\nsecond line")
    plan = answers(CR1=2, CR3=3)
    plan.write("rationales", "CR3", "Agreed after round 2")
    plan.write("key_questions", "EV-purpose", "Growth, not judgement")
    return TeamFile("Lincoln Middle School",
                    [Member("Ana María", "teacher", first), Member("participant 2", "", answers(CR3=1)),
                     Member("Lee (participant 3)", "union_leader", answers(CR3=3)),
                     Member("Lee (participant 4)", "teacher", Responses())],
                    plan, [EarlierVote("Ana María", 1, "CR3", 1), EarlierVote("participant 2", 1, "CR3", 4)])


def test_a_team_file_reads_back_as_the_same_team():
    team = a_team()
    data = write_team_csv(team, GUIDE)
    assert f"Lincoln Middle School,{PLAN_ROLE},cultural_readiness,CR3,".encode() in data
    assert b"Ana Mar\xc3\xada,teacher,earlier_vote,R1-CR3," in data
    back = read_team_file(data)
    assert (team.name, team.plan, team.earlier) == (back.name, back.plan, back.earlier)
    # A member with no answer has no row: the file holds answers, not attendance.
    assert team.members[:3] == back.members


def test_names_that_two_people_share_get_their_number_and_no_name_reads_as_participant_n():
    assert {1: "Lee (participant 1)", 2: "participant 2", 3: "Lee (participant 3)", 4: "Ana"} == labels(
        [(1, "Lee"), (2, "  "), (3, "Lee "), (4, "Ana")])


def test_a_file_of_todays_kind_loads_as_a_team_without_a_plan():
    one = answers(CR1=3)
    one.respondent, one.role = "Sam", "Principal"
    back = read_team_file(write_csv(one, GUIDE) + write_csv(answers(CR2=1), GUIDE).split(b"\r\n", 1)[1])
    assert [("Sam", "Principal"), ("", "")] == [(m.respondent, m.role) for m in back.members]
    assert (None, [], "") == (back.plan, back.earlier, back.name)


def test_every_problem_is_reported_and_nothing_is_half_read():
    data = write_team_csv(a_team(), GUIDE).decode()
    data = data.replace("R1-CR3,Round 1", "R1-CR13,Round 1", 1).replace("participant 2,,earlier_vote,R1-CR3,",
                                                                      "Nobody,,earlier_vote,R1-CR3,")
    data += "Ana María,teacher,cultural_readiness,CR9,x,5,\r\n"
    with pytest.raises(CsvError) as refused:
        read_team_file(data.encode())
    said = "\n".join(refused.value.problems)
    assert "“R1-CR13” is not an earlier vote" in said
    assert "an earlier vote of “Nobody”, who has no answers in the file" in said
    assert "CR9" in said or "rating" in said


def test_a_team_made_from_a_file_exports_the_same_file(teams):
    team = a_team()
    made = teams.create_from_file("", team, GUIDE)
    assert ("Lincoln Middle School", False, False, 2) == (made.name, made.is_open, made.results_hidden, made.round)
    assert [(2, ("CR3",), {"CR3": (1, 4)})] == [(r.number, r.statements, r.before) for r in teams.rounds(made.id)]
    again = teams.export(made, GUIDE)
    assert write_team_csv(team, GUIDE) == write_team_csv(again, GUIDE)  # the same bytes, row for row
    named = [a.name for a in teams.answered(made.id)]
    assert ["Ana María", "", "Lee", "Lee"] == named  # "participant 2" is no name; "(participant 3)" is the file's


def test_a_removed_participant_is_left_out_of_the_file(teams):
    made = teams.create_from_file("Team", a_team(), GUIDE)
    first = teams.answered(made.id)[0]
    teams.remove(made.id, first.token)
    exported = teams.export(made, GUIDE)
    assert "Ana María" not in [m.respondent for m in exported.members]
    assert all(v.respondent != "Ana María" for v in exported.earlier)
