"""The plan as a document, from the Summary: a preview, the printable report (HTML) and the Word file.

Both files are built from the answers in this tab when their button is clicked (not on every run),
so they work while the answers store is down, and nothing is built for a person who never asks.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dlcore.report import report_file_name, report_html
from dlcore.word import report_docx
from dlui.state import guide, responses

PREVIEW_HEIGHT = 720
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def downloads() -> None:
    """The preview button and the two downloads, side by side (stacked on a phone)."""
    answers = responses()
    preview_col, html_col, docx_col = st.columns(3)
    if preview_col.button("Preview the report", icon=":material/visibility:", width="stretch"):
        preview()
    html_col.download_button(
        "Download the report (HTML)", data=partial(report_html, answers, guide()),
        file_name=report_file_name(answers), mime="text/html", icon=":material/print:", on_click="ignore",
        width="stretch", help="One file that opens in any browser without the internet: print it, or save it as PDF.")
    docx_col.download_button(
        "Download as Word (.docx)", data=partial(report_docx, answers, guide()),
        file_name=report_file_name(answers, suffix=".docx"), mime=DOCX, icon=":material/description:",
        on_click="ignore", width="stretch", help="The same plan, with headings and tables, to keep editing in Word.")


@st.dialog("Your plan, as it will print", width="large")
def preview() -> None:
    """The report itself in a frame: its own styles stay out of the app's, and it runs no script (its
    Content-Security-Policy forbids them; every typed text in it is escaped)."""
    st.caption("This is the file **Download the report (HTML)** gives you. Close this window to go on.")
    st.iframe(report_html(responses(), guide()), height=PREVIEW_HEIGHT)
