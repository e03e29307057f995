"""Showing text from the guide, a user or a file without Streamlit's Markdown acting on it."""

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&])")


def plain(text: str) -> str:
    """Backslash every Markdown and HTML character, so the text shows exactly as written."""
    return _MARKDOWN.sub(r"\\\1", text)
