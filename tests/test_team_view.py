"""The facilitator's projected team picture (dlui.team_view), drawn by AppTest from a team's ratings."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dlcore import load_guide
from dlui.text import plain
from tests.conftest import shown_text

GUIDE = load_guide()
EVERY_CR = [f"CR{n}" for n in range(1, 11)]
EVERY_IR = [f"IR{n}" for n in range(1, 9)]
# Input widgets lose their state in the timed fragment that draws the team view: there must be none.
WIDGETS = ("button", "checkbox", "toggle", "selectbox", "multiselect", "radio", "slider", "select_slider",
           "text_input", "text_area", "number_input", "date_input", "time_input", "color_picker", "chat_input")


def team_page(raters, show_single_roles=False, guide=None, plan=None):
    """The team view of Steps 1 and 3 for these (id, role, ratings), as app_pages/team.py draws it.
    A newer team in session state ("raters") replaces them, as the next refresh of a live view would.

    AppTest runs this function's source as a script, without this module's imports or its
    ``from __future__ import annotations``: hence the imports inside and no annotations."""
    import streamlit as st

    from dlcore import Responses, load_guide
    from dlcore.team import Rater, aggregate
    from dlui import team_view

    guide = guide or load_guide()
    team = st.session_state.get("raters", raters)
    picture = aggregate([Rater(*r) for r in team], guide, show_single_roles=show_single_roles)
    team_view.summary(picture, guide, plan or Responses())
    for name in ("cultural_readiness", "implementation_readiness"):
        team_view.step(picture.step(name), getattr(guide, name), guide, key=f"team-radar-{name}")
        team_view.roles(picture.step(name), guide)


def show(raters: list[tuple[str, str, dict[str, int]]], show_single_roles: bool = False, plan=None) -> AppTest:
    """``plan``: the team plan's answers, whose ratings are the team's consensus."""
    at = AppTest.from_function(team_page, args=(raters, show_single_roles, None, plan), default_timeout=30).run()
    assert not at.exception
    return at


def everything(rating: int, **different: int) -> dict[str, int]:
    """Every statement of Steps 1 and 3 rated ``rating``, but for those given."""
    return {**dict.fromkeys(EVERY_CR + EVERY_IR, rating), **different}


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def tables(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def radar_means(at: AppTest, n: int = 0) -> list:
    """The mean trace's points of the n-th team radar on the page, as sent to the browser."""
    spec = json.loads(at.get("plotly_chart")[n].proto.spec)
    return next(t["r"] for t in spec["data"] if t["name"] == "Team mean")


# Summary ------------------------------------------------------------------------------------------


def test_the_summary_gives_who_joined_and_finished_each_step():
    """Joined, and "n of m" finished Step 1 and Step 3."""
    at = show([("a", "teacher", everything(3)), ("b", "teacher", everything(3)),
               ("c", "school_admin", {"CR1": 2}), ("d", "school_admin", {})])
    shown = metrics(at)
    assert "4" == shown["Joined"]
    assert "2 of 4" == shown["Finished Step 1"]
    assert "2 of 4" == shown["Finished Step 3"]


def test_a_team_total_of_25_or_more_points_to_the_evaluative_family():
    """The team's Step 1 total (the sum of the statement means) "of 40", and the family label it gives."""
    at = show([("a", "teacher", everything(3)), ("b", "teacher", everything(3, CR1=4, IR1=4))])
    shown = metrics(at)
    assert "30.5 of 40" == shown["Team total, Step 1"]
    assert GUIDE.family("evaluative").label == shown["Step 1 points to"]
    assert "24.5 of 32" == shown["Team total, Step 3"]
    text = shown_text(at)
    assert "**Step 1, provisional**: agreed on 0 of 10 statements; 10 at the team's mean rating." in text
    assert "no rating at all" not in text


def test_a_team_total_below_25_points_to_the_non_evaluative_family():
    at = show([("a", "teacher", everything(2)), ("b", "union_leader", everything(2, CR1=1))])
    shown = metrics(at)
    assert "19.5 of 40" == shown["Team total, Step 1"]
    assert GUIDE.family("non_evaluative").label == shown["Step 1 points to"]


