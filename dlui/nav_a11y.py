"""The navigation's list markup made valid for assistive technology (dlui/nav_a11y.js): Streamlit's
sectioned navigation puts a <div> per section inside its <ul>, which axe-core reports on every page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

KEY = "dldash-nav-a11y"  # its element container's class is st-key-dldash-nav-a11y (hidden in style.css)

_component = st.components.v2.component(
    "dldash.nav_a11y",
    js=Path(__file__).with_name("nav_a11y.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def mount() -> None:
    """Mount the component that marks the navigation (takes no room); call once per script run."""
    _component(key=KEY)
