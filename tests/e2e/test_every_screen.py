"""Every page reads whole on the five screens a team uses, with a full set of answers: a phone, a 1280x720
projector zoomed to 150% and 125%, a 1280x800 laptop and a 1920x1080 projector (CSS pixels below).

Checked in the page itself: no text cut off with "…" or hidden overflow (a metric, button, tab, chip,
link or label), nothing that scrolls sideways (the page, or a table within it: every cell of the Summary's
tables, the ratings included, in view), both tabs of Step 2 in view, every chart at least 300 px across
(on a phone, nearly the screen's width) with its text at 14 px or more and at WCAG AA contrast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import main, open_app, upload_csv, wait_for_app_run

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "projector 150%": {"viewport": {"width": 853, "height": 480}},
    "projector 125%": {"viewport": {"width": 1024, "height": 576}},
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    "projector 1080p": {"viewport": {"width": 1920, "height": 1080}},
}
PAGES = ["", "cultural_readiness", "approaches", "implementation_readiness", "implementation_planning", "summary",
         "conclusion"]

# What reads badly, found in the page: each finding is a sentence naming the element.
PROBLEMS = r"""() => {
  const found = [];
  // WCAG contrast of an SVG text's fill, blended with its opacity onto the white page.
  const contrast = (text) => {
    const style = getComputedStyle(text);
    const [r, g, b, a = 1] = (style.fill.match(/[\d.]+/g) || [0, 0, 0]).map(Number);
    const alpha = a * parseFloat(style.fillOpacity || '1');
    const channel = (v) => { const c = (255 - (255 - v) * alpha) / 255;
                             return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    return 1.05 / (lum + 0.05);
  };
  const shown = (e) => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                         return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  // The sidebar when it is open (on a phone it starts closed, out of sight).
  const scope = '[data-testid="stMain"] *, [data-testid="stSidebar"][aria-expanded="true"] *';
  for (const e of document.querySelectorAll(scope)) {
    if (!shown(e) || e.closest('[data-testid="stDataFrame"], .js-plotly-plot, code, textarea, input')) continue;
    if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    // The text's own element or one of its nearest boxes may be the one that clips (a metric's value).
    for (let box = e, up = 0; box && up < 4; box = box.parentElement, up++) {
      const s = getComputedStyle(box);
      const clips = s.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(s.overflowX);
      if (clips && box.scrollWidth > box.clientWidth + 1) {
        found.push('cut off: ' + e.textContent.trim().slice(0, 60));
        break;
      }
    }
  }
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollWidth > main.clientWidth + 1) found.push('the page scrolls sideways');
  for (const table of document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')) {
    for (const box of [table, ...table.querySelectorAll('*')]) {  // the table or a box of it scrolls sideways
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)
          && box.scrollWidth > box.clientWidth + 1) {
        found.push('a table scrolls sideways: ' + table.textContent.slice(0, 60));
        break;
      }
    }
    const right = table.getBoundingClientRect().right;
    for (const cell of table.querySelectorAll('th, td')) {
      if (cell.getBoundingClientRect().right > Math.min(right, window.innerWidth) + 1) {
        found.push('a table cell is out of view: ' + cell.textContent.trim().slice(0, 60));
        break;
      }
    }
  }
  for (const list of document.querySelectorAll('[data-testid="stMain"] [role="tablist"]')) {
    if (list.scrollWidth > list.clientWidth + 1) found.push('a tab is out of view: ' + list.textContent.slice(0, 60));
  }
  const mainWidth = main.querySelector('[data-testid="stMainBlockContainer"]').clientWidth;
  for (const chart of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {
    const width = chart.getBoundingClientRect().width;
    if (width < Math.min(300, mainWidth - 40)) found.push('a chart only ' + Math.round(width) + ' px across');
    for (const text of chart.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(text).fontSize);
      const label = text.textContent.trim();
      if (label && size < 14) found.push(`chart text at ${size} px: ${label.slice(0, 30)}`);
      if (label && contrast(text) < 4.5) found.push(`chart text too pale (${contrast(text).toFixed(1)}:1): ${label}`);
    }
  }
  return [...new Set(found)];
}"""


@pytest.fixture(scope="module")
def link(browser: Browser, app_url: str) -> str:
    """A session holding the sample answers (every step filled), opened by its private link."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = open_app(context.new_page(), app_url)
    upload_csv(page, ROOT / "data" / "sample_responses.csv")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Answers loaded")
    token = re.search(r"[?&]s=([\w-]+)", page.url).group(1)
    context.close()
    return token


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_reads_whole_with_a_full_set_of_answers(browser: Browser, app_url: str, link: str, screen: str):
    context = browser.new_context(**SCREENS[screen])
    context.set_default_timeout(20_000)
    found = {}
    try:
        page = context.new_page()
        for path in PAGES:
            page.goto(f"{app_url}/{path}?s={link}")
            expect(main(page).locator("h1").first).to_be_visible()
            wait_for_app_run(page)
            charts = main(page).locator(".js-plotly-plot .scatterlayer .trace")
            if path in ("cultural_readiness", "summary"):
                expect(charts.first).to_be_attached()
            page.wait_for_timeout(300)  # the charts' and tables' own layout after the run
            problems = page.evaluate(PROBLEMS)
            if problems:
                found[path or "home"] = problems
    finally:
        context.close()
    assert not found, "\n".join(f"{where}: {'; '.join(problems)}" for where, problems in found.items())
