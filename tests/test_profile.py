"""The strategy profile: elements that low ratings point to come first, each with the guide's reason."""

from __future__ import annotations

import pytest

from dlcore import load_guide
from dlcore.content import CULTURAL_READINESS_IDS, STRATEGY_PROFILE_IDS
from dlcore.profile import strategy_profile

GUIDE = load_guide()
RULES = GUIDE.implementation_planning.focus_rules


def flagged(ratings: dict[str, int]) -> list[str]:
    return [v.element.id for v in strategy_profile(ratings, GUIDE) if v.flagged]


def order(ratings: dict[str, int]) -> list[str]:
    return [v.element.id for v in strategy_profile(ratings, GUIDE)]


# The guide's two examples ---------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "element"),
    [("CR10", "description"), ("IR8", "stakeholders")],
)
@pytest.mark.parametrize("rating", [1, 2])
def test_a_low_rating_flags_the_element_the_guide_names(statement, element, rating):
    """Shared vision (CR10) rated 1-2 flags description; stakeholder relationships (IR8) flag stakeholders."""
    assert [element] == flagged({statement: rating})


@pytest.mark.parametrize("statement", ["CR10", "IR8"])
@pytest.mark.parametrize("rating", [3, 4])
def test_agreement_flags_nothing(statement, rating):
    """A rating of 3 or 4 is agreement: no element is flagged."""
    assert [] == flagged({statement: rating})


def test_nothing_rated_flags_nothing():
    """An unrated statement is not a low rating: with no ratings no element is flagged."""
    views = strategy_profile({}, GUIDE)
    assert list(STRATEGY_PROFILE_IDS) == [v.element.id for v in views]
    assert [] == [v.element.id for v in views if v.flagged or v.focus]


def test_statements_without_a_rule_flag_nothing():
    """CR1, CR2 and CR4 have no focus rule: rating them 1 changes nothing."""
    ruled = {r.statement for r in RULES}
    unruled = [i for i in CULTURAL_READINESS_IDS if i not in ruled]
    assert ["CR1", "CR2", "CR4"] == unruled
    assert [] == flagged(dict.fromkeys(unruled, 1))


# Order ------------------------------------------------------------------------------


def test_with_nothing_flagged_the_elements_keep_the_guides_order():
    """All seven elements, in the order of the guide."""
    assert list(STRATEGY_PROFILE_IDS) == order({"CR10": 4, "IR8": 3})


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ({"IR8": 1}, ["stakeholders", "description", "leader", "success", "evidence", "milestones", "risks"]),
        (
            {"IR8": 1, "CR10": 2},
            ["description", "stakeholders", "leader", "success", "evidence", "milestones", "risks"],
        ),
        (
            {"IR8": 2, "IR4": 1, "IR2": 2},
            ["leader", "milestones", "stakeholders", "description", "success", "evidence", "risks"],
        ),
    ],
)
def test_flagged_elements_come_first_then_the_rest_each_in_the_guides_order(ratings, expected):
    """Flagged elements are brought forward; within each group the guide's order holds."""
    assert expected == order(ratings)


# Reasons ------------------------------------------------------------------------------


def test_every_focus_reason_is_shown():
    """With every ruled statement rated 1, each rule's reason appears once, under its element."""
    views = strategy_profile({r.statement: 1 for r in RULES}, GUIDE)
    shown = [(f.statement_id, v.element.id, f.reason) for v in views for f in v.focus]
    assert sorted((r.statement, r.element, r.reason) for r in RULES) == sorted(shown)


def test_several_reasons_for_one_element_are_all_shown_in_the_rules_order():
    """Stakeholders, pointed to by CR3, CR6, IR7 and IR8, shows all four reasons."""
    views = strategy_profile({"CR3": 2, "CR6": 1, "IR7": 2, "IR8": 1}, GUIDE)
    stakeholders = next(v for v in views if v.element.id == "stakeholders")
    expected = [r.reason for r in RULES if r.element == "stakeholders"]
    assert 4 == len(expected)
    assert expected == [f.reason for f in stakeholders.focus]


@pytest.mark.parametrize(("statement", "step"), [("CR10", 1), ("IR8", 3)])
@pytest.mark.parametrize("rating", [1, 2])
def test_a_focus_says_which_step_and_rating_it_comes_from(statement, step, rating):
    """A focus names the statement, the step it was rated in (1 or 3) and the rating."""
    view = strategy_profile({statement: rating}, GUIDE)[0]
    assert [(statement, step, rating)] == [(f.statement_id, f.step, f.rating) for f in view.focus]


def test_the_element_view_holds_the_guides_element():
    """Each view carries the element itself (name and tips), so the page renders data, not ids."""
    view = strategy_profile({}, GUIDE)[0]
    assert GUIDE.element("description") == view.element
