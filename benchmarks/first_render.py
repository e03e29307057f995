"""Time to first render of each page, against a bare Streamlit page, in the same run.

Run:  python benchmarks/first_render.py [--rounds 11]
Each sample opens the page in a fresh browser context (a new Streamlit session) and
times, on the page's own clock, from the start of navigation to the first animation frame
in which the script run has finished and the page's title shows. (Timing from Python with
Playwright's wait_for would measure its polling: after the first second it looks only every
500 ms, so every figure would land on a 500 ms step.)
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


def first_render(b, url: str) -> float:
    """Seconds from navigation start to the first frame of the finished page, in a new session."""
    context = b.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH_FIRST_RENDER)
    page = context.new_page()
    page.goto(url)
    elapsed_ms = page.wait_for_function("() => window.firstRenderAt").json_value()
    context.close()
    return elapsed_ms / 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=11)
    rounds = ap.parse_args().rounds
    with browser() as b, streamlit("benchmarks/bare_step1.py") as bare, streamlit("app.py") as app:
        urls = {"bare page": bare}
        urls.update({spec.title: f"{app}/{'' if spec.url_path == 'home' else spec.url_path}" for spec in PAGES})
        for url in urls.values():  # warm each server and page up once
            first_render(b, url)
        # Round by round, each page once in turn: a slow spell of the machine hits them all.
        results = {name: [] for name in urls}
        for _ in range(rounds):
            for name, url in urls.items():
                results[name].append(first_render(b, url))
    report("First render of each page", results)


if __name__ == "__main__":
    main()
