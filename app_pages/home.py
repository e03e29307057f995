"""Home: what distributed leadership is, the four approaches, and how to use the tool."""

import streamlit as st

from dlui import layout, nav, sidebar
from dlui import team_session as teams
from dlui.state import guide
from dlui.text import plain
from dlui.widgets import person_field

sidebar.render()

g = guide()
home = g.home

st.title(home.title, anchor=False)
layout.paragraphs(home.intro)
begin, shortcut = st.columns(2, gap="large")
with begin:
    nav.button("app_pages/cultural_readiness.py", "Begin Step 1: Cultural readiness", primary=True,
               icon=":material/play_arrow:")
with shortcut:
    nav.button("app_pages/implementation_readiness.py", "Already chosen an approach? Go to Steps 3 and 4",
               icon=":material/fast_forward:")

with st.container(border=True):
    st.markdown("#### :material/groups: Working as a team?\n\nStart a **team session**: everyone rates the "
                "statements on their own phone or laptop, and your screen shows the team's combined picture, "
                "live: where the team agrees and where it does not. Or join one with the code on the screen.")
    start, join = st.columns([3, 1], vertical_alignment="bottom")
    with start, st.form("dldash.team.start", border=False):
        st.text_input("Team session name (the school or district)", key="dldash.team.name", max_chars=120,
                      placeholder="e.g. Lincoln Middle School leadership team")
        st.form_submit_button("Start a team session", icon=":material/group_add:", on_click=teams.start,
                              width="stretch")
    with join:
        nav.link(nav.JOIN.path, label="Join a team session", icon=":material/login:")
    with st.expander("Or make a team session from files"):
        st.markdown("A **team file** downloaded from a team view brings back the whole meeting: everyone's "
                    "answers, earlier rounds and the team's plan. Or choose **several people's own CSV files**, "
                    "filled in alone, to see them as a team. The team takes the name above, or the file's.")
        st.file_uploader("Team file, or each person's CSV file", type="csv", accept_multiple_files=True,
                         key=teams.FILES)
        st.button("Make the team session from these files", icon=":material/upload_file:",
                  on_click=teams.start_from_files)
    if st.session_state.get(teams.PROBLEM):
        st.error(st.session_state[teams.PROBLEM], icon=":material/error:")

left, right = st.columns([3, 2], gap="large")
with left:
    st.header(home.what_is_heading, anchor=False)
    layout.paragraphs(home.what_is)
    st.markdown("\n".join(f"{n}. {plain(b)}" for n, b in enumerate(home.benefits, start=1)))
with right:
    st.header(home.facts_heading, anchor=False)
    for fact in home.facts:
        with st.container(border=True):
            st.markdown(f"## {plain(fact.figure)}\n{plain(fact.text)}")
    st.caption(plain(home.facts[0].source))

st.header(home.approaches_heading, anchor=False)
layout.paragraphs(home.approaches_intro)
columns = st.columns(len(home.spectrum))
for column, approach_id in zip(columns, home.spectrum, strict=True):
    model = g.model(approach_id)
    family = g.family_of(approach_id)
    with column.container(border=True, height="stretch"):
        st.markdown(f"**{plain(model.name)}**")
        st.caption(plain(family.label))
        st.markdown(plain(model.what[0]))
st.markdown("**Formal, evaluative** :material/arrow_back: · :material/arrow_forward: **Less formal, collaborative**",
            text_alignment="center")

st.header(home.how_to_use_heading, anchor=False)
layout.paragraphs(home.how_to_use)
for card, spec in zip(home.steps, nav.PAGES[1:5], strict=True):
    with st.container(border=True):
        st.markdown(f"**Step {card.number}. {plain(card.title)}** · *{plain(card.subtitle)}*")
        nav.link(spec.path, label=f"Go to Step {card.number}")

st.subheader("Who is answering? (optional)", anchor=False)
st.caption("Your name and role go into every row of the CSV, so a team can compare answers by role.")
name, role = st.columns(2)
with name:
    person_field("Your name", "respondent", placeholder="e.g. Jordan Lee")
with role:
    person_field("Your role", "role", placeholder="e.g. Teacher, Principal, Union leader")

st.divider()
left, right = st.columns(2, gap="large")
with left:
    nav.button("app_pages/cultural_readiness.py", "Ready? Start Step 1", primary=True, icon=":material/play_arrow:")
with right:
    st.markdown(plain(g.cultural_readiness.shortcut))
