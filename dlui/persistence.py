"""Autosave and resume: the private link (?s=token) and the saved answers behind it.

A reload is a new Streamlit session, so the token in the URL is what brings the
answers back. Saving runs on dlcore's Autosaver thread, off the rating's path.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass

import streamlit as st

from dlcore import Autosaver, CsvError, Responses, Store, StoreUnavailable, database_url, is_valid_token, new_token
from dlui.state import guide, replace_responses, responses

PARAM = "s"
SESSION = "dldash.session"
LINK = "dldash.link"  # the token app.py found in the address on this session's first run


@dataclass
class Session:
    """This browser session's link and saver; ``saver`` is None when saving is off."""

    token: str
    saver: Autosaver | None
    notice: str | None = None  # shown once: why this is a fresh session, or why saving is off
    submitted: Responses | None = None  # the answers as last handed to the saver


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml, or a malformed one, must not stop the app
        return {}


@st.cache_resource
def store() -> Store:
    """One store (and connection pool) per server process, shared by all sessions."""
    return Store(database_url(os.environ, _secrets()))


def autosave_enabled() -> bool:
    """DLDASH_AUTOSAVE=off runs the app with nothing kept on the server (a kiosk; a benchmark)."""
    return os.environ.get("DLDASH_AUTOSAVE", "on").strip().lower() not in {"off", "0", "false", "no"}


def _start_new(notice: str | None = None) -> Session:
    token = new_token()
    if not autosave_enabled():
        return Session(token, None, notice)
    try:
        saver = Autosaver(store(), token, guide())
    except StoreUnavailable as exc:  # a URL that is not a database at all: no saving this session
        return Session(token, None, " ".join(filter(None, [notice, str(exc)])))
    return Session(token, saver, notice)


def _resume(token: str) -> Session:
    if not autosave_enabled():
        return _start_new("Saving is turned off on this server, so links do not bring answers back.")
    try:
        saved = store().load(token, guide())
    except StoreUnavailable as exc:
        # Saving now could overwrite what is stored under this link with a blank page.
        return Session(token, None, f"Your saved answers could not be loaded: {exc} "
                                    "Reload this page to try again. Until then nothing here is saved.")
    except CsvError:
        return _start_new("The answers saved under that link do not match this version of the guide, "
                          "so this is a new, blank session.")
    if saved is None:
        return _start_new("That link does not match any saved answers, so this is a new, blank session.")
    replace_responses(saved)
    return Session(token, Autosaver(store(), token, guide(), saved=saved), submitted=copy.deepcopy(saved))


def session() -> Session:
    """The session of this browser tab: resumed from the link, or new."""
    if SESSION not in st.session_state:
        token = st.session_state.get(LINK) or st.query_params.get(PARAM)
        if token is None:
            st.session_state[SESSION] = _start_new()
        elif not is_valid_token(token):
            st.session_state[SESSION] = _start_new("That link is not a valid session link, "
                                                   "so this is a new, blank session.")
        else:
            st.session_state[SESSION] = _resume(token)
    current: Session = st.session_state[SESSION]
    if st.query_params.get(PARAM) != current.token:
        st.query_params[PARAM] = current.token  # a page change drops query params; put the link back
    return current


def autosave() -> Session:
    """Hand the answers to the saver when they changed since the last hand-over."""
    current = session()
    answers = responses()
    if current.saver is not None and answers != current.submitted:
        current.saver.submit(answers)
        current.submitted = copy.deepcopy(answers)
    return current


def start_over() -> None:
    """A new blank session with its own link; the old link keeps its answers."""
    replace_responses(Responses())
    st.session_state[SESSION] = _start_new()
