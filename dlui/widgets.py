"""Rating sliders and text areas bound to the responses object, not to widget state."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dlcore import Guide, Responses
from dlcore.content import Statement
from dlcore.responses import MAX_ANSWER_CHARS, MAX_NAME_CHARS
from dlui.persistence import autosave
from dlui.state import responses

NOT_RATED = 0
OPTIONS = (NOT_RATED, 1, 2, 3, 4)


# Set by a watch that reruns the page on the server's own initiative (dlui.team_watch): that run carries no
# widget states from the browser, yet the browser holds every widget's, including text typed but not sent.
SERVER_RERUN = "dldash.server_rerun"


def bind(key: str, value: object) -> None:
    """Show the stored answer in the widget drawn next with this key.

    Only when the widget's state differs (it was not drawn last run, or an upload replaced
    the answers), or when the browser did not report the widget this run: setting it every
    run would push the server's value to the browser and overwrite a change still on its
    way, such as a second key press; not setting it when the browser has no state for it
    (a run that replaced one interrupted before its widgets arrived, a page opened again)
    would let the browser fall back to the widget's default, "not yet rated" or empty, and
    send that back as if the person had chosen it. Except in a run the server started itself
    (``SERVER_RERUN``): the browser has its widgets, and pushing a value would wipe a half-typed text.
    """
    unreported = not _reported_by_browser(key) and not st.session_state.get(SERVER_RERUN)
    if key not in st.session_state or st.session_state[key] != value or unreported:
        st.session_state[key] = value


def _reported_by_browser(key: str) -> bool:
    """True when this run's message from the browser carried a value for the widget with ``key``.

    Streamlit keeps no public record of it: its session state holds the browser's widget
    states of this run apart (``_new_widget_state``) until the next run compacts them.
    """
    ctx = get_script_run_ctx()
    state = getattr(getattr(ctx, "session_state", None), "_state", None)
    try:
        widget_id = state._key_id_mapper.get_id_from_key(key)
        return widget_id is not None and widget_id in state._new_widget_state
    except AttributeError:  # another Streamlit version: setting the value is the safe side
        return False


def rating_slider(statement: Statement, number: int, guide: Guide, *, disabled: bool = False) -> int | None:
    """A 1-4 slider whose leftmost stop is 'not yet rated'; returns the stored rating. ``disabled``: shown,
    not changeable (a closed team session)."""
    r = responses()
    key = f"dldash.rate.{statement.id}"
    bind(key, r.rating(statement.id) or NOT_RATED)
    labels = guide.rating_scale.labels

    def changed() -> None:
        value = st.session_state[key]
        rating = None if value == NOT_RATED else int(value)
        responses().rate(statement.id, rating)
        autosave()

    st.select_slider(
        f"{number}. {statement.text}",  # also the slider's accessible name, so no Markdown escapes
        options=OPTIONS,
        format_func=lambda v: guide.rating_scale.not_rated if v == NOT_RATED else f"{v} · {labels[v]}",
        key=key,
        on_change=changed,
        disabled=disabled,
    )
    return r.rating(statement.id)


def answer_area(label: str, step: str, item_id: str, *, placeholder: str = "", height: int = 120,
                on_write: Callable[[Responses, str, str], None] | None = None, disabled: bool = False) -> None:
    """A text area whose text lives in ``responses().<step>[item_id]``.

    ``on_write(responses, item_id, text)`` replaces the plain write where typing
    should do more (a gap reflection pins the gap list). The text reaches ``changed``
    while it is typed, about a second after each pause (dlui/live_text.js), not only
    when the box is left.
    """
    key, changed = _bound_answer(step, item_id, on_write)
    st.text_area(label, key=key, on_change=changed, placeholder=placeholder, height=height,
                 max_chars=MAX_ANSWER_CHARS, disabled=disabled)


def answer_line(label: str, step: str, item_id: str, *, placeholder: str = "") -> None:
    """A one-line answer (a name, such as the Leader's) kept like answer_area's text, as short as a name."""
    key, changed = _bound_answer(step, item_id)
    st.text_input(label, key=key, on_change=changed, placeholder=placeholder, max_chars=MAX_NAME_CHARS)


def _bound_answer(step: str, item_id: str, on_write: Callable[[Responses, str, str], None] | None = None
                  ) -> tuple[str, Callable[[], None]]:
    """The widget key of a typed answer, filled from the answers, and the callback that writes it back."""
    key = f"dldash.text.{step}.{item_id}"
    bind(key, getattr(responses(), step).get(item_id, ""))

    def changed() -> None:
        text = st.session_state[key]
        if on_write:
            on_write(responses(), item_id, text)
        else:
            responses().write(step, item_id, text)
        autosave()

    return key, changed


def person_field(label: str, attribute: str, placeholder: str = "", *, disabled: bool = False) -> None:
    """Who is answering (respondent or role): optional, written into every CSV row.

    Kept without spaces at either end, but the box keeps what was typed: the text reaches the
    server while it is typed (dlui/live_text.js), and "Jordan " sent back as "Jordan" would
    make the next word "JordanLee".
    """
    key = f"dldash.person.{attribute}"
    stored = getattr(responses(), attribute)
    if key not in st.session_state or st.session_state[key].strip() != stored:
        st.session_state[key] = stored

    def changed() -> None:
        setattr(responses(), attribute, st.session_state[key].strip())
        autosave()

    st.text_input(label, key=key, on_change=changed, placeholder=placeholder,
                  max_chars=MAX_NAME_CHARS, disabled=disabled)


def role_choice(label: str, roles: dict[str, str], *, disabled: bool = False) -> None:
    """A participant's role, one of the team roles (id -> label); written like the name, per field."""
    key = "dldash.person.role_choice"
    stored = responses().role if responses().role in roles else None
    bind(key, stored)

    def changed() -> None:
        responses().role = st.session_state[key] or ""
        autosave()

    st.selectbox(label, options=list(roles), format_func=roles.__getitem__, index=None, key=key,
                 on_change=changed, placeholder="Choose your role", disabled=disabled)
