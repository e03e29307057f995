"""Time to first render of each page, against a bare Streamlit page, in the same run.

Run:  python benchmarks/first_render.py [--rounds 5]
Each sample opens the page in a fresh browser context (a new Streamlit session)
and stops the clock when the script run has finished and the page's title shows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from harness import IDLE, browser, report, streamlit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dlui.nav import PAGES  # noqa: E402


def time_first_render(b, url: str, rounds: int) -> list[float]:
    samples = []
    for n in range(rounds + 1):  # the first warms the server up
        context = b.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.locator("h1").first.wait_for()
        page.wait_for_selector(IDLE)
        elapsed = time.perf_counter() - start
        context.close()
        if n:
            samples.append(elapsed)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    rounds = ap.parse_args().rounds
    results = {}
    with browser() as b:
        with streamlit("benchmarks/bare_step1.py") as url:
            results["bare page"] = time_first_render(b, url, rounds)
        with streamlit("app.py") as url:
            for spec in PAGES:
                path = "" if spec.url_path == "home" else spec.url_path
                results[spec.title] = time_first_render(b, f"{url}/{path}", rounds)
    report("First render of each page", results)


if __name__ == "__main__":
    main()
