"""Step 1: rate the ten cultural readiness statements; the total suggests a family of approaches."""

import streamlit as st

from dlcore import cultural_readiness, recommend_approach
from dlui import layout, nav, sidebar
from dlui.state import guide, responses
from dlui.text import plain
from dlui.widgets import rating_slider

sidebar.render(live_step=1)

g = guide()
step = g.cultural_readiness

layout.step_header(1, step.title, step.subtitle, intro=step.intro, legend=layout.legend(g))


@st.fragment
def questionnaire() -> None:
    """Sliders and the live result rerun on their own: a rating change redraws only this part.

    Every element here is sent again on each rating, and each one adds to a rating's round
    trip: so one element per statement, the total beside them, and the radar below.
    """
    statements, result = st.columns([3, 2], gap="large")
    with result:
        live_result()
    with statements:
        for number, statement in enumerate(step.statements, start=1):
            rating_slider(statement, number, g)
    layout.readiness_chart("radar-step-1", step, responses().cultural_readiness, g, height=520)


def live_result() -> None:
    r = responses()
    score = cultural_readiness(r.cultural_readiness, g)
    recommendation = recommend_approach(r.cultural_readiness, g)
    st.metric("Total rating", f"{score.total} of {score.highest_possible}", border=True)
    if recommendation is None:
        missing = ", ".join(str(g.number(s.id)) for s in score.unrated)
        st.info(f"**{score.rated} of {score.of} statements rated.** Rate all {score.of} to see which approach "
                f"your total suggests. Still to rate: statement{'s' if len(score.unrated) > 1 else ''} {missing}.",
                icon=":material/pending:")
    else:
        family = g.family(recommendation.family)
        st.success(f"**All {score.of} statements rated. Total {recommendation.total}.** "
                   f"{plain(family.recommendation)}\n\n{plain(family.why)}",
                   icon=":material/lightbulb:")
        nav.link("app_pages/approaches.py", label=f"Step 2: {family.label.lower()} approaches",
                 icon=":material/arrow_forward:")


questionnaire()
# The chart's numbers are the sliders' own; a live table beside it, as the Summary has, made each new
# total ~10% slower to show (benchmarks/rating_latency.py). One Markdown block: each element around
# the fragment is redrawn on every rating too.
st.markdown(":small[:gray[The chart draws the ratings set with the sliders above. The same numbers are in a "
            f"table on the {plain(nav.page('app_pages/summary.py').title)} page.]]\n\n---\n\n{plain(step.shortcut)}")
nav.link("app_pages/implementation_readiness.py", label="Go to Step 3: Implementation readiness")
