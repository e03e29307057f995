"""Every page as a user meets it, through Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlui import nav
from dlui.nav import JOIN, PAGES, PARTICIPANT, TEAM_VIEW
from tests.conftest import ROOT, answers, open_app, open_page, open_tab, rate, shown_text

CR = [f"CR{i}" for i in range(1, 11)]
IR = [f"IR{i}" for i in range(1, 9)]


@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_every_page_runs_on_its_own_without_an_exception(path):
    at = open_page(path)
    assert not at.exception


@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_every_page_runs_inside_the_app_without_an_exception(path):
    at = open_app(path)
    assert not at.exception


def test_every_page_script_is_in_the_navigation():
    """The guide's pages, and the team session's three (each reached by whom it is for: see dlui.nav.pages_for)."""
    on_disk = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
    assert on_disk == sorted(p.path for p in (*PAGES, JOIN, PARTICIPANT, TEAM_VIEW))
    assert all(Path(ROOT / p.path).exists() for p in PAGES)


# Step 1 ---------------------------------------------------------------------

def test_step_1_starts_with_every_statement_not_yet_rated():
    at = open_page("app_pages/cultural_readiness.py")
    assert [0] * 10 == [at.select_slider(key=f"dldash.rate.{i}").value for i in CR]
    assert "0 of 10" in shown_text(at)
    assert {} == answers(at).cultural_readiness


def test_step_1_shows_every_statement_as_page_text(guide):
    text = shown_text(open_page("app_pages/cultural_readiness.py"))
    for statement in guide.cultural_readiness.statements:
        assert statement.text in text


def test_step_1_total_and_count_follow_every_change():
    at = rate(open_page("app_pages/cultural_readiness.py"), {"CR1": 4, "CR2": 2})
    assert "Total rating: 6 of 40" in shown_text(at)
    assert "2 of 10 statements rated" in shown_text(at)
    at = rate(at, {"CR1": None})
    assert "Total rating: 2 of 40" in shown_text(at)
    assert "1 of 10 statements rated" in shown_text(at)


def test_step_1_gives_no_recommendation_until_all_ten_are_rated():
    at = rate(open_page("app_pages/cultural_readiness.py"), {i: 4 for i in CR[:9]})
    text = shown_text(at)
    assert "EVALUATIVE" not in text
    assert "Still to rate: statement 10" in text


@pytest.mark.parametrize(("rating", "family", "other"), [
    (3, "an EVALUATIVE approach", "NON-EVALUATIVE"),  # total 30
    (2, "a NON-EVALUATIVE approach", "an EVALUATIVE"),  # total 20
])
def test_step_1_recommends_only_the_family_its_total_points_to(rating, family, other):
    at = rate(open_page("app_pages/cultural_readiness.py"), {i: rating for i in CR})
    recommendation = " ".join(s.value for s in at.success).replace("\\", "")
    assert family in recommendation
    assert other not in recommendation


def test_step_1_recommends_evaluative_at_exactly_25():
    ratings = dict.fromkeys(CR, 2) | {"CR1": 4, "CR2": 4, "CR3": 3, "CR4": 2}  # 4+4+3+2+6*2 = 25
    at = rate(open_page("app_pages/cultural_readiness.py"), ratings)
    assert "Total 25." in at.success[0].value
    assert "EVALUATIVE approach" in at.success[0].value
    assert "NON-EVALUATIVE" not in at.success[0].value


# Moving between pages -------------------------------------------------------

def test_answers_survive_moving_between_pages_in_any_order():
    at = open_app("app_pages/implementation_planning.py")
    at.text_area(key="dldash.text.strategy_profile.leader").input("Dr. Rivera, deputy superintendent").run()
    at.switch_page("app_pages/cultural_readiness.py").run()
    at = rate(at, {"CR1": 3, "CR10": 1})
    open_tab(at.switch_page("app_pages/approaches.py").run(), "Non-evaluative")
    at.text_area(key="dldash.text.key_questions.NE-vision").input("Draft vision, to share in May").run()
    at.switch_page("app_pages/home.py").run()
    at.switch_page("app_pages/cultural_readiness.py").run()
    assert 3 == at.select_slider(key="dldash.rate.CR1").value
    assert 1 == at.select_slider(key="dldash.rate.CR10").value
    open_tab(at.switch_page("app_pages/approaches.py").run(), "Non-evaluative")
    assert "Draft vision, to share in May" == at.text_area(key="dldash.text.key_questions.NE-vision").value
    at.switch_page("app_pages/implementation_planning.py").run()
    assert "Dr. Rivera, deputy superintendent" == at.text_area(key="dldash.text.strategy_profile.leader").value


def test_the_sidebar_shows_progress_of_each_step():
    """On Step 1 its live count is on the page; elsewhere the sidebar counts every step."""
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 3, "CR2": 3})
    assert "on this page now" in " ".join(m.value for m in at.sidebar.markdown)
    at.switch_page("app_pages/summary.py").run()
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "2 of 10 rated" in sidebar
    assert "0 of 8 key questions answered" in sidebar


# Step 2 ---------------------------------------------------------------------

@pytest.mark.parametrize(("rating", "first"), [(3, "Evaluative"), (2, "Non-evaluative")])
def test_step_2_puts_the_recommended_family_first(rating, first):
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, {i: rating for i in CR})
    at.switch_page("app_pages/approaches.py").run()
    assert at.tabs[0].label.startswith(first)
    assert at.tabs[0].label.endswith("(suggested)")
    assert "suggested" not in at.tabs[1].label


def test_step_2_shows_each_goal_list_under_the_model_it_describes():
    text = shown_text(open_tab(open_page("app_pages/approaches.py"), "Non-evaluative"))
    coaches = text.index("Goals of instructional coaches")
    collaborative = text.index("Goals of collaborative learning")
    coach_goal = text.index("Instructional coaches can often provide more frequent and in-depth feedback")
    peer_goal = text.index("Collaborative learning structures provide an opportunity for peers")
    assert coaches < coach_goal < collaborative < peer_goal


@pytest.mark.parametrize("family_id", ["evaluative", "non_evaluative"])
def test_step_2_draws_a_text_area_for_each_key_question_of_the_open_tab_only(guide, family_id):
    family = guide.family(family_id)
    at = open_tab(open_page("app_pages/approaches.py"), family.label.capitalize())
    assert {f"dldash.text.key_questions.{q.id}" for q in family.key_questions} == {t.key for t in at.text_area}


def test_step_2_keeps_an_answer_while_the_other_tab_is_open():
    at = open_page("app_pages/approaches.py")
    at.text_area(key="dldash.text.key_questions.EV-purpose").input("Peer review, with the union").run()
    open_tab(at, "Non-evaluative")
    assert "Peer review, with the union" == answers(at).key_questions["EV-purpose"]
    open_tab(at, "Evaluative")
    assert "Peer review, with the union" == at.text_area(key="dldash.text.key_questions.EV-purpose").value


# Step 3 ---------------------------------------------------------------------

def test_step_3_preselects_the_first_model_of_the_recommended_family():
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, {i: 2 for i in CR})
    at.switch_page("app_pages/implementation_readiness.py").run()
    assert "instructional_coaches" == at.radio(key="dldash.approach").value
    assert "instructional_coaches" == answers(at).approach
    at.radio(key="dldash.approach").set_value("collaborative_learning").run()
    assert "collaborative_learning" == answers(at).approach


def test_step_3_without_step_1_leaves_the_approach_unchosen():
    at = open_page("app_pages/implementation_readiness.py")
    assert at.radio(key="dldash.approach").value is None
    assert answers(at).approach is None


def test_step_3_rates_with_a_rationale_and_totals():
    at = open_page("app_pages/implementation_readiness.py")
    assert 8 == len([t for t in at.text_area if t.key.startswith("dldash.text.rationales.")])
    at = rate(at, {"IR1": 4, "IR8": 1})
    at.text_area(key="dldash.text.rationales.IR8").input("We have not yet met the school committee.").run()
    assert "Total rating: 5 of 32" in shown_text(at)
    assert "Statements rated: 2 of 8" in shown_text(at)
    assert {"IR8": "We have not yet met the school committee."} == answers(at).rationales


# Step 4 ---------------------------------------------------------------------

def test_step_4_proposes_the_lowest_rated_statements_as_gap_areas():
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, dict.fromkeys(CR, 3) | {"CR7": 2, "CR3": 1, "CR9": 2, "CR5": 2})
    at.switch_page("app_pages/implementation_planning.py").run()
    assert ["CR3", "CR5", "CR7"] == at.multiselect(key="dldash.gap_areas").value
    keys = [t.key for t in at.text_area if t.key.startswith("dldash.text.gap_reflections.")]
    assert ["dldash.text.gap_reflections.CR3", "dldash.text.gap_reflections.CR5",
            "dldash.text.gap_reflections.CR7"] == keys


def test_step_4_offers_the_lowest_rated_when_none_is_below_agree():
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, dict.fromkeys(CR, 4) | {"CR2": 3})
    at.switch_page("app_pages/implementation_planning.py").run()
    assert ["CR2"] == at.multiselect(key="dldash.gap_areas").value
    assert "No Step 1 statement is rated 1" in shown_text(at)


def test_step_4_keeps_the_users_own_gap_selection():
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, dict.fromkeys(CR, 1))
    at.switch_page("app_pages/implementation_planning.py").run()
    at.multiselect(key="dldash.gap_areas").set_value(["CR10", "CR4"]).run()
    assert ["CR10", "CR4"] == answers(at).gap_areas
    at.text_area(key="dldash.text.gap_reflections.CR10").input("Start with a vision workshop.").run()
    assert {"CR10": "Start with a vision workshop."} == answers(at).gap_reflections


def test_step_4_brings_forward_the_elements_low_ratings_point_to():
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, dict.fromkeys(CR, 3) | {"CR10": 1})
    at.switch_page("app_pages/implementation_readiness.py").run()
    rate(at, dict.fromkeys(IR, 3) | {"IR8": 2})
    at.switch_page("app_pages/implementation_planning.py").run()
    headings = [h.value for h in at.subheader]
    assert headings[0] == "Description · Focus here"
    assert "Stakeholders & Communications · Focus here" in headings[:3]
    assert "Leader" in headings  # not flagged: keeps its plain name
    reasons = " ".join(w.value for w in at.warning)
    assert "We have a shared vision of strong instructional practice" in reasons


def test_step_4_shows_all_seven_profile_elements_with_a_notes_area(guide):
    at = open_page("app_pages/implementation_planning.py")
    keys = {t.key for t in at.text_area}
    assert {f"dldash.text.strategy_profile.{e.id}" for e in guide.implementation_planning.elements} <= keys


# Summary ---------------------------------------------------------------------

def test_summary_shows_both_radars_with_the_same_numbers_in_tables():
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, {"CR1": 4, "CR2": 1})
    at.switch_page("app_pages/summary.py").run()
    tables = at.table
    assert 2 == len(tables)
    cultural = tables[0].value
    assert ["4 · Strongly agree", "1 · Strongly disagree"] == cultural["Rating"].iloc[:2].tolist()
    assert (cultural["Rating"].iloc[2:] == "Not yet rated").all()  # never 0 or 1
    assert "8 statements not yet rated" in shown_text(at)


def test_step_1_names_the_page_where_its_chart_numbers_are_a_table():
    """Step 1's radar has no live table beside it (it would slow every rating); its numbers are
    the sliders' own, and the page names the Summary page, whose table is tested above."""
    text = shown_text(open_page("app_pages/cultural_readiness.py"))
    summary = nav.page("app_pages/summary.py").title
    assert f"The same numbers are in a table on the {summary} page" in text


