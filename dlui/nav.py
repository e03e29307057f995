"""The app's pages, in the order of the guide, and links between them.

Links are drawn only when the page runs inside the app's navigation; a page
run on its own (as AppTest does) shows the page's name as plain text instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dlui import team_session

NAV_READY = "dldash.nav_ready"
GO = "dldash.go"  # a page to open on the next run, once the navigation holds it (after joining or starting a team)


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    section: str

    @property
    def url_path(self) -> str:
        """The page's address: its file name, as in /cultural_readiness."""
        return self.path.removeprefix("app_pages/").removesuffix(".py")


PAGES = (
    PageSpec("app_pages/home.py", "Home", ":material/home:", "Start"),
    PageSpec("app_pages/cultural_readiness.py", "1. Cultural readiness",
             ":material/diversity_3:", "The four steps"),
    PageSpec("app_pages/approaches.py", "2. Approaches", ":material/alt_route:", "The four steps"),
    PageSpec("app_pages/implementation_readiness.py", "3. Implementation readiness",
             ":material/checklist:", "The four steps"),
    PageSpec("app_pages/implementation_planning.py", "4. Implementation planning",
             ":material/flag:", "The four steps"),
    PageSpec("app_pages/summary.py", "Summary and charts", ":material/radar:", "Results"),
    PageSpec("app_pages/conclusion.py", "Conclusion and resources", ":material/menu_book:", "Results"),
)


TEAM = "Team session"
JOIN = PageSpec("app_pages/join.py", "Join a team session", ":material/group_add:", TEAM)
PARTICIPANT = PageSpec("app_pages/participant.py", "Your ratings", ":material/how_to_vote:", TEAM)
TEAM_VIEW = PageSpec("app_pages/team.py", "Team view", ":material/groups:", TEAM)


def pages_for(member: team_session.Membership) -> tuple[PageSpec, ...]:
    """The pages this session may open: a participant sees only their own page; a facilitator the team
    view and the guide; anyone else the guide and the join page."""
    if member.participant is not None:
        return (PARTICIPANT,)
    if member.is_facilitator:
        return (TEAM_VIEW, *PAGES)
    return (*PAGES, JOIN)


def navigation() -> st.navigation:
    """Build the navigation (app.py calls this once per run)."""
    sections: dict[str, list[st.Page]] = {}
    specs = pages_for(team_session.membership())
    default = PAGES[0] if PAGES[0] in specs else specs[0]  # a default page's address is "/", never its own
    for spec in specs:
        page = st.Page(spec.path, title=spec.title, url_path=spec.url_path, icon=spec.icon, default=spec == default)
        sections.setdefault(spec.section, []).append(page)
    st.session_state[NAV_READY] = True
    navigation = st.navigation(sections)
    target = st.session_state.pop(GO, None)
    if target is not None:
        st.switch_page(target)
    return navigation


def page(path: str) -> PageSpec:
    """The page whose script is at ``path``."""
    return next(p for p in (*PAGES, JOIN, PARTICIPANT, TEAM_VIEW) if p.path == path)


def link(path: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to another page of the app, by its file path."""
    spec = page(path)
    if spec not in pages_for(team_session.membership()):
        return  # not a page of this session's navigation (the join page, for a facilitator)
    if st.session_state.get(NAV_READY):
        st.page_link(spec.path, label=label or spec.title, icon=icon or spec.icon)
    else:
        st.caption(f"Next: {label or spec.title}")


def button(path: str, label: str, *, primary: bool = False, icon: str | None = None) -> None:
    """A large button that opens another page (a link when run outside the app)."""
    if not st.session_state.get(NAV_READY):
        st.caption(f"Next: {label}")
        return
    if st.button(label, type="primary" if primary else "secondary", icon=icon, width="stretch",
                 key=f"dldash.go.{path}.{label}"):
        st.switch_page(path)
