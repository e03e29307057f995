"""Time to first render of each page, against a bare Streamlit page, in the same run.

Run:  python benchmarks/first_render.py [--rounds 11]
Each sample opens the page in a new Streamlit session and times, on the page's own clock, from
the start of navigation to the first animation frame in which the script run has finished and
the page's title shows. (Timing from Python with Playwright's wait_for would measure its polling:
after the first second it looks only every 500 ms, so every figure would land on a 500 ms step.)
Two kinds of visit, each against the bare page in the same run:
- cold: a fresh browser context each time (a first visit: nothing cached);
- warm: one browser context per page kept for all rounds, a new tab each time (a later visit:
  Streamlit's scripts, styles and fonts come from the browser's cache).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import IDLE, browser, report, streamlit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dlui.nav import PAGES  # noqa: E402

# Runs in the page from its first moment: at each animation frame, is the first render done?
# performance.now() counts from the start of navigation.
WATCH_FIRST_RENDER = f"""
(function watch() {{
    if (document.querySelector('{IDLE}') && document.querySelector('h1')) {{
        window.firstRenderAt = performance.now();
    }} else {{
        requestAnimationFrame(watch);
    }}
}})();
"""


def new_context(b):
    context = b.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH_FIRST_RENDER)
    return context


def first_render(b, url: str, context=None) -> float:
    """Seconds from navigation start to the first frame of the finished page, in a new session: in a fresh
    browser context (cold), or in a new tab of ``context`` (warm: its cache holds the earlier visits)."""
    own = context is None
    context = new_context(b) if own else context
    page = context.new_page()
    page.goto(url)
    elapsed_ms = page.wait_for_function("() => window.firstRenderAt").json_value()
    page.close()
    if own:
        context.close()
    return elapsed_ms / 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=11)
    rounds = ap.parse_args().rounds
    with browser() as b, streamlit("benchmarks/bare_step1.py") as bare, streamlit("app.py") as app:
        urls = {"bare page": bare}
        urls.update({spec.title: f"{app}/{'' if spec.url_path == 'home' else spec.url_path}" for spec in PAGES})
        warm = {name: new_context(b) for name in urls}  # one browser (and its cache) per page, kept
        for name, url in urls.items():  # warm each server, page and cache up once
            first_render(b, url)
            first_render(b, url, warm[name])
        # Round by round, each page once in turn, cold then warm: a slow spell of the machine hits them all.
        cold_results, warm_results = {name: [] for name in urls}, {name: [] for name in urls}
        for _ in range(rounds):
            for name, url in urls.items():
                cold_results[name].append(first_render(b, url))
                warm_results[name].append(first_render(b, url, warm[name]))
        for context in warm.values():
            context.close()
    report("First render of each page, first visit (cold cache)", cold_results)
    report("First render of each page, later visit (warm cache)", warm_results)


if __name__ == "__main__":
    main()