def test_the_team_total_and_recommendation_come_from_the_consensus_beside_the_means():
    """Agreed ratings replace the means in the team's total (never in the individual picture); the view says on
    how many statements it rests, and that it is provisional until all are agreed."""
    from dlcore import Responses

    team = [("a", "teacher", everything(2)), ("b", "teacher", everything(2))]  # means: 20 of 40
    plan = Responses()
    for item in EVERY_CR[:8]:
        plan.rate(item, 3)  # 24, and two at their mean 2: 28
    at = show(team, plan=plan)
    shown = metrics(at)
    assert "28.0 of 40" == shown["Team total, Step 1"]
    assert GUIDE.family("evaluative").label == shown["Step 1 points to"]
    text = shown_text(at)
    assert ("**Step 1, provisional**: agreed on 8 of 10 statements; 2 at the team's mean rating. Everyone's mean "
            "ratings add up to 20.0.") in text
    for item in EVERY_CR:
        plan.rate(item, 2)
    assert "**Step 1, agreed**: agreed on all 10 statements." in shown_text(show(team, plan=plan))


def test_individuals_are_counted_on_each_side_of_25_and_as_not_finished():
    """How many individuals' own complete Step 1 totals are at or above 25, below it, and not finished."""
    at = show([("a", "teacher", everything(3)), ("b", "teacher", everything(3)), ("c", "teacher", everything(1)),
               ("d", "other", {"CR1": 4})])
    shown = metrics(at)
    assert ("2", "1", "1") == (shown["At or above 25"], shown["Below 25"], shown["Not finished Step 1"])


def test_while_a_statement_has_no_rating_the_total_and_recommendation_are_waiting():
    """No total or family until every statement has a rating from someone or an agreed one: the view says so."""
    at = show([("a", "teacher", {i: 4 for i in EVERY_CR[:-1]}), ("b", "teacher", {"CR1": 4})])
    shown = metrics(at)
    assert "– of 40" == shown["Team total, Step 1"]
    assert "Waiting" == shown["Step 1 points to"]
    assert "9 at the team's mean rating; 1 with no rating at all" in shown_text(at)


def test_an_empty_team_shows_zeros_and_waits_without_an_error():
    """A team nobody has joined yet: 0 joined, 0 of 0 finished, totals waiting, and no exception."""
    at = show([])
    shown = metrics(at)
    assert ("0", "0 of 0", "0 of 0") == (shown["Joined"], shown["Finished Step 1"], shown["Finished Step 3"])
    text = shown_text(at)
    assert "agreed on 0 of 10 statements; 10 with no rating at all" in text
    assert "nobody has rated one yet" in text
    assert "No role's means are shown yet." in text


# A step: radar, flagged statements, table ------------------------------------------------------------


def test_a_split_statement_is_flagged_with_the_rule_and_its_reason():
    """Trust & open dialogue rated 1 and 4 by a team of four: the rule's sentence, then the statement and why."""
    team = [("a", "teacher", everything(3, CR3=1)), ("b", "teacher", everything(3, CR3=4)),
            ("c", "teacher", everything(3, CR3=1)), ("d", "teacher", everything(3, CR3=4))]
    text = shown_text(show(team))
    split = GUIDE.team.split
    assert split.sentence in text
    reasons = f"{split.both_sides_reason}, {split.extremes_reason}"
    assert f"**3. Trust & open dialogue**: {reasons} (mean 2.5, range 1-4)" in text


def test_when_nothing_is_split_the_view_says_so():
    at = show([("a", "teacher", everything(3)), ("b", "teacher", everything(4))])
    assert "No statement is flagged for discussion." in shown_text(at)


def test_the_steps_table_holds_the_radars_numbers():
    """Per statement: mean, range, how many gave each rating, how many have not rated it, why it is flagged."""
    team = [("a", "teacher", {"CR1": 1, "CR2": 2}), ("b", "teacher", {"CR1": 4, "CR2": 3}), ("c", "teacher", {})]
    at = show(team)
    table = tables(at)[0]
    first = table.iloc[0]
    assert (1, "Informal teacher leadership", 2.5, "1-4") == (first["#"], first["Statement"], first["Mean"],
                                                              first["Range"])
    assert (1, 0, 0, 1, 1) == tuple(first[c] for c in ("1", "2", "3", "4", GUIDE.rating_scale.not_rated))
    assert "a 1 and a 4" in first["Discuss"]
    assert [2.5, 2.5] == radar_means(at)[:2]


def test_a_newer_picture_redraws_the_same_radar_with_the_new_means():
    """The next refresh (a newer team) reshapes the session's radar: its points are the newer means."""
    at = show([("a", "teacher", {"CR1": 1})])
    assert 1 == radar_means(at)[0]
    at.session_state["raters"] = [("a", "teacher", {"CR1": 1}), ("b", "teacher", {"CR1": 4, "CR2": 2})]
    at.run()
    assert not at.exception
    assert [2.5, 2] == radar_means(at)[:2]


