"""Presentation mode: one click hides the sidebar and the app's controls and sets large type, so that a
page's result reads from the back of a room on a projector; one click brings them back."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

PRESENTING = "dldash.presenting"  # one flag for the session: the mode stays on from page to page

# Hidden: the sidebar, its button and the app's header; what is left reads larger and starts at the top.
_CHROME_HIDDEN = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header {display: none !important;}
[data-testid='stMain'] {font-size: 1.25rem;}
[data-testid='stMainBlockContainer'] {padding-top: 1.5rem; padding-bottom: 1rem;}
.st-key-dldash-presented [data-testid='stMetricValue'], .st-key-dldash-presented [data-testid='stMetricValue'] p
  {font-size: 4rem; line-height: 1.1;}
.st-key-dldash-presented [data-testid='stMetricLabel'] p {font-size: 1.5rem;}
.st-key-dldash-presented [data-testid='stMarkdown'] p {font-size: 2rem; line-height: 1.3;}
</style>"""


def on() -> bool:
    return bool(st.session_state.get(PRESENTING, False))


def hide_chrome() -> None:
    """Call at the top of a page in presentation mode (style only: it takes no room); see ``show``."""
    st.html(_CHROME_HIDDEN)


def show(total_label: str, total: str, said: str, chart: Callable[[], None]) -> None:
    """A step's result as the room reads it, then the page ends: the total (large), ``said`` (Markdown)
    and the way back beside ``chart`` (which draws it), on one screen of a 1280x720 projector, zoomed or
    not; no heading above, so ``total_label`` names the step."""
    hide_chrome()
    result, picture = st.columns([2, 3], gap="large", vertical_alignment="center")
    with result, st.container(key="dldash-presented"):
        st.metric(total_label, total)
        st.markdown(said)
        toggle()
    with picture:
        chart()
    st.stop()


def toggle(key: str = "dldash.present") -> None:
    """The one button in and out of presentation mode."""
    presenting = on()
    st.button("Leave presentation" if presenting else "Present", icon=":material/slideshow:", key=key,
              on_click=st.session_state.__setitem__, args=(PRESENTING, not presenting),
              help=None if presenting else "Hide the sidebar and controls and show this step's result large, "
                                           "for a projector.")
