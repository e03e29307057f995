"""A team participant's own page: who they are (optional), and the Step 1 and Step 3 statements to rate.

Only their own answers are here: the team's picture is on the facilitator's screen.
"""

import streamlit as st

from dlui import layout, persistence, sidebar, team_session
from dlui.state import guide
from dlui.text import plain
from dlui.widgets import answer_area, person_field, rating_slider, role_choice

sidebar.render_participant()

g = guide()
member = team_session.membership()
team = team_session.refresh_team()
if member.participant is None or team is None:
    st.error(plain(member.notice or "This page is for team participants: open the join page to join a team."))
    st.stop()

st.markdown(f"# {plain(team.name)}\n\nYou are **participant {member.participant.number}** of this team session. "
            "Rate each statement as you see it; you can change a rating while the session is open. The team's "
            "combined picture is on the facilitator's screen, without names.")

name, role = st.columns(2)
with name:
    person_field("Your name (optional)", "respondent", placeholder="Leave empty to stay anonymous")
with role:
    role_choice("Your role", {r.id: r.label for r in g.team.roles})


@st.fragment
def questionnaire(step_name: str) -> None:
    """A step's statements: a rating redraws only this part, as on the guide's own pages."""
    step = getattr(g, step_name)
    for number, statement in enumerate(step.statements, start=1):
        if step_name == "cultural_readiness":
            rating_slider(statement, number, g)
            continue
        with st.container(border=True):
            rating_slider(statement, number, g)
            answer_area(step.rationale_label, "rationales", statement.id, height=90,
                        placeholder="Why this rating? Optional: a sentence for the team's discussion.")


st.markdown(f"## Step 1. {plain(g.cultural_readiness.title)}\n\n{layout.legend(g)}")
questionnaire("cultural_readiness")
st.markdown(f"## Step 3. {plain(g.implementation_readiness.title)}")
questionnaire("implementation_readiness")
st.success("That is all. Your ratings are saved as you go: you can close this page.", icon=":material/task_alt:")
# On a phone the sidebar starts closed: the way back to these ratings is shown here too.
st.markdown("#### Your private link\n\nOpen it on any device to come back to your ratings. **Anyone with this "
            f"link can see and change your ratings**, so keep it to yourself.\n\n"
            f"`{sidebar.private_url(persistence.session())}`")
