"""The facilitator's team view, made to be projected: how to join, and the team's picture, live.

Reached only with the facilitator link (?f=...). The picture refreshes itself every second
in a timed fragment that holds no input widget (streamlit issues 10805, 17011); it reads one
aggregate per team, recomputed only when the team's change counter moved.
"""

import streamlit as st

from dlcore import StoreUnavailable
from dlcore.qr import qr_png
from dlui import consensus, plan_document, present, sidebar, team_session, team_view, team_watch
from dlui.state import guide, responses
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
    def setting(what: str, key: str) -> None:
        try:
            getattr(team_session.teams(), what)(team.id, bool(st.session_state[key]))
        except StoreUnavailable as exc:
            st.toast(f"Not changed: {exc}")

    # Rows of their own: each label is read whole at 150% zoom, not cut to "Show roles that have a single m…".
    st.toggle("Show roles that have a single member", value=team.show_single_roles, key="dldash.team.single",
              on_change=setting, args=("set_show_single_roles", "dldash.team.single"),
              help="Off by default: a role with one member would show that person's ratings.")
    st.toggle("Participants see the team's picture once revealed", value=team.picture_shared,
              key="dldash.team.shared", on_change=setting, args=("set_picture_shared", "dldash.team.shared"),
              help="Off by default. When on, while the results are revealed, each participant's page shows the "
                   "team's totals and every statement's votes, without names: never anyone's own answers, "
                   "rationales or roles.")


def change(what: str, done: str, *args) -> None:
    """One of the facilitator's controls: the change in the store (every view of the team, on any server,
    sees it within a second or two), said in a toast; if the store is away, nothing changed, said so."""
    try:
        getattr(team_session.teams(), what)(*args)
    except StoreUnavailable as exc:
        st.toast(f"Nothing changed: {exc}", icon=":material/cloud_off:")
    else:
        st.toast(done)


if not presenting:
    st.caption("Your facilitator link (keep it private) is in the address bar: it is the only way back to this view.")
# One row that wraps, each label whole: at 150% zoom beside the sidebar, four columns squeezed Present to its icon.
with st.container(key="dldash-team-controls", horizontal=True, gap="small"):
    if team.results_hidden:  # beside Present, so that a projected view is revealed without leaving it
        st.button("Reveal the results", type="primary", icon=":material/visibility:",
                  on_click=change, args=("set_results_hidden", "Results revealed", team.id, False),
                  help="Show the team's picture on this view. Until then nobody sees anyone's ratings.")
    else:
        st.button("Hide the results", icon=":material/visibility_off:",
                  on_click=change, args=("set_results_hidden", "Results hidden", team.id, True),
                  help="Hide the team's picture while people vote (again); who has answered stays in view.")
    if team.is_open:
        st.button("Close the session", icon=":material/lock:",
                  on_click=change, args=("close", "Session closed: no more changes", team.id),
                  help="No more changes: the join code stops working and participants' pages say it is closed.")
    else:
        st.button("Reopen the session", icon=":material/lock_open:",
                  on_click=change, args=("reopen", "Session reopened", team.id),
                  help="Participants can change their ratings again, and the join code works again.")
    present.toggle()
# A fixed slot, whether or not the session is closed: a notice appearing or going above the participants'
# list would shift it, and Streamlit would draw it anew, folded, under the facilitator's pointer.
closed_notice = st.container()
if not team.is_open:
    closed_notice.info("**This session is closed.** Participants' ratings are kept and can no longer be changed; "
                       "the join code does not work. Reopen it to take more answers.", icon=":material/lock:")

if not presenting:
    with st.expander("Participants: remove a stray join"):
        try:
            people = team_session.teams().answered(team.id)
        except StoreUnavailable as exc:
            people = []
            st.warning(f"The participants cannot be read right now: {exc}", icon=":material/cloud_off:")
        if not people:
            st.markdown("Nobody has joined yet.")
        for person in people:
            who, button = st.columns([3, 1], vertical_alignment="center")
            name = plain(person.shown_name)
            if person.removed:
                who.markdown(f"~~{name}~~ · removed: not in the team's picture")
                button.button("Take back in", key=f"dldash.team.restore.{person.number}", icon=":material/undo:",
                              width="stretch", disabled=not team.is_open,
                              on_click=change, args=("restore", f"{person.shown_name} is back in", team.id,
                                                     person.token))
            else:
                who.markdown(f"**{name}** · {person.rated} rated")
                button.button("Remove", key=f"dldash.team.remove.{person.number}", icon=":material/person_remove:",
                              width="stretch", disabled=not team.is_open,
                              on_click=change, args=("remove", f"{person.shown_name} removed (Take back in undoes it)",
                                                     team.id, person.token))
        st.caption("A removed participant's answers leave the team's picture and its file; they are kept, and "
                   "**Take back in** returns them while the session is open.")


