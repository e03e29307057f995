"""Shared by the benchmark scripts: start `streamlit run` on a free loopback port, drive Chromium."""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit(script: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``script`` (relative to the project root) and yield its URL."""
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="dldash-bench-")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=ROOT, env={**os.environ, "DLDASH_DATA_DIR": data_dir, **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit run {script} did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def summary(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"{name:<34} median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f} ms   n={len(ms)}"


def machine() -> str:
    return f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · {platform.machine()}"


def ratio_interval(samples: list[float], bare: list[float], resamples: int = 2000) -> tuple[float, float]:
    """95% bootstrap interval of median(samples) / median(bare).

    A median of rating times moves by several per cent between runs of 100 rounds (the
    times spread from ~60 to ~120 ms), so a ratio is printed with how far it could be off.
    """
    rng = np.random.default_rng(0)
    ours = np.median(rng.choice(samples, (resamples, len(samples))), axis=1)
    theirs = np.median(rng.choice(bare, (resamples, len(bare))), axis=1)
    low, high = np.percentile(ours / theirs, [2.5, 97.5])
    return float(low), float(high)


def report(heading: str, results: dict[str, list[float]]) -> None:
    """Print each series' median and p90, and its ratio to the first series (the bare page)."""
    print(f"{heading} ({machine()})")
    first = next(iter(results.values()))
    bare = statistics.median(first)
    for name, samples in results.items():
        ratio = f"ratio {statistics.median(samples) / bare:4.2f}x"
        if samples is not first:
            low, high = ratio_interval(samples, first)
            ratio += f" (95% interval {low:4.2f}x-{high:4.2f}x)"
        print(f"{summary(name, samples)}   {ratio}")