def test_step_4_keeps_a_gap_area_that_has_a_reflection_on_the_list():
    """Removing it would drop the reflection from the saved answers; the page says why it stays."""
    at = open_app("app_pages/cultural_readiness.py")
    rate(at, dict.fromkeys(CR, 3) | {"CR2": 1, "CR6": 2})
    at.switch_page("app_pages/implementation_planning.py").run()
    at.text_area(key="dldash.text.gap_reflections.CR2").input("Start peer visits in grade teams.").run()
    at.multiselect(key="dldash.gap_areas").set_value(["CR6"]).run()
    assert ["CR6", "CR2"] == answers(at).gap_areas
    assert ["CR6", "CR2"] == at.multiselect(key="dldash.gap_areas").value
    assert "Statement 2 stays on the list" in " ".join(w.value for w in at.warning)
    at.text_area(key="dldash.text.gap_reflections.CR2").input("").run()
    at.multiselect(key="dldash.gap_areas").set_value(["CR6"]).run()
    assert ["CR6"] == answers(at).gap_areas


def test_every_step_ends_with_a_way_on_and_the_summary_leads_to_the_conclusion():
    """Step 1 -> 2 -> 3 -> 4 -> Summary (where the report is) -> Conclusion: each page's last link is the next."""
    at = open_app()
    ways = {"app_pages/approaches.py": "implementation_readiness",
            "app_pages/implementation_readiness.py": "implementation_planning",
            "app_pages/implementation_planning.py": "summary",
            "app_pages/summary.py": "conclusion"}
    for path, following in ways.items():
        at.switch_page(path).run()
        links = [e.proto.page for e in at.main if e.type == "page_link"]
        assert links and links[-1] == following, f"{path} ends with {links[-1:]}"


STEP_1_RATINGS = {**{i: 3 if n % 2 else 2 for n, i in enumerate(CR)}, "CR1": 4}


@pytest.mark.parametrize(("path", "ratings", "of"), [("app_pages/cultural_readiness.py", STEP_1_RATINGS, 40),
                                                     ("app_pages/implementation_readiness.py",
                                                      {"IR1": 4, "IR2": 3, "IR3": 2}, 32)])
def test_present_shows_the_steps_result_and_chart_without_the_sidebar_and_one_click_brings_them_back(
        path, ratings, of):
    at = rate(open_app(path), ratings)
    total = f"Total rating: {sum(ratings.values())} of {of}"
    assert total in shown_text(at)
    next(b for b in at.main.button if b.label == "Present").click().run()
    assert [f"{sum(ratings.values())} of {of}"] == [m.value for m in at.metric]
    assert not at.select_slider  # the statements stay on the normal page
    assert not at.sidebar.markdown  # no sidebar: only the result, large, and the chart
    assert 1 == len(at.get("plotly_chart"))
    next(b for b in at.main.button if b.label == "Leave presentation").click().run()
    assert at.select_slider and at.sidebar.markdown