# Roles ----------------------------------------------------------------------------------------------


def test_the_role_table_has_a_column_per_role_with_its_size():
    """Roles with two or more members side by side, headed "label (n=members)", with their means."""
    team = [("a", "teacher", everything(4)), ("b", "teacher", everything(3)),
            ("c", "school_admin", everything(2)), ("d", "school_admin", everything(2))]
    roles = tables(show(team))[1]
    assert {"Teacher (n=2)", "School administrator (n=2)"} <= set(roles.columns)
    assert (3.5, 2.0) == (roles.iloc[0]["Teacher (n=2)"], roles.iloc[0]["School administrator (n=2)"])


def test_roles_apart_are_listed_with_the_rule_and_the_perceptions_quote():
    team = [("a", "teacher", everything(4)), ("b", "teacher", everything(3)),
            ("c", "school_admin", everything(2)), ("d", "school_admin", everything(2))]
    text = shown_text(show(team))
    assert GUIDE.team.role_gap.sentence in text
    assert "**1. Informal teacher leadership**: Teacher 3.5, School administrator 2.0 (1.5 apart)" in text
    assert GUIDE.team.perceptions.text in text
    assert GUIDE.team.perceptions.source in text


def test_a_role_with_a_single_member_is_left_out_with_the_note():
    """The union leader alone is not shown; the note says how many roles were left out, and why."""
    team = [("a", "teacher", everything(4)), ("b", "teacher", everything(3)), ("c", "union_leader", everything(1))]
    at = show(team)
    assert GUIDE.team.left_out_note.format(count=1) in shown_text(at)
    assert not any("Union leader" in c for c in tables(at)[1].columns)


def test_a_single_member_role_is_shown_when_the_facilitator_allows_it():
    team = [("a", "teacher", everything(4)), ("b", "teacher", everything(3)), ("c", "union_leader", everything(1))]
    at = show(team, show_single_roles=True)
    assert "Union leader (n=1)" in tables(at)[1].columns
    assert GUIDE.team.left_out_note.format(count=1) not in shown_text(at)


def test_many_roles_are_listed_one_a_row_so_no_label_is_cut():
    """Seven roles' labels cannot share a 1024 px screen as columns: each role is a row, each statement
    a column by its number."""
    roles = [r.id for r in GUIDE.team.roles] + [""]
    at = show([(f"{role}{n}", role, everything(n + 2)) for role in roles for n in range(2)])
    by_role = tables(at)[1]
    assert [f"{r.label} (n=2)" for r in GUIDE.team.roles] + ["Role not given (n=2)"] == list(by_role["Role"])
    assert [str(n) for n in range(1, 11)] == list(by_role.columns[1:])
    assert [2.5] * 7 == list(by_role["1"])


# What is never shown ----------------------------------------------------------------------------------


def test_no_participant_id_appears_anywhere_and_nothing_is_an_input_widget():
    """The view shows no participant's id (the picture has none) and holds no input widget."""
    team = [("Ana-Lopez", "teacher", everything(4)), ("Bo-Smith", "teacher", everything(1)),
            ("Cy-Jones", "school_admin", everything(2))]
    at = show(team)
    everything_shown = shown_text(at) + "".join(t.to_csv() for t in tables(at))
    everything_shown += "".join(c.proto.spec for c in at.get("plotly_chart"))
    for name in ("Ana", "Bo-Smith", "Cy-Jones"):
        assert name not in everything_shown
    assert {} == {kind: len(getattr(at, kind)) for kind in WIDGETS if len(getattr(at, kind))}


def test_text_from_the_data_reaches_markdown_escaped():
    """A statement's short label with Markdown in it is shown as typed (through plain), in the flagged list
    and among the roles apart."""
    label = "*Trust* [me](http://x) <b>"
    cr = GUIDE.cultural_readiness
    statements = [cr.statements[0].model_copy(update={"short": label}), *cr.statements[1:]]
    guide = GUIDE.model_copy(update={"cultural_readiness": cr.model_copy(update={"statements": statements})})
    team = [("a", "teacher", everything(4, CR1=1)), ("b", "teacher", everything(4, CR1=1)),
            ("c", "school_admin", everything(4)), ("d", "school_admin", everything(4))]
    at = AppTest.from_function(team_page, args=(team, False, guide), default_timeout=30).run()
    assert not at.exception
    markdown = [m.value for m in at.markdown if "Trust" in m.value]
    assert 2 == len(markdown)
    assert all(f"**1. {plain(label)}**" in m for m in markdown)
