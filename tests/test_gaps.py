"""Step 4 gap areas: proposed from low Step 1 ratings, then the user's own once chosen or written on."""

from __future__ import annotations

import pytest

from dlcore import load_guide
from dlcore.content import CULTURAL_READINESS_IDS
from dlcore.gaps import change_gap_areas, chosen_gap_areas, propose_gap_areas, reflect_on_gap
from dlcore.responses import Responses

GUIDE = load_guide()


def rated(default: int, **ratings: int) -> dict[str, int]:
    """All ten Step 1 statements rated ``default``, except those given."""
    return {**dict.fromkeys(CULTURAL_READINESS_IDS, default), **ratings}


def ids(proposal) -> tuple[str, ...]:
    return tuple(s.id for s in proposal.statements)


# The proposal ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        # lowest first: the 1s, then the 2s
        (rated(4, CR8=2, CR4=1), ("CR4", "CR8")),
        # ties keep the guide's order
        (rated(3, CR9=2, CR2=2, CR6=2), ("CR2", "CR6", "CR9")),
        # at most three, lowest first, then the guide's order
        (rated(4, CR1=2, CR2=1, CR3=2, CR4=1, CR5=2), ("CR2", "CR4", "CR1")),
        (dict.fromkeys(CULTURAL_READINESS_IDS, 1), ("CR1", "CR2", "CR3")),
        # only one low rating: only one gap area
        (rated(3, CR10=2), ("CR10",)),
        # a low rating among unrated statements
        ({"CR7": 1}, ("CR7",)),
    ],
)
def test_the_proposal_is_the_statements_rated_1_or_2_lowest_first(ratings, expected):
    """Statements rated 1 or 2, lowest first, ties in the guide's order, up to three."""
    proposal = propose_gap_areas(ratings, GUIDE)
    assert expected == ids(proposal)
    assert proposal.below_agreement


def test_a_rating_of_3_is_not_a_gap_when_a_rating_of_2_exists():
    """With some statements rated 2, statements rated 3 are not offered, even to fill three places."""
    assert ("CR5",) == ids(propose_gap_areas(rated(3, CR5=2), GUIDE))


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        (rated(4, CR6=3, CR9=3), ("CR6", "CR9")),
        (rated(3), ("CR1", "CR2", "CR3")),
        (rated(4), ("CR1", "CR2", "CR3")),
        ({"CR4": 4, "CR2": 3, "CR8": 3, "CR3": 3, "CR1": 3}, ("CR1", "CR2", "CR3")),
        ({"CR5": 4}, ("CR5",)),
    ],
)
def test_with_nothing_rated_1_or_2_the_lowest_rated_are_offered(ratings, expected):
    """A team that agreed with everything is offered its lowest-rated statements, not below agreement."""
    proposal = propose_gap_areas(ratings, GUIDE)
    assert expected == ids(proposal)
    assert not proposal.below_agreement


def test_with_nothing_rated_nothing_is_proposed():
    """No ratings, no proposal: an unrated statement is not a gap."""
    proposal = propose_gap_areas({}, GUIDE)
    assert () == proposal.statements
    assert not proposal.below_agreement


def test_unrated_statements_are_never_proposed_as_low():
    """Nine statements rated 3 and one unrated: the unrated one is not taken for a 1."""
    ratings = dict.fromkeys(CULTURAL_READINESS_IDS[:9], 3)
    assert "CR10" not in ids(propose_gap_areas(ratings, GUIDE))


def test_step_3_ratings_are_not_gap_areas():
    """Implementation readiness ratings of 1 in the same dict are not proposed."""
    assert ("CR2",) == ids(propose_gap_areas({"IR1": 1, "IR2": 1, "CR2": 2}, GUIDE))


def test_the_number_of_gap_areas_comes_from_the_data():
    """With gap_limit 2 in the data, at most two statements are proposed."""
    planning = GUIDE.implementation_planning.model_copy(update={"gap_limit": 2})
    guide = GUIDE.model_copy(update={"implementation_planning": planning})
    assert ("CR1", "CR2") == ids(propose_gap_areas(dict.fromkeys(CULTURAL_READINESS_IDS, 1), guide))


def test_the_proposal_holds_the_guides_statements():
    """The proposal carries the statements themselves, so a page can show their text."""
    proposal = propose_gap_areas({"CR3": 1}, GUIDE)
    assert (GUIDE.statement("CR3"),) == proposal.statements


# The chosen gap areas --------------------------------------------------------------


def test_without_a_choice_the_gap_areas_are_the_proposal():
    """gap_areas None follows the proposal from the Step 1 ratings."""
    assert ["CR4", "CR8"] == chosen_gap_areas(None, rated(4, CR8=2, CR4=1), GUIDE)


@pytest.mark.parametrize("choice", [["CR9", "CR1"], ["CR10"], []])
def test_the_users_choice_is_kept_whatever_the_ratings(choice):
    """An explicit choice, even an empty one, is shown as chosen and in the chosen order."""
    assert choice == chosen_gap_areas(choice, rated(4, CR8=2, CR4=1), GUIDE)


def test_the_chosen_gap_areas_are_a_copy():
    """Changing the returned list does not change the user's choice."""
    choice = ["CR2"]
    chosen_gap_areas(choice, {}, GUIDE).append("CR3")
    assert ["CR2"] == choice


# Reflecting on a gap ---------------------------------------------------------------


def test_the_first_reflection_pins_the_proposal():
    """Writing on a proposed gap makes the proposal the user's own choice and keeps the text."""
    responses = Responses(cultural_readiness=rated(4, CR2=1, CR5=2))
    reflect_on_gap(responses, "CR2", "Build trust first.", GUIDE)
    assert ["CR2", "CR5"] == responses.gap_areas
    assert {"CR2": "Build trust first."} == responses.gap_reflections


def test_a_pinned_gap_list_does_not_move_when_a_rating_changes():
    """After a reflection, changing a Step 1 rating leaves the gap areas (and the text) on screen."""
    responses = Responses(cultural_readiness=rated(4, CR2=1, CR5=2))
    reflect_on_gap(responses, "CR2", "Build trust first.", GUIDE)
    responses.rate("CR2", 4)
    assert ["CR2", "CR5"] == chosen_gap_areas(responses.gap_areas, responses.cultural_readiness, GUIDE)


def test_reflecting_keeps_an_existing_choice():
    """When the user has already chosen, a reflection does not replace the choice with the proposal."""
    responses = Responses(cultural_readiness=rated(4, CR2=1), gap_areas=["CR7"])
    reflect_on_gap(responses, "CR7", "Plan the pay.", GUIDE)
    assert ["CR7"] == responses.gap_areas
    assert {"CR7": "Plan the pay."} == responses.gap_reflections


def test_an_empty_reflection_removes_the_text_but_keeps_the_choice():
    """Clearing a reflection removes it; the gap list stays the user's."""
    responses = Responses(cultural_readiness=rated(4, CR2=1))
    reflect_on_gap(responses, "CR2", "draft", GUIDE)
    reflect_on_gap(responses, "CR2", "", GUIDE)
    assert {} == responses.gap_reflections
    assert ["CR2"] == responses.gap_areas


def test_change_gap_areas_keeps_areas_with_a_reflection():
    """An area with typed reflection stays; an empty one goes; the kept ids are returned."""
    r = Responses()
    r.choose_gap_areas(["CR1", "CR2", "CR3"])
    r.write("gap_reflections", "CR2", "Our plan")
    assert ["CR2"] == change_gap_areas(r, ["CR3"])
    assert ["CR3", "CR2"] == r.gap_areas
