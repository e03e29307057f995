"""The app's own browser scripts (dlui/*.js) as Streamlit components: each is a module whose default
function Streamlit calls on every run that draws it, styled by the page (style.css hides them)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st


def component(name: str):
    """The component that runs dlui/<name>.js, registered once per server as "dldash.<name>"."""
    return st.components.v2.component(
        f"dldash.{name}",
        js=Path(__file__).with_name(f"{name}.js").read_text(encoding="utf-8"),
        isolate_styles=False,
    )
