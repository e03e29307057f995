"""A locked page's text boxes made read-only in the browser (dlui/read_only.js), keeping what they hold:
Streamlit clears a text box it disables, and a rationale typed but not yet sent with it."""

from __future__ import annotations

from dlui import script

KEY = "dldash-read-only"  # its element container is hidden in style.css

_component = script.component("read_only")


def mount(locked: bool) -> None:
    """Mark the main area's text boxes read-only (``locked``) or editable again; takes no room."""
    _component(key=KEY, data={"locked": locked})
