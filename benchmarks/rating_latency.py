"""Time from a rating change in Chromium to the new total on screen, against a bare page.

Run:  python benchmarks/rating_latency.py [--rounds 40]
Prints the median and p90 for the bare page (10 sliders, their sum, a small radar),
for the app's Step 1 with autosave on and with it off, and the ratios to the bare page.
"""

from __future__ import annotations

import argparse
import time

from harness import IDLE, browser, report, streamlit


def time_ratings(b, url: str, rounds: int) -> list[float]:
    page = b.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector(IDLE)
    sliders = page.get_by_role("slider")
    sliders.first.wait_for()
    total_metric = page.locator('[data-testid="stMetric"]', has_text="Total rating")
    samples, total, values = [], 0, [0] * 10
    for n in range(rounds + 3):  # the first three warm up
        i = n % 10
        step = 1 if values[i] < 4 else -4
        values[i] += step
        total += step
        sliders.nth(i).focus()
        start = time.perf_counter()
        sliders.nth(i).press("ArrowRight" if step == 1 else "Home")
        total_metric.get_by_text(f"{total} of 40", exact=True).wait_for()
        elapsed = time.perf_counter() - start
        page.wait_for_selector(IDLE)
        if n >= 3:
            samples.append(elapsed)
    page.close()
    return samples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    rounds = ap.parse_args().rounds
    results = {}
    with browser() as b:
        with streamlit("benchmarks/bare_step1.py") as url:
            results["bare page"] = time_ratings(b, url, rounds)
        with streamlit("app.py") as url:
            results["app Step 1, autosave on"] = time_ratings(b, url + "/cultural_readiness", rounds)
        with streamlit("app.py", env={"DLDASH_AUTOSAVE": "off"}) as url:
            results["app Step 1, autosave off"] = time_ratings(b, url + "/cultural_readiness", rounds)
    report("Rating change -> new total on screen", results)


if __name__ == "__main__":
    main()