@st.fragment(run_every=REFRESH_SECONDS)
def live() -> None:
    """The team's picture as of now; no input widget in here (it reruns every second)."""
    now = team_session.refresh_team() or team
    try:
        if now.results_hidden:  # who has answered, never what: the picture is not even computed
            state = team_watch.meeting_state(now.id)
            team_view.who_has_answered(team_session.teams().answered(now.id), g, state.revote if state else (),
                                       now.round)
            return
        current, rationales = team_session.picture(now)
    except StoreUnavailable as exc:
        st.warning(f"The team's latest answers cannot be read right now: {exc} This view tries again by itself.",
                   icon=":material/cloud_off:")
        return
    plan = responses()  # the team's plan: its ratings are the team's consensus
    team_view.summary(current, g, plan)
    for name, questionnaire in (("cultural_readiness", g.cultural_readiness),
                                ("implementation_readiness", g.implementation_readiness)):
        team_view.step(current.step(name), questionnaire, g, key=f"team-radar-{name}", agreed=getattr(plan, name))
        team_view.roles(current.step(name), g)
    team_view.rationales(rationales, g.implementation_readiness)


live()

# The team's picture as of this run, for what sits outside the live view (the votes to agree on, the report):
# read once, and only once revealed, since both are results.
votes, unreadable = None, None
if not team.results_hidden:
    try:
        votes, _ = team_session.picture(team)
    except StoreUnavailable as exc:
        unreadable = exc

if unreadable is not None:
    st.warning(f"The team's answers cannot be read right now, so the team's ratings cannot be recorded and the "
               f"report cannot be built: {unreadable}", icon=":material/cloud_off:")
if votes is not None:
    if team.is_open:
        with st.expander(f"Vote again: open round {team.round + 1} on chosen statements"):
            flagged = [p.statement.id for name in ("cultural_readiness", "implementation_readiness")
                       for p in votes.step(name).flagged]
            every = [s.id for s in (*g.cultural_readiness.statements, *g.implementation_readiness.statements)]
            chosen = st.multiselect(
                "Statements to vote on again (the flagged ones are chosen)", every, default=flagged,
                format_func=lambda i: f"{'Step 1' if i.startswith('CR') else 'Step 3'}, "
                                      f"{g.number(i)}. {g.statement(i).short}",
                key=f"dldash.team.revote.{team.round}")
            st.caption("Everyone's votes as they stand are kept as round "
                       f"{team.round}'s. Each participant's page asks them to vote again on these statements, "
                       "with their earlier rating in place, and the results are hidden until you reveal them.")
            st.button(f"Open round {team.round + 1}", icon=":material/how_to_vote:", disabled=not chosen,
                      on_click=change, args=("open_round", f"Round {team.round + 1} is open", team.id, chosen))
    try:
        rounds = team_session.teams().rounds(team.id)
    except StoreUnavailable:
        rounds = []
    consensus.record(votes, g, rounds)

if not presenting:
    st.divider()
    st.markdown("## The team's plan as a document")
    st.markdown("The team's picture as it is now (how many took part, each statement's spread, the statements "
                "flagged for discussion and the roles compared, without names), with the plan typed in this "
                "browser's own four steps: preview it, print it, or keep editing it in Word.")
    if team.results_hidden:
        st.markdown(":material/visibility_off: The team's report holds the results: it can be built once they "
                    "are revealed.")
    elif votes is not None:
        plan_document.team_downloads(team.name, votes)
    st.markdown("## The team in one file")
    st.markdown("Everyone's answers (with their names or numbers and roles), the earlier rounds' votes and the "
                "team's plan, in one CSV. Load it on Home (*Or make a team session from files*) to see this "
                "meeting again, on any server.")
    if team.results_hidden:
        st.markdown(":material/visibility_off: It holds everyone's ratings: it can be downloaded once they are "
                    "revealed.")
    else:
        st.download_button("Download the team (CSV)", data=lambda: team_session.team_file(team),
                           file_name=f"team-{team.join_code}.csv", mime="text/csv", icon=":material/download:",
                           on_click="ignore")
