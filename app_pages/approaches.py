"""Step 2: the evaluative and non-evaluative families, their models, key questions and tips."""

import streamlit as st

from dlcore import recommend_approach
from dlcore.content import Family
from dlui import layout, nav, sidebar
from dlui.state import guide, responses
from dlui.text import plain
from dlui.widgets import answer_area

TAB = "dldash.approaches.tab"

sidebar.render()

g = guide()
step = g.approaches
recommendation = recommend_approach(responses().cultural_readiness, g)

layout.step_header(2, step.title, step.subtitle)
families = list(step.families)
if recommendation:
    families.sort(key=lambda f: f.id != recommendation.family)
    first = g.family(recommendation.family)
    st.info(f"Your Step 1 total of **{recommendation.total}** points to **{plain(first.label)}** approaches, "
            "shown first.", icon=":material/lightbulb:")
else:
    st.caption("Finish Step 1 to see which family of approaches your culture is most ready for.")


def show_family(family: Family) -> None:
    st.header(family.title, anchor=False)
    layout.paragraphs(family.intro)
    for column, model in zip(st.columns(len(family.models), gap="medium"), family.models, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(layout.model_card(model, step.resources_heading))

    st.subheader(step.key_questions_heading, anchor=False)
    st.markdown(plain(family.key_questions_intro))
    # Question above its answer, full width: room to write, and three elements fewer per question
    # than side-by-side columns (this page has the most elements, and the slowest first render).
    for question in family.key_questions:
        with st.container(border=True):
            st.markdown(f"**{plain(question.issue)}**\n\n" + layout.bullet_list(question.questions))
            answer_area(f"{step.answer_label}: {question.issue}", "key_questions", question.id,
                        placeholder="Your team's thoughts…")

    st.subheader(family.tips_heading, anchor=False)
    layout.quote(*family.tips)


def tab_label(family: Family) -> str:
    """Short, so both tabs fit a phone's width (the full titles put the second one off-screen); the
    open tab's heading is the family's full title."""
    mark = " (suggested)" if recommendation and family.id == recommendation.family else ""
    return f"{family.label.capitalize()}{mark}"


# Tabs keep the page short enough to project. Only the open tab is drawn (a rerun when another is
# chosen): half the elements, so the page opens sooner. Answers live in the responses, not in the
# text areas, so a family's answers are back whenever its tab opens again.
for tab, family in zip(st.tabs([tab_label(f) for f in families], key=TAB, on_change="rerun"), families, strict=True):
    if tab.open:
        with tab:
            show_family(family)

st.divider()
st.markdown(f"**{plain(step.next_steps)}**")
nav.link("app_pages/implementation_readiness.py", label="Go to Step 3: Implementation readiness",
         icon=":material/arrow_forward:")
