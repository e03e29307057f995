"""The navigation's list markup made valid for assistive technology (dlui/nav_a11y.js): Streamlit's
sectioned navigation puts a <div> per section inside its <ul>, which axe-core reports on every page."""

from __future__ import annotations

from dlui import script

KEY = "dldash-nav-a11y"  # its element container's class is st-key-dldash-nav-a11y (hidden in style.css)

_component = script.component("nav_a11y")


def mount() -> None:
    """Mount the component that marks the navigation (takes no room); call once per script run."""
    _component(key=KEY)
