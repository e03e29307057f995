"""The bare Step 1 page (bare_step1.py) under Streamlit's own sectioned navigation, as the app's pages are.

benchmarks/rating_latency.py --all times it beside the bare page: what Streamlit's navigation menu alone
adds to a rating's time (the browser redraws it with each batch of a rerun's messages).
"""

import plotly.graph_objects as go
import streamlit as st


def step1():
    st.title("Bare page")
    values = [st.select_slider(f"Statement {n}", options=[0, 1, 2, 3, 4], key=f"s{n}") for n in range(1, 11)]
    st.metric("Total rating", f"{sum(values)} of 40")
    st.plotly_chart(go.Figure(go.Scatterpolar(r=values, theta=[f"S{n}" for n in range(1, 11)], fill="toself")),
                    key="radar")

def other():
    st.write("other")

pages = {"Start": [st.Page(step1, title="Step 1", default=True), st.Page(other, title="Home", url_path="home")],
         "Steps": [st.Page(other, title=f"Step {n}", url_path=f"s{n}") for n in range(2, 5)],
         "Results": [st.Page(other, title="Summary", url_path="sum"), st.Page(other, title="Conclusion", url_path="c")]}
st.navigation(pages).run()
