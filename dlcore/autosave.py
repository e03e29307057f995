"""Autosave: one browser tab's answers written to the store in the background, never lost, never falsely "saved".

The page hands over a copy of the answers on every change and returns at once; a worker
thread writes the newest copy. While the store cannot be reached it keeps that copy and
retries. When this tab's view of the session may differ from what is stored (it was opened
while the database was down, another tab replaced the answers, the database file was
removed), the worker reads what is stored first and merges item by item
(``dlcore.snapshot.merge``), so neither side's answers are dropped; the page then takes
the merged answers (``take_merged``).
"""

from __future__ import annotations

import atexit
import copy
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

from dlcore.content import Guide
from dlcore.responses import Responses
from dlcore.snapshot import EMPTY, Snapshot, merge, snapshot
from dlcore.store import Refused, Replaced, Store, StoreUnavailable, is_valid_token

RETRY_SECONDS = (1.0, 1.5, 2.0)  # waits between failed saves; the last one repeats
# A save waits this long after a change unless someone is waiting for it (flush): the page's
# redraw for that change goes first, and a run of quick key presses becomes one write.
SETTLE_SECONDS = 0.3
# A change not written after this long is "not saved yet", whatever the reason (a locked database
# waits up to 5 s before it fails): the status never says "saving" for longer than the truth allows.
OVERDUE_SECONDS = 1.5
EXIT_SECONDS = 3.0  # what a stopping server gives all its tabs together to write what is pending
# The worker waits this long for the next change before it ends: someone rating every few seconds keeps
# one thread, instead of starting one per rating (3% of a busy server's time: benchmarks/team_load.py).
LINGER_SECONDS = 5.0


@dataclass(frozen=True)
class SaveStatus:
    """What the page shows: when the answers were last saved, whether more is on its way, and why not."""

    saved_at: datetime | None
    pending: bool
    error: str | None
    overdue: bool = False  # a change has waited longer than OVERDUE_SECONDS
    waited: float = 0.0  # seconds the oldest change not yet written has waited (0 when none)
    refused: bool = False  # the store refused the change (a closed team session): ``error`` says why

    @property
    def saved(self) -> bool:
        """True only when everything handed over is in the database."""
        return not (self.pending or self.error)


@dataclass(frozen=True)
class Merged:
    """What the store holds after a merge, and the view of this tab it was merged with.

    The page's answers become ``merge(stored, <its answers now>, seen)``: its edits since ``seen``
    on top of what is stored. ``reason`` is why, in words for the person.
    """

    stored: Snapshot
    seen: Snapshot
    reason: str


_SAVERS: weakref.WeakSet[Autosaver] = weakref.WeakSet()


@atexit.register
def _save_before_exit() -> None:
    """A server stopped normally (Ctrl+C, SIGTERM) first writes what is still settling, within a few seconds."""
    deadline = time.monotonic() + EXIT_SECONDS
    for saver in list(_SAVERS):
        saver.flush(timeout=max(0.0, deadline - time.monotonic()))


