"""The QR code of a join link: a plain, scalable SVG (and a PNG) with no text in it."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

from dlcore.qr import QUIET_ZONE, qr_png, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://dl.example.org/join?code=ABC123"
HOSTILE = 'https://dl.example.org/join?code=ABC123&x=<script>"\'</svg>&amp;'


def viewbox_side(svg: str) -> int:
    """The symbol's side in modules, quiet zone included, from a square viewBox starting at 0 0."""
    x, y, width, height = ET.fromstring(svg).attrib["viewBox"].split()
    assert ("0", "0") == (x, y)
    assert width == height
    return int(width)


def test_the_svg_parses_and_is_scalable():
    """An <svg> root with a viewBox and no fixed width or height, so it fills whatever box it is put in."""
    root = ET.fromstring(qr_svg(URL))
    assert SVG + "svg" == root.tag
    assert "viewBox" in root.attrib
    assert not {"width", "height"} & set(root.attrib)


def test_the_svg_is_self_contained_and_inline_ready():
    """No XML declaration, no external reference, no class or id to clash with the page."""
    svg = qr_svg(URL)
    assert svg.startswith("<svg ")
    assert not any(word in svg for word in ("<?xml", "href", "class=", "id=", "<script", "<style"))


def test_the_same_link_gives_the_same_svg():
    assert qr_svg(URL) == qr_svg(URL)


def test_another_link_gives_another_svg():
    assert qr_svg(URL) != qr_svg(URL.replace("ABC123", "ABC124"))


def test_the_modules_are_black_on_white():
    """A white background path under black modules: readable on a dark-themed page too."""
    paths = ET.fromstring(qr_svg(URL)).findall(SVG + "path")
    assert ["#fff", None] == [p.get("fill") for p in paths]
    assert [None, "#000"] == [p.get("stroke") for p in paths]


def test_the_symbol_is_a_full_qr_code_with_a_quiet_zone():
    """The side is 17 + 4 * version modules plus 4 white on each side (not a Micro QR code)."""
    side = viewbox_side(qr_svg(URL)) - 2 * QUIET_ZONE
    assert 0 == (side - 17) % 4 and 1 <= (side - 17) // 4 <= 40


@pytest.mark.parametrize(("url", "side"), [
    ("https://ab.c/d", 21 + 8),  # 14 bytes fit version 1 at level M (and L), not at Q or H
    ("https://a.b/cde", 25 + 8),  # 15 bytes need version 2 at level M (L would still fit version 1)
])
def test_the_error_correction_level_is_m(url, side):
    """Seen from outside through the symbol's size: 14 bytes fit version 1 at M, 15 do not."""
    assert side == viewbox_side(qr_svg(url))


def test_a_link_with_markup_characters_leaves_no_text_in_the_svg():
    """The link is only in the modules: no element holds text, and none of its characters appear."""
    svg = qr_svg(HOSTILE)
    root = ET.fromstring(svg)  # still well-formed
    assert all(not (el.text or "").strip() and not (el.tail or "").strip() for el in root.iter())
    assert {SVG + "svg", SVG + "path"} == {el.tag for el in root.iter()}
    assert not any(part in svg for part in ("script", "dl.example", "&", "'"))


def test_the_png_is_a_png_of_the_same_symbol():
    """The PNG's width is the SVG's side times the scale, with the PNG signature first."""
    png = qr_png(URL, scale=5)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width == height == 5 * viewbox_side(qr_svg(URL))
    assert png == qr_png(URL, scale=5)


def test_a_link_too_long_for_any_qr_code_is_refused():
    """Over 2,331 bytes (version 40 at level M) there is no symbol: a ValueError, not a broken image."""
    with pytest.raises(ValueError):
        qr_svg("https://x.example/" + "a" * 3000)
