"""Team sessions as people meet them: joining by code, a participant's own page, the facilitator's view,
and that each link opens only what it grants."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dlcore import Responses, load_guide
from dlcore.join_code import display, normalize
from dlui import persistence, team_session
from tests.conftest import ROOT, answers, shown_text

GUIDE = load_guide()


def open_with(**params: str) -> AppTest:
    """A new browser session opening the app's address with these query parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


@pytest.fixture
def team():
    """A team session started in the app's store, as Home's form does, with its results revealed."""
    teams = team_session.teams()
    started = teams.create("Lincoln Middle School")
    teams.set_results_hidden(started.id, False)
    return teams.by_id(started.id)


def join(code: str) -> AppTest:
    at = open_with()
    at.switch_page("app_pages/join.py").run()
    at.text_input(key="dldash.join.code").input(code)
    at.button[0].click().run()  # the form's Join button
    return at


def test_a_code_typed_the_way_people_type_it_joins_the_team(team):
    at = join(display(team.join_code).lower().replace("0", "o"))
    member = at.session_state[team_session.ROLE]
    assert (team.id, 1) == (member.team.id, member.participant.number)
    assert "participant 1" in shown_text(at)
    assert member.participant.token == at.query_params[team_session.PARTICIPANT_PARAM]
    assert persistence.PARAM not in at.query_params  # the guide's private link is not this participant's


def test_a_wrong_code_says_so_and_joins_nothing(team):
    at = join("ZZZ-ZZZ" if team.join_code != "ZZZZZZ" else "YYY-YYY")
    assert "No team session has the code" in " ".join(e.value for e in at.error)
    assert team_session.ROLE not in at.session_state or at.session_state[team_session.ROLE].participant is None


def test_a_participants_ratings_are_saved_under_their_link_and_come_back_with_it(team):
    at = join(team.join_code)
    token = at.session_state[team_session.ROLE].participant.token
    at.select_slider(key="dldash.rate.CR1").set_value(4).run()
    at.selectbox(key="dldash.person.role_choice").set_value("teacher").run()
    assert at.session_state[persistence.SESSION].saver.flush(10)
    again = open_with(p=token)
    assert (4, "teacher") == (answers(again).rating("CR1"), answers(again).role)
    assert [("participant 1", "teacher", {"CR1": 4})] == [tuple(r) for r in team_session.teams().raters(team.id)]


def test_a_participant_link_opens_no_team_view_and_a_facilitator_link_no_participant(team):
    someone = team_session.teams().join(team)
    as_facilitator = open_with(f=someone.token)
    assert "does not match any team session" in shown_text(as_facilitator) + " ".join(
        e.value for e in as_facilitator.error)
    as_participant = open_with(p=team.facilitator_token)
    assert "does not match anyone" in shown_text(as_participant) + " ".join(e.value for e in as_participant.error)
    assert as_participant.session_state[team_session.ROLE].participant is None


def test_the_facilitator_link_opens_the_team_view_with_the_join_code(team):
    at = open_with(f=team.facilitator_token)
    assert not at.exception  # Home, the default page, without the join page's link (not the facilitator's)
    at.switch_page("app_pages/team.py").run()
    assert not at.exception
    text = shown_text(at)
    shown = team_session.shown_code(team)  # with a non-breaking hyphen: never cut across lines on a projector
    assert f"Code: {shown}" in text and "Lincoln Middle School" in text
    assert "\u2011" in shown and normalize(shown) == team.join_code  # copied from the screen, it still joins


def test_wrong_codes_are_limited_for_a_browser_that_keeps_guessing(team):
    """Five wrong codes a minute from one browser session; the sixth try waits, and says so plainly."""
    team_session.throttle.clear()
    try:
        at = open_with()
        at.switch_page("app_pages/join.py").run()
        for _ in range(5):
            at.text_input(key="dldash.join.code").input("ZZZ-ZZ" + "Y").run()
            at.button[0].click().run()
        at.text_input(key="dldash.join.code").input(team.join_code).run()
        at.button[0].click().run()
        assert "Too many codes tried just now" in " ".join(e.value for e in at.error)
        assert at.session_state[team_session.ROLE].participant is None
    finally:
        team_session.throttle.clear()


def test_a_participant_sees_their_private_link_on_their_page(team):
    at = join(team.join_code)
    token = at.session_state[team_session.ROLE].participant.token
    assert f"/?p={token}" in shown_text(at)
    assert "join?p=" not in shown_text(at)  # the app's address, not the join page's


