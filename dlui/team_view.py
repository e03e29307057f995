"""The team's picture as the facilitator projects it: totals, each step's radar with its table, roles.

Drawn inside a fragment that reruns every second, so nothing here is an input widget (a
timed fragment loses their state: streamlit issues 10805, 17011): only Markdown, metrics, charts
and read-only tables. The picture holds no participant's name, and nothing here adds one. Every
text from the guide or the picture goes through ``plain`` before it reaches Markdown.
"""

from __future__ import annotations

import streamlit as st

from dlcore import Responses
from dlcore.consensus import TeamFigure, team_figure
from dlcore.content import Guide, Questionnaire
from dlcore.figures import set_team_picture, team_radar
from dlcore.team import StatementPicture, StepPicture, TeamPicture, role_rows, statement_rows
from dlcore.teams import Answered
from dlui.text import plain

FIGURES = "dldash.team.figures"  # key -> (what the chart was built for, the figure), in session state
ROW_HEIGHT = 40  # px: the tables' rows, a little taller than Streamlit's 35 for the theme's 18 px type
# Column widths in px, so that a table fits a 1024 px screen (844 px inside the page's margins) without
# scrolling sideways. The grid makes no column narrower than 50 px, and widens them all alike when
# they add up to less than the table's width.
NUMBER_WIDTH = 50
ROLE_COLUMNS_WIDTH = 590  # shared by the role columns, beside "#" and "Statement"
SUMMARY_COLUMNS = [1, 1.5, 1]  # the middle one holds the family's label: "NON-EVALUATIVE" at the metrics' size
NO_VALUE = "–"  # a mean nobody's ratings give yet (or a role's, from fewer than two of its members)
STEP_NUMBERS = {"cultural_readiness": 1, "implementation_readiness": 3}
ANSWERED_KEY = "dldash-who-has-answered"
SHARED_ANCHOR = "team-picture"  # a participant's page links to the shared picture at its end


def who_has_answered(people: list[Answered], guide: Guide, revote: tuple[str, ...] = (), round_number: int = 1) -> None:
    """While the results are hidden: who has answered and how many are still rating, never what anyone answered.
    In a round of voting again (``revote``: its statements), who has changed their vote on them so far.

    Drawn from names and counts only (dlcore.teams.Answered holds no rating), so nothing hidden can reach
    the browser from here. Removed participants are left out."""
    of = len(guide.cultural_readiness.statements) + len(guide.implementation_readiness.statements)
    present = [p for p in people if not p.removed]
    done = [p for p in present if p.rated >= of]
    st.markdown("## :material/visibility_off: Results hidden while people vote\n\nNobody sees the team's "
                "ratings until the facilitator reveals them: not this screen, not the participants.")
    joined, finished, rating = st.columns(SUMMARY_COLUMNS)
    joined.metric("Joined", len(present), border=True)
    if revote:
        moved = [p for p in present if p.changed]
        finished.metric(f"Round {round_number}: changed a vote", f"{len(moved)} of {len(present)}", border=True)
        rating.metric("Voting again on", f"{len(revote)} statement{'s' if len(revote) > 1 else ''}", border=True)
        st.markdown(f"Round {round_number} votes again on "
                    + "; ".join(f"**{guide.number(i)}. {plain(guide.statement(i).short)}**" for i in revote)
                    + ". Everyone's earlier rating stands as their vote until they change it: keeping it is a "
                    "vote too, so reveal when the room is ready.")
    else:
        finished.metric("Finished", f"{len(done)} of {len(present)}", border=True)
        rating.metric("Still rating", len(present) - len(done), border=True)
    if not present:
        st.markdown("Nobody has joined yet.")
        return
    if revote:
        lines = [f"- {':material/published_with_changes:' if p.changed else ':material/hourglass_empty:'} "
                 f"**{plain(p.shown_name)}** · {f'changed {p.changed} of {len(revote)}' if p.changed else 'as before'}"
                 for p in present]
    else:
        lines = [f"- {':material/check_circle:' if p.rated >= of else ':material/pending:'} "
                 f"**{plain(p.shown_name)}** · {p.rated} of {of} rated" for p in present]
    st.markdown("### Who has answered")
    # Large enough for the back of the room, in as many columns as the screen holds (style.css): 30 names fit.
    with st.container(key=ANSWERED_KEY):
        st.markdown("\n".join(lines))


