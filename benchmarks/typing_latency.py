"""Time from a key press in a text box to the character on screen, with and without live commits.

Run:  python benchmarks/typing_latency.py [--rounds 10] [--keys 200] [--delay 30] [--app]
Prints the median and p90 for a bare page with one text area (benchmarks/bare_text.py), the same
page with the app's live-text component mounted (dlui/live_text.py: it commits the box a second
after typing pauses and at least every four seconds while it goes on, each commit a script run),
and the ratio of the medians with its 95% interval; with --app, also the app's Step 4 notes box
with autosave on. Each page is typed into in turn, ``--keys`` characters at ``--delay`` ms a key
per round (about 7 s: longer than the 4 s after which a commit comes while typing goes on), so
automatic commits (counted and printed) happen mid-round; the keys pressed within a second after
one, while its script run is answered, are also shown as a series of their own.

Both ends are timed inside the page, on its own clock: performance.now() in a keydown listener
installed before the app's own, and performance.now() in the first animation frame after the
input event that put the character in the box (the frame that paints it).
"""

from __future__ import annotations

import argparse
import contextlib

from harness import IDLE, browser, report, streamlit

# Installed before any of the page's scripts: keydown time, then the frame after the input event.
TIMING = """
window.typingSamples = [];  // [key pressed at, ms to the frame]
window.commitTimes = [];  // when the page committed the box itself (an untrusted Ctrl+Enter)
window.addEventListener('keydown', e => {
    if (!e.isTrusted) { if (e.key === 'Enter') window.commitTimes.push(performance.now()); return; }
    window.keyPressedAt = performance.now();
}, true);
document.addEventListener('input', e => {
    const pressed = window.keyPressedAt;
    requestAnimationFrame(() => window.typingSamples.push([pressed, performance.now() - pressed]));
}, true);
"""
AFTER_COMMIT_MS = 1000
TEXT = "Teachers lead the Thursday reflection in turns; the principal joins as a colleague. "

PAGES = {  # name: (script, path, environment); the first is the yardstick
    "bare text area": ("benchmarks/bare_text.py", "", {}),
    "bare, live commits": ("benchmarks/bare_text.py", "", {"DLDASH_BENCH_LIVE": "1"}),
}
APP_PAGE = {"app Step 4 notes, autosave": ("app.py", "/implementation_planning", {})}


class Typist:
    """One page in Chromium, typing into its text box round after round."""

    def __init__(self, b, url: str, label: str):
        self.page = b.new_page(viewport={"width": 1400, "height": 1000})
        self.page.add_init_script(TIMING)
        self.page.goto(url)
        self.page.wait_for_selector(IDLE)
        self.box = self.page.get_by_role("textbox", name=label, exact=True)
        self.box.focus()
        self.typed = ""

    def type_round(self, keys: int, delay: float) -> tuple[list[float], list[float]]:
        """Type ``keys`` characters at the end of the box.

        Returns the seconds from each key press to its frame, all of them and those pressed
        within a second after an automatic commit (while its script run is answered).
        """
        self.page.bring_to_front()
        self.box.focus()
        self.page.keyboard.press("Control+End")
        self.page.evaluate("window.typingSamples = []")
        text = (TEXT * (keys // len(TEXT) + 1))[:keys]
        self.page.keyboard.type(text, delay=delay)
        self.typed += text
        self.page.wait_for_function(f"window.typingSamples.length >= {keys}", polling="raf")
        samples, commits = self.page.evaluate("[window.typingSamples, window.commitTimes]")
        near = [ms / 1000 for at, ms in samples if any(0 <= at - c < AFTER_COMMIT_MS for c in commits)]
        return [ms / 1000 for _, ms in samples], near

    def check(self) -> int:
        """Every character is in the box, in order; returns the automatic commits seen."""
        value = self.box.input_value()
        if value != self.typed:
            raise AssertionError(f"the box holds {len(value)} characters, {len(self.typed)} were typed")
        return self.page.evaluate("window.commitTimes.length")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--keys", type=int, default=200, help="characters per page per round")
    ap.add_argument("--delay", type=float, default=30, help="ms between key presses")
    ap.add_argument("--app", action="store_true", help="also the app's Step 4 notes box")
    args = ap.parse_args()
    pages = {**PAGES, **APP_PAGE} if args.app else PAGES
    labels = {"app.py": "Notes: Milestones"}
    with browser() as b, contextlib.ExitStack() as servers:
        typists = {name: Typist(b, servers.enter_context(streamlit(script, env)) + path,
                                labels.get(script, "Your answer"))
                   for name, (script, path, env) in pages.items()}
        for typist in typists.values():  # warm up
            typist.type_round(20, args.delay)
        # Round by round, each page in turn; each round starts one page further on.
        results = {name: [] for name in typists}
        near_commits = {f"{name}, <1 s after commit": [] for name in list(typists)[1:]}
        names = list(typists)
        for n in range(args.rounds):
            for name in names[n % len(names):] + names[:n % len(names)]:
                every, near = typists[name].type_round(args.keys, args.delay)
                results[name].extend(every)
                if name != names[0]:
                    near_commits[f"{name}, <1 s after commit"].extend(near)
        commits = {name: typist.check() for name, typist in typists.items()}
    report(f"Key press -> character on screen, {args.keys} keys a round at {args.delay:g} ms",
           results | {name: samples for name, samples in near_commits.items() if samples})
    for name, samples in (results | near_commits).items():
        if samples:
            ms = sorted(s * 1000 for s in samples)
            print(f"{name:<34} p99 {ms[int(len(ms) * 0.99)]:7.1f} ms   max {ms[-1]:7.1f} ms")
    print("automatic commits while typing (all characters kept, in order):",
          ", ".join(f"{name} {n}" for name, n in commits.items()))


if __name__ == "__main__":
    main()
