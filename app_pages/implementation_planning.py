"""Step 4: reflect on the gap areas from Step 1, then fill in the strategy profile."""

import streamlit as st

from dlcore import chosen_gap_areas, propose_gap_areas, reflect_on_gap, strategy_profile
from dlcore.content import CULTURAL_READINESS_IDS
from dlcore.gaps import change_gap_areas
from dlui import layout, milestones, nav, sidebar
from dlui.persistence import autosave
from dlui.state import guide, responses
from dlui.text import plain
from dlui.widgets import answer_area, bind

sidebar.render()

g = guide()
step = g.implementation_planning
r = responses()
ratings = g.rating_scale.labels

layout.step_header(4, step.title, step.subtitle, intro=step.intro)

# Gap areas ------------------------------------------------------------------
st.header("Gap areas", anchor=False)
st.markdown(f"**{plain(step.gap_heading)}**")
layout.paragraphs(step.gap_intro)

proposal = propose_gap_areas(r.cultural_readiness, g)
if not r.cultural_readiness:
    st.info("Rate the statements in Step 1 and the app will propose your gap areas here.", icon=":material/info:")
elif not proposal.below_agreement:
    st.info("No Step 1 statement is rated 1 (strongly disagree) or 2 (disagree). "
            "The lowest-rated statements are offered instead: choose the ones worth reflecting on.",
            icon=":material/info:")


def describe(statement_id: str) -> str:
    rating = r.cultural_readiness.get(statement_id)
    score = f"rated {rating} ({ratings[rating].lower()})" if rating else "not yet rated"
    return f"{g.number(statement_id)}. {g.statement(statement_id).text} ({score})"


GAPS_KEY = "dldash.gap_areas"
KEPT_KEY = "dldash.gap_areas.kept"


def choose_gaps() -> None:
    answers = responses()
    if answers.gap_areas is None:  # editing the proposal makes it the user's own list
        answers.choose_gap_areas(chosen_gap_areas(None, answers.cultural_readiness, g))
    st.session_state[KEPT_KEY] = change_gap_areas(answers, st.session_state[GAPS_KEY])
    autosave()


chosen = chosen_gap_areas(r.gap_areas, r.cultural_readiness, g)
bind(GAPS_KEY, chosen)
st.multiselect(
    step.gap_statement_heading,
    options=CULTURAL_READINESS_IDS,
    format_func=describe,
    key=GAPS_KEY,
    on_change=choose_gaps,
    placeholder="Choose Step 1 statements to reflect on",
)
# One fixed slot for notes that come and go: they must not shift the text areas below them.
notes = st.container()
for statement_id in st.session_state.pop(KEPT_KEY, []):
    notes.warning(f"Statement {g.number(statement_id)} stays on the list because it has a reflection. "
               "Empty its reflection box first if you want to remove it.", icon=":material/lock:")
if r.gap_areas is None and chosen:
    notes.caption("Proposed from your Step 1 ratings: lowest first, up to three. Change the selection if you like.")

with st.container():  # however many gap areas, the profile below keeps its place
    for statement_id in chosen:
        with st.container(border=True):
            st.markdown(f"**{plain(describe(statement_id))}**")
            answer_area(step.gap_reflection_heading, "gap_reflections", statement_id,
                        on_write=lambda resp, item, text: reflect_on_gap(resp, item, text, g))

# Strategy profile -------------------------------------------------------------
st.divider()
st.header(step.profile_heading, anchor=False)
layout.paragraphs(step.profile_intro)
st.markdown(plain(step.focus_intro))

views = strategy_profile({**r.cultural_readiness, **r.implementation_readiness}, g)
if any(v.flagged for v in views):
    st.info("Elements your low ratings point to are brought forward and marked **Focus here**.",
            icon=":material/flag:")
for view in views:
    element = view.element
    with st.container(border=True):
        heading = f"{element.name} · Focus here" if view.flagged else element.name
        st.subheader(heading, anchor=False)
        for focus in view.focus:
            statement = g.statement(focus.statement_id)
            st.warning(f"Step {focus.step}, statement {g.number(statement.id)}: *{plain(statement.text)}* — rated "
                       f"{focus.rating} ({ratings[focus.rating].lower()}). {plain(focus.reason)}",
                       icon=":material/flag:")
        # Tips above the notes box, full width, as Step 2's questions: fewer elements on the slowest
        # pages to open (benchmarks/first_render.py), and room to write.
        st.markdown("**Tips**\n\n" + layout.bullet_list(element.tips))
        if element.prompts:
            with st.expander(element.prompts_heading):
                st.markdown("\n\n".join(f"**{plain(group.title)}**\n\n{layout.bullet_list(group.items)}"
                                          for group in element.prompts))
                st.caption(plain(element.prompts_source))
        if element.id == "leader":
            milestones.leader_field()
        if element.id == "milestones":
            milestones.milestones_table()
        answer_area(f"Notes: {element.name}", "strategy_profile", element.id, height=160)

st.caption(f"{plain(step.source_note)} {layout.link_text(step.source_link)}")
nav.link("app_pages/summary.py", label="Go to the Summary: your readiness charts and the plan as a document",
         icon=":material/arrow_forward:")
