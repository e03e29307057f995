"""The sidebar every page shares: progress through the steps, and the CSV always in reach."""

from __future__ import annotations

from datetime import date
from functools import partial
from urllib.parse import urlsplit

import streamlit as st

from dlcore import CsvError, Responses, progress, read_csv, write_csv
from dlcore.csv_io import MAX_PROBLEMS_SHOWN
from dlui import persistence, save_status, team_session
from dlui.state import guide, responses
from dlui.text import plain

UPLOAD_KEY = "dldash.upload"
PARSED = "dldash.upload.parsed"  # (file_id, Responses | CsvError): each file is parsed once
APPLIED = "dldash.upload.applied"  # file_id of the upload that replaced the answers
CONFIRM_NEW = "dldash.confirm_new"
TOLD = "dldash.upload.told"  # file_id of the upload whose result a dialog has shown
REPLACE_WARNING = ("Loading this file replaces **all** the answers you have now. "
                   "Download your current answers first if you want to keep them.")


def max_upload_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def render(live_step: int | None = None) -> None:
    """``live_step``: the step whose questionnaire redraws on its own (st.fragment) on this page;
    its progress is on the page itself, so the sidebar does not show a count that could lag.

    Few elements, each text one Markdown block: on Step 1 every rating redraws the page around
    its fragment, sidebar included, and each element adds to the time a new total takes to show.
    """
    current = persistence.autosave()
    if current.saver is not None:
        # A save normally takes milliseconds: wait that long so a new page opens with the settled status.
        current.saver.flush(timeout=0.25)
    team_notice = team_session.membership().notice  # a team link that granted nothing says why
    with st.sidebar:
        for notice in filter(None, (team_notice, current.notice)):
            st.warning(notice, icon=":material/info:")
        st.markdown(progress_text(live_step))
        save_status.in_sidebar()
        download()
        upload()
        private_link(current)


def render_participant() -> None:
    """A team participant's sidebar: their private link. Whether their ratings are saved is on the page,
    under the statements they rate (dlui.save_status.reported): on a phone the sidebar starts closed."""
    current = persistence.autosave()
    with st.sidebar:
        if current.notice:
            st.warning(current.notice, icon=":material/info:")
        st.markdown("#### Your private link\n\n"
                    ":small[:gray[Open it on any device to come back to your ratings, after a reload or if your "
                    "phone went to sleep. **Anyone with this link can see and change your ratings.**]]\n\n"
                    f"`{private_url(current)}`")


def private_link(current: persistence.Session) -> None:
    # Text to select and copy (the address bar holds it too). Not st.code: its copy button comes with
    # a 1.5 MB syntax highlighter that made every page's first render ~6% slower (benchmarks/first_render.py).
    if current.link is not None:  # a team's plan, under the facilitator link: starting over is not for it
        st.markdown("---\n\n#### The facilitator link\n\n"
                    ":small[:gray[It runs this team session, and these four steps are the **team's plan**, written "
                    "once for the team. **Anyone with this link can run the session and edit the plan.**]]\n\n"
                    f"`{private_url(current)}`")
        return
    st.markdown("---\n\n#### Your private link\n\n"
                ":small[:gray[Copy it (your address bar holds it too) and open it in any browser to come back "
                "to these answers. **Anyone with this link can see and edit them.**]]\n\n"
                f"`{private_url(current)}`")
    if st.session_state.get(CONFIRM_NEW):
        st.warning("Start a new, blank session? These answers stay saved under the link above.",
                   icon=":material/warning:")
        yes, no = st.columns(2)
        yes.button("Start new", type="primary", on_click=_start_over, width="stretch")
        no.button("Cancel", on_click=st.session_state.pop, args=(CONFIRM_NEW, None), width="stretch")
    else:
        st.button("Start over with a new session", icon=":material/add:", width="stretch",
                  on_click=st.session_state.__setitem__, args=(CONFIRM_NEW, True))


def _start_over() -> None:
    st.session_state.pop(CONFIRM_NEW, None)
    persistence.start_over()


