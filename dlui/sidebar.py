"""The sidebar every page shares: progress through the steps, and the CSV always in reach."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from dlcore import CsvError, Responses, progress, read_csv, write_csv
from dlui.state import guide, replace_responses, responses
from dlui.text import plain

UPLOAD_KEY = "dldash.upload"
PARSED = "dldash.upload.parsed"  # (file_id, Responses | CsvError): each file is parsed once
APPLIED = "dldash.upload.applied"  # file_id of the upload that replaced the answers


def max_upload_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def render() -> None:
    with st.sidebar:
        show_progress()
        st.divider()
        download()
        upload()


def show_progress() -> None:
    st.markdown("#### Your progress")
    for step in progress(responses(), guide()):
        mark = ":material/check_circle:" if step.complete else ":material/radio_button_unchecked:"
        st.markdown(f"{mark} **Step {step.number}** · {step.title}  \n{step.detail}")


def download() -> None:
    st.download_button(
        "Download my answers (CSV)",
        # Written when clicked, from the answers as they are then (and not on every rerun).
        data=partial(write_csv, responses(), guide()),
        file_name=f"distributed-leadership-answers-{date.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
        help="Every rating and every text you have entered, to keep, share or load again later.",
    )


def _parsed(file) -> Responses | CsvError:
    cached = st.session_state.get(PARSED)
    if cached and cached[0] == file.file_id:
        return cached[1]
    try:
        result: Responses | CsvError = read_csv(file.getvalue(), max_bytes=max_upload_bytes())
    except CsvError as exc:
        result = exc
    st.session_state[PARSED] = (file.file_id, result)
    return result


def _apply(file_id: str, new: Responses) -> None:
    replace_responses(new)
    st.session_state[APPLIED] = file_id


def upload() -> None:
    file = st.file_uploader(
        "Load answers from a CSV", type=["csv"], key=UPLOAD_KEY,
        help="A CSV downloaded from this app. It replaces the answers shown now.",
    )
    if file is None:
        return
    result = _parsed(file)
    if isinstance(result, CsvError):
        st.error(f"**{plain(file.name)}** could not be loaded. Your answers are unchanged."
                 f"\n\n{plain(str(result))}",
                 icon=":material/error:")
        return
    if st.session_state.get(APPLIED) == file.file_id:
        st.success(f"Answers loaded from **{plain(file.name)}**.", icon=":material/task_alt:")
        return
    if responses().is_blank():
        _apply(file.file_id, result)
        st.rerun()
    st.warning("Loading this file replaces **all** the answers you have now. "
               "Download your current answers first if you want to keep them.", icon=":material/warning:")
    st.button("Replace my answers", type="primary", on_click=_apply, args=(file.file_id, result),
              width="stretch")
