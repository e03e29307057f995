"""Step 4's milestones, who does what by when: one row of fields per milestone, each bound to the answers.

A row is a milestone's own fields (what, owner, target date, status) under keys made from its id,
which never changes: removing one leaves the others' widgets, and what is typed in them, alone.
Removing can be undone until the next removal.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from dlcore.responses import (
    LEADER_PERSON,
    MAX_MILESTONE_CHARS,
    MAX_MILESTONES,
    MAX_NAME_CHARS,
    MILESTONE_STATUSES,
    Milestone,
)
from dlui.persistence import autosave
from dlui.state import responses
from dlui.text import plain
from dlui.widgets import answer_line, bind

REMOVED = "dldash.milestones.removed"  # (id, milestone) of the last one removed, for Undo


def leader_field() -> None:
    """The strategy profile's Leader names a person, beside the notes on leadership."""
    answer_line("Who leads (name and role)", "strategy_profile", LEADER_PERSON,
                placeholder="For example: Dr. Ana Ruiz, assistant superintendent")


def milestones_table() -> None:
    """Every milestone as a row of fields, then a button to add one."""
    milestones = responses().milestone_list()
    if not milestones:
        st.caption("No milestones yet. Add the 3-5 biggest events of the rollout: what, who owns it, and by when.")
    for number, (milestone_id, milestone) in enumerate(milestones, start=1):
        with st.container(border=True):
            _row(number, milestone_id, milestone)
    removed = st.session_state.get(REMOVED)
    if removed is not None:
        what = f"“{plain(removed[1].milestone)}”" if removed[1].milestone else "A milestone"
        st.info(f"{what} was removed.", icon=":material/delete:")
        st.button("Undo the removal", icon=":material/undo:", on_click=_undo,
                  disabled=len(milestones) >= MAX_MILESTONES)
    st.button("Add a milestone", icon=":material/add:", on_click=_add, disabled=len(milestones) >= MAX_MILESTONES,
              help=f"A plan holds up to {MAX_MILESTONES} milestones.")


def _row(number: int, milestone_id: str, milestone: Milestone) -> None:
    keys = {name: f"dldash.milestone.{milestone_id}.{name}" for name in ("milestone", "owner", "due", "status")}
    bind(keys["milestone"], milestone.milestone)
    bind(keys["owner"], milestone.owner)
    bind(keys["due"], date.fromisoformat(milestone.due) if milestone.due else None)
    bind(keys["status"], milestone.status)

    def changed() -> None:
        due = st.session_state[keys["due"]]
        current = responses().milestones.get(milestone_id, Milestone())
        responses().set_milestone(milestone_id, replace(
            current, milestone=st.session_state[keys["milestone"]], owner=st.session_state[keys["owner"]],
            due=due.isoformat() if isinstance(due, date) else "", status=st.session_state[keys["status"]]))
        autosave()

    # Two fields a row: four in one row left the date and the status too narrow to show their value
    # on a 1280x720 projector at 150% with the sidebar open. A phone stacks them all.
    what, owner = st.columns([3, 2], vertical_alignment="bottom")
    due, status = st.columns(2, vertical_alignment="bottom")
    what.text_input(f"Milestone {number}", key=keys["milestone"], on_change=changed, max_chars=MAX_MILESTONE_CHARS,
                    placeholder="What will be done")
    owner.text_input(f"Owner of milestone {number}", key=keys["owner"], on_change=changed,
                     max_chars=MAX_NAME_CHARS, placeholder="Who makes it happen")
    due.date_input(f"Target date of milestone {number}", key=keys["due"], on_change=changed, format="YYYY-MM-DD",
                   min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
    status.selectbox(f"Status of milestone {number}", options=list(MILESTONE_STATUSES),
                     format_func=MILESTONE_STATUSES.__getitem__, key=keys["status"], on_change=changed)
    st.button(f"Remove milestone {number}", icon=":material/delete:", key=f"dldash.milestone.{milestone_id}.remove",
              on_click=_remove, args=(milestone_id,), type="tertiary")


def _add() -> None:
    responses().add_milestone()
    autosave()


def _remove(milestone_id: str) -> None:
    answers = responses()
    milestone = answers.milestones.get(milestone_id)
    if milestone is None:
        return
    answers.remove_milestone(milestone_id)
    st.session_state[REMOVED] = (milestone_id, milestone)
    autosave()


def _undo() -> None:
    removed = st.session_state.pop(REMOVED, None)
    answers = responses()
    if removed is None or len(answers.milestones) >= MAX_MILESTONES:
        return
    milestone_id, milestone = removed
    if milestone_id in answers.milestones:  # its id was given again meanwhile: it comes back last
        answers.add_milestone(milestone)
    else:
        answers.set_milestone(milestone_id, milestone)
    autosave()
