"""Step totals and the Step 1 recommendation: complete before it speaks, threshold from the data."""

from __future__ import annotations

import pytest

from dlcore import load_guide
from dlcore.content import CULTURAL_READINESS_IDS, IMPLEMENTATION_READINESS_IDS, Guide
from dlcore.scoring import (
    cultural_readiness,
    implementation_readiness,
    recommend_approach,
    score,
    suggested_approach,
)

GUIDE = load_guide()


def ratings_with_total(total: int) -> dict[str, int]:
    """All ten Step 1 statements rated, adding up to ``total`` (10 to 40)."""
    assert 10 <= total <= 40
    ratings = dict.fromkeys(CULTURAL_READINESS_IDS, 1)
    extra = total - 10
    for item_id in CULTURAL_READINESS_IDS:
        step = min(3, extra)
        ratings[item_id] += step
        extra -= step
    assert total == sum(ratings.values())
    return ratings


def guide_with_threshold(**changes) -> Guide:
    """The app's guide with the Step 1 threshold changed, as another data file would give."""
    section = GUIDE.cultural_readiness
    threshold = section.threshold.model_copy(update=changes)
    return GUIDE.model_copy(update={"cultural_readiness": section.model_copy(update={"threshold": threshold})})


# Totals and counts ---------------------------------------------------------------


def test_the_total_adds_up_only_the_rated_statements():
    """Two ratings, 4 and 3, give a total of 7 with 2 of 10 rated."""
    result = cultural_readiness({"CR1": 4, "CR2": 3}, GUIDE)
    assert 7 == result.total
    assert 2 == result.rated
    assert 10 == result.of
    assert not result.complete


def test_the_unrated_statements_are_listed_in_the_guides_order():
    """Statements left unrated are returned in the order of the guide."""
    result = cultural_readiness({"CR2": 2, "CR5": 4}, GUIDE)
    expected = tuple(i for i in CULTURAL_READINESS_IDS if i not in ("CR2", "CR5"))
    assert expected == tuple(s.id for s in result.unrated)


def test_nothing_rated_is_a_total_of_zero_with_every_statement_unrated():
    """With no ratings the total is 0 and all ten statements are unrated (not ten ratings of 1)."""
    result = cultural_readiness({}, GUIDE)
    assert (0, 0, 10) == (result.total, result.rated, result.of)
    assert CULTURAL_READINESS_IDS == tuple(s.id for s in result.unrated)


def test_a_complete_step_1_is_complete_and_lists_nothing_unrated():
    """Ten ratings make the score complete."""
    result = cultural_readiness(ratings_with_total(25), GUIDE)
    assert result.complete
    assert () == result.unrated


@pytest.mark.parametrize(
    ("which", "of", "highest"),
    [(cultural_readiness, 10, 40), (implementation_readiness, 8, 32)],
)
def test_the_highest_possible_total_is_four_per_statement(which, of, highest):
    """Step 1 can reach 40, Step 3 can reach 32."""
    result = which({}, GUIDE)
    assert of == result.of
    assert highest == result.highest_possible


def test_implementation_readiness_counts_the_eight_step_3_statements():
    """All eight Step 3 ratings of 2 give 16, complete."""
    result = implementation_readiness(dict.fromkeys(IMPLEMENTATION_READINESS_IDS, 2), GUIDE)
    assert (16, 8, 8) == (result.total, result.rated, result.of)
    assert result.complete


def test_ratings_of_the_other_step_do_not_count():
    """Step 1 and Step 3 ratings may share one dict; each total counts its own statements only."""
    ratings = {"CR1": 4, "IR1": 1, "IR2": 1}
    assert 4 == cultural_readiness(ratings, GUIDE).total
    assert 2 == implementation_readiness(ratings, GUIDE).total


def test_score_of_an_empty_statement_list_is_complete_and_zero():
    """score() over no statements is a complete total of 0."""
    result = score({"CR1": 4}, [])
    assert (0, 0, 0) == (result.total, result.rated, result.of)
    assert result.complete


# The recommendation ----------------------------------------------------------------


