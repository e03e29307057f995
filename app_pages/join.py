"""Join a team session: type the code shown on the screen (or open the QR code's link); nothing more."""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dlcore import StoreUnavailable
from dlcore.join_code import MAX_INPUT_CHARS, display, normalize
from dlui import nav, sidebar, team_session
from dlui.text import plain

sidebar.render()

st.markdown("# Join a team session\n\nYour facilitator shows a join code of six letters and digits, like "
            "**ABC-123**. Type it here to rate the guide's statements on this device. Your name is optional.")

CODE = "dldash.join.code"
if CODE not in st.session_state:
    st.session_state[CODE] = st.query_params.get("code", "")[:MAX_INPUT_CHARS]  # from the QR code's link


def join() -> None:
    """Check the code and join its team; every refusal says why in plain words."""
    st.session_state.pop("dldash.join.problem", None)
    session_id = getattr(get_script_run_ctx(), "session_id", "") or ""
    wait = team_session.throttle().check(session_id)
    if wait > 0:
        st.session_state["dldash.join.problem"] = (f"Too many codes tried just now. Wait {wait:.0f} seconds, "
                                                   "then check the code on the screen and try again.")
        return
    typed = st.session_state[CODE]
    code = normalize(typed)
    if code is None:
        team_session.throttle().record_failure(session_id)
        st.session_state["dldash.join.problem"] = ("That is not a join code: a code has six letters and digits, "
                                                   "like ABC-123. Check the code on the screen.")
        return
    try:
        team = team_session.teams().by_code(code)
        if team is None:
            team_session.throttle().record_failure(session_id)
            st.session_state["dldash.join.problem"] = (f"No team session has the code {display(code)}. "
                                                       "Check the code on the screen and try again.")
            return
        if not team.is_open:
            st.session_state["dldash.join.problem"] = (f"The team session {display(code)} is closed: it takes no "
                                                       "more answers. Ask your facilitator.")
            return
        team_session.join(team)
    except StoreUnavailable as exc:
        st.session_state["dldash.join.problem"] = f"Joining did not work just now: {exc} Try again in a moment."
        return
    st.session_state[nav.GO] = nav.PARTICIPANT.path


with st.form("dldash.join", border=True):
    st.text_input("Join code", key=CODE, max_chars=MAX_INPUT_CHARS, placeholder="ABC-123")
    st.form_submit_button("Join", type="primary", icon=":material/login:", on_click=join, width="stretch")

problem = st.session_state.get("dldash.join.problem")
if problem:
    st.error(plain(problem), icon=":material/error:")
