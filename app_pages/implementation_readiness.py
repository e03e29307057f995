"""Step 3: choose the approach, rate the eight implementation statements with a rationale each."""

import streamlit as st

from dlcore import implementation_readiness, suggested_approach
from dlcore.content import APPROACH_IDS
from dlui import layout, nav, present, sidebar
from dlui.state import guide, responses
from dlui.text import plain
from dlui.widgets import answer_area, bind, rating_slider

g = guide()
step = g.implementation_readiness
r = responses()

if present.on():  # the total and the chart, large, for the room; the statements stay on the normal page
    score = implementation_readiness(r.implementation_readiness, g)
    present.show("Step 3 total", f"{score.total} of {score.highest_possible}",
                 f"{score.rated} of {score.of} statements rated"
                 + (f"; approach: {plain(g.model(r.approach).name)}" if r.approach else ""),
                 lambda: layout.readiness_chart("radar-step-3-presented", step, r.implementation_readiness, g,
                                                height=420))

layout.step_header(3, step.title, step.subtitle, intro=step.intro)

# Preselect from Step 1: what is shown selected is what is saved and downloaded.
preselected = r.approach is None and (suggestion := suggested_approach(r.cultural_readiness, g)) is not None
if preselected:
    r.choose_approach(suggestion)
sidebar.render(live_step=3)

st.subheader(step.approach_label, anchor=False)
APPROACH_KEY = "dldash.approach"
bind(APPROACH_KEY, r.approach)
st.radio(
    step.approach_help,
    options=APPROACH_IDS,
    format_func=lambda a: f"{g.model(a).name} ({g.family_of(a).label.lower()})",
    key=APPROACH_KEY,
    on_change=lambda: responses().choose_approach(st.session_state[APPROACH_KEY]),
)
# One fixed slot for the note, whether or not there is one: an element appearing or vanishing
# above the questionnaire would shift its widgets, and Streamlit would redraw them empty.
notes = st.container()
if preselected:
    notes.caption(f"Preselected from your Step 1 result ({plain(g.family_of(r.approach).label.lower())}). "
               "Choose another if your team has decided differently.")
elif r.approach is None:
    notes.caption("No approach chosen yet. Finish Step 1 for a suggestion, or choose one now.")


@st.fragment
def questionnaire() -> None:
    """Sliders, rationales and the total rerun on their own, so a rating redraws only this part; the
    total stays in view above the statements while any of them is rated, as on Step 1."""
    score = implementation_readiness(responses().implementation_readiness, g)
    with layout.result_bar():
        st.metric("Total rating", f"{score.total} of {score.highest_possible}", width="content")
        st.metric("Statements rated", f"{score.rated} of {score.of}", width="content")
    st.markdown(layout.legend(g))
    for number, statement in enumerate(step.statements, start=1):
        with st.container(border=True):
            rating_slider(statement, number, g)
            answer_area(step.rationale_label, "rationales", statement.id, height=90,
                        placeholder="Why this rating? A sentence or two for the team's discussion.")


questionnaire()
present.toggle()  # the total and the chart, large, without the sidebar: for a projector
st.caption(f"{plain(step.source_note)} {layout.link_text(step.source_link)}")
nav.link("app_pages/implementation_planning.py", label="Go to Step 4: Implementation planning",
         icon=":material/arrow_forward:")
