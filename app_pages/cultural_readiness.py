"""Step 1: rate the ten cultural readiness statements; the total suggests a family of approaches."""

import streamlit as st

from dlcore import cultural_readiness, recommend_approach
from dlui import layout, nav, present, sidebar
from dlui.state import guide, responses
from dlui.text import plain
from dlui.widgets import rating_slider

g = guide()
step = g.cultural_readiness

if present.on():  # the result and the chart, large, for the room; the statements stay on the normal page
    r = responses()
    score = cultural_readiness(r.cultural_readiness, g)
    recommendation = recommend_approach(r.cultural_readiness, g)
    if recommendation is None:
        said = f"**{score.rated} of {score.of}** statements rated"
    else:
        at, above = recommendation.threshold, recommendation.total >= recommendation.threshold
        said = (f"Suggests **{plain(g.family(recommendation.family).label.capitalize())}** approaches "
                f"({f'{at} or more' if above else f'below {at}'})")
    present.show("Step 1 total", f"{score.total} of {score.highest_possible}", said,
                 lambda: layout.readiness_chart("radar-step-1-presented", step, r.cultural_readiness, g, height=420))

sidebar.render(live_step=1)

layout.step_header(1, step.title, step.subtitle, intro=step.intro, legend=layout.legend(g))


CHART_HEADING = "Your ratings as a chart"
TO_CHART = "[chart ↓](#your-ratings-as-a-chart)"  # the heading's anchor: its words, lower case, hyphens


@st.fragment
def questionnaire() -> None:
    """Sliders and the live result rerun on their own: a rating change redraws only this part.

    The result is a bar above the statements that stays in view while any of them is rated (style.css),
    on a phone as on a projector: a column beside them was too narrow at 150% zoom ("26 o…"), and from
    statement 6 on a laptop the total and the recommendation were out of sight. Every element here is
    sent again on each rating, so few of them: the bar, one element per statement, the full result, the radar.
    """
    r = responses()
    score = cultural_readiness(r.cultural_readiness, g)
    recommendation = recommend_approach(r.cultural_readiness, g)
    family = g.family(recommendation.family) if recommendation else None
    with layout.result_bar():
        st.metric("Total rating", f"{score.total} of {score.highest_possible}", width="content")
        # Two lines, as the total's label and value; the first leads to the chart below the statements.
        if family is None:
            st.markdown(f":small[Rated · {TO_CHART}]  \n**{score.rated} of {score.of}**", width="content")
        else:
            st.markdown(f":small[Suggests · {TO_CHART}]  \n**{plain(family.label.capitalize())}** approaches",
                        width="content")
            nav.link("app_pages/approaches.py", label="Step 2", icon=":material/arrow_forward:")
    for number, statement in enumerate(step.statements, start=1):
        rating_slider(statement, number, g)
    if family is None:
        missing = ", ".join(str(g.number(s.id)) for s in score.unrated)
        st.info(f"**{score.rated} of {score.of} statements rated.** Rate all {score.of} to see which approach "
                f"your total suggests. Still to rate: statement{'s' if len(score.unrated) > 1 else ''} {missing}.",
                icon=":material/pending:")
    else:
        st.success(f"**All {score.of} statements rated. Total {recommendation.total}.** "
                   f"{plain(family.recommendation)}\n\n{plain(family.why)}",
                   icon=":material/lightbulb:")
        nav.link("app_pages/approaches.py", label=f"Step 2: {family.label.lower()} approaches",
                 icon=":material/arrow_forward:")
    st.markdown(f"#### {CHART_HEADING}")
    layout.readiness_chart("radar-step-1", step, r.cultural_readiness, g, height=520)


questionnaire()
present.toggle()  # the result and the chart, large, without the sidebar: for a projector
# The chart's numbers are the sliders' own; a live table beside it, as the Summary has, made each new
# total ~10% slower to show (benchmarks/rating_latency.py). One Markdown block: each element around
# the fragment is redrawn on every rating too.
st.markdown(":small[:gray[The chart draws the ratings set with the sliders above. The same numbers are in a "
            f"table on the {plain(nav.page('app_pages/summary.py').title)} page.]]\n\n---\n\n{plain(step.shortcut)}")
nav.link("app_pages/implementation_readiness.py", label="Go to Step 3: Implementation readiness")