def test_the_team_view_shows_rationales_as_text_without_names(team):
    someone = team_session.teams().join(team)
    answers_of = Responses(respondent="Jordan Lee")
    answers_of.rate("IR2", 1)
    answers_of.write("rationales", "IR2", "<script>alert(1)</script> **no** budget")
    team_session.teams().store.save(someone.token, answers_of, GUIDE)
    at = open_with(f=team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    text = shown_text(at)
    assert "<script>alert(1)</script> **no** budget" in text
    markdown = " ".join(m.value for m in at.markdown)
    assert r"\<script\>alert\(1\)\</script\> \*\*no\*\* budget" in markdown  # escaped: text, never HTML
    # The name is only in the list of participants (to remove a stray join), with a count, never an answer.
    named = [m.value for m in at.markdown if "Jordan Lee" in m.value]
    assert ["**Jordan Lee** · 1 rated"] == named


def test_a_participant_never_receives_another_participants_answers(team):
    """Two participants of one team: each link opens its own answers, and nothing of the other's is on the page."""
    first, second = team_session.teams().join(team), team_session.teams().join(team)
    theirs = Responses(respondent="Second Person", role="union_leader")
    theirs.rate("CR7", 1)
    theirs.write("rationales", "IR4", "Only the second person wrote this")
    team_session.teams().store.save(second.token, theirs, GUIDE)
    at = open_with(p=first.token)
    assert Responses() == answers(at)
    page = shown_text(at) + " ".join(str(getattr(e, "value", "")) for e in at.main)
    assert "Second Person" not in page and "Only the second person wrote this" not in page
    assert 0 == at.select_slider(key="dldash.rate.CR7").value  # not yet rated here


def test_a_participants_change_says_under_it_whether_it_is_saved_and_never_says_saved_when_not(team):
    """The run that made the change waits for its save and says so under it, on the page (a phone's sidebar is
    closed); a rating the database does not hold (locked) is "not being saved", and "saved" once it is."""
    import sqlite3
    import time

    at = join(team.join_code)
    assert "All answers saved" not in shown_text(at)  # nothing changed on this page yet: nothing to report
    at.select_slider(key="dldash.rate.CR1").set_value(4).run()
    saved = [m for m in at.main.markdown if "All answers saved" in m.value]
    assert len(saved) == 1, "one status, under the changed statement"
    assert not [m for m in at.sidebar.markdown if "saved" in m.value.lower() and "Anyone" not in m.value]
    lock = sqlite3.connect(persistence.store().engine.url.database, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        at.select_slider(key="dldash.rate.IR2").set_value(2).run()
        saver = at.session_state[persistence.SESSION].saver
        deadline = time.monotonic() + 3
        while not saver.status().overdue and time.monotonic() < deadline:
            time.sleep(0.05)
        at.run()  # what the status watcher's look draws
        said = " ".join(e.value for e in at.main.error)
        assert "not being saved" in said
        assert "CSV" not in said  # a participant's page offers no CSV to download
        assert "All answers saved" not in shown_text(at)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert saver.flush(timeout=10)
    at.run()
    assert "All answers saved" in shown_text(at)
    assert not at.main.error


# The meeting: hidden results, close and reopen, removing a participant ------------------------------------

def everything_sent(at: AppTest) -> str:
    """Every element the session's run sent to its browser (all kinds, widgets, charts and tables included),
    as the text of their protobuf messages: what a browser would receive, not only what it shows."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


@pytest.fixture
def hidden_team():
    """A team session as Home starts it: its results hidden until the facilitator reveals them."""
    return team_session.teams().create("Lincoln Middle School")


def rated_by_someone(team, *, name: str = "Jordan Lee"):
    someone = team_session.teams().join(team)
    theirs = Responses(respondent=name, role="teacher")
    for n in range(1, 11):
        theirs.rate(f"CR{n}", 4)
    theirs.rate("IR3", 1)
    theirs.write("rationales", "IR3", "A rationale nobody may read yet")
    team_session.teams().store.save(someone.token, theirs, GUIDE)
    return someone


def test_while_hidden_the_view_shows_who_has_answered_and_sends_nothing_of_what(hidden_team):
    rated_by_someone(hidden_team)
    team_session.teams().join(hidden_team)  # a second participant, nothing rated yet
    at = open_with(f=hidden_team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    text = shown_text(at)
    assert "Results hidden while people vote" in text
    assert "Jordan Lee** · 11 of 18 rated" in text and "participant 2** · 0 of 18 rated" in text
    assert {"Joined": "2", "Finished": "0 of 2", "Still rating": "2"}.items() <= {
        m.label: m.value for m in at.metric}.items()
    sent = everything_sent(at)
    assert "A rationale nobody may read yet" not in sent
    assert "plotly" not in sent.lower() and 0 == len(at.dataframe)  # no chart, no table of ratings
    assert "Team total" not in sent and "40 of 40" not in sent
    assert "can be built once they are revealed" in text  # nor the team's report


def test_reveal_shows_the_picture_and_hide_hides_it_again(hidden_team):
    rated_by_someone(hidden_team)
    at = open_with(f=hidden_team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    next(b for b in at.button if b.label == "Reveal the results").click().run()
    assert not team_session.teams().by_id(hidden_team.id).results_hidden
    assert "A rationale nobody may read yet" in shown_text(at)
    assert any(m.label == "Team total, Step 1" for m in at.metric)
    next(b for b in at.button if b.label == "Hide the results").click().run()
    assert team_session.teams().by_id(hidden_team.id).results_hidden
    assert "A rationale nobody may read yet" not in everything_sent(at)


def test_a_closed_session_takes_no_joins_and_its_participants_cannot_change_their_ratings(hidden_team):
    someone = rated_by_someone(hidden_team)
    at = open_with(f=hidden_team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    next(b for b in at.button if b.label == "Close the session").click().run()
    assert "This session is closed" in shown_text(at)
    assert not team_session.teams().by_id(hidden_team.id).is_open
    refused = join(hidden_team.join_code)
    said = " ".join(e.value for e in refused.error).replace("\\", "")
    assert f"The team session {display(hidden_team.join_code)} is closed" in said
    theirs = open_with(p=someone.token)
    assert "The facilitator closed this team session" in shown_text(theirs)
    assert all(s.disabled for s in theirs.select_slider) and theirs.selectbox(key="dldash.person.role_choice").disabled
    assert '"locked": true' in everything_sent(theirs).replace("\\", "")  # the text boxes read-only (read_only.js)
    assert 4 == theirs.select_slider(key="dldash.rate.CR1").value  # kept, shown
    next(b for b in at.button if b.label == "Reopen the session").click().run()
    again = open_with(p=someone.token)
    assert not any(s.disabled for s in again.select_slider)
    assert "closed" not in shown_text(again)


def test_a_removed_participant_leaves_the_picture_sees_why_and_is_taken_back_in(team):
    stray = rated_by_someone(team, name="Joined Twice")
    at = open_with(f=team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    assert "1" == next(m.value for m in at.metric if m.label == "Joined")
    at.button(key="dldash.team.remove.1").click().run()
    assert "0" == next(m.value for m in at.metric if m.label == "Joined")
    assert "A rationale nobody may read yet" not in shown_text(at)
    assert "~~Joined Twice~~ · removed" in shown_text(at)
    theirs = open_with(p=stray.token)
    assert "took you out of this team session" in shown_text(theirs)
    assert all(s.disabled for s in theirs.select_slider)
    at.button(key="dldash.team.restore.1").click().run()  # the undo
    assert "1" == next(m.value for m in at.metric if m.label == "Joined")
    assert "A rationale nobody may read yet" in shown_text(at)
    assert not team_session.teams().participant(stray.token)[0].removed


# The team's plan and its consensus ratings ----------------------------------------------------------------

def test_the_facilitator_records_a_consensus_beside_the_votes_and_a_second_facilitator_tab_sees_it(team):
    rated_by_someone(team)  # every Step 1 statement rated 4 by one participant
    at = open_with(f=team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    assert "Votes: 4 ×1 (mean 4.0, range 4-4)." in shown_text(at)
    at.select_slider(key="dldash.rate.CR1").set_value(2).run()
    at.text_area(key="dldash.text.rationales.CR1").input("Two schools only, not the district").run()
    assert at.session_state[persistence.SESSION].saver.flush(10)
    shown = {m.label: m.value for m in at.metric}
    assert "38.0 of 40" == shown["Team total, Step 1"]  # 2 agreed + 9 x 4 at the mean
    assert "**Step 1, provisional**: agreed on 1 of 10 statements; 9 at the team's mean rating." in shown_text(at)
    agreed = next(d.value for d in at.dataframe if "Agreed" in d.value.columns)
    assert 2 == agreed["Agreed"].iloc[0]
    # The plan is a session of its own, opened by the facilitator link and by nothing else.
    plan_token = team_session.teams().by_id(team.id).plan_token
    assert plan_token not in at.query_params.values() and plan_token not in str(dict(at.query_params))
    second = open_with(f=team.facilitator_token)
    assert (2, "Two schools only, not the district") == (answers(second).rating("CR1"),
                                                         answers(second).rationales["CR1"])
    as_participant = open_with(p=plan_token)
    assert as_participant.session_state[team_session.ROLE].participant is None
    assert Responses() == answers(as_participant)


def test_while_hidden_the_votes_are_not_offered_for_a_consensus(hidden_team):
    rated_by_someone(hidden_team)
    at = open_with(f=hidden_team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    assert "Agree on the team's ratings" not in shown_text(at)
    assert "Votes:" not in everything_sent(at)


def test_a_second_round_asks_participants_again_and_both_rounds_stand_beside_the_consensus(team):
    someone = rated_by_someone(team)  # CR1-CR10 rated 4
    at = open_with(f=team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    at.multiselect(key="dldash.team.revote.1").set_value(["CR3"]).run()
    next(b for b in at.button if b.label == "Open round 2").click().run()
    assert (2, True) == (team_session.teams().by_id(team.id).round, team_session.teams().by_id(team.id).results_hidden)
    assert "Results hidden while people vote" in shown_text(at)
    assert {"Round 2: changed a vote": "0 of 1", "Voting again on": "1 statement"}.items() <= {
        m.label: m.value for m in at.metric}.items()
    assert "**Jordan Lee** · as before" in shown_text(at)
    theirs = open_with(p=someone.token)
    text = shown_text(theirs)
    assert "Round 2: vote again" in text and "3. Trust & open dialogue" in text
    assert 4 == theirs.select_slider(key="dldash.rate.CR3").value  # their first vote, in place
    theirs.select_slider(key="dldash.rate.CR3").set_value(2).run()
    assert theirs.session_state[persistence.SESSION].saver.flush(10)
    at.run()
    assert "**Jordan Lee** · changed 1 of 1" in shown_text(at)
    assert "0 of 1" != next(m.value for m in at.metric if m.label == "Round 2: changed a vote")
    next(b for b in at.button if b.label == "Reveal the results").click().run()
    assert "Round 1: 4 ×1 (mean 4.0, range 4-4).  \nNow: Votes: 2 ×1 (mean 2.0, range 2-2)." in " ".join(
        m.value.replace("\\", "").replace(":small[", "").replace("]", "") for m in at.markdown)


# Participants see the team's picture when the facilitator shares it ----------------------------------------

def test_participants_receive_the_teams_picture_only_once_shared_and_revealed_and_never_anyones_answers(hidden_team):
    rated_by_someone(hidden_team)  # Jordan Lee: CR1-CR10 rated 4, IR3 rated 1 with a rationale
    me = team_session.teams().join(hidden_team)
    mine = Responses()
    mine.rate("CR1", 2)
    team_session.teams().store.save(me.token, mine, GUIDE)
    at = open_with(f=hidden_team.facilitator_token)
    at.switch_page("app_pages/team.py").run()
    at.toggle(key="dldash.team.shared").set_value(True).run()
    assert team_session.teams().by_id(hidden_team.id).picture_shared
    for revealed in (False, True):
        theirs = open_with(p=me.token)
        sent = everything_sent(theirs)
        if not revealed:  # shared, but hidden while people vote: nothing of it computed or sent
            assert "team-picture" not in sent and "plotly" not in sent.lower() and 0 == len(theirs.table)
            next(b for b in at.button if b.label == "Reveal the results").click().run()
    text = shown_text(theirs)
    assert "The facilitator shares the team's picture" in text and "The team's picture" in text
    votes = theirs.table[0].value.set_index("Statement")["The team's votes"]  # Step 1's, in words, as sent
    assert "2 ×1, 4 ×1 \\(mean 3\\.0, range 2\\-4\\)\\. Flagged" in votes.iloc[0]  # CR1: theirs and Jordan's
    assert 10 == len(votes) and 8 == len(theirs.table[1].value)
    assert 2 == len(theirs.get("plotly_chart"))
    assert "Team total, Step 1" in [m.label for m in theirs.metric]
    assert "A rationale nobody may read yet" not in sent and "Jordan Lee" not in sent
    at.toggle(key="dldash.team.shared").set_value(False).run()
    assert "team-picture" not in everything_sent(open_with(p=me.token))  # the heading's anchor, and the link to it


def test_a_removed_participant_never_receives_the_shared_picture(team):
    stray = rated_by_someone(team, name="Joined Twice")
    team_session.teams().set_picture_shared(team.id, True)
    assert "team-picture" in everything_sent(open_with(p=stray.token))  # the heading's anchor
    team_session.teams().remove(team.id, stray.token)
    assert "team-picture" not in everything_sent(open_with(p=stray.token))
