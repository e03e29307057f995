"""Team sessions in the store: each link finds one thing, numbers are unique, and the team's change
counter moves with every participant's save, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from dlcore import Responses, Store, load_guide, new_token
from dlcore.join_code import normalize
from dlcore.store import is_valid_token
from dlcore.team import Rater
from dlcore.teams import Teams
from tests.test_store import sql_statements

GUIDE = load_guide()


@pytest.fixture(params=["sqlite", "postgresql"])
def teams(request, tmp_path):
    url = (f"sqlite:///{tmp_path / 'dldash.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    store = Store(url)
    yield Teams(store)
    store.close()


def test_a_new_team_is_open_with_a_join_code_and_a_secret_facilitator_link(teams):
    team = teams.create("  Lincoln Middle School ")
    assert ("Lincoln Middle School", True) == (team.name, team.is_open)
    assert team.join_code == normalize(team.join_code)
    assert is_valid_token(team.facilitator_token)
    assert team == teams.by_facilitator(team.facilitator_token)
    assert team == teams.by_code(team.join_code)


def test_each_link_finds_only_what_it_grants(teams):
    team = teams.create("Team")
    someone = teams.join(team)
    assert None is teams.by_facilitator(someone.token)  # a participant link runs no team
    assert None is teams.participant(team.facilitator_token)  # a facilitator link is no participant
    assert None is teams.by_facilitator(team.join_code)  # nor is the public code
    assert None is teams.participant(new_token())
    assert None is teams.by_code("ZZZZZZ")
    found = teams.participant(someone.token)
    assert found is not None and (someone, team.id) == (found[0], found[1].id)


def test_participants_are_numbered_in_the_order_they_joined_even_all_at_once(teams):
    team = teams.create("Team")
    numbers: list[int] = []
    lock = threading.Lock()

    def join() -> None:
        number = teams.join(team).number
        with lock:
            numbers.append(number)

    threads = [threading.Thread(target=join) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert list(range(1, 13)) == sorted(numbers)


def test_a_participants_save_moves_the_team_counter_and_no_one_elses_does(teams):
    team, other = teams.create("Team"), teams.create("Other team")
    someone = teams.join(team)
    before, other_before = teams.version(team.id), teams.version(other.id)
    answers = Responses(role="teacher")
    answers.rate("CR1", 3)
    teams.store.save(someone.token, answers, GUIDE)
    assert before + 1 == teams.version(team.id)
    teams.store.save(new_token(), answers, GUIDE)  # a session outside any team
    assert (before + 1, other_before) == (teams.version(team.id), teams.version(other.id))


def test_the_teams_ratings_come_in_one_query_with_roles_and_both_steps(teams):
    team = teams.create("Team")
    people = [teams.join(team) for _ in range(3)]
    first = Responses(role="teacher")
    first.rate("CR1", 4)
    first.rate("IR2", 1)
    first.write("rationales", "IR2", "Text is not a rating")
    teams.store.save(people[0].token, first, GUIDE)
    second = Responses(role="union_leader")
    second.write("rationales", "IR1", "Only a rationale")
    teams.store.save(people[1].token, second, GUIDE)
    with sql_statements(teams.store) as sent:
        raters = teams.raters(team.id)
    assert 1 == len([s for s in sent if s.lstrip().upper().startswith("SELECT")])
    assert [Rater("participant 1", "teacher", {"CR1": 4, "IR2": 1}),
            Rater("participant 2", "union_leader", {}),
            Rater("participant 3", "", {})] == raters


def test_the_teams_rationales_come_without_who_wrote_them_sorted_by_text(teams):
    team, other = teams.create("Team"), teams.create("Other team")
    first, second, outsider = teams.join(team), teams.join(team), teams.join(other)
    for person, text in ((first, "Zebra: no time set aside"), (second, "A plan exists"), (outsider, "Not ours")):
        answers = Responses()
        answers.rate("IR1", 2)
        answers.write("rationales", "IR1", text)
        teams.store.save(person.token, answers, GUIDE)
    assert {"IR1": ["A plan exists", "Zebra: no time set aside"]} == teams.rationales(team.id)