class Autosaver:
    """Saves one browser session's answers in the background, the latest copy first.

    ``submit`` returns at once; a worker thread waits ``settle`` seconds, then writes the
    newest submitted copy (many quick submits cost few writes). The thread ends when nothing
    has been pending for ``LINGER_SECONDS`` and starts again on the next submit: no thread
    outlives its browser session by more than that.
    """

    def __init__(self, store: Store, token: str, guide: Guide, saved: Responses | None = None, *,
                 generation: int = 0, loaded: bool = True, settle: float = SETTLE_SECONDS):
        """``saved``: the answers just loaded under ``token`` (their ``generation``), so the first save
        writes only changes. ``loaded=False``: the stored answers could not be read (the store was
        down); the worker reads and merges them as soon as it can, before anything is written."""
        if not is_valid_token(token):
            raise ValueError("not a session token")
        self.store, self.token, self.guide, self.settle = store, token, guide, settle
        self._changed = threading.Condition()
        self._waiting = 0  # callers in flush(): the worker skips the settling wait for them
        _SAVERS.add(self)
        self._latest = copy.deepcopy(saved) if saved is not None else Responses()
        self._submitted = self._saved = 0  # submit count, and the count the store holds
        self._previous: Snapshot | None = snapshot(saved, guide) if saved is not None else None  # what is stored
        self._base = self._previous or EMPTY  # this tab's view that the store already reflects
        self._generation = generation
        self._epoch = store.epoch
        self._reload: str | None = None if loaded else "Your saved answers are back"  # read, merge, then write
        self._replace_at = 0  # the submit number of the latest replacing submit
        self._merged: str | None = None  # why the page should take the merged answers
        self._saved_at: datetime | None = None
        self._error: str | None = None
        self._refused = False  # the last attempt was refused, not failed (Refused): it is tried again all the same
        self._since: float | None = None  # when the oldest change not yet written was handed over
        self._worker: threading.Thread | None = None
        if self._reload:
            self._since = time.monotonic()
            self._start()

    # The page's side ------------------------------------------------------------------------
    def submit(self, responses: Responses, *, replace: bool = False) -> Responses:
        """Queue a copy of ``responses`` for saving; later edits to the original do not leak in.
        Returns that copy, which no one may change (the page compares its answers with it).

        ``replace``: these answers replace the session's as a whole (a CSV was loaded), in every tab.
        """
        latest = copy.deepcopy(responses)
        with self._changed:
            self._latest = latest
            self._submitted += 1
            if replace:
                self._replace_at = self._submitted
            if self._since is None:
                self._since = time.monotonic()
            self._changed.notify_all()
            self._start()
        return latest

    def status(self) -> SaveStatus:
        """The truth as of now; also notices a database file that was removed (then all is written again)."""
        self._notice_new_file()
        with self._changed:
            pending = self._unsaved()
            waited = time.monotonic() - self._since if pending and self._since is not None else 0.0
            return SaveStatus(self._saved_at, pending, self._error, waited > OVERDUE_SECONDS, waited,
                              self._refused)

    def take_merged(self) -> Merged | None:
        """Once after each merge with what is stored: what the page should now show (see Merged)."""
        with self._changed:
            if self._merged is None or self._previous is None:
                return None
            reason, self._merged = self._merged, None
            return Merged(self._previous, self._base, reason)

    def flush(self, timeout: float | None = None) -> bool:
        """Save now and wait until everything submitted is saved; False if ``timeout`` seconds pass first."""
        with self._changed:
            self._waiting += 1
            self._changed.notify_all()
            try:
                return self._changed.wait_for(lambda: not self._unsaved(), timeout)
            finally:
                self._waiting -= 1

    # The worker's side ----------------------------------------------------------------------
    def _unsaved(self) -> bool:
        return self._saved < self._submitted or self._reload is not None

    def _start(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="dldash-autosave", daemon=True)
            self._worker.start()

    def _notice_new_file(self) -> None:
        """The store found its file removed or replaced: nothing this tab wrote is there any more."""
        self.store.verify()
        with self._changed:
            if self.store.epoch == self._epoch:
                return
            self._epoch = self.store.epoch
            self._base = EMPTY  # write everything this tab holds, merged with whatever is there now
            self._reload = self._reload or "Your answers were written to the answers store again"
            self._since = self._since or time.monotonic()
            self._changed.notify_all()
            self._start()

    def _run(self) -> None:
        failures = 0
        while True:
            with self._changed:
                if not self._unsaved() and not self._changed.wait_for(self._unsaved, LINGER_SECONDS):
                    self._worker = None  # a submit from now on starts a new worker
                    return
                self._changed.wait_for(lambda: self._waiting > 0, self.settle)
                job = (self._latest, self._submitted, self._previous, self._base, self._generation,
                       self._reload, self._replace_at > self._saved, self._epoch)
            try:
                outcome = self._write(*job)
            except Replaced:
                with self._changed:  # read the replaced answers and put only this tab's newer edits on them
                    self._reload = "Your answers were replaced in another tab (a file was loaded there)"
                continue
            except Exception as exc:  # any failure: keep the copy and try again (a refusal too: the session
                failures += 1         # may be reopened, and then the change is saved after all)
                with self._changed:
                    self._error = str(exc) if isinstance(exc, StoreUnavailable | Refused) else f"Saving failed ({exc})."
                    self._refused = isinstance(exc, Refused)
                self._notice_new_file()
                time.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1])
                continue
            failures = 0
            stored, mine, generation = outcome
            number, reload = job[1], job[5]
            with self._changed:
                self._previous, self._base, self._generation = stored, mine, generation
                self._saved = number
                if reload is not None and self._reload == reload:
                    self._reload = None
                    if stored is not None and stored != mine:
                        self._merged = reload
                if not self._unsaved():
                    self._since = None
                self._saved_at, self._error, self._refused = datetime.now(UTC), None, False
                self._changed.notify_all()

    def _write(self, latest: Responses, number: int, previous: Snapshot | None, base: Snapshot, generation: int,
               reload: str | None, replace: bool, epoch: int) -> tuple[Snapshot | None, Snapshot, int]:
        """One save: (what is now stored, the view of this tab it holds, the generation)."""
        mine = snapshot(latest, self.guide)
        if replace:
            return mine, mine, self.store.write(self.token, mine, generation=generation, replace=True, epoch=epoch)
        if reload is not None:
            found = self.store.load_snapshot(self.token)
            previous, generation = (None, generation) if found is None else found
        target = merge(previous or EMPTY, mine, base)
        if target == previous or (previous is None and target.is_empty()):
            return previous, mine, generation  # nothing to write (and no empty session row)
        generation = self.store.write(self.token, target, previous=previous, generation=generation, epoch=epoch)
        return target, mine, generation
