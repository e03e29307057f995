"""Entry point: `streamlit run app.py`. Page setup and navigation over the pages.

Each page draws the shared sidebar itself (dlui.sidebar.render), so a page run on
its own shows the same sidebar, and Streamlit's AppTest sees it on every rerun
(AppTest drops sidebar elements drawn by the entry script after the first run).
"""

import streamlit as st

from dlui import nav

st.set_page_config(page_title="Distributed Leadership Planning Guide", page_icon=":material/groups:",
                   layout="wide", initial_sidebar_state="expanded")

nav.navigation().run()
