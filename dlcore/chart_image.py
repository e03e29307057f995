"""Static radar images of a chart description (chart.Chart): SVG for the printable report, PNG for Word.

Drawn with matplotlib's object API (no pyplot: no global figure state shared between the app's
threads), imported inside the functions so that importing dlcore stays quick. Made for paper:
the size is the size printed (it fits Letter and A4 within the report's margins and Word's default
page), so the text is at least 9 pt; each series has its own line style and marker besides its
colour, so the chart reads in black and white.

The SVG is embedded in the report's HTML as it is, so it is rebuilt from an allow-list (elements
and attributes matplotlib draws with): no script, no event handler, no outside reference, no style
sheet that would leak into the page; typed text (a series name) arrives only as escaped text.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import threading
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import TYPE_CHECKING

from dlcore.chart import PALETTE, TEAM_RANGE, Chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN, HEIGHT_IN = 6.4, 5.5
RADIUS_IN = 1.6  # the outer ring; what is left of the width takes the labels at the sides
LABEL_ROOM_IN = 0.62  # above and below the rings: a label of two lines, its gap from the ring
TITLE_IN = 0.35
LEGEND_ROW_IN = 0.24
LEGEND_COLUMNS = 3
LABEL_PT = 10  # axis labels and the legend
TICK_PT = 9.5  # the 1-4 ring labels
TITLE_PT = 12
LABEL_CHARACTERS = 16  # a short label wraps onto a second line past this
LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TEXT = "#1A1A1A"
GRID = "#8C8C8C"
# Saving reads process-wide settings (rcParams); one image at a time keeps one save's settings from another's.
_LOCK = threading.Lock()
# A page offering the documents may build them on every rerun, and a chart takes ~50-100 ms to draw while
# its description changes only with a rating: the last few images are kept (a Chart is hashable).
CACHED_IMAGES = 16
_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "dldash", "font.family": "sans-serif",
             "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"]}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_ALLOWED = {"svg", "g", "defs", "path", "use", "clipPath", "rect", "circle", "ellipse", "line", "polyline",
            "polygon", "text", "tspan"}
_ALLOWED_ATTRIBUTES = {"id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
                       "height", "viewBox", "transform", "style", "clip-path", "fill", "stroke", "stroke-width",
                       "points", "version", "opacity", "fill-opacity", "stroke-opacity", "stroke-dasharray",
                       "stroke-linejoin", "stroke-linecap", "font-size", "font-family", "text-anchor",
                       f"{{{XLINK_NS}}}href", "href"}
_REFERENCE = re.compile(r"url\(\s*#")


def figure(chart: Chart) -> Figure:
    """The radar as a matplotlib figure: spokes clockwise from the top, as on screen, rings at the ticks."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    entries = len(chart.series) + sum(s.has_range for s in chart.series)
    legend = entries > 1
    # From the bottom up: the legend, the lowest label, the rings, the top label, the title; the rings
    # centred across, and in the height the legend and the title leave.
    below = 0.1 + LEGEND_ROW_IN * math.ceil(entries / LEGEND_COLUMNS) if legend else 0.05
    above = TITLE_IN if chart.title else 0.05
    bottom = below + LABEL_ROOM_IN + (HEIGHT_IN - below - above - 2 * (RADIUS_IN + LABEL_ROOM_IN)) / 2
    ax = fig.add_axes((0.5 - RADIUS_IN / WIDTH_IN, bottom / HEIGHT_IN, 2 * RADIUS_IN / WIDTH_IN,
                       2 * RADIUS_IN / HEIGHT_IN), projection="polar")
    count = len(chart.axes)
    angles = [2 * math.pi * k / count for k in range(count)]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(*chart.radial_range)
    ax.set_yticks(chart.ticks, [str(t) for t in chart.ticks], fontsize=TICK_PT, color=TEXT)
    ax.set_rlabel_position(180 / count)  # between the first two spokes, clear of the first point
    ax.set_xticks(angles, [""] * count)
    ax.grid(color=GRID, linewidth=0.6)
    ax.spines["polar"].set_color(GRID)
    outer = chart.radial_range[1]
    for angle, axis in zip(angles, chart.axes, strict=True):
        x, y = math.sin(angle), math.cos(angle)  # where the spoke points, on the page
        ax.text(angle, outer * 1.1, textwrap.fill(axis.short, LABEL_CHARACTERS), fontsize=LABEL_PT, color=TEXT,
                ha="center" if abs(x) < 0.2 else ("left" if x > 0 else "right"),
                va="center" if abs(y) < 0.5 else ("bottom" if y > 0 else "top"),
                multialignment="center" if abs(x) < 0.2 else ("left" if x > 0 else "right"), parse_math=False)

    closed = angles + angles[:1]
    handles = []
    for n, series in enumerate(chart.series):
        colour = PALETTE[n % len(PALETTE)]
        if series.has_range:
            band = {"color": colour, "linewidth": 1, "linestyle": (0, (3, 2)), "alpha": 0.8}
            ax.plot(closed, _closed(series.high), **band)
            ax.plot(closed, _closed(series.low), **band)
            if None not in series.low and None not in series.high:  # a fill would bridge a gap
                ax.fill(closed + closed[::-1], _closed(series.high) + _closed(series.low)[::-1], color=colour,
                        alpha=0.14, linewidth=0)
            handles.append(Line2D([], [], label=TEAM_RANGE, **band))
        line = ax.plot(closed, _closed(series.values), color=colour, linewidth=2.2,
                       linestyle=LINE_STYLES[n % len(LINE_STYLES)], marker=MARKERS[n % len(MARKERS)], markersize=6,
                       label=textwrap.shorten(series.name, 60, placeholder="…"))[0]
        if len(chart.series) == 1 and not series.has_range and series.complete:
            ax.fill(closed, _closed(series.values), color=colour, alpha=0.14, linewidth=0)
        handles.append(line)
    if legend:
        box = fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), LEGEND_COLUMNS), frameon=False,
                         fontsize=LABEL_PT, handlelength=2.6, bbox_to_anchor=(0.5, 0.005))
        for text in box.get_texts():
            text.set_parse_math(False)  # a "$" in a name is a dollar sign, not mathematics
            text.set_color(TEXT)
    if chart.title:
        fig.suptitle(chart.title, fontsize=TITLE_PT, fontweight="bold", color=TEXT, y=0.985, parse_math=False)
    return fig


