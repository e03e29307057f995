"""The facilitator records the team's consensus: for each statement, the rating the team agrees on after
discussing the votes, and what was agreed, beside that statement's spread (flagged statements first).

The consensus ratings are the team plan's own Step 1 and Step 3 ratings (dlcore.consensus), and the notes
its rationales, so they are saved per item like any answer: two facilitators on the link keep each
other's. Drawn outside the view's timed fragment (input widgets lose their state in one), one fragment per
statement so that recording one redraws only it; the projected totals catch up within a second.
"""

from __future__ import annotations

import streamlit as st

from dlcore.content import Guide, Statement
from dlcore.team import StatementPicture, StepPicture, TeamPicture, votes_in_words
from dlcore.teams import Round
from dlui.text import plain
from dlui.widgets import answer_area, rating_slider

STEPS = (("cultural_readiness", 1), ("implementation_readiness", 3))


def record(picture: TeamPicture, guide: Guide, rounds: list[Round] = ()) -> None:
    """Each step's statements, flagged first, each with its votes (and, voted on again, each earlier round's
    beside them) and the team's rating and note."""
    st.markdown("## Agree on the team's ratings\n\nAfter discussing the votes, record the rating the team agrees "
                "on for each statement, and what was agreed. Flagged statements come first. The votes stay "
                "beside it; the team's totals, what Step 1 points to and the plan's Step 4 gap areas come from "
                "these ratings, the mean standing in until a statement has one.")
    for step_name, number in STEPS:
        questionnaire = getattr(guide, step_name)
        step_picture: StepPicture = picture.step(step_name)
        st.markdown(f"### Step {number}. {plain(questionnaire.title)}")
        by_id = {p.statement.id: p for p in step_picture.statements}
        flagged = [s for s in questionnaire.statements if by_id[s.id].split]
        others = [s for s in questionnaire.statements if not by_id[s.id].split]
        for statement in flagged + others:
            earlier = [(r.number - 1, r.before.get(statement.id, ())) for r in rounds if statement.id in r.statements]
            agree_on(statement, guide.number(statement.id), by_id[statement.id], guide, earlier)


@st.fragment
def agree_on(statement: Statement, number: int, votes: StatementPicture, guide: Guide,
             earlier: list[tuple[int, tuple[int, ...]]] = ()) -> None:
    """One statement: its votes in words (each earlier round's first, when it was voted on again), the team's
    rating (a slider as on Step 1 and 3) and what was agreed."""
    with st.container(border=True):
        rating_slider(statement, number, guide)
        lines = [f"Round {n}: {_spread(given)}" for n, given in earlier]
        now = f"Votes: {votes.in_words()}" if votes.rated else votes.in_words()
        lines.append(f"Now: {now}" if earlier else now)
        st.markdown("  \n".join(f":small[{plain(line)}]" for line in lines))
        answer_area("What the team agreed (optional)", "rationales", statement.id, height=68,
                    placeholder="A sentence for the plan: why this rating, what the team will look at.")


def _spread(given: tuple[int, ...]) -> str:
    """An earlier round's votes on a statement: "1 ×1, 4 ×1 (mean 2.5, range 1-4)"."""
    return f"{votes_in_words(given)}." if given else "no votes."
