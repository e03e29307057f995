"""Who this browser is in a team session: a participant (``?p=``), a facilitator (``?f=``), or neither.

Each link grants one thing: the participant link reaches that participant's own answers (an
ordinary session of the store under the participant's token); the facilitator link runs that
team. The links are read once, on the session's first run (app.py keeps them before anything
slow runs), and looked up in the store; a link that matches nothing is said plainly and
grants nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dlcore import CsvError, Responses, StoreUnavailable
from dlcore.join_code import display
from dlcore.team import TeamPicture, aggregate
from dlcore.team_file import TeamFile, read_team_file, write_team_csv
from dlcore.teams import Participant, Team, Teams
from dlcore.throttle import JoinThrottle
from dlui import persistence
from dlui.state import guide, replace_responses
from dlui.text import plain

PARTICIPANT_PARAM, FACILITATOR_PARAM = "p", "f"
LINKS = {PARTICIPANT_PARAM: "dldash.link.p", FACILITATOR_PARAM: "dldash.link.f"}  # kept by app.py
ROLE = "dldash.team.role"  # this session's place in a team: a Membership


@dataclass(frozen=True)
class Membership:
    participant: Participant | None = None
    team: Team | None = None  # the participant's team, or the team the facilitator link runs
    notice: str | None = None  # why a link granted nothing

    @property
    def is_facilitator(self) -> bool:
        return self.participant is None and self.team is not None


@st.cache_resource
def teams() -> Teams:
    return Teams(persistence.store())


@st.cache_resource
def throttle() -> JoinThrottle:
    """One limit on wrong join codes for the whole server (a school may share one address)."""
    return JoinThrottle()


def membership() -> Membership:
    """This session's place in a team, found once from the link it was opened with."""
    if ROLE not in st.session_state:
        st.session_state[ROLE] = _find()
    return st.session_state[ROLE]


def _find() -> Membership:
    p, f = (st.session_state.get(LINKS[k]) or st.query_params.get(k) for k in (PARTICIPANT_PARAM, FACILITATOR_PARAM))
    if not (p or f):
        return Membership()
    try:
        if p:
            found = teams().participant(p)
            if found is None:
                return Membership(notice="That participant link does not match anyone in a team session. "
                                         "Ask your facilitator for the join code to join again.")
            persistence.open_participant(found[0].token)
            return Membership(participant=found[0], team=found[1])
        team = teams().by_facilitator(f)
        if team is None:
            return Membership(notice="That facilitator link does not match any team session.")
        open_plan(team)
        return Membership(team=team)
    except StoreUnavailable as exc:
        return Membership(notice=f"The team session could not be opened: {exc} Reload the page to try again.")


def refresh_team() -> Team | None:
    """The team as the store holds it now (its state may have changed); the cached one if the store is away."""
    current = membership()
    if current.team is None:
        return None
    try:
        team = teams().by_id(current.team.id) or current.team
    except StoreUnavailable:
        return current.team
    st.session_state[ROLE] = Membership(current.participant, team, current.notice)
    return team


PROBLEM = "dldash.team.problem"


def start() -> None:
    """Home's form: a new team session run from this browser session, then its team view."""
    name = st.session_state.get("dldash.team.name", "").strip()
    if not name:
        st.session_state[PROBLEM] = ("Give the team session a name (the school or district), so that people "
                                     "who join see they joined the right one.")
        return
    try:
        team = teams().create(name)
    except StoreUnavailable as exc:
        st.session_state[PROBLEM] = f"The team session could not be started: {exc} Try again in a moment."
        return
    _run(team)


FILES = "dldash.team.files"  # Home's uploader of a team file or several people's own files


