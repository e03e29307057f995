"""The yardstick for typing: a bare Streamlit page with one text area, as the app's answer boxes have it.

benchmarks/typing_latency.py times a key press to the character on screen here, in the same run
twice: as it is, and with DLDASH_BENCH_LIVE=1, with the app's live-text component mounted
(dlui/live_text.py), which commits the box while typing goes on.
"""

import os

import streamlit as st

from dlcore.responses import MAX_ANSWER_CHARS

if os.environ.get("DLDASH_BENCH_LIVE") == "1":
    from dlui import live_text

    st.html("<style>.st-key-dldash-live-text { display: none; }</style>")
    live_text.mount()


def changed() -> None:
    st.session_state["kept"] = st.session_state["text"]  # as the app's callback keeps the answer


st.title("Bare page")
st.text_area("Your answer", key="text", on_change=changed, height=160, max_chars=MAX_ANSWER_CHARS)
st.caption(f"{len(st.session_state.get('kept', ''))} characters kept")