def private_url(current: persistence.Session) -> str:
    """This session's private link; a backtick cannot occur in it (browsers send it as %60)."""
    page = base_url() if current.param == persistence.PARAM else app_root()  # a participant's only page is /
    return f"{page}?{current.param}={current.address_token}".replace("`", "%60")


def app_root() -> str:
    """The app's own address (its first page), whichever page this is: from the page's scheme and host and
    the server's base path. Not the page's address cut at its last "/": the first page's may have none."""
    parts = urlsplit(st.context.url or "")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    host = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{host}/{base}/" if base else f"{host}/"


def base_url() -> str:
    """This page's address without its query string (where the link should point)."""
    url = st.context.url or ""
    return url.split("?", 1)[0]


def progress_text(live_step: int | None = None) -> str:
    """Each step's progress, as Markdown."""
    lines = ["#### Your progress"]
    for step in progress(responses(), guide()):
        if step.number == live_step:
            lines.append(f":material/edit: **Step {step.number}** · {step.title}  \n*on this page now*")
            continue
        mark = ":material/check_circle:" if step.complete else ":material/radio_button_unchecked:"
        lines.append(f"{mark} **Step {step.number}** · {step.title}  \n{step.detail}")
    return "\n\n".join(lines)


def download(key: str | None = None) -> None:
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
        key=key,
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
    persistence.replace_answers(new)
    st.session_state[APPLIED] = file_id


def upload() -> None:
    """The CSV uploader. What a file does is said where the person is looking: in a dialog over the page,
    once per file (the uploader is in the sidebar, and on a phone or a projector its message fell below
    the fold, so nothing seemed to happen), and in the sidebar under the uploader for as long as the
    file is there. The answers are untouched until "Replace my answers" is pressed."""
    file = st.file_uploader(
        "Load answers from a CSV", type=["csv"], key=UPLOAD_KEY,
        help="A CSV downloaded from this app. It replaces the answers shown now.",
    )
    if file is None:
        return
    result = _parsed(file)
    first_time = st.session_state.get(TOLD) != file.file_id
    st.session_state[TOLD] = file.file_id
    if isinstance(result, CsvError):
        message = refusal(file.name, result)
        st.error(message, icon=":material/error:")
        if first_time:
            _refused_dialog(message)
        return
    if st.session_state.get(APPLIED) == file.file_id:
        st.success(f"Answers loaded from **{plain(file.name)}**.", icon=":material/task_alt:")
        return
    if responses().is_blank():
        _apply(file.file_id, result)
        st.rerun()
    st.warning(REPLACE_WARNING, icon=":material/warning:")
    st.button("Replace my answers", type="primary", on_click=_apply, args=(file.file_id, result),
              width="stretch")
    if first_time:
        _replace_dialog(file.name, file.file_id, result)


def refusal(name: str, error: CsvError) -> str:
    """Why a file was refused: each problem once, at most a screenful."""
    problems = "\n".join(f"- {plain(p)}" for p in error.problems[:MAX_PROBLEMS_SHOWN])
    more = len(error.problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        problems += f"\n- … and {more} more."
    return f"**{plain(name)}** could not be loaded. Your answers are unchanged.\n\n{problems}"


@st.dialog("The file could not be loaded")
def _refused_dialog(message: str) -> None:
    st.error(message, icon=":material/error:")
    if st.button("OK", key="dldash.upload.close"):
        st.rerun()


@st.dialog("Replace your answers?")
def _replace_dialog(name: str, file_id: str, new: Responses) -> None:
    st.markdown(f"**{plain(name)}** holds answers. {REPLACE_WARNING}")
    download(key="dldash.upload.download")
    replace, keep = st.columns(2)
    if replace.button("Replace my answers", type="primary", key="dldash.upload.replace", width="stretch"):
        _apply(file_id, new)
        st.rerun()
    if keep.button("Keep my answers", key="dldash.upload.keep", width="stretch"):
        st.rerun()