def start_from_files() -> None:
    """Home's other way in: a team session made from a team file (downloaded from a team view) or from several
    people's own CSVs (filled in alone), then its team view. Every file is checked as an upload is; if any is
    refused, each refusal is said and no team is made."""
    files = st.session_state.get(FILES) or []
    if not files:
        st.session_state[PROBLEM] = "Choose one or more CSV files first: a team file, or each person's own file."
        return
    combined, refusals = TeamFile(name=""), []
    for upload in files:
        try:
            found = read_team_file(upload.getvalue())
        except CsvError as exc:
            shown = exc.problems[:3] + ([f"and {len(exc.problems) - 3} more"] if len(exc.problems) > 3 else [])
            refusals.append(f"- **{plain(upload.name)}**: {plain(' '.join(shown))}")
            continue
        if found.plan is not None and combined.plan is not None:
            refusals.append(f"- **{plain(upload.name)}**: a second team's plan; make a team from one team file.")
            continue
        if found.plan is not None:
            combined.name, combined.plan = found.name, found.plan
        combined.members.extend(found.members)
        combined.earlier.extend(found.earlier)
    if refusals:
        st.session_state[PROBLEM] = "No team was made; nothing changed. " + \
            ("This file was" if len(refusals) == 1 else "These files were") + " refused:\n\n" + "\n".join(refusals)
        return
    try:
        team = teams().create_from_file(st.session_state.get("dldash.team.name", "").strip(), combined, guide())
    except StoreUnavailable as exc:
        st.session_state[PROBLEM] = f"The team session could not be made: {exc} Try again in a moment."
        return
    _run(team)


def _run(team: Team) -> None:
    """This browser session now runs ``team``: its plan, its facilitator link in the address, its team view."""
    from dlui.nav import GO, TEAM_VIEW  # the navigation builds on this module

    st.session_state.pop(PROBLEM, None)
    open_plan(team)
    st.session_state[ROLE] = Membership(team=team)
    st.session_state[LINKS[FACILITATOR_PARAM]] = team.facilitator_token
    st.query_params[FACILITATOR_PARAM] = team.facilitator_token
    st.session_state[GO] = TEAM_VIEW.path


def team_file(team: Team) -> bytes:
    """The whole team as one CSV (dlcore.team_file): everyone's answers, earlier rounds, the team's plan."""
    return write_team_csv(teams().export(team, guide()), guide())


def open_plan(team: Team) -> None:
    """The four steps of a facilitator's browser hold the team's plan: its consensus ratings, key questions,
    gap areas and strategy profile, saved per item, so two facilitators on the link both keep their edits."""
    persistence.open_team_plan(teams().plan_token(team), team.facilitator_token)


def join(team: Team) -> Participant:
    """Join ``team`` from this browser session: a new participant whose answers start blank."""
    participant = teams().join(team)
    st.session_state[ROLE] = Membership(participant=participant, team=team)
    st.session_state[LINKS[PARTICIPANT_PARAM]] = participant.token
    replace_responses(Responses())
    persistence.open_participant(participant.token)
    return participant


def join_address(base_url: str, team: Team) -> str:
    """The join page's address with the code filled in: what the QR code holds."""
    return f"{base_url.rstrip('/')}/join?code={team.join_code}"


def shown_code(team: Team) -> str:
    """The join code as the room reads it: "ABC‑123" with a non-breaking hyphen, so that at 150% zoom it
    is never cut in two across lines (a line may break only before it)."""
    return display(team.join_code).replace("-", NON_BREAKING_HYPHEN)


NON_BREAKING_HYPHEN = "\u2011"


# The facilitator's picture: one aggregate per team and server, recomputed only when the team changed.

@st.cache_resource
def _pictures() -> dict[str, tuple[int, bool, TeamPicture, dict[str, list[str]]]]:
    return {}


def picture(team: Team) -> tuple[TeamPicture, dict[str, list[str]]]:
    """The team's picture and its Step 3 rationales (no names): one query for the change counter; the
    answers are read again only when it moved."""
    version = teams().version(team.id)
    cache = _pictures()
    cached = cache.get(team.id)
    show = team.show_single_roles
    if cached is not None and cached[0] == version and cached[1] == show:
        return cached[2], cached[3]
    fresh = aggregate(teams().raters(team.id), guide(), show_single_roles=show)
    texts = teams().rationales(team.id)
    cache[team.id] = (version, show, fresh, texts)
    return fresh, texts
