"""One person's answers: ratings 1-4 or not yet rated, texts that disappear when emptied."""

from __future__ import annotations

import pytest

from dlcore.responses import Responses

# Ratings ----------------------------------------------------------------------------


@pytest.mark.parametrize(("item_id", "field"), [("CR3", "cultural_readiness"), ("IR5", "implementation_readiness")])
@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_a_rating_is_kept_with_its_step(item_id, field, rating):
    """rate() keeps a CR rating in Step 1 and an IR rating in Step 3."""
    responses = Responses()
    responses.rate(item_id, rating)
    assert rating == responses.rating(item_id)
    assert {item_id: rating} == getattr(responses, field)


def test_an_unrated_statement_has_no_rating():
    """Not yet rated is None, not 0 or 1."""
    assert Responses().rating("CR1") is None


def test_rating_none_takes_a_statement_back_to_not_yet_rated():
    """rate(..., None) removes the rating instead of storing a value."""
    responses = Responses()
    responses.rate("CR1", 2)
    responses.rate("CR1", None)
    assert responses.rating("CR1") is None
    assert {} == responses.cultural_readiness


def test_unrating_an_unrated_statement_is_harmless():
    """Taking back a rating that was never given changes nothing."""
    responses = Responses()
    responses.rate("IR8", None)
    assert responses.is_blank()


def test_rating_again_replaces_the_rating():
    """The last rating given is the one kept."""
    responses = Responses()
    responses.rate("CR4", 1)
    responses.rate("CR4", 4)
    assert 4 == responses.rating("CR4")


@pytest.mark.parametrize("rating", [0, 5, -1, 2.5, "3", 10])
def test_a_rating_outside_1_to_4_is_refused(rating):
    """Only 1, 2, 3 and 4 are ratings; anything else raises ValueError and changes nothing."""
    responses = Responses()
    with pytest.raises(ValueError, match="a rating is 1, 2, 3 or 4"):
        responses.rate("CR1", rating)
    assert responses.is_blank()


@pytest.mark.parametrize("item_id", ["CR11", "CR0", "IR9", "cr1", "EV-purpose", "description", ""])
def test_rating_an_unknown_statement_raises(item_id):
    """Only CR1..CR10 and IR1..IR8 can be rated."""
    with pytest.raises(KeyError, match="not a rated statement"):
        Responses().rate(item_id, 3)


def test_asking_for_the_rating_of_an_unknown_statement_raises():
    """rating() of an id outside the contract raises instead of answering not yet rated."""
    with pytest.raises(KeyError):
        Responses().rating("CR11")


# Approach ---------------------------------------------------------------------------


@pytest.mark.parametrize("approach", ["par", "secondary_evaluators", "instructional_coaches", "collaborative_learning"])
def test_each_of_the_four_approaches_can_be_chosen(approach):
    """The four model ids of the contract are the choices."""
    responses = Responses()
    responses.choose_approach(approach)
    assert approach == responses.approach


def test_choosing_no_approach_clears_the_choice():
    """choose_approach(None) goes back to not chosen."""
    responses = Responses(approach="par")
    responses.choose_approach(None)
    assert responses.approach is None


@pytest.mark.parametrize("approach", ["PAR", "peer_review", "evaluative", ""])
def test_an_unknown_approach_is_refused(approach):
    """Anything but the four ids raises ValueError."""
    with pytest.raises(ValueError, match="unknown approach"):
        Responses().choose_approach(approach)


# Texts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "item_id"),
    [
        ("key_questions", "EV-purpose"),
        ("key_questions", "NE-supports"),
        ("rationales", "IR1"),
        ("gap_reflections", "CR10"),
        ("strategy_profile", "stakeholders"),
    ],
)
def test_written_text_is_kept_under_its_item(step, item_id):
    """write() keeps the text exactly as typed, under the item's id."""
    responses = Responses()
    responses.write(step, item_id, "  Our answer, as typed.\n")
    assert {item_id: "  Our answer, as typed.\n"} == getattr(responses, step)


