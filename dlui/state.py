"""The one responses object of this browser session, under a key the app owns.

Widget values are copied into it by callbacks and copied back out before each
widget is drawn, so a widget that a page change removed comes back as it was.
"""

from __future__ import annotations

import streamlit as st

from dlcore import Guide, Responses, load_guide

RESPONSES = "dldash.responses"


@st.cache_resource
def guide() -> Guide:
    """The guide's content, loaded and validated once per server process."""
    return load_guide()


def responses() -> Responses:
    if RESPONSES not in st.session_state:
        st.session_state[RESPONSES] = Responses()
    return st.session_state[RESPONSES]


def replace_responses(new: Responses) -> None:
    """Put a whole new set of answers in place (after an upload)."""
    st.session_state[RESPONSES] = new
