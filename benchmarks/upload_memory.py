"""Memory taken by reading an upload: hostile files of ~4.9 MB (just under the 5 MB limit), the largest
file the app can write, and four uploads read at once. No browser, no server: the sidebar's own call,
read_csv(data, max_bytes=5 MB), in a fresh Python process per case.

Run:  python benchmarks/upload_memory.py
In each case's process the app's modules are imported and the upload's bytes read from a file made
beforehand (the server holds them too); after gc.collect() the resident set size (VmRSS) is the
baseline, and the kernel's high-water mark (VmHWM) is reset to it through /proc/self/clear_refs.
Then read_csv runs. "peak" is VmHWM minus the baseline (ru_maxrss, which cannot be reset, where
clear_refs is not allowed: then imports may hide a smaller peak); "held" is VmRSS minus the baseline
right after the call, and after gc.collect() (memory freed by Python but kept by the allocator counts
as held: the server's process does not shrink either).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = 4_900_000
HEADER = b"respondent,role,step,item_id,item,rating,response\r\n"
MB = 1024 * 1024
TIMEOUT = 120  # seconds a case may take (an older reader counted each of 640,000 column names in all the others)


def fill(unit: bytes, size: int = SIZE) -> bytes:
    """The header, then ``unit`` repeated up to ``size`` bytes in all."""
    return HEADER + unit * ((size - len(HEADER)) // len(unit))


def largest_legal(char: str) -> bytes:
    """What write_csv gives for every answer the guide holds (44 rows), each text and name at its limit."""
    from dlcore.content import (
        CULTURAL_READINESS_IDS,
        IMPLEMENTATION_READINESS_IDS,
        KEY_QUESTION_IDS,
        STRATEGY_PROFILE_IDS,
        load_guide,
    )
    from dlcore.csv_io import write_csv
    from dlcore.responses import MAX_ANSWER_CHARS, MAX_NAME_CHARS, Responses

    r = Responses(respondent=char * MAX_NAME_CHARS, role=char * MAX_NAME_CHARS)
    for item_id in CULTURAL_READINESS_IDS + IMPLEMENTATION_READINESS_IDS:
        r.rate(item_id, 3)
    r.choose_approach("par")
    r.choose_gap_areas(list(CULTURAL_READINESS_IDS))
    for step, ids in (("key_questions", KEY_QUESTION_IDS), ("rationales", IMPLEMENTATION_READINESS_IDS),
                      ("gap_reflections", CULTURAL_READINESS_IDS), ("strategy_profile", STRATEGY_PROFILE_IDS)):
        for item_id in ids:
            r.write(step, item_id, char * MAX_ANSWER_CHARS)
    return write_csv(r, load_guide())


def cases() -> dict[str, tuple[bytes, int]]:
    """Name: (the upload, how many sessions read it at once)."""
    rnd = random.Random(1)
    blank = fill(b"\n")
    return {
        "header + blank lines": (blank, 1),
        "header + tiny rows (,,,,,,)": (fill(b",,,,,,\n"), 1),
        "header + one-value rows": (fill(b"a\n"), 1),
        "one huge quoted cell": (HEADER + b',,strategy_profile,leader,x,,"' + b"a" * (SIZE - 100) + b'"\r\n', 1),
        "many columns in the header": (",".join(f"c{i}" for i in range(700_000)).encode()[:SIZE], 1),
        "many cells in one row": (fill(b"x,"), 1),
        "random bytes": (rnd.randbytes(SIZE), 1),
        "random CSV-like text": (HEADER + bytes(rnd.choices(b'abc,,""\r\n\n', k=SIZE)), 1),
        "largest legal file (quotes)": (largest_legal('"'), 1),
        "largest legal file (4-byte chars)": (largest_legal("🙂"), 1),
        "4 at once: header + blank lines": (blank, 4),
        "4 at once: largest legal (4-byte)": (largest_legal("🙂"), 4),
    }


# In the case's own process -----------------------------------------------------------------


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(path: str, sessions: int) -> None:
    import gc
    import threading

    from dlcore.csv_io import CsvError, read_csv

    uploads = [Path(path).read_bytes() for _ in range(sessions)]  # each session holds its own bytes
    outcomes: list[str] = [""] * sessions

    def parse(i: int) -> None:
        try:
            responses = read_csv(uploads[i], max_bytes=5 * MB)
            texts = (responses.key_questions, responses.rationales, responses.gap_reflections,
                     responses.strategy_profile)
            outcomes[i] = f"accepted ({sum(map(len, texts))} texts)"
        except CsvError as exc:
            outcomes[i] = "refused: " + exc.problems[0]

    gc.collect()
    base = status_kb("VmRSS")
    exact = reset_peak()
    start = time.perf_counter()
    if sessions == 1:
        parse(0)
    else:
        threads = [threading.Thread(target=parse, args=(i,)) for i in range(sessions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    seconds = time.perf_counter() - start
    peak = status_kb("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    held = status_kb("VmRSS")
    gc.collect()
    held_gc = status_kb("VmRSS")
    print(json.dumps({"outcome": outcomes[0], "same": len(set(outcomes)) == 1, "seconds": seconds,
                      "peak": (peak - base) / 1024, "held": (held - base) / 1024, "held_gc": (held_gc - base) / 1024,
                      "exact": exact}))


# The table --------------------------------------------------------------------------------------


def main() -> None:
    from harness import machine

    print(f"Reading an upload: memory above the baseline, one fresh process per case ({machine()})")
    print(f"{'case':<36}{'MB':>6}  {'peak MB':>8}  {'held MB':>8}  {'after gc':>8}  {'s':>6}  result")
    estimated = False
    with tempfile.TemporaryDirectory(prefix="dldash-upload-") as tmp:
        for n, (name, (data, sessions)) in enumerate(cases().items()):
            path = Path(tmp) / f"{n}.csv"
            path.write_bytes(data)
            try:
                out = subprocess.run([sys.executable, __file__, "--child", str(path), str(sessions)],
                                     capture_output=True, text=True, cwd=ROOT, check=True, timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                print(f"{name:<36}{len(data) / 1e6:>6.2f}  did not finish in {TIMEOUT} s")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            outcome = r["outcome"] if r["same"] else r["outcome"] + " (the sessions differ!)"
            outcome = outcome if len(outcome) <= 110 else outcome[:109] + "…"
            mark = "" if r["exact"] else "*"
            estimated |= not r["exact"]
            print(f"{name:<36}{len(data) / 1e6:>6.2f}  {r['peak']:>7.1f}{mark:1}  {r['held']:>8.1f}  "
                  f"{r['held_gc']:>8.1f}  {r['seconds']:>6.2f}  {outcome}")
    if estimated:
        print("* ru_maxrss: /proc/self/clear_refs not allowed, so the peak is since the process started")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
