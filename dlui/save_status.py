"""Whether the answers are saved, said truly at every moment: in the sidebar on the guide's pages, and under
what was changed on a team participant's page (one run per rating there, where a whole school rates at once)."""

from __future__ import annotations

import streamlit as st

from dlcore.autosave import SaveStatus
from dlui import persistence, save_watch
from dlui.text import plain


@st.fragment
def in_sidebar() -> None:
    """Whether the answers are safe, true at every moment: a save ends or fails (or a rating inside
    another fragment is made) without the rest of the page running again, so this fragment is looked
    at again when the status may have changed (dlui/save_watch: a second after the person acts, often
    while a save is on its way, rarely when all is saved).
    """
    current: persistence.Session = st.session_state[persistence.SESSION]
    if persistence.adopt(current):
        st.rerun()  # the whole page, to show the merged answers
    now = current.saver.status() if current.saver is not None else None
    _draw_status(current, now)
    save_watch.mount(now)


# A participant's run waits this long for its save (milliseconds, normally) before it draws the status;
# a save that takes longer shows "Saving…" and is looked at again (dlui/save_watch).
REPORT_WAIT_SECONDS = 0.25


def reported(where: str) -> None:
    """The save status drawn by the run that made the change, after waiting for its save: it tells the
    truth without a second run to look (one run per rating, where a whole school rates at once:
    benchmarks/team_load.py), and it sits where the person is looking, under what they changed.

    ``where`` names the status (a page may show several); its watcher is drawn only while a save is slow
    or failing, to look again until it is saved.
    """
    current = persistence.autosave()
    if persistence.adopt(current):
        st.rerun()  # the whole page, to show the merged answers
    now = None
    if current.saver is not None:
        current.saver.flush(timeout=REPORT_WAIT_SECONDS)
        now = current.saver.status()
    _draw_status(current, now, csv=False)  # only a participant's page reports its own saves
    if save_watch.next_look_ms(now, reported=True):
        save_watch.mount(now, where=where, reported=True)


def _draw_status(current: persistence.Session, now: SaveStatus | None, *, csv: bool = True) -> None:
    problem = not_saving(current, now, csv=csv)
    if problem:
        st.error(problem, icon=":material/cloud_off:")
    else:
        st.markdown(f":small[:gray[{saving(now)}]]")


def not_saving(current: persistence.Session, now: SaveStatus | None, *, csv: bool = True) -> str | None:
    """Why the answers are not saved now (``now``: the saver's status), if they are not. ``csv``: the page
    offers the CSV download (a team participant's does not: their facilitator is who can help)."""
    if current.saver is None or now is None:
        return "Answers are **not being saved**. " + ("Download the CSV to keep them." if csv else
                                                      "Tell your facilitator.")
    if now.refused:
        return f"Your last change is **not saved**: {plain(now.error)}"
    if now.error or now.overdue:
        why = plain(now.error) if now.error else "the answers store has not answered yet."
        return (f"Answers are **not being saved** right now: {why} Keep this tab open: saving resumes by itself "
                "when the store is back." + (" To be safe, download the CSV." if csv else ""))
    return None


def saving(now: SaveStatus) -> str:
    if now.pending:
        return ":material/cloud_upload: Saving…"
    if now.saved_at:
        return f":material/cloud_done: All answers saved at {now.saved_at.astimezone():%H:%M:%S}"
    return ":material/cloud: Your answers are saved as you work."
