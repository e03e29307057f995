"""Typed text reaches the server while it is typed (dlui/live_text.js), not only when the box is left.

Streamlit's text boxes hand their text over on blur or Ctrl+Enter; the script in live_text.js
does that Ctrl+Enter itself, about a second after typing pauses, so the widget's callback
stores the text and the autosave keeps it. It also refuses a paste over a box's limit with a
message instead of Streamlit's silent nothing. One invisible component, mounted by app.py on
every run; its listeners are installed once per browser page.
"""

from __future__ import annotations

from dlcore.responses import MAX_ANSWER_CHARS, MAX_NAME_CHARS
from dlui import script

KEY = "dldash-live-text"  # its element container's class is st-key-dldash-live-text (hidden in style.css)

_component = script.component("live_text")


def mount() -> None:
    """Mount the listeners' component (takes no room); call once per script run."""
    _component(key=KEY, data={"answer": MAX_ANSWER_CHARS, "name": MAX_NAME_CHARS})
