"""Page furniture shared by the steps: headings, bullet lists, quotes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from dlcore import readiness_radar
from dlcore.content import ApproachModel, Guide, Link, Questionnaire
from dlcore.figures import set_ratings
from dlui.text import plain

STYLE = Path(__file__).with_name("style.css")  # the few rules the theme settings cannot express


def step_header(number: int | None, title: str, subtitle: str, intro: Sequence[str] = (), legend: str = "") -> None:
    """The step's h1, subtitle, intro paragraphs and a legend (Markdown) as one Markdown block.

    Not st.title, and one block: on Step 1 every rating redraws the page around its fragment,
    and with Streamlit's heading element there a rating's new total took ~10% longer to show
    (benchmarks/rating_latency.py); each further element adds a little. A Markdown h1 is the
    same h1 to a screen reader.
    """
    heading = f"Step {number}. {title}" if number else title
    blocks = [f"# {plain(heading)}", f"##### *{plain(subtitle)}*", *map(plain, intro)]
    st.markdown("\n\n".join(blocks + ([legend] if legend else [])))


def paragraphs(texts: list[str]) -> None:
    """Paragraphs of the guide's text, in one Markdown block."""
    st.markdown("\n\n".join(map(plain, texts)))


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"- {plain(item)}" for item in items)


def link_text(link: Link) -> str:
    title = f"[{plain(link.title)}]({link.url})" if link.url else f"*{plain(link.title)}*"
    parts = [title] + [plain(p) for p in (link.source, link.note) if p]
    return ", ".join(parts)


def link_list(items: list[Link]) -> str:
    return "\n".join(f"- {link_text(link)}" for link in items)


def links(items: list[Link]) -> None:
    st.markdown(link_list(items))


def model_card(model: ApproachModel, resources_heading: str) -> str:
    """One model of Step 2 as a single Markdown block: a page with many elements renders slower."""
    return "\n\n".join([
        f"### {plain(model.name)}",
        f"**{plain(model.what_heading)}**", bullet_list(model.what),
        f"**{plain(model.goals_heading)}**", bullet_list(model.goals),
        f"**{plain(resources_heading)}**", link_list(model.resources),
    ])


def quote(*texts: str) -> None:
    """Quoted tips or a passage in one box, in full contrast (Markdown's blockquote is too pale to
    project); one Markdown block for them all keeps a page of many tips quick to draw."""
    with st.container(border=True):
        st.markdown("\n\n".join(f":material/format_quote: *{plain(text)}*" for text in texts))


def legend(guide: Guide) -> str:
    """The slider's stops in words (Markdown), once above the statements."""
    scale = guide.rating_scale
    stops = " → ".join([scale.not_rated] + [f"**{n}** {label}" for n, label in scale.labels.items()])
    return f":material/tune: Each slider runs: {stops}"


FIGURES = "dldash.figures"


def readiness_chart(key: str, questionnaire: Questionnaire, ratings: dict[str, int], guide: Guide,
                    height: int = 560) -> None:
    """A readiness radar that this session builds once and then only reshapes (see figures.set_ratings)."""
    figures = st.session_state.setdefault(FIGURES, {})
    fig = figures.get(key)
    if fig is None:
        fig = figures[key] = readiness_radar(questionnaire.title, questionnaire.statements, ratings, guide, height)
    else:
        set_ratings(fig, questionnaire.statements, {"Your ratings": ratings}, guide.rating_scale.labels)
    st.plotly_chart(fig, key=key, config={"displaylogo": False})


RESULT_BAR = "dldash-result-bar"  # style.css keeps it in view at the top while its step's statements scroll


def result_bar():
    """A step's live result (total, how many rated, what it suggests) in one row that wraps on a phone."""
    return st.container(key=RESULT_BAR, horizontal=True, vertical_alignment="bottom", gap="small")