def _closed(values: tuple[float | None, ...]) -> list[float]:
    """The values around the circle and back to the first; a None is a gap (NaN), never a 0."""
    points = [math.nan if v is None else v for v in values]
    return points + points[:1]


@lru_cache(maxsize=CACHED_IMAGES)
def radar_png(chart: Chart, dpi: int = 200) -> bytes:
    """The radar as PNG at ``dpi`` (200: sharp on paper, a few hundred kB), for the Word file."""
    from matplotlib import rc_context

    buffer = io.BytesIO()
    with _LOCK, rc_context(_SETTINGS):
        figure(chart).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


@lru_cache(maxsize=CACHED_IMAGES)
def radar_svg(chart: Chart, id_prefix: str = "radar") -> str:
    """The radar as an ``<svg>`` element to put inline in HTML, sanitised (see the module's docstring).

    Text stays text, so it prints sharp and can be found and read aloud. Ids are prefixed with
    ``id_prefix`` so that two charts in one page never refer to each other's clip paths and markers.
    """
    from matplotlib import rc_context

    buffer = io.StringIO()
    with _LOCK, rc_context(_SETTINGS):
        figure(chart).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                              "Type": None})
    return sanitize_svg(buffer.getvalue(), id_prefix, label=chart.title)


def sanitize_svg(svg: str, id_prefix: str, label: str = "") -> str:
    """Keep only the allowed elements and attributes, internal references only, ids prefixed.

    The document is parsed (expat fetches no outside DTD or entity) and serialised anew, so every
    text and attribute value is escaped on the way out, whatever it held.
    """
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    _clean(root, id_prefix)
    root.set("role", "img")
    if label:
        root.set("aria-label", label)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element, prefix: str) -> None:
    for name, value in list(element.attrib.items()):
        if not _allowed_attribute(name, value):
            del element.attrib[name]
        elif _local(name) == "id":
            element.set(name, f"{prefix}-{value}")
        elif _local(name) == "href":
            element.set(name, f"#{prefix}-{value[1:]}")
        elif "url(" in value:
            element.set(name, _REFERENCE.sub(f"url(#{prefix}-", value))
    for child in list(element):
        if _local(child.tag) in _ALLOWED and child.tag.startswith(f"{{{SVG_NS}}}"):
            _clean(child, prefix)
        else:
            element.remove(child)


def _allowed_attribute(name: str, value: str) -> bool:
    if name not in _ALLOWED_ATTRIBUTES:
        return False
    if _local(name) == "href":
        return value.startswith("#")  # within the image only
    lowered = value.lower()
    if "javascript:" in lowered or "expression(" in lowered or "@import" in lowered:
        return False
    return lowered.count("url(") == len(_REFERENCE.findall(lowered))  # every url() points within the image


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]
