"""Time to first render of each page, against a bare Streamlit page, in the same run.

Run:  python benchmarks/first_render.py [--rounds 5]
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


def time_first_render(b, url: str, rounds: int) -> list[float]:
    samples = []
    for n in range(rounds + 1):  # the first warms the server up
        context = b.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(WATCH_FIRST_RENDER)
        page = context.new_page()
        page.goto(url)
        elapsed_ms = page.wait_for_function("() => window.firstRenderAt").json_value()
        context.close()
        if n:
            samples.append(elapsed_ms / 1000)
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
