"""Team sessions under load: many participants rating on their phones while the facilitator's view is open.

Run:  python benchmarks/team_load.py [--participants 100 300] [--seconds 300] [--database-url URL]
Quick check:  python benchmarks/team_load.py --participants 10 --seconds 30
Diagnostics (say what costs, not how the app behaves): --no-status-looks, --py-spy.

No browser: every participant, bare-page user and the facilitator is a websocket session that
speaks the browser's protocol to `streamlit run` on loopback. A session opens its page with a
``rerun_script`` BackMsg (the page name and the query string, as the browser sends them), keeps
each widget's state from the elements of the runs it receives, and changes a rating by sending
``rerun_script`` again with all its widget states and, for a widget drawn in a fragment, that
fragment's id; the rating is timed to the ``script_finished`` ForwardMsg of the run that holds
that fragment (a run drawn and then ended early for another rerun counts when that ends). A
timed fragment (the facilitator's live picture every second) is rerun by the client itself
on the AutoRerun message, every ``interval`` seconds whether a run is going on or not, as the
browser's setInterval does. The save status is looked at again as dlui/save_watch.js does it in
the browser: each watcher's fragment rerun with its trigger, at the delay it was last drawn with
(none when the person's own runs draw that status, as on a participant's page, unless a save was
slow or failing), and a second after each rating where the watcher asks for that.

Per number of participants N, in one run:
- the app as it is now is copied to a temp folder and served from there, so that files others
  edit meanwhile do not make Streamlit's file watcher reload modules in the middle of a run;
- one `streamlit run app.py` server on a fresh database (SQLite in the temp folder, or
  --database-url), the team and N + 1 participants created with dlcore.teams beforehand (one
  opens first, to warm the server, and stays in the team as a member who never rates);
- one `streamlit run benchmarks/bare_step1.py` server (ten select sliders, their sum, a radar);
- N participants on /?p=<token> (their link) and N sessions on the bare page, opened side by side
  at the same rate, each changing one rating every 2-4 s (an open schedule: a slow answer does
  not slow the next rating down; a rating due while one is still on its way waits for it);
- the facilitator on /team?f=<token>, whose live fragment reruns every second.

Visible in the facilitator's view: two Step 1 statements (CR9 and CR10) are markers. At any moment
at most one participant changes each marker statement (others rate CR1-CR8), so the marker's row
of counts in the view's Step 1 table (1, 2, 3, 4, not yet rated) changes only by that one
rating; the time from that rating's BackMsg to the first table the facilitator receives with the
expected counts is what a participant waits to see their rating on the projected view. A marker
is taken again at a random moment of the view's cycle, as a person's rating would come.

Printed per N: participant rating p50/p95 and the bare page's in the same run (and the ratios;
a rating never answered counts as infinitely slow), visibility p50/p95, the facilitator's and
the save status' runs, server RSS (after warm-up, once everyone has rated, peak) per
participant, CPU of each process and of everything else on the machine, the app server's
garbage collections (logged by a sitecustomize hook; the app is not changed), errors (socket
closes, ratings or page opens never answered, exceptions or error alerts on a page, tracebacks
in the server log), and answers lost (the database against the last rating sent for each
participant and statement, read once every session has had time to save).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.ipc
import websockets
from harness import ROOT, free_port, machine
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(ROOT))
from dlcore import Store, load_guide  # noqa: E402
from dlcore.store import database_url  # noqa: E402
from dlcore.teams import Teams  # noqa: E402

FINISHED, FRAGMENT_FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
OPEN_TIMEOUT = 60.0  # s: a page's first run with no script_finished by then is an error
RATING_TIMEOUT = 10.0  # s: a rating with no script_finished by then is an error (its run's messages were lost)
MARKER_TIMEOUT = 20.0  # s: a marker rating not in the facilitator's view by then is counted as never seen
MARKERS = ("CR9", "CR10")
VIEW_SECONDS = 1.0  # the facilitator's view refreshes this often (app_pages/team.py)
NORMAL = tuple(f"CR{n}" for n in range(1, 9))
OPEN_AT_ONCE = 4  # sessions opening at the same time, per server
CLK_TCK = os.sysconf("SC_CLK_TCK")


# Servers ------------------------------------------------------------------------------------

def snapshot_of_the_app(into: Path) -> Path:
    """The app as it is now, copied: others edit the working tree meanwhile, and a changed file would have
    a running server reload modules in the middle of a run (Streamlit's file watcher)."""
    skip = shutil.ignore_patterns(".git", "var", "tests", "docs", "__pycache__", "*.pyc", ".pytest_cache")
    return Path(shutil.copytree(ROOT, into / "app", ignore=skip))


class Server:
    """`streamlit run script` (in the copy of the app at ``cwd``) on a free loopback port, its output in a log."""

    def __init__(self, script: str, env: dict[str, str], log: Path, cwd: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
             f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
            cwd=cwd, env={**os.environ, **env}, stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=1)
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit run {script} did not start; see {log}") from None
                time.sleep(0.1)

    def rss(self) -> int:
        """Resident memory in bytes (VmRSS)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def cpu(self) -> float:
        return _cpu_seconds(self.proc.pid)

    def tracebacks(self) -> int:
        text = self.log.read_text(errors="replace")
        return text.count("Traceback (most recent call last)")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log_file.close()


def machine_busy() -> float:
    """CPU seconds all processes have used on this machine since boot (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / CLK_TCK


def others_busy(seconds: float = 5.0) -> float:
    """Cores' worth of CPU used by everything on the machine over ``seconds`` (before our servers start)."""
    start = machine_busy()
    time.sleep(seconds)
    return (machine_busy() - start) / seconds


def wait_for_quiet(most: float, limit: float) -> float:
    """Wait (up to ``limit`` s) until other processes use under ``most`` cores; what they used last."""
    deadline = time.monotonic() + limit
    while True:
        busy = others_busy()
        if busy < most or time.monotonic() > deadline:
            return busy
        print(f"  (waiting: other processes use {busy:.1f} cores)", flush=True)


GC_HOOK = """import gc, os, time
_log = open(os.environ["DLDASH_BENCH_GC_LOG"], "a", buffering=1)
_start = [0.0]
def _timed(phase, info):
    if phase == "start":
        _start[0] = time.perf_counter()
    else:
        _log.write(f"{time.time():.3f} {info['generation']} {time.perf_counter() - _start[0]:.4f}\\n")
gc.callbacks.append(_timed)
"""


def gc_hook(work: Path, name: str) -> dict[str, str]:
    """Environment that has a server log each of Python's garbage collections (a sitecustomize module; the
    app is not changed): collections stop every thread, and a full one over a large heap takes long."""
    folder = work / "gc-hook"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(GC_HOOK)
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "DLDASH_BENCH_GC_LOG": str(work / f"{name}.gc")}


def gc_pauses(log: Path, start: float, end: float) -> tuple[int, float, float]:
    """(full collections, seconds in all collections, longest full collection) between two time.time()s."""
    full, total, longest = 0, 0.0, 0.0
    if log.exists():
        for line in log.read_text().splitlines():
            at, generation, took = line.split()
            if start <= float(at) <= end:
                total += float(took)
                if generation == "2":
                    full += 1
                    longest = max(longest, float(took))
    return full, total, longest


def _cpu_seconds(pid: int | str) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


# Figures -------------------------------------------------------------------------------------

@dataclass
class Figures:
    """What one run measured; samples are seconds."""

    rating: list[float] = field(default_factory=list)  # participant: rating -> script_finished
    bare: list[float] = field(default_factory=list)  # bare page: rating -> script_finished
    visible: list[float] = field(default_factory=list)  # marker rating -> counts in the facilitator's table
    invisible: int = 0  # marker ratings never seen within MARKER_TIMEOUT
    facilitator: list[float] = field(default_factory=list)  # live fragment: auto rerun -> script_finished
    status: list[float] = field(default_factory=list)  # participants' save status: auto rerun -> finished
    opened: list[float] = field(default_factory=list)  # participant page: first rerun -> script_finished
    cut_short: int = 0  # ratings whose run was drawn, then ended early for a rerun (a timed fragment's)
    unanswered: int = 0  # participant ratings with no script_finished for their fragment within RATING_TIMEOUT
    bare_unanswered: int = 0
    late: int = 0  # ratings sent late because the one before had no answer yet
    errors: dict[str, int] = field(default_factory=dict)
    page_not_found: int = 0
    lag: list[float] = field(default_factory=list)  # this client's event loop, oversleep of a 100 ms tick

    def error(self, what: str, n: int = 1) -> None:
        self.errors[what] = self.errors.get(what, 0) + n


class Clock:
    """The measuring window: samples count only when their rating was sent inside it."""

    def __init__(self):
        self.start = self.end = float("inf")

    def inside(self, t: float) -> bool:
        return self.start <= t <= self.end


# A browser tab ----------------------------------------------------------------------------------

class Tab:
    """One browser tab on one page: the websocket, the widget states, the timed fragments, the runs."""

    def __init__(self, server: Server, page: str, query: str, figures: Figures, clock: Clock, *,
                 name: str, on_element=None, timers: bool = True):
        self.server, self.page, self.query, self.name = server, page, query, name
        self.figures, self.clock = figures, clock
        self.on_element = on_element  # (tab, element delta message, received at) for the facilitator
        self.run_timers = timers  # False: ignore AutoRerun (a diagnostic; the browser always follows it)
        self.auto: dict[float | str, list[float]] = {}  # timed fragments' interval, or "look" -> runs' times
        self.watches: dict[str, dict] = {}  # component id -> its save watcher as last drawn: fragment, trigger, delay
        self.looks: dict[str, tuple[float, asyncio.Task]] = {}  # component id -> (when, task) of its next look
        self.ws = None
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}  # widget id -> the state the browser would send
        self.widgets: dict[str, tuple[str, list[str]]] = {}  # user key -> (widget id, options)
        self.fragment_of: dict[str, str] = {}  # widget id -> id of the fragment it is drawn in
        self.drawn: set[str] = set()  # fragments (or "" for the page) that received elements in this run
        self.pending: dict[str, list[tuple[float, asyncio.Future | None]]] = {}  # fragment id or "" -> sent
        self.timers: dict[str, tuple[float, asyncio.Task]] = {}  # fragment id -> (interval, task)
        self.cache: dict[str, list] = {}  # hash -> [message, last run it was used, fragment id]
        self.runs = 0
        self.max_age = 2
        self.closing = False
        self.reader: asyncio.Task | None = None

    # Opening and closing
    async def open(self) -> float:
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.server.port}/_stcore/stream", subprotocols=["streamlit"],
            origin=self.server.url, max_size=None, ping_interval=None, open_timeout=60)
        self.reader = asyncio.create_task(self._read())
        t0 = time.perf_counter()
        done = self._expect("")
        await self._send(page_name=self.page)
        try:
            await asyncio.wait_for(done, OPEN_TIMEOUT)
        except TimeoutError:  # its run's messages were lost; the page may still have its widgets
            self.figures.error(f"page opened with no script_finished within {OPEN_TIMEOUT:.0f} s")
            return float("inf")
        return time.perf_counter() - t0

    async def close(self) -> None:
        self.closing = True
        for _, task in self.timers.values():
            task.cancel()
        for _, task in self.looks.values():
            task.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()

    # Sending
    async def _send(self, *, page_name: str = "", fragment_id: str = "", auto: bool = False,
                    trigger: WidgetState | None = None) -> None:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.widget_states.widgets.extend(self.states.values())
        if trigger is not None:
            rerun.widget_states.widgets.append(trigger)
        if self.page_hash:
            rerun.page_script_hash = self.page_hash
        else:
            rerun.page_name = page_name
        rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = auto
        rerun.cached_message_hashes.extend(self.cache)
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.server.url}/{self.page}" + (f"?{self.query}" if self.query else "")
        info.is_embedded, info.color_scheme = False, "light"
        await self.ws.send(msg.SerializeToString())

    def _expect(self, fragment_id: str) -> asyncio.Future:
        """A future set to the time the run holding ``fragment_id`` ("" for the whole page) finishes."""
        future = asyncio.get_running_loop().create_future()
        self.pending.setdefault(fragment_id, []).append((time.perf_counter(), future))
        return future

    async def rate(self, key: str, option: int) -> float:
        """Move the slider with ``key`` to its ``option``-th stop; seconds until the run holding it finished."""
        widget_id, options = self.widgets[key]
        state = WidgetState(id=widget_id)
        state.string_array_value.data.append(options[option])
        self.states[widget_id] = state
        fragment_id = self.fragment_of.get(widget_id, "")
        t0 = time.perf_counter()
        done = self._expect(fragment_id)
        await self._send(fragment_id=fragment_id)
        for watcher, watch in self.watches.items():  # the watchers' listeners: a look a second after an action
            if watch["after_action_ms"] > 0:
                self._look_in(watcher, watch["after_action_ms"] / 1000, sooner=True)
        finished = await asyncio.wait_for(done, RATING_TIMEOUT)
        return finished - t0

    def _look_in(self, watcher: str, seconds: float, *, sooner: bool = False) -> None:
        """dlui/save_watch.js's lookIn: one look scheduled per watcher; ``sooner`` only brings it forward."""
        if not self.run_timers or self.closing:
            return
        due = time.perf_counter() + seconds
        if watcher in self.looks:
            if sooner and self.looks[watcher][0] <= due:
                return
            self.looks.pop(watcher)[1].cancel()
        self.looks[watcher] = (due, asyncio.create_task(self._look_at(watcher, due)))

    async def _look_at(self, watcher: str, due: float) -> None:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        while any(self.pending.values()):  # as the watcher: never while a run is on its way
            await asyncio.sleep(0.1)
        self.looks.pop(watcher, None)
        watch = self.watches[watcher]
        trigger = WidgetState(id=watch["trigger"])
        trigger.json_trigger_value = json.dumps([{"event": "look", "value": int(time.time() * 1000)}])
        self.pending.setdefault(watch["fragment"], []).append((time.perf_counter(), None))
        with contextlib.suppress(websockets.ConnectionClosed):
            await self._send(fragment_id=watch["fragment"], trigger=trigger)

    async def _every(self, fragment_id: str, interval: float) -> None:
        """The browser's setInterval for a timed fragment: a rerun every ``interval`` s, running or not."""
        next_at = time.perf_counter() + interval
        while not self.closing:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += interval
            self.pending.setdefault(fragment_id, []).append((time.perf_counter(), None))
            try:
                await self._send(fragment_id=fragment_id, auto=True)
            except websockets.ConnectionClosed:
                return

    # Receiving
    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                received = time.perf_counter()
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg, received)
        except websockets.ConnectionClosed:
            pass
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug here must show, not hang the run
            self.figures.error(f"client error: {type(exc).__name__}: {exc}")
        if not self.closing:
            self.figures.error("websocket closed by the server")
            for waiting in self.pending.values():
                for _, future in waiting:
                    if future is not None and not future.done():
                        future.set_exception(ConnectionError("closed"))

    def _handle(self, msg: ForwardMsg, received: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.figures.error("cached message missing")
                return
            cached[1] = self.runs
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, "delta"
        elif msg.metadata.cacheable:  # the browser keeps these and lists their hashes in each rerun
            self.cache[msg.hash] = [msg, self.runs, msg.delta.fragment_id]
        if kind == "delta":
            self._delta(msg, received)
        elif kind == "script_finished":
            self._finished(msg, received)
        elif kind == "auto_rerun":
            fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if self.run_timers and fragment_id and self.timers.get(fragment_id, (None,))[0] != interval:
                if fragment_id in self.timers:
                    self.timers[fragment_id][1].cancel()
                self.timers[fragment_id] = (interval, asyncio.create_task(self._every(fragment_id, interval)))
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                if fragment_id in self.timers:
                    self.timers.pop(fragment_id)[1].cancel()
        elif kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash or self.page_hash
            self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.figures.page_not_found += 1

    def _delta(self, msg: ForwardMsg, received: float) -> None:
        delta = msg.delta
        self.drawn.add(delta.fragment_id)
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.figures.error(f"exception on {self.name}: {element.exception.message[:80]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.figures.error(f"error alert on {self.name}: {element.alert.body[:60]}")
        elif kind == "slider":
            self._widget(element.slider, delta.fragment_id, "slider")
        elif kind in ("text_input", "text_area", "checkbox"):
            self._widget(getattr(element, kind), delta.fragment_id, kind)
        elif kind == "dataframe" and self.on_element is not None:
            self.on_element(self, element, received)
        elif kind == "bidi_component" and element.bidi_component.component_name.endswith("save_watch"):
            proto = element.bidi_component
            data = json.loads(proto.json or proto.mixed.json or "{}")
            self.watches[proto.id] = {"fragment": delta.fragment_id, "trigger": _make_trigger_id(proto.id, "events"),
                                      "after_action_ms": data["after_action_ms"]}
            if data["next_ms"] > 0:  # the watcher is called on every run of its fragment: its timer replaced
                self._look_in(proto.id, data["next_ms"] / 1000)
            elif proto.id in self.looks:
                self.looks.pop(proto.id)[1].cancel()

    def _widget(self, proto, fragment_id: str, kind: str) -> None:
        """Keep the state the browser would hold: the value it was drawn with, or the server's when it sets one."""
        widget_id = proto.id
        key = widget_id.rsplit("-", 1)[-1] if widget_id.startswith("$$ID-") else widget_id
        self.fragment_of[widget_id] = fragment_id
        if widget_id in self.states and not proto.set_value:
            return
        state = WidgetState(id=widget_id)
        if kind == "slider":
            options = list(proto.options)
            self.widgets[key] = (widget_id, options)
            index = list(proto.value) if proto.set_value or len(proto.value) else list(proto.default)
            state.string_array_value.data.extend(options[int(i)] for i in index)
        elif kind == "checkbox":
            state.bool_value = proto.value if proto.set_value else proto.default
        elif proto.HasField("value"):
            state.string_value = proto.value
        elif proto.HasField("default"):
            state.string_value = proto.default
        else:
            return
        self.states[widget_id] = state

    def _finished(self, msg: ForwardMsg, received: float) -> None:
        status = msg.script_finished
        drawn, self.drawn = self.drawn, set()
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.figures.error(f"compile error on {self.name}")
            return
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            # Another request (a timed fragment's rerun, sent whether a run is going on or not, as the browser
            # does) ended this run. A fragment already drawn in it is done, as far as its page shows; one
            # not drawn yet stays waiting for a run that draws it.
            for fragment_id in msg.metadata.run.fragment_ids:
                if fragment_id in drawn:
                    for _, future in self.pending.pop(fragment_id, []):
                        if future is not None and not future.done():
                            future.set_result(received)
                            self.figures.cut_short += 1
            return
        fragment_ids = list(msg.metadata.run.fragment_ids) if status == FRAGMENT_FINISHED else [""]
        self.runs += 1
        for digest, (_, used, fragment_id) in list(self.cache.items()):  # as the browser's message cache
            if status == FRAGMENT_FINISHED and (not fragment_id or fragment_id not in fragment_ids):
                continue
            if self.runs - used > self.max_age:
                del self.cache[digest]
        for fragment_id in fragment_ids:
            for sent, future in self.pending.pop(fragment_id, []):
                if future is not None:
                    if not future.done():
                        future.set_result(received)
                elif self.clock.inside(sent) and fragment_id in self.timers:
                    self.auto.setdefault(self.timers[fragment_id][0], []).append(received - sent)
                elif self.clock.inside(sent) and any(fragment_id == w["fragment"] for w in self.watches.values()):
                    self.auto.setdefault("look", []).append(received - sent)


# The people -------------------------------------------------------------------------------------

class Load:
    """Everyone in one run: who rated what, the markers in flight, the facilitator's view."""

    def __init__(self, figures: Figures, clock: Clock, interval: float, not_rated_label: str, members: int):
        self.figures, self.clock, self.interval = figures, clock, interval
        self.not_rated_label = not_rated_label
        self.members = members  # everyone in the team, the warm-up participant included
        self.sent: dict[str, dict[str, int]] = {}  # participant token -> statement -> last rating sent
        self.in_flight: dict[str, tuple[tuple[int, ...], float]] = {}  # marker -> (expected counts, sent at)
        # A marker is free again at a random moment of the view's 2 s cycle after it was seen: taken at
        # once, it would always be sent just after a refresh and wait the whole cycle for the next one.
        self.free_at: dict[str, float] = {}
        self.rng = random.Random(0)
        self.stopping = asyncio.Event()
        self.facilitator_sent: dict[str, float] = {}

    def expected(self, statement: str) -> tuple[int, ...]:
        counts = [0, 0, 0, 0]
        for ratings in self.sent.values():
            if statement in ratings:
                counts[ratings[statement] - 1] += 1
        return (*counts, self.members - sum(counts))

    def seen(self, tab: Tab, element, received: float) -> None:
        """A table in the facilitator's view: do the markers' rows show the ratings in flight?"""
        if not self.in_flight:
            return
        table = pyarrow.ipc.open_stream(element.dataframe.arrow_data.data).read_all().to_pydict()
        columns = ["1", "2", "3", "4", self.not_rated_label]
        if table.get("#") is None or len(table["#"]) != 10 or any(c not in table for c in columns):
            return  # not Step 1's statement table
        for statement, (want, sent) in list(self.in_flight.items()):
            row = table["#"].index(int(statement.removeprefix("CR")))
            if tuple(int(table[c][row]) for c in columns) == want:
                del self.in_flight[statement]
                self.free_at[statement] = received + self.rng.uniform(0, VIEW_SECONDS)
                if self.clock.inside(sent):
                    self.figures.visible.append(received - sent)

    def expire_markers(self) -> None:
        now = time.perf_counter()
        for statement, (_, sent) in list(self.in_flight.items()):
            if now - sent > MARKER_TIMEOUT:
                del self.in_flight[statement]
                self.free_at[statement] = now + self.rng.uniform(0, VIEW_SECONDS)
                if self.clock.inside(sent):
                    self.figures.invisible += 1

    def pick(self, token: str, rng: random.Random) -> str:
        """The statement this participant changes now: a free marker, else one of the others."""
        self.expire_markers()
        now = time.perf_counter()
        free = [m for m in MARKERS if m not in self.in_flight and self.free_at.get(m, 0) <= now]
        return rng.choice(free) if free else rng.choice(NORMAL)

    async def participant(self, tab: Tab, token: str, rng: random.Random) -> None:
        ratings = self.sent.setdefault(token, {})
        await self._rhythm(rng, lambda: self._participant_rating(tab, token, ratings, rng), self.figures.rating,
                           "unanswered")

    async def _participant_rating(self, tab: Tab, token: str, ratings: dict[str, int], rng: random.Random) -> float:
        statement = self.pick(token, rng)
        value = rng.choice([v for v in (1, 2, 3, 4) if v != ratings.get(statement)])
        ratings[statement] = value
        if statement in MARKERS:
            self.in_flight[statement] = (self.expected(statement), time.perf_counter())
        return await tab.rate(f"dldash.rate.{statement}", value)

    async def bare(self, tab: Tab, rng: random.Random) -> None:
        values = dict.fromkeys(range(1, 11), 0)

        async def once() -> float:
            n = rng.randint(1, 10)
            values[n] = rng.choice([v for v in (1, 2, 3, 4) if v != values[n]])
            return await tab.rate(f"s{n}", values[n])

        await self._rhythm(rng, once, self.figures.bare, "bare_unanswered")

    async def _rhythm(self, rng: random.Random, rate_once, samples: list[float], unanswered: str) -> None:
        """A rating every 2-4 s (mean ``interval``) on an open schedule."""
        next_at = time.perf_counter() + rng.uniform(0, self.interval)
        while not self.stopping.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), max(0.0, next_at - time.perf_counter()))
            if self.stopping.is_set():
                return
            sent = time.perf_counter()
            if sent - next_at > 0.05:
                self.figures.late += 1
            try:
                took = await rate_once()
            except TimeoutError:
                if self.clock.inside(sent):
                    setattr(self.figures, unanswered, getattr(self.figures, unanswered) + 1)
                next_at = time.perf_counter()
                continue
            except (ConnectionError, websockets.ConnectionClosed):
                return
            if self.clock.inside(sent):
                samples.append(took)
            next_at += rng.uniform(self.interval * 2 / 3, self.interval * 4 / 3)
            next_at = max(next_at, time.perf_counter())


