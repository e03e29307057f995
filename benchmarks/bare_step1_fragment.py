"""The bare page of bare_step1.py with its sliders, sum and radar in an st.fragment, as the app's Step 1 has them.

benchmarks/rating_latency.py times it beside the bare page: the cost of the fragment itself.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")


@st.fragment
def questionnaire() -> None:
    values = [st.select_slider(f"Statement {n}", options=[0, 1, 2, 3, 4], key=f"s{n}") for n in range(1, 11)]
    st.metric("Total rating", f"{sum(values)} of 40")
    st.plotly_chart(go.Figure(go.Scatterpolar(r=values, theta=[f"S{n}" for n in range(1, 11)], fill="toself")),
                    key="radar")


questionnaire()
