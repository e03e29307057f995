"""The facilitator's team view, made to be projected: how to join, and the team's picture, live.

Reached only with the facilitator link (?f=...). The picture refreshes itself every second
in a timed fragment that holds no input widget (streamlit issues 10805, 17011); it reads one
aggregate per team, recomputed only when the team's change counter moved.
"""

import streamlit as st

from dlcore import StoreUnavailable
from dlcore.qr import qr_png
from dlui import plan_document, present, sidebar, team_session, team_view
from dlui.state import guide
from dlui.text import plain

REFRESH_SECONDS = 1.0  # a new rating shows within about 1.5 s (0.3 s to save, then the next refresh)
QR_ALT = "QR code: scan it with a phone's camera to open the join page with the code filled in"

g = guide()
member = team_session.membership()
if not member.is_facilitator:
    sidebar.render()
    st.error(plain(member.notice or "The team view opens only with the facilitator's link."), icon=":material/lock:")
    st.stop()
team = team_session.refresh_team()
if st.query_params.get(team_session.FACILITATOR_PARAM) != team.facilitator_token:
    st.query_params[team_session.FACILITATOR_PARAM] = team.facilitator_token  # a page change drops it

presenting = present.on()
if presenting:
    present.hide_chrome()
else:
    sidebar.render()

join_url = team_session.join_address(sidebar.base_url().rsplit("/", 1)[0], team)
address = join_url.split("?")[0].split("://", 1)[-1]
# The address and the code are read from the back of the room: large, and wrapped rather than cut.
st.html("<style>.st-key-dldash-join [data-testid='stMarkdownContainer'] {overflow-wrap: anywhere;}</style>")
st.markdown(f"# {plain(team.name)}")
with st.container(key="dldash-join"):
    if presenting:  # the picture is what the room reads now: the way in stays on one line
        how, qr = st.columns([5, 1], vertical_alignment="center")
        how.markdown(f"### Join at **{plain(address)}** with the code **{team_session.shown_code(team)}**")
        qr.image(qr_png(join_url), width="stretch", alt=QR_ALT)
    else:
        how, qr = st.columns([2, 1], vertical_alignment="center")
        how.markdown(f"### Join on your phone or laptop at\n\n### **{plain(address)}**\n\n### with the code\n\n"
                     f"# Code: {team_session.shown_code(team)}")
        qr.image(qr_png(join_url), caption="Or scan this to join", width="stretch", alt=QR_ALT)

if not presenting:
    def show_single(value_key: str = "dldash.team.single") -> None:
        try:
            team_session.teams().set_show_single_roles(team.id, bool(st.session_state[value_key]))
        except StoreUnavailable as exc:
            st.toast(f"Not changed: {exc}")

    # A row of its own: its label is read whole at 150% zoom, not cut to "Show roles that have a single m…".
    st.toggle("Show roles that have a single member", value=team.show_single_roles, key="dldash.team.single",
              on_change=show_single, help="Off by default: a role with one member would show that person's ratings.")
controls = st.container(key="dldash-team-controls").columns([3, 1], vertical_alignment="center")
if not presenting:
    controls[0].caption("Your facilitator link (keep it private) is in the address bar: it is the only way "
                        "back to this view.")
with controls[-1]:
    present.toggle()


@st.fragment(run_every=REFRESH_SECONDS)
def live() -> None:
    """The team's picture as of now; no input widget in here (it reruns every second)."""
    try:
        current, rationales = team_session.picture(team_session.refresh_team() or team)
    except StoreUnavailable as exc:
        st.warning(f"The team's latest answers cannot be read right now: {exc} This view tries again by itself.",
                   icon=":material/cloud_off:")
        return
    team_view.summary(current, g)
    for name, questionnaire in (("cultural_readiness", g.cultural_readiness),
                                ("implementation_readiness", g.implementation_readiness)):
        team_view.step(current.step(name), questionnaire, g, key=f"team-radar-{name}")
        team_view.roles(current.step(name), g)
    team_view.rationales(rationales, g.implementation_readiness)


live()

if not presenting:
    st.divider()
    st.markdown("## The team's plan as a document")
    st.markdown("The team's picture as it is now (how many took part, each statement's spread, the statements "
                "flagged for discussion and the roles compared, without names), with the plan typed in this "
                "browser's own four steps: preview it, print it, or keep editing it in Word.")
    try:
        picture, _ = team_session.picture(team)
    except StoreUnavailable as exc:
        st.warning(f"The team's answers cannot be read right now, so the report cannot be built: {exc}",
                   icon=":material/cloud_off:")
    else:
        plan_document.team_downloads(team.name, picture)
