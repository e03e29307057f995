"""Team sessions in the store: each link finds one thing, numbers are unique, and the team's change
counter moves with every participant's save, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from dlcore import Autosaver, Responses, load_guide, new_token
from dlcore.join_code import normalize
from dlcore.store import Refused, is_valid_token
from dlcore.team import Rater
from tests.test_store import sql_statements

GUIDE = load_guide()


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


# The meeting: hidden results, close and reopen, removing a participant -----------------------------------

def test_a_new_team_starts_with_its_results_hidden_and_one_click_reveals_or_hides_them(teams):
    team = teams.create("Team")
    assert team.results_hidden and teams.by_id(team.id).results_hidden
    version = teams.version(team.id)
    teams.set_results_hidden(team.id, False)
    assert not teams.by_id(team.id).results_hidden
    teams.set_results_hidden(team.id, True)
    assert teams.by_id(team.id).results_hidden
    assert version + 2 == teams.version(team.id)  # every view of the team, on any server, looks again


def test_participants_see_the_teams_picture_only_when_shared_and_revealed_and_never_once_removed(teams):
    team = teams.create("Team")
    assert not team.picture_shared and not teams.by_id(team.id).picture_shared
    kept, stray = teams.join(team), teams.join(team)
    teams.remove(team.id, stray.token)
    seen = []
    for shared, hidden in ((True, True), (True, False), (False, False)):
        teams.set_picture_shared(team.id, shared)
        teams.set_results_hidden(team.id, hidden)
        state = teams.meeting_state(team.id)
        seen.append((state.for_participant(kept.token)[3], state.for_participant(stray.token)[3]))
    assert [(False, False), (True, False), (False, False)] == seen
    assert not teams.by_id(team.id).picture_shared


def test_a_closed_team_is_found_by_its_code_as_closed_and_reopens(teams):
    team = teams.create("Team")
    someone = teams.join(team)
    teams.close(team.id)
    assert not teams.by_code(team.join_code).is_open  # the join page says it is closed
    assert not teams.participant(someone.token)[1].is_open  # and so does the participant's page
    teams.reopen(team.id)
    assert teams.by_code(team.join_code).is_open
    assert team.results_hidden == teams.by_id(team.id).results_hidden  # closing changes nothing else


def test_a_removed_participant_leaves_the_picture_keeps_their_answers_and_can_be_taken_back(teams):
    team = teams.create("Team")
    kept, stray = teams.join(team), teams.join(team)
    for person, rating in ((kept, 4), (stray, 1)):
        answers = Responses(respondent="Stray" if person is stray else "")
        answers.rate("IR1", rating)
        answers.write("rationales", "IR1", f"rated {rating}")
        teams.store.save(person.token, answers, GUIDE)
    version = teams.version(team.id)
    teams.remove(team.id, stray.token)
    assert ["participant 1"] == [r.id for r in teams.raters(team.id)]
    assert {"IR1": ["rated 4"]} == teams.rationales(team.id)
    assert teams.participant(stray.token)[0].removed
    assert [False, True] == [a.removed for a in teams.answered(team.id)]  # listed, to be taken back
    assert version + 1 == teams.version(team.id)
    teams.restore(team.id, stray.token)
    assert ["participant 1", "participant 2"] == [r.id for r in teams.raters(team.id)]
    assert {"IR1": ["rated 1", "rated 4"]} == teams.rationales(team.id)
    assert not teams.participant(stray.token)[0].removed


def test_the_store_refuses_a_participants_change_once_closed_or_removed_and_takes_it_once_reopened(teams):
    team = teams.create("Team")
    person, other = teams.join(team), teams.join(team)
    answers = Responses()
    answers.rate("CR1", 2)
    saved = teams.store.save(person.token, answers, GUIDE)
    teams.close(team.id)
    version = teams.version(team.id)
    answers.rate("CR1", 4)
    answers.write("rationales", "IR1", "typed as the session closed")
    with pytest.raises(Refused, match="closed this team session"):
        teams.store.save(person.token, answers, GUIDE, previous=saved)
    with pytest.raises(Refused):  # a first save, which would make the session's row, too
        teams.store.save(other.token, answers, GUIDE)
    assert 2 == teams.store.load(person.token, GUIDE).rating("CR1")  # nothing of it was written
    assert not teams.store.exists(other.token)
    assert version == teams.version(team.id)
    plan = teams.store.save(team.plan_token, answers, GUIDE)  # the team's plan is not a participant's
    assert plan == teams.store.load_snapshot(team.plan_token)[0]
    teams.reopen(team.id)
    teams.store.save(person.token, answers, GUIDE, previous=saved)
    assert 4 == teams.store.load(person.token, GUIDE).rating("CR1")
    teams.remove(team.id, person.token)
    with pytest.raises(Refused, match="took you out"):
        teams.store.save(person.token, Responses(respondent="Stray"), GUIDE)
    teams.restore(team.id, person.token)
    teams.store.save(person.token, Responses(respondent="Back"), GUIDE)
    assert "Back" == teams.store.load(person.token, GUIDE).respondent


def test_a_change_refused_by_a_closed_session_stays_pending_and_is_saved_once_reopened(teams):
    team = teams.create("Team")
    person = teams.join(team)
    saver = Autosaver(teams.store, person.token, GUIDE, Responses(), settle=0.0)
    teams.close(team.id)
    answers = Responses()
    answers.rate("CR3", 3)
    saver.submit(answers)
    assert not saver.flush(timeout=2.0)
    status = saver.status()
    assert status.refused and status.pending and "closed this team session" in status.error
    assert teams.store.load(person.token, GUIDE) is None
    teams.reopen(team.id)
    assert saver.flush(timeout=10.0)  # the next try, without anything new from the page
    status = saver.status()
    assert status.saved and not status.refused
    assert 3 == teams.store.load(person.token, GUIDE).rating("CR3")


def test_removing_works_only_on_the_facilitators_own_team(teams):
    team, other = teams.create("Team"), teams.create("Other team")
    outsider = teams.join(other)
    teams.remove(team.id, outsider.token)  # another team's participant: nothing happens
    assert not teams.participant(outsider.token)[0].removed


def test_who_has_answered_gives_names_and_counts_not_ratings_in_one_query(teams):
    team, other = teams.create("Team"), teams.create("Other team")
    named, quiet, silent = teams.join(team), teams.join(team), teams.join(team)
    teams.join(other)
    answers = Responses(respondent="Ana María")
    for item in ("CR1", "CR2", "IR3"):
        answers.rate(item, 2)
    answers.write("key_questions", "EV-purpose", "not a rating")
    teams.store.save(named.token, answers, GUIDE)
    quiet_answers = Responses()
    quiet_answers.rate("CR5", 4)
    teams.store.save(quiet.token, quiet_answers, GUIDE)
    with sql_statements(teams.store) as sent:
        found = teams.answered(team.id)
    assert 1 == len([s for s in sent if s.lstrip().upper().startswith("SELECT")])
    assert [("Ana María", 3), ("participant 2", 1), ("participant 3", 0)] == [(a.shown_name, a.rated) for a in found]
    assert [named.token, quiet.token, silent.token] == [a.token for a in found]


def test_the_meeting_state_a_participants_page_watches_comes_in_one_query(teams):
    team = teams.create("Team")
    kept, stray = teams.join(team), teams.join(team)
    teams.remove(team.id, stray.token)
    teams.close(team.id)
    with sql_statements(teams.store) as sent:
        state = teams.meeting_state(team.id)
    assert 1 == len([s for s in sent if s.lstrip().upper().startswith("SELECT")])
    assert ("closed", True) == (state.state, state.results_hidden)
    assert ("closed", False, 1, False) == state.for_participant(kept.token)
    assert ("closed", True, 1, False) == state.for_participant(stray.token)
    assert None is teams.meeting_state(new_token())


# Voting again ----------------------------------------------------------------------------------------------

def test_a_second_round_keeps_the_first_rounds_votes_and_hides_the_results_again(teams):
    team = teams.create("Team")
    teams.set_results_hidden(team.id, False)
    people = [teams.join(team) for _ in range(3)]
    for person, (cr3, ir2) in zip(people, ((1, 2), (4, 2), (3, None)), strict=True):
        answers = Responses()
        answers.rate("CR3", cr3)
        answers.rate("CR5", 2)
        if ir2:
            answers.rate("IR2", ir2)
        teams.store.save(person.token, answers, GUIDE)
    teams.remove(team.id, people[2].token)  # a removed participant's votes stay out of every round
    assert 2 == teams.open_round(team.id, ["IR2", "CR3"])
    now = teams.by_id(team.id)
    assert (2, True) == (now.round, now.results_hidden)
    state = teams.meeting_state(team.id)
    assert (2, ("CR3", "IR2")) == (state.round, state.revote)
    [second] = teams.rounds(team.id)
    assert (2, ("CR3", "IR2"), {"CR3": (1, 4), "IR2": (2, 2)}) == (second.number, second.statements, second.before)
    # The participants' answers are untouched by a new round: their first vote stands until they change it.
    assert {"CR3": 1, "CR5": 2, "IR2": 2} == teams.store.load(people[0].token, GUIDE).cultural_readiness | \
        teams.store.load(people[0].token, GUIDE).implementation_readiness
    assert [0, 0, 0] == [a.changed for a in teams.answered(team.id)]  # nobody has voted again yet
    for person, cr3, ir2 in ((people[0], 1, 3), (people[1], 2, None)):  # one changes IR2, one CR3 and clears IR2
        answers = teams.store.load(person.token, GUIDE)
        answers.rate("CR3", cr3)
        answers.rate("IR2", ir2)
        answers.rate("CR5", 4)  # not a statement of this round
        teams.store.save(person.token, answers, GUIDE)
    assert [1, 1, 0] == [a.changed for a in teams.answered(team.id)]
    answers = teams.store.load(people[0].token, GUIDE)
    answers.rate("IR2", 2)  # back to the first vote
    teams.store.save(people[0].token, answers, GUIDE)
    assert [0, 1, 0] == [a.changed for a in teams.answered(team.id)]


def test_a_third_round_keeps_the_second_rounds_votes_on_its_statements(teams):
    team = teams.create("Team")
    someone = teams.join(team)
    answers = Responses()
    answers.rate("CR1", 1)
    teams.store.save(someone.token, answers, GUIDE)
    teams.open_round(team.id, ["CR1"])
    answers.rate("CR1", 3)
    teams.store.save(someone.token, answers, GUIDE)
    assert 3 == teams.open_round(team.id, ["CR1"])
    assert [(2, {"CR1": (1,)}), (3, {"CR1": (3,)})] == [(r.number, r.before) for r in teams.rounds(team.id)]
    assert [0] == [a.changed for a in teams.answered(team.id)]  # round 3 compares with round 2's vote, 3
    assert ("open", False, 3, False) == teams.meeting_state(team.id).for_participant(someone.token)
