"""Step 1's and Step 3's result stay in view while any statement is rated: on a laptop, a projector zoomed to
150% and a phone, the total, how many are rated and, once all are, what the total suggests, are on screen
while the last statement is rated (they were out of sight from statement 6 on, or cut to "26 o…"), and
Step 1's chart is one tap away from the bar."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, expect

from tests.e2e.conftest import answered, go_to, main, metric, open_app, rate_with_keyboard

SCREENS = {
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    "projector at 150%": {"viewport": {"width": 853, "height": 480}, "device_scale_factor": 1.5},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
STEP1 = [3, 3, 2, 3, 4, 2, 3, 2, 1, 2]  # a total of 25: evaluative


def whole_and_in_view(where: Locator) -> None:
    """On screen, and not cut off: its text fits its box."""
    expect(where).to_be_in_viewport(ratio=1)
    assert where.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"cut off: {where.inner_text()!r}"


@pytest.mark.parametrize("screen", SCREENS)
def test_the_total_and_what_it_suggests_stay_in_view_while_the_last_statements_are_rated(
        browser: Browser, app_url: str, screen: str):
    context = browser.new_context(**SCREENS[screen])
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        open_app(page, app_url)
        if screen == "phone":  # the sidebar starts closed on a phone: its navigation is behind the menu
            page.goto(f"{app_url}/cultural_readiness")
        else:
            go_to(page, "1. Cultural readiness")
        sliders = main(page).get_by_role("slider")
        for number, rating in enumerate(STEP1):
            rate_with_keyboard(sliders.nth(number), rating)
            answered(page, metric(page, "Total rating"), f"{sum(STEP1[:number + 1])} of 40")  # as a person would
            if number == 6:  # the middle of the list: the total is still in view
                expect(metric(page, "Total rating")).to_have_text(f"{sum(STEP1[:7])} of 40")
                whole_and_in_view(metric(page, "Total rating"))
                expect(main(page).get_by_text("7 of 10", exact=True)).to_be_in_viewport()
        expect(main(page).locator('[data-testid="stSlider"]').nth(9)).to_be_in_viewport()  # the last, just rated
        expect(metric(page, "Total rating")).to_have_text("25 of 40")
        whole_and_in_view(metric(page, "Total rating"))
        bar = main(page).locator(".st-key-dldash-result-bar")
        expect(bar).to_contain_text("Evaluative approaches")
        whole_and_in_view(bar.get_by_text("Evaluative approaches"))
        # The chart is one tap away from the bar, not past the ten statements, and it is not under the bar.
        bar.get_by_role("link", name="chart ↓").click()
        heading = main(page).get_by_role("heading", name="Your ratings as a chart")
        expect(heading).to_be_in_viewport(ratio=1)
        assert heading.bounding_box()["y"] >= bar.bounding_box()["y"] + bar.bounding_box()["height"] - 1
        expect(main(page).locator(".js-plotly-plot")).to_be_in_viewport()
        page.goto(f"{app_url}/implementation_readiness")
        sliders = main(page).get_by_role("slider")
        for number in range(8):
            rate_with_keyboard(sliders.nth(number), 1 + number % 4)
            answered(page, metric(page, "Statements rated"), f"{number + 1} of 8")
        expect(main(page).locator('[data-testid="stSlider"]').nth(7)).to_be_in_viewport()
        expect(metric(page, "Total rating")).to_have_text("20 of 32")
        whole_and_in_view(metric(page, "Total rating"))
        whole_and_in_view(metric(page, "Statements rated"))
    finally:
        context.close()
