"""Time from a rating change in Chromium to the new total on screen, against a bare page.

Run:  python benchmarks/rating_latency.py [--rounds 400] [--all]
Prints the median and p90 for the bare page (10 sliders, their sum, a small radar) and for
the app's Step 1 with autosave on, and the ratio of the medians with its 95% interval.
The pages are open side by side and take turns, one rating each per round. With --all, also
the bare page with its questionnaire in an st.fragment (as Step 1 has it), which shows what
the fragment itself costs, the bare page under Streamlit's sectioned navigation menu (as the
app's pages are), which shows what the menu costs, and Step 1 with autosave off.

Rating times spread widely (about 60 to 120 ms on a 2-core machine), so a median of 100
ratings moves by several per cent from run to run: the default of 400 rounds (about three
minutes with two pages) narrows that to about ±5%.

Both ends are timed inside the page, on its own clock, from the key press event to two ends:
- the DOM change that shows the new total, seen by a MutationObserver (the work of Streamlit and
  the app, without the browser's paint);
- the first animation frame whose DOM holds the new total (the frame that paints it), which adds
  up to one frame (about 16 ms) to both pages alike and so pulls their ratio toward 1.
Timing from Python with Playwright's wait_for would measure its polling instead: it looks again
after 0, 20, 50, 100 and 100 ms, so a few milliseconds' difference in the page could show as a
50 or 100 ms step.
"""

from __future__ import annotations

import argparse
import contextlib

from harness import IDLE, browser, report, streamlit
from playwright.sync_api import TimeoutError as PlaywrightTimeout

STALL_MS = 5_000

# Kept by the page itself: the key press's time stamp, and when a DOM change first showed the total
# it waits for (window.wantTotal), as milliseconds since that key press.
WATCH_TOTAL = """() => {
    const shown = () => {
        const metric = [...document.querySelectorAll('[data-testid="stMetric"]')]
            .find(m => m.textContent.startsWith('Total rating'));
        const value = metric && metric.querySelector('[data-testid="stMetricValue"]');
        return value && value.textContent.trim() === window.wantTotal;
    };
    window.totalShown = shown;
    document.addEventListener('keydown', e => { window.keyPressedAt = e.timeStamp; }, true);
    new MutationObserver(() => {
        if (window.wantTotal && window.changedAfter === null && shown()) {
            window.changedAfter = performance.now() - window.keyPressedAt;
        }
    }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
WANT_TOTAL = "want => { window.wantTotal = want; window.changedAfter = null; }"
# Run by Playwright at every animation frame: once the total shows, the milliseconds since the key
# press to this frame and to the DOM change.
TOTAL_PAINTED = """() => window.totalShown()
    ? [window.changedAfter, performance.now() - window.keyPressedAt] : false"""


class Rater:
    """One page in Chromium, rating its ten sliders round and round, timing each new total."""

    def __init__(self, b, url: str):
        self.page = b.new_page(viewport={"width": 1400, "height": 1000})
        self.page.goto(url)
        self.page.wait_for_selector(IDLE)
        self.sliders = self.page.get_by_role("slider")
        self.sliders.first.wait_for()
        self.page.evaluate(WATCH_TOTAL)
        self.total, self.values, self.presses, self.stalls = 0, [0] * 10, 0, 0

    def rate_once(self) -> tuple[float, float] | None:
        """Move the next slider one stop (back to the start after 4); seconds until the total is in
        the DOM, and until it is painted."""
        i = self.presses % 10
        self.presses += 1
        step = 1 if self.values[i] < 4 else -4
        self.values[i] += step
        self.total += step
        self.sliders.nth(i).focus()
        self.page.evaluate(WANT_TOTAL, f"{self.total} of 40")
        self.sliders.nth(i).press("ArrowRight" if step == 1 else "Home")
        try:
            changed_ms, painted_ms = self.page.wait_for_function(TOTAL_PAINTED, polling="raf",
                                                                 timeout=STALL_MS).json_value()
        except PlaywrightTimeout:
            # Streamlit (1.67) sometimes leaves a fragment's run unfinished on screen when another rerun
            # arrives at the wrong moment (the save status' look, or its timer before): the rating is kept,
            # the total not redrawn until the next change. Counted and left out of the times.
            self.stalls += 1
            self.page.wait_for_selector(IDLE)
            return None
        self.page.wait_for_selector(IDLE)
        return changed_ms / 1000, painted_ms / 1000


PAGES = {  # name: (script, path, environment); the budget compares the first two
    "bare page": ("benchmarks/bare_step1.py", "", {}),
    "app Step 1, autosave on": ("app.py", "/cultural_readiness", {}),
}
MORE_PAGES = {  # --all: what the fragment alone costs, and what saving costs
    "bare page, in an st.fragment": ("benchmarks/bare_step1_fragment.py", "", {}),
    "bare page, under a sectioned st.navigation": ("benchmarks/bare_step1_nav.py", "", {}),
    "app Step 1, autosave off": ("app.py", "/cultural_readiness", {"DLDASH_AUTOSAVE": "off"}),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--all", action="store_true", help="also the bare page in a fragment and autosave off")
    args = ap.parse_args()
    pages = {**PAGES, **MORE_PAGES} if args.all else PAGES
    with browser() as b, contextlib.ExitStack() as servers:
        raters = {name: Rater(b, servers.enter_context(streamlit(script, env)) + path)
                  for name, (script, path, env) in pages.items()}
        for rater in raters.values():  # warm up
            for _ in range(3):
                rater.rate_once()
        # Round by round, one rating on each page in turn: a slow spell of the machine hits all of them.
        # Each round starts one page further on, so no page always follows the same other page.
        changed = {name: [] for name in raters}
        painted = {name: [] for name in raters}
        names = list(raters)
        for n in range(args.rounds):
            for name in names[n % len(names):] + names[:n % len(names)]:
                took = raters[name].rate_once()
                if took is not None:
                    changed[name].append(took[0])
                    painted[name].append(took[1])
    report("Rating change -> new total in the DOM (MutationObserver)", changed)
    report("Rating change -> new total painted (first animation frame showing it)", painted)
    for name, rater in raters.items():
        print(f"{name}: {rater.stalls} of {args.rounds} ratings whose total was not redrawn "
              f"within {STALL_MS / 1000:.0f} s")


if __name__ == "__main__":
    main()