async def lag_monitor(figures: Figures, clock: Clock, stop: asyncio.Event) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.1)
        if clock.inside(t0):
            figures.lag.append(time.perf_counter() - t0 - 0.1)


# One run ---------------------------------------------------------------------------------------

async def run(n: int, seconds: float, interval: float, url_setting: str | None, autosave: bool,
              seed: int, log_level: str | None = None, profile: bool = False, wait_quiet: float = 0,
              status_timer: bool = True) -> dict:
    rng = random.Random(seed)
    quiet = wait_for_quiet(0.25, wait_quiet) if wait_quiet else others_busy()
    guide = load_guide()
    figures, clock = Figures(), Clock()
    work = Path(tempfile.mkdtemp(prefix=f"dldash-team-load-{n}-"))
    env = {"DLDASH_DATA_DIR": str(work)}
    if url_setting:
        env["DLDASH_DATABASE_URL"] = url_setting
    if not autosave:
        env["DLDASH_AUTOSAVE"] = "off"
    if log_level:
        env["STREAMLIT_LOGGER_LEVEL"] = log_level
    url = url_setting or database_url(env)
    store = Store(url)
    teams = Teams(store)
    team = teams.create(f"Load test, {n} participants")
    teams.set_results_hidden(team.id, False)  # the view draws the team's picture, as after the reveal
    warm_up = teams.join(team)
    people = [teams.join(team) for _ in range(n)]
    load = Load(figures, clock, interval, guide.rating_scale.not_rated, n + 1)

    code = snapshot_of_the_app(work)
    app = Server("app.py", {**env, **gc_hook(work, "app")}, work / "app.log", code)
    bare = Server("benchmarks/bare_step1.py", {"DLDASH_DATA_DIR": str(work / "bare"), **env_log(log_level)},
                  work / "bare.log", code)
    tabs: list[Tab] = []
    stop_lag = asyncio.Event()
    monitor = asyncio.create_task(lag_monitor(figures, clock, stop_lag))
    try:
        # Warm-up: the facilitator's view, one participant who rates once and leaves, one bare page.
        facilitator = Tab(app, "team", f"f={team.facilitator_token}", figures, clock, name="the team view",
                          on_element=load.seen)
        await facilitator.open()
        tabs.append(facilitator)
        for tab, key in ((Tab(app, "", f"p={warm_up.token}", figures, clock, name="a participant"),
                          "dldash.rate.CR1"), (Tab(bare, "", "", figures, clock, name="the bare page"), "s1")):
            await tab.open()
            await tab.rate(key, 0)  # "not yet rated": nothing is saved, the counts stay as they are
            await tab.close()
        await asyncio.sleep(3)
        rss_before = {"app": app.rss(), "bare": bare.rss()}

        # Everyone opens their page, side by side, a few at a time per server, and starts rating at once.
        opened = asyncio.Event()
        workers: list[asyncio.Task] = []

        async def open_participant(person, gate: asyncio.Semaphore) -> None:
            tab = Tab(app, "", f"p={person.token}", figures, clock, name="a participant",
                      timers=status_timer)
            tabs.append(tab)
            async with gate:
                took = await tab.open()
            if took != float("inf"):
                figures.opened.append(took)
            progress()
            if any(f"dldash.rate.{s}" not in tab.widgets for s in NORMAL + MARKERS):
                figures.error("participant page without its Step 1 sliders (not rating)")
                return
            workers.append(asyncio.create_task(load.participant(tab, person.token, random.Random(rng.random()))))

        async def open_bare(gate: asyncio.Semaphore) -> None:
            tab = Tab(bare, "", "", figures, clock, name="the bare page")
            tabs.append(tab)
            async with gate:
                await tab.open()
            if any(f"s{k}" not in tab.widgets for k in range(1, 11)):
                figures.error("bare page without its sliders (not rating)")
                return
            workers.append(asyncio.create_task(load.bare(tab, random.Random(rng.random()))))

        gates = asyncio.Semaphore(OPEN_AT_ONCE), asyncio.Semaphore(OPEN_AT_ONCE)
        ramp_started = time.perf_counter()
        opened_count = [0]

        def progress() -> None:
            opened_count[0] += 1
            if opened_count[0] % 50 == 0 or opened_count[0] == n:
                print(f"  {opened_count[0]} of {n} participant pages open after "
                      f"{time.perf_counter() - ramp_started:.0f} s", flush=True)
        await asyncio.gather(*(open_participant(p, gates[0]) for p in people), *(open_bare(gates[1]) for _ in people))
        ramp = time.perf_counter() - ramp_started
        opened.set()
        # Everyone has rated at least once (first ratings come within `interval` s), then the window opens.
        await asyncio.sleep(interval * 4 / 3 + 2)
        rss_rated = {"app": app.rss(), "bare": bare.rss()}
        clock.start = time.perf_counter()
        clock.end = clock.start + seconds
        wall = time.time()
        print(f"  measuring for {seconds:.0f} s", flush=True)
        cpu_start = {"app": app.cpu(), "bare": bare.cpu(), "client": _cpu_seconds("self"), "all": machine_busy()}
        rss_peak = dict(rss_rated)
        spy = None
        if profile and shutil.which("py-spy"):  # what the app server does while holding the GIL, mid-window
            spy = subprocess.Popen(
                ["py-spy", "record", "--gil", "--nonblocking", "--format", "raw", "-r", "50",
                 "-d", str(int(min(60, max(5, seconds - 10)))), "-o", str(work / "app.pyspy.txt"),
                 "-p", str(app.proc.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.perf_counter() < clock.end:
            await asyncio.sleep(min(5.0, max(0.0, clock.end - time.perf_counter())))
            rss_peak = {"app": max(rss_peak["app"], app.rss()), "bare": max(rss_peak["bare"], bare.rss())}
            load.expire_markers()
        if spy is not None:
            spy.wait()
        cpu = {"app": app.cpu() - cpu_start["app"], "bare": bare.cpu() - cpu_start["bare"],
               "client": _cpu_seconds("self") - cpu_start["client"]}
        gc = gc_pauses(work / "app.gc", wall, wall + seconds)
        cpu["others"] = machine_busy() - cpu_start["all"] - cpu["app"] - cpu["bare"] - cpu["client"]
        load.stopping.set()
        await asyncio.gather(*workers, return_exceptions=True)

        # Answers lost: the database against what was sent, once every session had time to save.
        lost, waited = None, 0.0
        if autosave:
            started = time.perf_counter()
            while True:
                await asyncio.sleep(1.0)
                lost = compare(store, guide, people, load.sent)
                waited = time.perf_counter() - started
                if lost[0] == 0 or waited > 20:
                    break
        rss_end = {"app": app.rss(), "bare": bare.rss()}
        figures.facilitator = facilitator.auto.get(VIEW_SECONDS, [])
        figures.status = [t for tab in tabs[1:] if tab.server is app for t in tab.auto.get("look", [])]
    finally:
        stop_lag.set()
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
        monitor.cancel()
        tracebacks = {"app": app.tracebacks(), "bare": bare.tracebacks()}
        app.stop()
        bare.stop()
        store.close()
    for where, count in tracebacks.items():
        if count:
            figures.error(f"tracebacks in the {where} server's log ({work / (where + '.log')})", count)
    return {"n": n, "figures": figures, "ramp": ramp, "seconds": seconds, "rss_before": rss_before,
            "rss_rated": rss_rated, "rss_peak": rss_peak, "rss_end": rss_end, "cpu": cpu, "lost": lost,
            "waited": waited, "work": work, "gc": gc, "quiet": quiet,
            "status_timer": status_timer,
            "database": store.engine.dialect.name, "autosave": autosave,
            "ratings": sum(len(r) for r in load.sent.values())}


def env_log(level: str | None) -> dict[str, str]:
    return {"STREAMLIT_LOGGER_LEVEL": level} if level else {}


def compare(store: Store, guide, people, sent: dict[str, dict[str, int]]) -> tuple[int, int]:
    """(ratings whose last value sent is not what the database holds, participants concerned)."""
    statements = [s.id for s in guide.cultural_readiness.statements]
    wrong = people_wrong = 0
    for person in people:
        saved = store.load(person.token, guide)
        mine = sent.get(person.token, {})
        missing = sum((saved.rating(s) if saved else None) != mine.get(s) for s in statements)
        wrong += missing
        people_wrong += bool(missing)
    return wrong, people_wrong


# Printing --------------------------------------------------------------------------------------

def pct(samples: list[float], q: float) -> float:
    ms = sorted(samples)
    return ms[min(len(ms) - 1, int(len(ms) * q))] * 1000 if ms else float("nan")


def line(name: str, samples: list[float], extra: str = "", unanswered: int = 0) -> str:
    """Median, p95 and max in ms; runs never answered count as infinitely slow in the percentiles."""
    if not samples and not unanswered:
        return f"| {name} | no samples | {extra} |"
    every = samples + [float("inf")] * unanswered
    never = f", {unanswered} never answered" if unanswered else ""
    return (f"| {name} | median {pct(every, 0.5):.0f} ms, p95 {pct(every, 0.95):.0f} ms, "
            f"max {max(samples or [0]) * 1000:.0f} ms (n={len(every)}{never}) | {extra} |")


def report(result: dict) -> None:
    f: Figures = result["figures"]
    n, mb, window = result["n"], 1024 * 1024, result["seconds"]
    budget = 100 if n <= 100 else 300
    rating = f.rating + [float("inf")] * f.unanswered
    bare = f.bare + [float("inf")] * f.bare_unanswered
    p95, bare95 = pct(rating, 0.95), pct(bare, 0.95)
    visible = f.visible + [float("inf")] * f.invisible
    vis95 = pct(visible, 0.95)
    before, rated, peak = result["rss_before"], result["rss_rated"], result["rss_peak"]
    per, per_peak = (rated["app"] - before["app"]) / n, (peak["app"] - before["app"]) / n
    cpu = result["cpu"]
    print(f"\n### {n} participants + {n} bare-page sessions + the facilitator, {window:.0f} s window "
          f"({result['database']}, autosave {'on' if result['autosave'] else 'off'}"
          f"{'' if result['status_timer'] else ', DIAGNOSTIC: participants never look at the save status again'}"
          ")\n")
    print("| what | result | budget |\n| --- | --- | --- |")
    print(line("participant: rating -> script_finished (the statement's fragment)", f.rating,
               f"p95 <= {budget} ms: {'met' if p95 <= budget else 'MISSED'}", f.unanswered))
    print(line("bare page, same run: rating -> script_finished", f.bare, "1.0x", f.bare_unanswered))
    print(f"| participant / bare page | p95 {p95 / bare95:.2f}x, median {pct(rating, 0.5) / pct(bare, 0.5):.2f}x | |")
    print(line("rating -> shown in the facilitator's view", f.visible,
               f"p95 <= 2 s: {'met' if vis95 <= 2000 else 'MISSED'}", f.invisible))
    print(line("facilitator's live fragment run (every 1 s)", f.facilitator))
    print(line("participants' save status looks (only while a save is slow or failing)", f.status))
    print(line("participant page opened (first run)", f.opened, f"all {n} opened in {result['ramp']:.0f} s"))
    print(f"| server memory (RSS), app | {before['app'] / mb:.0f} MB after warm-up, {rated['app'] / mb:.0f} MB once "
          f"all rated, peak {peak['app'] / mb:.0f} MB, {result['rss_end']['app'] / mb:.0f} MB at the end: "
          f"{per / mb:.2f} MB per participant (peak {per_peak / mb:.2f} MB) | < 1 MB: "
          f"{'met' if per_peak < mb else 'MISSED'} |")
    print(f"| server memory (RSS), bare | {before['bare'] / mb:.0f} MB -> {rated['bare'] / mb:.0f} MB "
          f"({(rated['bare'] - before['bare']) / n / mb:.2f} MB per session) | |")
    print(f"| CPU over the window (one core = 100%; 2 cores) | app server {cpu['app'] / window:.0%}, bare server "
          f"{cpu['bare'] / window:.0%}, this client {cpu['client'] / window:.0%}, other processes on the machine "
          f"{cpu['others'] / window:.0%} (before the run: {result['quiet']:.0%}) | |")
    print(f"| ratings sent in the window | {len(rating)} participant ({len(rating) / window:.0f}/s), {len(bare)} bare "
          f"({len(bare) / window:.0f}/s); {f.late} sent late (the one before still unanswered); {f.cut_short} "
          "participant runs drawn, then ended early for a timed fragment's rerun (timed to that script_finished) | |")
    full, total, longest = result["gc"]
    print(f"| app server's garbage collections | {total:.1f} s in all ({total / window:.1%} of the window, every "
          f"thread stopped); {full} full ones, the longest {longest * 1000:.0f} ms | |")
    print(f"| this client's event loop lag | median {pct(f.lag, 0.5):.1f} ms, p95 {pct(f.lag, 0.95):.1f} ms, "
          f"max {max(f.lag or [0]) * 1000:.0f} ms | |")
    errors = dict(f.errors)
    if f.unanswered or f.bare_unanswered:
        errors[f"ratings with no script_finished within {RATING_TIMEOUT:.0f} s (participant/bare)"] = (
            f.unanswered + f.bare_unanswered)
    total = sum(errors.values())
    detail = "; ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none"
    print(f"| errors | {total} ({detail}) | 0: {'met' if total == 0 else 'MISSED'} |")
    if result["lost"] is None:
        print("| answers lost | not checked (autosave off) | 0 |")
    else:
        wrong, who = result["lost"]
        print(f"| answers lost | {wrong} ratings of {who} participants differ from the last sent (database read "
              f"{result['waited']:.0f} s after the last rating; {result['ratings']} ratings) | "
              f"0: {'met' if wrong == 0 else 'MISSED'} |")
    print(f"| page_not_found messages (the browser would show 'Page not found') | {f.page_not_found} | 0 |")
    if (result["work"] / "app.pyspy.txt").exists():
        print(f"\npy-spy stacks of the app server (holding the GIL): {result['work'] / 'app.pyspy.txt'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, nargs="+", default=[100, 300])
    ap.add_argument("--seconds", type=float, default=300.0, help="length of the measuring window per run")
    ap.add_argument("--interval", type=float, default=3.0, help="mean seconds between one person's ratings")
    ap.add_argument("--database-url", default=None, help="default: SQLite in a fresh temp folder")
    ap.add_argument("--autosave", choices=["on", "off"], default="on")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wait-quiet", type=float, default=600, metavar="SECONDS",
                    help="first wait up to this long for other processes to use under a quarter of a core")
    ap.add_argument("--no-status-looks", action="store_true",
                    help="diagnostic: participants never look at the save status again (a browser always does)")
    ap.add_argument("--py-spy", action="store_true",
                    help="record the app server's stacks (holding the GIL) for up to 60 s of the window")
    ap.add_argument("--server-log-level", default=None, help="e.g. debug, to see what Streamlit drops (costs CPU)")
    args = ap.parse_args()
    print(f"Team sessions under load ({machine()})")
    for n in args.participants:
        result = asyncio.run(run(n, args.seconds, args.interval, args.database_url, args.autosave == "on",
                                 args.seed, args.server_log_level, args.py_spy, args.wait_quiet,
                                 not args.no_status_looks))
        report(result)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
