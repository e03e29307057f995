"""A QR code of a team's join link, for participants to scan from the facilitator's screen.

Made with segno (pure Python, no dependencies). Error correction level M (15% of the symbol may be
unreadable: glare on a projector) and a quiet zone of 4 modules, as the QR standard asks; the
same link always gives the same bytes, so a page can cache it.
"""

from __future__ import annotations

import io

import segno

QUIET_ZONE = 4  # modules of white around the symbol


def _symbol(url: str) -> segno.QRCode:
    # boost_error=False keeps level M exactly, so the symbol's size depends on the link alone.
    return segno.make(url, error="m", boost_error=False, micro=False)


def qr_svg(url: str) -> str:
    """A self-contained SVG: black modules on white, scalable (a viewBox, no width or height).

    Holds no text at all (the link is only in the modules), so it can be put inline in a page as
    it is: no XML declaration, no class or id to clash with the page's own.
    """
    out = io.BytesIO()
    _symbol(url).save(out, kind="svg", border=QUIET_ZONE, scale=1, dark="#000", light="#fff",
                      xmldecl=False, svgns=True, omitsize=True, svgclass=None, lineclass=None, nl=False)
    return out.getvalue().decode("utf-8")


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same code as a PNG, ``scale`` pixels a module, for a download or a printed sheet."""
    out = io.BytesIO()
    _symbol(url).save(out, kind="png", border=QUIET_ZONE, scale=scale, dark="#000", light="#fff")
    return out.getvalue()