def test_writing_empty_text_removes_the_answer():
    """An emptied text area leaves no answer behind (not an empty string)."""
    responses = Responses()
    responses.write("strategy_profile", "leader", "Dr. Rivera")
    responses.write("strategy_profile", "leader", "")
    assert {} == responses.strategy_profile
    assert responses.is_blank()


def test_writing_empty_text_for_an_unanswered_item_is_harmless():
    """Removing an answer that was never written changes nothing."""
    responses = Responses()
    responses.write("rationales", "IR2", "")
    assert responses.is_blank()


@pytest.mark.parametrize(
    ("step", "item_id"),
    [
        ("key_questions", "EV-vision"),
        ("key_questions", "IR1"),
        ("rationales", "CR11"),  # CR1 takes a team plan's note of what was agreed
        ("gap_reflections", "IR1"),
        ("gap_reflections", "CR11"),
        ("strategy_profile", "vision"),
    ],
)
def test_writing_to_an_item_outside_the_step_raises(step, item_id):
    """Each step takes text for its own ids only."""
    with pytest.raises(KeyError, match=f"{item_id} is not an item of {step}"):
        Responses().write(step, item_id, "text")


def test_writing_to_an_unknown_step_raises():
    """A step name outside the four text steps raises KeyError."""
    with pytest.raises(KeyError):
        Responses().write("cultural_readiness", "CR1", "text")


# Gap areas ------------------------------------------------------------------------------


def test_chosen_gap_areas_keep_their_order_without_repeats():
    """choose_gap_areas keeps the first occurrence of each id, in the order given."""
    responses = Responses()
    responses.choose_gap_areas(["CR5", "CR2", "CR5"])
    assert ["CR5", "CR2"] == responses.gap_areas


def test_choosing_no_gap_areas_goes_back_to_the_proposal():
    """choose_gap_areas(None) means: follow the proposal again."""
    responses = Responses(gap_areas=["CR1"])
    responses.choose_gap_areas(None)
    assert responses.gap_areas is None


@pytest.mark.parametrize("statement_ids", [["IR1"], ["CR1", "CR11"], ["description"]])
def test_gap_areas_must_be_step_1_statements(statement_ids):
    """Only CR ids can be gap areas; the unknown ones are named."""
    with pytest.raises(ValueError, match="not cultural readiness statements"):
        Responses().choose_gap_areas(statement_ids)


# Blank ------------------------------------------------------------------------------------


def test_a_new_responses_is_blank():
    """Nothing answered, nobody named: blank."""
    assert Responses().is_blank()


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.rate("CR1", 1),
        lambda r: r.rate("IR8", 4),
        lambda r: r.choose_approach("par"),
        lambda r: r.write("key_questions", "NE-vision", "x"),
        lambda r: r.write("rationales", "IR3", "x"),
        lambda r: r.write("gap_reflections", "CR3", "x"),
        lambda r: r.write("strategy_profile", "risks", "x"),
        lambda r: r.choose_gap_areas(["CR3"]),
        lambda r: setattr(r, "respondent", "Jordan"),
        lambda r: setattr(r, "role", "Teacher"),
    ],
)
def test_any_answer_or_name_makes_responses_not_blank(change):
    """A single rating, choice, text or name is something a reset could lose."""
    responses = Responses()
    change(responses)
    assert not responses.is_blank()


def test_responses_are_blank_again_when_every_answer_is_taken_back():
    """Rating and unrating, writing and erasing leave a blank Responses."""
    responses = Responses()
    responses.rate("CR1", 3)
    responses.write("key_questions", "EV-training", "x")
    responses.rate("CR1", None)
    responses.write("key_questions", "EV-training", "")
    assert responses.is_blank()


def test_two_responses_do_not_share_their_answers():
    """Each Responses has its own dicts (no shared mutable default)."""
    first, second = Responses(), Responses()
    first.rate("CR1", 4)
    assert second.is_blank()
