"""A participant's page learns, without a reload, that the facilitator closed or reopened the session or
removed them: a small timed fragment watches the team's state and reruns the page when it changed.

It holds no input widget (a timed fragment loses their state: streamlit issues 10805, 17011) and draws
nothing. The state is read once a second at most per team and server, whatever the number of
participants watching (one query: dlcore.teams.Teams.meeting_state), and the page reruns only when
what it shows changed, so a half-typed rationale is not disturbed by anything else.
"""

from __future__ import annotations

import time

import streamlit as st

from dlcore import StoreUnavailable
from dlcore.teams import MeetingState
from dlui import team_session
from dlui.widgets import SERVER_RERUN

WATCH_SECONDS = 3.0  # a participant sees a close within about 3 s
FRESH_SECONDS = 1.0  # how long a read of a team's state serves every participant's watch on this server


@st.cache_resource
def _read() -> dict[str, tuple[float, MeetingState | None]]:
    return {}


def meeting_state(team_id: str, *, fresh: bool = False) -> MeetingState | None:
    """The team's state as of at most a second ago (``fresh``: as of now, for a page's own run, and kept for
    the watches); the last one read while the store is away."""
    now = time.monotonic()
    cached = _read().get(team_id)
    if cached is not None and now - cached[0] < FRESH_SECONDS and not fresh:
        return cached[1]
    try:
        state = team_session.teams().meeting_state(team_id)
    except StoreUnavailable:
        return cached[1] if cached else None
    _read()[team_id] = (now, state)
    return state


@st.fragment(run_every=WATCH_SECONDS)
def watch(team_id: str, token: str, drawn: tuple[str, bool, int, bool]) -> None:
    """Rerun the page when what it was drawn with (``MeetingState.for_participant``) is no longer so.

    The rerun is marked as the server's own (``SERVER_RERUN``), so that the page's widgets keep what the
    browser holds, such as a rationale typed but not yet sent; the mark ends here, at the end of that run."""
    st.session_state.pop(SERVER_RERUN, None)
    state = meeting_state(team_id)
    if state is not None and state.for_participant(token) != drawn:
        st.session_state[SERVER_RERUN] = True
        st.rerun()
