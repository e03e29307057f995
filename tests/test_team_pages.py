"""Team sessions as people meet them: joining by code, a participant's own page, the facilitator's view,
and that each link opens only what it grants."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dlcore import Responses, load_guide
from dlcore.join_code import display
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
    """A team session started in the app's store, as Home's form does."""
    return team_session.teams().create("Lincoln Middle School")


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
    assert display(team.join_code) in text and "Lincoln Middle School" in text


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
    assert "Jordan Lee" not in text


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
