"""When the save status is looked at again (dlui/save_watch), and the heap frozen out of the collector's way."""

from __future__ import annotations

import gc
import importlib
import sys
from datetime import UTC, datetime

from dlcore.autosave import OVERDUE_SECONDS, SaveStatus
from dlui import heap, save_watch

SAVED = SaveStatus(datetime.now(UTC), pending=False, error=None)


def test_a_page_with_everything_saved_is_looked_at_rarely():
    assert save_watch.next_look_ms(SAVED) == save_watch.IDLE_MS >= 5_000


def test_a_save_on_its_way_is_looked_at_again_just_after_it_would_be_overdue():
    """So "not being saved" shows about 1.5 s after a change the store has not taken, not a look later."""
    assert save_watch.next_look_ms(SaveStatus(None, pending=True, error=None)) == save_watch.PENDING_MS
    assert save_watch.next_look_ms(SaveStatus(None, pending=True, error=None, waited=1.3)) == 250
    assert save_watch.next_look_ms(SaveStatus(None, pending=True, error=None, waited=1.5)) == 50
    assert OVERDUE_SECONDS * 1000 + save_watch.PENDING_MS <= 2_000
    assert save_watch.AFTER_ACTION_MS <= 1_000


def test_saving_that_fails_or_is_overdue_is_looked_at_every_second():
    assert save_watch.next_look_ms(SaveStatus(None, pending=True, error="locked")) == save_watch.FAILING_MS
    assert save_watch.next_look_ms(SaveStatus(None, pending=True, error=None, overdue=True)) == save_watch.FAILING_MS
    assert save_watch.FAILING_MS <= 1_000


def test_with_saving_off_there_is_nothing_to_follow():
    assert save_watch.next_look_ms(None) == save_watch.IDLE_MS


def test_the_heap_is_frozen_after_the_first_run_and_again_only_when_a_run_imported_more(monkeypatch, tmp_path):
    monkeypatch.setattr(heap, "_runs", [0])
    monkeypatch.setattr(heap, "_frozen_at", [0])
    before = gc.get_threshold()
    try:
        assert heap.settle() is False  # the first run is still importing what the pages need
        assert heap.THRESHOLDS == gc.get_threshold()  # a server's collection pace, set once
        assert heap.settle() is True
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert heap.settle() is False  # nothing new: no collection, nothing more frozen
        (tmp_path / "dldash_new_module.py").write_text("VALUE = [1, 2, 3]\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        importlib.import_module("dldash_new_module")
        assert heap.settle() is True
    finally:
        sys.modules.pop("dldash_new_module", None)
        gc.set_threshold(*before)
