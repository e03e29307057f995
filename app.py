"""Entry point: `streamlit run app.py`. Navigation over the pages and the shared sidebar."""

import streamlit as st

from dlui import nav, sidebar

st.set_page_config(page_title="Distributed Leadership Planning Guide", page_icon=":material/groups:",
                   layout="wide", initial_sidebar_state="expanded")

page = nav.navigation()
sidebar.render()
page.run()
