"""Accessibility: axe-core (WCAG 2.2 A and AA) on every page, the keyboard alone, and tables beside the charts.

Streamlit draws much of each page itself, so a page is held only to what a bare Streamlit app
with the same furniture (a title, a slider, a text area, a sectioned st.navigation) gets from axe:
any other violation is the app's own.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from dlcore import Responses
from tests.e2e.conftest import (
    GUIDE,
    PAGE_HEADINGS,
    go_to,
    load_answers,
    main,
    metric,
    open_app,
    report,
    stop_label,
    violations,
)

# Enough answers that every page shows its full state: recommendation, gap areas, flags, both charts.
ANSWERS = Responses(
    respondent="Jordan Lee", role="Teacher",
    cultural_readiness={f"CR{n}": rating for n, rating in enumerate((3, 4, 3, 4, 2, 3, 4, 3, 2, 1), start=1)},
    approach="par",
    key_questions={"EV-purpose": "Growth first", "NE-vision": "A shared picture of good teaching"},
    implementation_readiness={f"IR{n}": rating for n, rating in enumerate((3, 4, 1, 3, 2, 4, 3, 2), start=1)},
    rationales={"IR3": "No root-cause routine yet"},
    gap_reflections={"CR10": "Agree on what strong practice looks like"},
    strategy_profile={"description": "Coaches for every new teacher"},
)


CHARTS = {"1. Cultural readiness": 1, "Summary and charts": 2}  # radar charts on each page


def expect_charts_drawn(page: Page, link: str) -> None:
    """Wait until Plotly has drawn the data of every chart the page has (they draw after the run ends)."""
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(CHARTS.get(link, 0))
    expect(charts.locator(".js-plotly-plot .scatterlayer .trace")).to_have_count(CHARTS.get(link, 0))


def test_no_page_has_an_accessibility_violation(page, app_url, bare_streamlit_violations):
    """axe (WCAG 2.2 A/AA) finds nothing on any page, with answers filled in: not even the list and listitem
    violations of Streamlit's sectioned navigation, which a bare Streamlit app with sections has
    (dlui/nav_a11y marks its lists)."""
    assert {"list", "listitem"} <= set(bare_streamlit_violations), "bare Streamlit's navigation, the yardstick"
    open_app(page, app_url)
    load_answers(page, ANSWERS)
    found = {}
    for link in PAGE_HEADINGS:
        go_to(page, link)
        expect_charts_drawn(page, link)
        found[link] = violations(page)
    assert not any(found.values()), "axe violations:\n" + "\n".join(
        f"--- {link}:\n{report(these)}" for link, these in found.items() if these)


# The keyboard alone -----------------------------------------------------------------------------

def focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(target):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {target}")


def focus_ring(slider: Locator) -> str:
    """The focus indicator drawn around a slider's thumb (react-aria's thumb wraps the range input)."""
    return slider.locator("xpath=ancestor::div[@data-rac][1]").evaluate(
        "thumb => getComputedStyle(thumb).boxShadow")


def test_step_1_can_be_completed_with_the_keyboard_alone(page, app_url):
    """Tab reaches Step 1's link and each of the ten sliders in turn, arrows set them, the recommendation shows."""
    open_app(page, app_url)
    tab_to(page, page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="1. Cultural readiness"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE_HEADINGS["1. Cultural readiness"])
    sliders = main(page).get_by_role("slider")
    expect(sliders).to_have_count(10)
    ratings = (4, 3, 3, 4, 2, 3, 3, 4, 2, 1)  # total 29
    for n, rating in enumerate(ratings):
        slider = sliders.nth(n)
        tab_to(page, slider)
        assert "none" != focus_ring(slider), "the focused slider shows no focus indicator"
        for _ in range(rating):
            page.keyboard.press("ArrowRight")
        expect(slider).to_have_attribute("aria-valuetext", stop_label(rating))
    expect(main(page).locator('[data-testid="stAlert"]')).to_contain_text("All 10 statements rated")
    page.keyboard.press("Shift+Tab")  # and back: the previous slider keeps its rating
    expect(sliders.nth(8)).to_be_focused()
    expect(sliders.nth(8)).to_have_attribute("aria-valuetext", stop_label(2))
    expect(metric(page, "Total rating")).to_have_text("29 of 40")
    evaluative = next(f for f in GUIDE.approaches.families if f.id == "evaluative")
    expect(main(page).locator('[data-testid="stAlert"]')).to_contain_text(evaluative.recommendation)
    tab_to(page, main(page).get_by_role("link", name=re.compile("Step 2: evaluative approaches")))


# Charts and their numbers -------------------------------------------------------------------------

def chart_points(page: Page) -> list[dict[str, int | None]]:
    """Each radar chart's axis labels and ratings, as Plotly holds them (the closing point dropped)."""
    traces = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').evaluate_all(
        "plots => plots.map(plot => plot.data[0])")
    return [{label.replace("<br>", " "): r for label, r in zip(t["theta"][:-1], t["r"][:-1], strict=True)}
            for t in traces]


def table_rows(table: Locator) -> dict[str, int | None]:
    """The Statement and Rating columns of an st.table, as a screen reader reads the HTML table."""
    headers = [h.strip() for h in table.locator("thead th").all_text_contents()]
    statement, rating = headers.index("Statement"), headers.index("Rating")
    rows = {}
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("th, td").all_text_contents()]
        said = re.fullmatch(r"(\d) · .+", cells[rating])  # "3 · Agree", or "Not yet rated"
        rows[cells[statement]] = int(said.group(1)) if said else None
    return rows


def test_the_summary_has_a_table_with_the_numbers_of_each_radar_chart(page, app_url):
    """Beside each radar chart, a table gives every statement's rating, the same numbers the chart draws."""
    open_app(page, app_url)
    answers = Responses(cultural_readiness={**ANSWERS.cultural_readiness},
                        implementation_readiness={**ANSWERS.implementation_readiness})
    del answers.cultural_readiness["CR7"]  # not yet rated: no point in the chart, an empty cell in the table
    load_answers(page, answers)
    go_to(page, "Summary and charts")
    tables = main(page).locator('[data-testid="stTable"] table')
    expect(tables).to_have_count(2)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(2)
    expect_charts_drawn(page, "Summary and charts")
    charts = chart_points(page)
    for questionnaire, ratings, chart, table in zip(
            (GUIDE.cultural_readiness, GUIDE.implementation_readiness),
            (answers.cultural_readiness, answers.implementation_readiness), charts, tables.all(), strict=True):
        assert {s.short: ratings.get(s.id) for s in questionnaire.statements} == chart  # the axes' short labels
        assert {s.text: ratings.get(s.id) for s in questionnaire.statements} == table_rows(table)
