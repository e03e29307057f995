"""The yardstick for Step 1: a bare Streamlit page with 10 sliders, their sum and a small radar.

benchmarks/rating_latency.py times a rating change here and in the app, in the same run.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
values = [st.select_slider(f"Statement {n}", options=[0, 1, 2, 3, 4], key=f"s{n}") for n in range(1, 11)]
st.metric("Total rating", f"{sum(values)} of 40")
st.plotly_chart(go.Figure(go.Scatterpolar(r=values, theta=[f"S{n}" for n in range(1, 11)], fill="toself")),
                key="radar")
