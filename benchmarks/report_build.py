"""How long the plan's documents take to build: the printable HTML report and the Word file.

Run:  python benchmarks/report_build.py [--runs 20]
A full set of answers (every rating, every text a few sentences long, the leader named, 10 milestones).
First the cold build: each document built once in a fresh Python process, timed from the call (the
imports of matplotlib, Jinja2 and python-docx that the first build pays are inside it; importing dlcore
is not). Then, in this process, one warm-up build of each and ``--runs`` timed builds, median and max:
with both radar charts drawn anew each time (SVG for the HTML, PNG at 200 dpi for Word), and with the
charts unchanged since the last build (chart_image keeps the last few images), as when a page offering
the download is drawn again and no rating has changed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import machine  # noqa: E402

from dlcore import Responses, chart_image, load_guide  # noqa: E402
from dlcore.report import report_html  # noqa: E402
from dlcore.responses import LEADER_PERSON, Milestone  # noqa: E402
from dlcore.word import report_docx  # noqa: E402

GUIDE = load_guide()
SENTENCES = ("We will start with two schools whose teams asked for it, and widen the work each term. "
             "Teachers and administrators meet every second week to look at what the data say. ")


def full_answers() -> Responses:
    """Every step answered, with text about as long as a team writes in an hour (a paragraph each)."""
    r = Responses(respondent="Benchmark district team", role="Facilitator")
    for n, s in enumerate(GUIDE.cultural_readiness.statements + GUIDE.implementation_readiness.statements):
        r.rate(s.id, n % 4 + 1)
    for s in GUIDE.implementation_readiness.statements:
        r.write("rationales", s.id, SENTENCES * 2)
    r.choose_approach("par")
    for q in (q for f in GUIDE.approaches.families for q in f.key_questions):
        r.write("key_questions", q.id, SENTENCES * 3)
    for s in ("CR1", "CR5", "CR9"):
        r.write("gap_reflections", s, SENTENCES * 3)
    for e in GUIDE.implementation_planning.elements:
        r.write("strategy_profile", e.id, SENTENCES * 2)
    r.write("strategy_profile", LEADER_PERSON, "Dr. Ana Ruiz, assistant superintendent")
    for n in range(1, 11):
        r.add_milestone(Milestone(f"Milestone {n}: {SENTENCES[:80]}", f"Owner {n}", f"2027-{n:02d}-15", "in_progress"))
    return r


BUILDS = {"HTML": report_html, "Word": report_docx}

COLD = """
import sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {here!r})
from report_build import BUILDS, GUIDE, full_answers
answers = full_answers()
start = time.perf_counter()
BUILDS[{name!r}](answers, GUIDE)
print(time.perf_counter() - start)
"""


def cold(name: str) -> float:
    """The first build of ``name`` in a fresh process, in seconds."""
    code = COLD.format(root=str(ROOT), here=str(Path(__file__).parent), name=name)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def timed(build, answers, runs: int, *, drawn: bool) -> list[float]:
    times = []
    for _ in range(runs):
        if drawn:
            chart_image.radar_png.cache_clear()
            chart_image.radar_svg.cache_clear()
        start = time.perf_counter()
        build(answers, GUIDE)
        times.append(time.perf_counter() - start)
    return times


def spread(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:4.0f} ms, max {max(times) * 1000:4.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    answers = full_answers()
    print(f"report build ({machine()}); full answers, 10 milestones; {runs} builds after one warm-up")
    for name, build in BUILDS.items():
        first = cold(name)
        size = len(build(answers, GUIDE))  # the warm-up
        drawn = timed(build, answers, runs, drawn=True)
        kept = timed(build, answers, runs, drawn=False)
        unit = "characters" if name == "HTML" else "bytes"
        print(f"{name:>5}: cold {first * 1000:5.0f} ms   charts drawn: {spread(drawn)}   "
              f"charts unchanged: {spread(kept)}   ({size / 1000:,.0f} k {unit})")


if __name__ == "__main__":
    main()
