"""A team participant's own page: who they are (optional), and the Step 1 and Step 3 statements to rate.

Only their own answers are here: the team's picture is on the facilitator's screen.
"""

from contextlib import nullcontext

import streamlit as st

from dlcore import Responses, StoreUnavailable
from dlui import layout, persistence, read_only, save_status, sidebar, team_session, team_view, team_watch
from dlui.state import guide, responses
from dlui.text import plain
from dlui.widgets import answer_area, person_field, rating_slider, role_choice

sidebar.render_participant()

g = guide()
member = team_session.membership()
team = team_session.refresh_team()
if member.participant is None or team is None:
    st.error(plain(member.notice or "This page is for team participants: open the join page to join a team."))
    st.stop()

CHANGED = "dldash.participant.changed"  # what was changed on this page: its status is shown under it
SEEN = "dldash.participant.seen"  # each part's answer as last drawn


def changed_here(part: str, answer: object) -> bool:
    """True once ``part``'s answer changed on this page (a rating, a rationale, the name or role): from then
    on its save status is drawn under it by the run that changed it."""
    seen, changed = st.session_state.setdefault(SEEN, {}), st.session_state.setdefault(CHANGED, set())
    if part in seen and seen[part] != answer:
        changed.add(part)
    seen[part] = answer
    return part in changed


# What this page is drawn with: open or closed, removed or not, the round, the team's picture shared or not.
# The watch at the end reruns the page when the facilitator changes any of them (read the same way, so that the
# page and its watch agree).
state = team_watch.meeting_state(team.id, fresh=True)
drawn = (state.for_participant(member.participant.token) if state
         else (team.state, member.participant.removed, team.round, False))
closed, removed = drawn[0] != "open", drawn[1]
revote = set(state.revote) if state else set()  # the statements this round votes on again
# The answers are shown and cannot be changed: the sliders and the role disabled, the text boxes read-only
# (dlui.read_only: Streamlit clears a text box it disables, and a rationale typed but not yet sent with it).
locked = closed or removed

where = ("on the facilitator's screen and, shared by them, at the end of this page" if drawn[3]
         else "on the facilitator's screen")
st.markdown(f"# {plain(team.name)}\n\nYou are **participant {member.participant.number}** of this team session. "
            "Rate each statement as you see it; you can change a rating while the session is open. The team's "
            f"combined picture is {where}, without names.")
# One fixed slot for the notice, whether or not there is one: an element appearing above the statements
# would shift their widgets, and Streamlit would redraw them anew, wiping a rationale typed but not yet sent.
notice = st.container()
if removed:
    notice.warning("**The facilitator took you out of this team session** (perhaps you joined twice). Your ratings "
               "are kept but no longer count in the team's picture, and cannot be changed. If this is a mistake, "
               "tell the facilitator: they can take you back in.", icon=":material/person_remove:")
elif closed:
    notice.info("**The facilitator closed this team session.** Your ratings are kept as they are below and can no "
            "longer be changed. If the session is reopened, this page opens them again by itself.",
            icon=":material/lock:")
elif revote:
    which = "; ".join(f"{g.number(i)}. {g.statement(i).short}" for i in sorted(revote, key=g.number))
    notice.info(f"**Round {drawn[2]}: vote again** after the discussion, on {plain(which)} (marked below). Your "
                "earlier rating is there: change it if your view changed, or leave it.", icon=":material/how_to_vote:")

# A fixed slot too: the team's picture, when the facilitator shares it, is at the end of the page.
pointer = st.container()
if drawn[3]:
    pointer.markdown(f":material/groups: The facilitator shares the team's picture: "
                     f"[see it at the end of this page ↓](#{team_view.SHARED_ANCHOR})")

name, role = st.columns(2)
with name:
    person_field("Your name (optional)", "respondent", placeholder="Leave empty to stay anonymous")
with role:
    role_choice("Your role", {r.id: r.label for r in g.team.roles}, disabled=locked)
answers = responses()
if changed_here("about you", (answers.respondent, answers.role)):
    save_status.reported("about-you")


@st.fragment
def statement_rating(step_name: str, number: int) -> None:
    """One statement: a rating redraws only this statement (one slider, not the step's ten: with a
    whole school rating at once the sliders were the page's largest cost, benchmarks/team_load.py),
    and once it was changed here, says under it whether it is saved, at the end of the same run."""
    step = getattr(g, step_name)
    statement = step.statements[number - 1]
    rationale = getattr(step, "rationale_label", None)  # Step 3 asks why; Step 1 does not
    with st.container(border=True) if rationale else nullcontext():
        mark = st.container()  # a fixed slot, as the notice's: a mark appearing must not shift the widgets
        if statement.id in revote:
            mark.markdown(f":blue-badge[:material/how_to_vote: Round {drawn[2]}: vote again]")
        rating_slider(statement, number, g, disabled=locked)
        if rationale:
            answer_area(rationale, "rationales", statement.id, height=90,
                        placeholder="Why this rating? Optional: a sentence for the team's discussion.")
        answers = responses()
        if changed_here(statement.id, (answers.rating(statement.id), answers.rationales.get(statement.id, ""))):
            save_status.reported(statement.id)


def questionnaire(step_name: str) -> None:
    for number in range(1, len(getattr(g, step_name).statements) + 1):
        statement_rating(step_name, number)


st.markdown(f"## Step 1. {plain(g.cultural_readiness.title)}\n\n{layout.legend(g)}")
questionnaire("cultural_readiness")
st.markdown(f"## Step 3. {plain(g.implementation_readiness.title)}")
questionnaire("implementation_readiness")
if not locked:
    st.success("That is all. Your ratings are saved as you go: you can close this page.", icon=":material/task_alt:")


@st.fragment
def shared_picture() -> None:
    """The team's picture as of this run, with a button for a newer one: a participant reads it at their pace
    (redrawing it for every participant every few seconds would cost the server as much as the ratings)."""
    try:
        picture, _ = team_session.picture(team)  # the rationales stay on the facilitator's screen
        plan = (team_session.teams().store.load(team.plan_token, g) if team.plan_token else None) or Responses()
    except StoreUnavailable as exc:
        st.warning(f"The team's picture cannot be read right now: {exc}", icon=":material/cloud_off:")
        return
    team_view.shared(picture, g, plan)
    st.button("Show the latest", icon=":material/refresh:", help="The team's picture as it is now")


if drawn[3]:  # shared and revealed, read on the server: otherwise nothing of it is computed or sent
    shared_picture()
# On a phone the sidebar starts closed: the way back to these ratings is shown here too.
st.markdown("#### Your private link\n\nOpen it on any device to come back to your ratings. **Anyone with this "
            f"link can see and change your ratings**, so keep it to yourself.\n\n"
            f"`{sidebar.private_url(persistence.session())}`")
team_watch.watch(team.id, member.participant.token, drawn)
read_only.mount(locked)
