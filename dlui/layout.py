"""Page furniture shared by the steps: headings, bullet lists, quotes."""

from __future__ import annotations

import streamlit as st

from dlcore import readiness_radar
from dlcore.content import Guide, Link, Questionnaire
from dlcore.figures import set_ratings
from dlui.text import plain


def step_header(number: int | None, title: str, subtitle: str) -> None:
    st.title(f"Step {number}. {title}" if number else title, anchor=False)
    st.markdown(f"##### *{plain(subtitle)}*")


def paragraphs(texts: list[str]) -> None:
    for text in texts:
        st.markdown(plain(text))


def bullets(items: list[str]) -> None:
    st.markdown("\n".join(f"- {plain(item)}" for item in items))


def link_text(link: Link) -> str:
    title = f"[{plain(link.title)}]({link.url})" if link.url else f"*{plain(link.title)}*"
    parts = [title] + [plain(p) for p in (link.source, link.note) if p]
    return ", ".join(parts)


def links(items: list[Link]) -> None:
    st.markdown("\n".join(f"- {link_text(link)}" for link in items))


def quote(text: str) -> None:
    """A quoted tip or passage, in full contrast (Markdown's blockquote is too pale to project)."""
    with st.container(border=True):
        st.markdown(f":material/format_quote: *{plain(text)}*")


def scale_legend(guide: Guide) -> None:
    """The slider's stops in words, once above the statements."""
    scale = guide.rating_scale
    stops = " → ".join([scale.not_rated] + [f"**{n}** {label}" for n, label in scale.labels.items()])
    st.markdown(f":material/tune: Each slider runs: {stops}")


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
