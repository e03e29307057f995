"""Entry point: `streamlit run app.py`. Page setup and navigation over the pages.

Each page draws the shared sidebar itself (dlui.sidebar.render), so a page run on
its own shows the same sidebar, and Streamlit's AppTest sees it on every rerun
(AppTest drops sidebar elements drawn by the entry script after the first run).
"""

import streamlit as st

# The private link's token, read before anything slow runs: a click in the sidebar during the
# first run (long on a cold server) replaces that run, and a page change drops the query string.
st.session_state.setdefault("dldash.link", st.query_params.get("s"))
st.session_state.setdefault("dldash.link.p", st.query_params.get("p"))  # a team participant's link
st.session_state.setdefault("dldash.link.f", st.query_params.get("f"))  # a team facilitator's link

from dlui import heap, live_text, nav, nav_a11y  # noqa: E402  (after the token is safe)
from dlui.layout import STYLE  # noqa: E402

heap.settle()  # what lives as long as the server, out of the garbage collector's way
st.set_page_config(page_title="Distributed Leadership Planning Guide", page_icon=":material/groups:",
                   layout="wide", initial_sidebar_state="auto")  # collapsed on a phone
st.html(STYLE)  # style only: Streamlit adds it to the page without taking any room
live_text.mount()  # typed text reaches the server as it is typed; hidden by STYLE
nav_a11y.mount()  # the sectioned navigation's lists made valid; hidden by STYLE

nav.navigation().run()