def summary(picture: TeamPicture, guide: Guide, plan: Responses) -> None:
    """Who joined and finished, the team's totals (``totals``), and how individuals' own Step 1 totals fall."""
    cultural, implementation = picture.cultural_readiness, picture.implementation_readiness
    joined, first, third = st.columns(SUMMARY_COLUMNS)
    joined.metric("Joined", picture.participants, border=True)
    first.metric("Finished Step 1", f"{cultural.finished} of {picture.participants}", border=True)
    third.metric("Finished Step 3", f"{implementation.finished} of {picture.participants}", border=True)
    totals(picture, guide, plan)
    _individuals(picture, guide)


def totals(picture: TeamPicture, guide: Guide, plan: Responses) -> None:
    """The team's totals from its consensus (``plan``'s ratings: provisional until every statement is agreed,
    the mean standing in) with what Step 1's points to, and what they rest on."""
    cultural, implementation = picture.cultural_readiness, picture.implementation_readiness
    step_1 = team_figure(cultural, plan.cultural_readiness, guide.cultural_readiness, guide)
    step_3 = team_figure(implementation, plan.implementation_readiness, guide.implementation_readiness, guide)
    total_1, points_to, total_3 = st.columns(SUMMARY_COLUMNS)
    total_1.metric("Team total, Step 1", _figure(step_1, guide.cultural_readiness, guide), border=True)
    points_to.metric("Step 1 points to", guide.family(step_1.family).label if step_1.family else "Waiting",
                     border=True)
    total_3.metric("Team total, Step 3", _figure(step_3, guide.implementation_readiness, guide), border=True)
    lines = []
    for number, figure, step in ((1, step_1, cultural), (3, step_3, implementation)):
        state = "provisional" if figure.provisional else "agreed"
        means = f" Everyone's mean ratings add up to {step.shown_total}." if step.shown_total else ""
        lines.append(f"- **Step {number}, {state}**: {figure.based_on()}.{means}")
    st.markdown("\n".join(lines))


def _individuals(picture: TeamPicture, guide: Guide) -> None:
    recommendation = picture.cultural_readiness.recommendation
    if recommendation:
        threshold, at = guide.cultural_readiness.threshold, recommendation.threshold
        st.markdown("**Individuals' own Step 1 totals**")
        above, below, unfinished = st.columns(SUMMARY_COLUMNS)
        above.metric(f"At or above {at}", recommendation.at_or_above, border=True,
                     help=f"Their own total points to {plain(guide.family(threshold.at_or_above).label)}")
        below.metric(f"Below {at}", recommendation.below, border=True,
                     help=f"Their own total points to {plain(guide.family(threshold.below).label)}")
        unfinished.metric("Not finished Step 1", recommendation.not_finished, border=True)


def shared(picture: TeamPicture, guide: Guide, plan: Responses) -> None:
    """The team's picture on a participant's page, when the facilitator shares it: the same totals, and each
    step's radar with every statement's votes in words and the agreed rating, in a table that wraps on a
    phone. The aggregate only: no rationales, no roles (a small role would show its members' ratings)."""
    st.header(":material/groups: The team's picture", anchor=SHARED_ANCHOR)
    st.markdown(f"Shared by the facilitator: everyone's ratings combined, without names ({picture.participants} "
                "taking part). Your own ratings are above.")
    totals(picture, guide, plan)  # not who finished, nor individuals' totals: a phone's screen is for the picture
    for name in STEP_NUMBERS:
        questionnaire, step_picture = getattr(guide, name), picture.step(name)
        agreed = getattr(plan, name)
        st.markdown(f"### {plain(_step_title(step_picture, guide))}")
        _chart(f"shared-radar-{name}", questionnaire, step_picture, guide)
        rows = [{"\\#": guide.number(p.statement.id), "Statement": plain(p.statement.short),
                 "The team's votes": plain(p.in_words()), "Agreed": str(agreed.get(p.statement.id, NO_VALUE))}
                for p in step_picture.statements]
        st.table(rows, hide_index=True, border="horizontal")