@pytest.mark.parametrize("rated", range(10))
def test_there_is_no_recommendation_until_all_ten_are_rated(rated):
    """Nine statements rated 4 (36 points, above the threshold) still recommend nothing."""
    ratings = dict.fromkeys(CULTURAL_READINESS_IDS[:rated], 4)
    assert recommend_approach(ratings, GUIDE) is None


def test_not_yet_rated_is_never_counted_as_one():
    """Nine ratings of 4 total 36, not 37, and recommend nothing: the missing one is not a 1."""
    ratings = dict.fromkeys(CULTURAL_READINESS_IDS[:9], 4)
    assert 36 == cultural_readiness(ratings, GUIDE).total
    assert recommend_approach(ratings, GUIDE) is None
    assert suggested_approach(ratings, GUIDE) is None


@pytest.mark.parametrize(
    ("total", "family"),
    [
        (10, "non_evaluative"),  # all strongly disagree
        (24, "non_evaluative"),  # one below the threshold
        (25, "evaluative"),  # at the threshold
        (26, "evaluative"),
        (40, "evaluative"),  # all strongly agree
    ],
)
def test_the_recommendation_follows_the_threshold_of_25(total, family):
    """A complete Step 1 total of 25 or more points to evaluative, below 25 to non-evaluative."""
    recommendation = recommend_approach(ratings_with_total(total), GUIDE)
    assert family == recommendation.family
    assert total == recommendation.total
    assert 25 == recommendation.threshold


def test_the_ratings_of_step_3_do_not_change_the_recommendation():
    """Step 3 ratings in the same dict neither complete Step 1 nor move its total."""
    ratings = {**dict.fromkeys(CULTURAL_READINESS_IDS[:9], 1), **dict.fromkeys(IMPLEMENTATION_READINESS_IDS, 4)}
    assert recommend_approach(ratings, GUIDE) is None
    ratings["CR10"] = 1
    assert "non_evaluative" == recommend_approach(ratings, GUIDE).family


@pytest.mark.parametrize(
    ("total", "family"),
    [(25, "non_evaluative"), (29, "non_evaluative"), (30, "evaluative"), (40, "evaluative")],
)
def test_the_threshold_comes_from_the_data(total, family):
    """With the data's threshold set to 30, a total of 25 to 29 points to non-evaluative."""
    guide = guide_with_threshold(at_least=30)
    recommendation = recommend_approach(ratings_with_total(total), guide)
    assert family == recommendation.family
    assert 30 == recommendation.threshold


def test_the_families_on_either_side_of_the_threshold_come_from_the_data():
    """Swapping the families in the data swaps the recommendation."""
    guide = guide_with_threshold(at_or_above="non_evaluative", below="evaluative")
    assert "non_evaluative" == recommend_approach(ratings_with_total(40), guide).family
    assert "evaluative" == recommend_approach(ratings_with_total(10), guide).family


def test_changing_a_copy_of_the_guide_leaves_the_app_guide_alone():
    """model_copy gives a new guide; the loaded guide keeps the threshold of 25."""
    guide_with_threshold(at_least=30)
    assert 25 == load_guide().cultural_readiness.threshold.at_least


# The suggested approach ---------------------------------------------------------------


@pytest.mark.parametrize(("total", "family"), [(10, "non_evaluative"), (24, "non_evaluative"), (25, "evaluative")])
def test_the_suggested_approach_is_the_first_model_of_the_recommended_family(total, family):
    """Step 3 preselects the first model the guide lists in the recommended family."""
    assert GUIDE.family(family).models[0].id == suggested_approach(ratings_with_total(total), GUIDE)


@pytest.mark.parametrize(("total", "approach"), [(24, "instructional_coaches"), (25, "par")])
def test_the_suggested_approaches_of_the_guide_are_coaches_and_par(total, approach):
    """With the guide's data: below 25 instructional coaches, at 25 peer assistance and review."""
    assert approach == suggested_approach(ratings_with_total(total), GUIDE)


def test_there_is_no_suggested_approach_on_an_incomplete_step_1():
    """Nothing is preselected until Step 1 is complete."""
    assert suggested_approach({}, GUIDE) is None
