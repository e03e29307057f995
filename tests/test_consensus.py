"""The team's figures from its consensus ratings: provisional until every statement is agreed, with the
statements' means standing in, and Step 1's recommendation from the same threshold as everyone's."""

from __future__ import annotations

from fractions import Fraction

from dlcore import load_guide
from dlcore.consensus import team_figure
from dlcore.team import Rater, aggregate

GUIDE = load_guide()
CR = GUIDE.cultural_readiness
IR = GUIDE.implementation_readiness


def picture(*ratings: dict[str, int]):
    return aggregate([Rater(f"participant {n}", "", r) for n, r in enumerate(ratings, 1)], GUIDE)


def test_with_every_statement_agreed_the_total_is_the_consensus_and_not_provisional():
    team = picture({f"CR{n}": 1 for n in range(1, 11)}, {f"CR{n}": 3 for n in range(1, 11)})  # means 2: 20
    agreed = {f"CR{n}": 3 for n in range(1, 11)}
    figure = team_figure(team.cultural_readiness, agreed, CR, GUIDE)
    assert (Fraction(30), False, "30.0") == (figure.total, figure.provisional, figure.shown_total)
    assert CR.threshold.at_or_above == figure.family  # 30 >= 25, where the means' 20 is below
    assert CR.threshold.below == team.cultural_readiness.recommendation.family  # beside it, unchanged
    assert "agreed on all 10 statements" == figure.based_on()


def test_until_all_are_agreed_the_means_stand_in_and_the_figure_says_so():
    team = picture({f"CR{n}": 2 for n in range(1, 11)}, {f"CR{n}": 3 for n in range(1, 11)})  # means 2.5
    figure = team_figure(team.cultural_readiness, {"CR1": 4, "CR2": 4}, CR, GUIDE)
    assert Fraction(8) + 8 * Fraction(5, 2) == figure.total  # 28
    assert figure.provisional and ("CR1", "CR2") == figure.agreed
    assert "agreed on 2 of 10 statements; 8 at the team's mean rating" == figure.based_on()
    assert CR.threshold.at_or_above == figure.family


def test_a_statement_nobody_rated_and_nobody_agreed_leaves_no_total():
    team = picture({"CR1": 3})
    figure = team_figure(team.cultural_readiness, {"CR2": 2}, CR, GUIDE)
    assert (None, None, None) == (figure.total, figure.family, figure.shown_total)
    assert ("CR3", "CR4", "CR5", "CR6", "CR7", "CR8", "CR9", "CR10") == figure.missing
    assert "agreed on 1 of 10 statements; 1 at the team's mean rating; 8 with no rating at all" == figure.based_on()


def test_the_total_is_cut_not_rounded_so_it_never_shows_the_other_side_of_the_threshold():
    team = picture({f"CR{n}": 2 for n in range(1, 11)}, {f"CR{n}": 3 for n in range(1, 11)},
                   {f"CR{n}": 3 for n in range(1, 11)})  # means 8/3
    agreed = {f"CR{n}": 2 for n in range(1, 9)}  # 16, and two at 8/3: 21.33...
    figure = team_figure(team.cultural_readiness, agreed, CR, GUIDE)
    assert "21.3" == figure.shown_total and CR.threshold.below == figure.family


def test_step_3_has_a_total_and_no_family():
    team = picture({f"IR{n}": 1 for n in range(1, 9)})
    figure = team_figure(team.implementation_readiness, {f"IR{n}": 4 for n in range(1, 9)}, IR, GUIDE)
    assert (Fraction(32), None, False) == (figure.total, figure.family, figure.provisional)