def _figure(figure: TeamFigure, questionnaire: Questionnaire, guide: Guide) -> str:
    most = len(questionnaire.statements) * max(guide.rating_scale.labels)
    return f"{figure.shown_total or '–'} of {most}"


def step(step_picture: StepPicture, questionnaire: Questionnaire, guide: Guide, key: str,
         agreed: dict[str, int] | None = None) -> None:
    """One step's team radar, what is flagged for discussion, and the same numbers as a table, with the team's
    consensus rating (``agreed``) beside each statement's spread."""
    st.markdown(f"## {plain(_step_title(step_picture, guide))}")
    # The chart across the page (beside anything it would shrink to half the height on a 1024 px screen),
    # then what is flagged, then the table.
    _chart(key, questionnaire, step_picture, guide)
    with st.container(border=True):
        st.markdown(_flagged(step_picture, guide))
    rows = statement_rows(step_picture, guide, agreed)
    not_rated = guide.rating_scale.not_rated
    count = {"width": 50, "alignment": "center"}
    st.dataframe(
        rows, hide_index=True, key=f"{key}-table", placeholder=NO_VALUE,
        row_height=ROW_HEIGHT, height=(len(rows) + 1) * ROW_HEIGHT + 3,
        column_order=["#", "Statement", "Agreed", "Mean", "Range", "1", "2", "3", "4", not_rated, "Discuss"],
        column_config={
            "#": st.column_config.NumberColumn(width=NUMBER_WIDTH),
            "Statement": st.column_config.TextColumn(width=_statement_width(step_picture)),
            "Agreed": st.column_config.NumberColumn(width=62, alignment="center",
                                                    help="The team's consensus rating, once agreed"),
            "Mean": st.column_config.NumberColumn(format="%.1f", width=52),
            "Range": st.column_config.TextColumn(width=52, alignment="center"),
            **{str(r): st.column_config.NumberColumn(**count) for r in guide.rating_scale.labels},
            not_rated: st.column_config.NumberColumn(width=_text_width(not_rated), alignment="center"),
            "Discuss": st.column_config.TextColumn(width=_text_width(", ".join(_reasons(guide)))),
        },
    )
    nobody = sum(p.mean is None for p in step_picture.statements)
    if nobody:
        st.markdown(f"{nobody} statement{'s' if nobody > 1 else ''} nobody has rated yet: left out of the "
                    "shape, not drawn as a low rating.")


def _step_title(picture: StepPicture, guide: Guide) -> str:
    """ "Step 1. Cultural Readiness": the step's number in the guide and its questionnaire's title."""
    title = getattr(guide, picture.step).title
    number = STEP_NUMBERS.get(picture.step)
    return f"Step {number}. {title}" if number else title


def _chart(key: str, questionnaire: Questionnaire, picture: StepPicture, guide: Guide) -> None:
    """The team radar, built once per session and key and then only reshaped (building takes ~60 ms,
    reshaping under 1 ms; the view redraws every second)."""
    figures = st.session_state.setdefault(FIGURES, {})
    built_for = (questionnaire.title, tuple(s.id for s in questionnaire.statements))
    cached = figures.get(key)
    if cached is None or cached[0] != built_for:
        fig = team_radar("", questionnaire.statements, picture, guide)
        figures[key] = (built_for, fig)
    else:
        fig = set_team_picture(cached[1], questionnaire.statements, picture)
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "displayModeBar": False})


def _flagged(picture: StepPicture, guide: Guide) -> str:
    """The rule in words, then each flagged statement with why (one Markdown block)."""
    if picture.flagged:
        items = "\n".join(f"- {_flag_line(p, guide)}" for p in picture.flagged)
    elif any(p.rated for p in picture.statements):
        items = "No statement is flagged for discussion."
    else:
        items = "No statement is flagged: nobody has rated one yet."
    return f"**{plain(guide.team.split.sentence)}**\n\n{items}"


def _flag_line(p: StatementPicture, guide: Guide) -> str:
    why = f"{', '.join(p.split)} (mean {p.mean:.1f}, range {p.low}-{p.high})"
    return f"**{guide.number(p.statement.id)}. {plain(p.statement.short)}**: {plain(why)}"


