"""When the save status is looked at again (dlui/save_watch.js): soon after the person acts, often while
a save is on its way or failing, rarely when all is saved; never when the person's own run drew it.

A timed fragment every second was honest but costly: with a hundred participants rating at once,
those reruns cost the server as much as the ratings did (benchmarks/team_load.py). The status must
still never lag the truth by more than about two seconds after a change: a change is always
followed by a look one second later, and a look that finds a save pending schedules the next.
Where the run that made the change waits for its save and draws the status itself (a team
participant's page: ``reported``), that second look is not needed, and a rating costs one run.
"""

from __future__ import annotations

import streamlit as st

from dlcore.autosave import OVERDUE_SECONDS, SaveStatus
from dlui import script

KEY = "dldash-save-watch"  # its element container's class starts st-key-dldash-save-watch (hidden in style.css)
RUNS = "dldash.save_watch.runs"
AFTER_ACTION_MS = 1000  # a rating's save settles 0.3 s and writes in milliseconds: "saved" by then
PENDING_MS = 500  # a save on its way: looked at this often, and just after it becomes overdue
FAILING_MS = 1000  # saving fails: retries run every 1-2 s, and the status follows them
IDLE_MS = 10_000  # all saved: only a database file removed from under the server changes that

_component = script.component("save_watch")


def next_look_ms(status: SaveStatus | None, *, reported: bool = False) -> int:
    """How long until the status should be looked at again, from what it is now (None: saving is off);
    0: not until the person acts, whose run draws the status (``reported``)."""
    if status is None:
        return 0 if reported else IDLE_MS
    if status.error or status.overdue:
        return FAILING_MS
    if status.pending:  # look again just after the change becomes overdue, if that comes sooner
        until_overdue = round((OVERDUE_SECONDS - status.waited) * 1000) + 50
        return max(50, min(PENDING_MS, until_overdue))
    return 0 if reported else IDLE_MS


def mount(status: SaveStatus | None, *, where: str = "", reported: bool = False) -> None:
    """Schedule the next look; call inside the status's fragment, whose rerun a look is.

    ``where``: which of a page's statuses this watcher follows (each has its own). ``reported``: the
    person's runs wait for their save and draw this status, so it needs no look after an action.
    """
    runs = st.session_state[RUNS] = st.session_state.get(RUNS, 0) + 1  # a new run: the watcher is called again
    _component(key="-".join(filter(None, (KEY, where))),
               data={"next_ms": next_look_ms(status, reported=reported),
                     "after_action_ms": 0 if reported else AFTER_ACTION_MS, "run": runs},
               on_look_change=_looked)


def _looked() -> None:
    """The look itself is the fragment's rerun; nothing else to do."""
