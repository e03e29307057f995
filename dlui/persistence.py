"""Autosave and resume: the private link (?s=token) and the saved answers behind it.

A reload is a new Streamlit session, so the token in the URL is what brings the
answers back. Saving runs on dlcore's Autosaver thread, off the rating's path. When
the saver merged this tab's answers with what is stored (the store was down when the
link was opened, another tab loaded a file, the database file was removed), ``adopt``
puts the merged answers on the page.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field

import streamlit as st

from dlcore import Autosaver, CsvError, Responses, Store, StoreUnavailable, database_url, is_valid_token, new_token
from dlcore.snapshot import merge, snapshot, to_responses
from dlui.state import guide, replace_responses, responses

PARAM = "s"
SESSION = "dldash.session"
LINK = "dldash.link"  # the token app.py found in the address on this session's first run


@dataclass
class Session:
    """This browser session's link and saver; ``saver`` is None when saving is off."""

    token: str
    saver: Autosaver | None
    notice: str | None = None  # why this is a fresh session, why saving is off, or what was merged
    submitted: Responses = field(default_factory=Responses)  # the answers as last handed to the saver
    param: str = PARAM  # the address's parameter that holds the token: "p" for a team participant
    link: str | None = None  # what the address carries under ``param`` when not the token: the facilitator link

    @property
    def address_token(self) -> str:
        return self.link or self.token


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


def _resume(token: str, param: str = PARAM) -> Session:
    """The answers saved under ``token``. An unknown token is a new session, or for a team participant
    (``param`` "p", whose link the team store vouched for) a blank one under that token."""
    if not autosave_enabled():
        if param != PARAM:
            return Session(token, None, "Saving is turned off on this server.", param=param)
        return _start_new("Saving is turned off on this server, so links do not bring answers back.")
    try:
        answers_store = store()
    except StoreUnavailable as exc:  # a URL that is not a database at all: no saving on this server
        return Session(token, None, str(exc), param=param)
    try:
        found = answers_store.load_snapshot(token)
        saved = None if found is None else to_responses(found[0])
    except StoreUnavailable as exc:
        # Keep what is done here; the saver reads the stored answers and merges them in when it can.
        return Session(token, Autosaver(answers_store, token, guide(), loaded=False),
                       f"Your saved answers could not be loaded yet: {exc} Keep working: what you do here is "
                       "kept and merged with your saved answers as soon as the store is back.", param=param)
    except CsvError:
        return _start_new("The answers saved under that link do not match this version of the guide, "
                          "so this is a new, blank session.")
    if saved is None:
        if param != PARAM:
            return Session(token, Autosaver(answers_store, token, guide()), param=param)
        return _start_new("That link does not match any saved answers, so this is a new, blank session.")
    replace_responses(saved)
    saver = Autosaver(answers_store, token, guide(), saved=saved, generation=found[1])
    return Session(token, saver, submitted=copy.deepcopy(saved), param=param)


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
    if st.query_params.get(current.param) != current.address_token:
        st.query_params[current.param] = current.address_token  # a page change drops query params; put it back
    return current


def open_participant(token: str) -> Session:
    """This tab now holds a team participant's own answers, under their participant token."""
    replace_responses(Responses())
    current = st.session_state[SESSION] = _resume(token, "p")
    st.session_state.pop(LINK, None)
    st.query_params.pop(PARAM, None)  # the guide's private link is not this participant's
    return current


def open_team_plan(token: str, facilitator_link: str) -> Session:
    """This tab now holds a team's plan (the session under ``token``, which no link carries): the address keeps
    the facilitator link, the only way to it."""
    replace_responses(Responses())
    current = _resume(token, "f")
    current.link = facilitator_link
    st.session_state[SESSION] = current
    st.session_state.pop(LINK, None)
    st.query_params.pop(PARAM, None)  # the guide's private link is not the team's
    return current


def autosave() -> Session:
    """Hand the answers to the saver when they changed since the last hand-over."""
    current = session()
    answers = responses()
    if current.saver is not None and answers != current.submitted:
        current.submitted = current.saver.submit(answers)
    return current


def replace_answers(new: Responses) -> None:
    """Answers that replace the session's as a whole (a CSV loaded), in this tab and every other on the link."""
    replace_responses(new)
    current = session()
    current.submitted = current.saver.submit(new, replace=True) if current.saver is not None else copy.deepcopy(new)


def adopt(current: Session) -> bool:
    """Show the answers the saver merged with what is stored, with this tab's newer edits on top.

    True when the page's answers changed (the caller reruns the page to show them).
    """
    merged = current.saver.take_merged() if current.saver is not None else None
    if merged is None:
        return False
    mine = responses()
    now = to_responses(merge(merged.stored, snapshot(mine, guide()), merged.seen))
    current.notice = f"{merged.reason}: this page shows your saved answers merged with what you did here."
    if now == mine:
        return False
    replace_responses(now)
    autosave()
    return True


def start_over() -> None:
    """A new blank session with its own link; the old link keeps its answers."""
    replace_responses(Responses())
    st.session_state[SESSION] = _start_new()