def roles(step_picture: StepPicture, guide: Guide) -> None:
    """The roles' means side by side, the roles that are apart, and how many roles are not shown."""
    team = guide.team
    st.markdown(f"### {plain(_step_title(step_picture, guide))} by role")
    if step_picture.roles:
        _role_table(step_picture, guide)
    else:
        st.markdown("No role's means are shown yet.")
    if step_picture.roles_left_out:
        st.markdown(f":material/visibility_off: {plain(team.left_out_note.format(count=step_picture.roles_left_out))}")

    gaps = [f"- **{guide.number(g.statement.id)}. {plain(g.statement.short)}**: "
            f"{plain(team.role_label(g.higher))} {g.higher_mean:.1f}, {plain(team.role_label(g.lower))} "
            f"{g.lower_mean:.1f} ({g.difference:.1f} apart)" for g in step_picture.role_gaps]
    if not gaps:
        gaps = ["No two roles are that far apart on any statement." if len(step_picture.roles) > 1
                else "It takes two roles shown to compare them."]
    st.markdown(f"**{plain(team.role_gap.sentence)}**\n\n" + "\n".join(gaps))
    with st.container(border=True):
        st.markdown(f":material/format_quote: *{plain(team.perceptions.text)}*\n\n— {plain(team.perceptions.source)}")


def _role_table(picture: StepPicture, guide: Guide) -> None:
    """A column per role beside the statements (role_rows) when the roles' labels fit across a 1024 px
    screen; when they do not (a cut label would leave the room guessing which role it is), a row per
    role with a column per statement number, as in the step's table."""
    rows = role_rows(picture, guide)
    labels = [c for c in rows[0] if c not in ("#", "Statement", "Roles apart")]
    widths = {c: _text_width(c) for c in labels}
    common = {"hide_index": True, "key": f"dldash-team-roles-{picture.step}", "placeholder": NO_VALUE,
              "row_height": ROW_HEIGHT}
    if sum(widths.values()) <= ROLE_COLUMNS_WIDTH:
        st.dataframe(
            rows, height=(len(rows) + 1) * ROW_HEIGHT + 3,
            column_order=["#", "Statement", *labels],  # the roles apart are listed under the table, in full
            column_config={
                "#": st.column_config.NumberColumn(width=NUMBER_WIDTH),
                "Statement": st.column_config.TextColumn(width=_statement_width(picture)),
                **{c: st.column_config.NumberColumn(format="%.1f", width=w, alignment="center")
                   for c, w in widths.items()},
            },
            **common,
        )
        return
    role = "Role"
    by_role = [{role: c, **{str(r["#"]): r[c] for r in rows}} for c in labels]
    numbers = [str(r["#"]) for r in rows]
    st.dataframe(
        by_role, height=(len(by_role) + 1) * ROW_HEIGHT + 3,
        column_config={role: st.column_config.TextColumn(width=max(widths.values())),
                       **{n: st.column_config.NumberColumn(format="%.1f", width=NUMBER_WIDTH, alignment="center")
                          for n in numbers}},
        **common,
    )
    st.markdown("A column for each statement, by its number in the table above.")


def _text_width(text: str) -> int:
    """Roughly the px a column needs to show ``text`` in the tables' type (a character is ~6.6 px)."""
    return round(6.6 * len(text)) + 20


def _reasons(guide: Guide) -> tuple[str, str]:
    return guide.team.split.both_sides_reason, guide.team.split.extremes_reason


def _statement_width(picture: StepPicture) -> int:
    return max(_text_width(p.statement.short) for p in picture.statements)


def rationales(texts: dict[str, list[str]], questionnaire: Questionnaire) -> None:
    """The team's Step 3 rationales under each statement, without names: what to talk about, not who said it."""
    given = [(n, s, texts[s.id]) for n, s in enumerate(questionnaire.statements, start=1) if texts.get(s.id)]
    st.markdown("### Why people rated Step 3 as they did")
    if not given:
        st.markdown("No rationale written yet. Participants can add one under each Step 3 rating.")
        return
    st.markdown("\n\n".join(
        f"**{n}. {plain(statement.short)}**\n\n" + "\n".join(f"- {plain(' '.join(t.split()))}" for t in said)
        for n, statement, said in given))
