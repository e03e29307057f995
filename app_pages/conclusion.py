"""Conclusion: the guide's closing words, contact, further resources, and how the tool was produced."""

import streamlit as st

from dlui import layout, sidebar
from dlui.state import guide

sidebar.render()

c = guide().conclusion

st.title(c.title, anchor=False)
layout.quote(c.quote)
st.caption(f"– {c.quote_attribution}")
layout.paragraphs(c.contact)
layout.links(c.delivery_links)

st.header(c.further_heading, anchor=False)
layout.links(c.further_resources)

st.header(c.produced_heading, anchor=False)
layout.paragraphs(c.produced)
