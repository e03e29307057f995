"""The plan as a document: a preview, the printable report (HTML) and the Word file.

On the Summary the files are built from the answers in this tab when their button is clicked (not on
every run), so they work while the answers store is down, and nothing is built for a person who never
asks. A team's report is prepared first, with a button, and then downloaded: the team view's live
picture reruns every second, and Streamlit (1.67) prunes a file built on click at the end of such a
rerun, before the browser has fetched it (the browser then saves an error page under a made-up name).
Preparing also says which moment of the team's picture the report holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

import streamlit as st

from dlcore.report import report_file_name, report_html
from dlcore.team import TeamPicture
from dlcore.word import report_docx
from dlui.state import guide, responses

PREVIEW_HEIGHT = 720
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PREPARED = "dldash.plan_document.prepared"  # (when, participants, html, docx) of a team's report


def downloads() -> None:
    """The preview button and the two downloads of this tab's plan, side by side (stacked on a phone)."""
    answers = responses()
    _buttons(partial(report_html, answers, guide()), partial(report_docx, answers, guide()),
             report_file_name(answers))


def team_downloads(title: str, team: TeamPicture) -> None:
    """A team's report: prepared from the team's picture as it is when the button is pressed, then downloaded."""
    answers = responses()
    if st.button("Prepare the team's report as it is now", icon=":material/refresh:"):
        st.session_state[PREPARED] = (datetime.now().astimezone(), team.participants,
                                      report_html(answers, guide(), title=title, team=team),
                                      report_docx(answers, guide(), title=title, team=team))
    prepared = st.session_state.get(PREPARED)
    if prepared is None:
        st.caption("The report holds the team's picture at the moment you prepare it.")
        return
    at, joined, html, docx = prepared
    st.caption(f"Prepared at {at:%H:%M:%S}, with {joined} joined. Prepare it again for the picture as it is later.")
    _buttons(html, docx, report_file_name(answers, title=title, today=at.date()))


def _buttons(html: str | Callable[[], str], docx: bytes | Callable[[], bytes], file_name: str) -> None:
    # A row that wraps: each label whole, at a zoomed projector's width as on a phone (three equal
    # columns cut them to "Preview the r…" at 125%).
    row = st.container(horizontal=True)
    if row.button("Preview the report", icon=":material/visibility:"):
        preview(html)
    row.download_button(
        "Download the report (HTML)", data=html, file_name=file_name, mime="text/html", icon=":material/print:",
        on_click="ignore", help="One file that opens in any browser without the internet: print it, or save it as PDF.")
    row.download_button(
        "Download as Word (.docx)", data=docx, file_name=file_name.removesuffix(".html") + ".docx", mime=DOCX,
        icon=":material/description:", on_click="ignore",
        help="The same plan, with headings and tables, to keep editing in Word.")


@st.dialog("Your plan, as it will print", width="large")
def preview(html: str | Callable[[], str]) -> None:
    """The report itself in a frame: its own styles stay out of the app's, and it runs no script (its
    Content-Security-Policy forbids them; every typed text in it is escaped)."""
    st.caption("This is the file **Download the report (HTML)** gives you. Close this window to go on.")
    st.iframe(html if isinstance(html, str) else html(), height=PREVIEW_HEIGHT)
