"""Summary: the recommendation, progress of each step, and radar charts with their numbers."""

import streamlit as st

from dlcore import progress, recommend_approach
from dlcore.content import Questionnaire
from dlcore.tables import rating_rows
from dlui import layout, nav, plan_document, sidebar
from dlui.state import guide, responses
from dlui.text import plain

sidebar.render()

g = guide()
r = responses()

PROGRESS_CARD_PX = 200

st.title("Summary", anchor=False)

recommendation = recommend_approach(r.cultural_readiness, g)
if recommendation:
    family = g.family(recommendation.family)
    st.success(f"**Step 1 total: {recommendation.total}.** {plain(family.recommendation)}", icon=":material/lightbulb:")
else:
    st.info("The recommendation appears when all ten Step 1 statements are rated.", icon=":material/pending:")
if r.approach:
    st.markdown(f"**Approach chosen in Step 3:** {plain(g.model(r.approach).name)}")

st.subheader("Progress", anchor=False)
# Cards of one width in a row that wraps: four to a row on a projector, two at 150% zoom, one on a
# phone. Four equal columns cut the counts to "1…" and "2 …" at 150%.
with st.container(horizontal=True, gap="small"):
    for item in progress(r, g):
        with st.container(border=True, width=PROGRESS_CARD_PX):
            st.metric(f"Step {item.number}", f"{item.done} of {item.of}")
            st.caption(f"**{plain(item.title)}**: {plain(item.detail)}")


def chart(questionnaire: Questionnaire, ratings: dict[str, int], key: str) -> None:
    """The radar, then its numbers in a table for those who cannot see the chart. One above the other:
    side by side, at 125-150% zoom the radar shrank to a few centimetres and the table showed no rating.

    A plain HTML table (st.table), not a data grid: it wraps each statement in full, so every column
    fits a phone with the rating in view; a screen reader reads it as a table; and the page does not
    load the grid's code."""
    layout.readiness_chart(key, questionnaire, ratings, g)
    # Markdown cells (st.table reads Markdown, so "#" alone would be an empty heading); the rating with its
    # meaning in one column, as the sliders show it, so that the statements have the room on a phone.
    rows = [{"\\#": row["#"], "Statement": plain(row["Statement"]),
             "Rating": f"{row['Rating']} · {row['Meaning']}" if row["Rating"] else row["Meaning"]}
            for row in rating_rows(questionnaire.statements, ratings, g)]
    st.table(rows, hide_index=True, border="horizontal")
    missing = sum(s.id not in ratings for s in questionnaire.statements)
    if missing:
        st.caption(f"{missing} statement{'s' if missing > 1 else ''} not yet rated: "
                   "left out of the shape, not drawn as a low rating.")


st.subheader("Readiness at a glance", anchor=False)
st.caption("Ratings from 1 (strongly disagree), the innermost ring, to 4 (strongly agree) at the edge. "
           "Point at a dot (or tap it) for the full statement; the same numbers are in the table under each chart.")
chart(g.cultural_readiness, r.cultural_readiness, "radar-cultural")
chart(g.implementation_readiness, r.implementation_readiness, "radar-implementation")

st.subheader("Your plan as a document", anchor=False)
st.markdown("Everything you entered in the four steps, laid out as a plan to hand round: the ratings with "
            "both charts and their tables, your key-question answers, the gap areas with your reflections, the "
            "strategy profile and the milestones with their owners and dates. Preview it, print it (on Letter or "
            "A4), or keep editing it in Word.")
plan_document.downloads()
nav.link("app_pages/conclusion.py", label="Go to the Conclusion: contacts and further resources",
         icon=":material/arrow_forward:")
