"""The server's long-lived objects kept out of the garbage collector's way (gc.freeze).

A full garbage collection stops every thread and walks every tracked object. Once a page has
been drawn, the heap holds Streamlit, Plotly, SQLAlchemy, pandas and the guide: hundreds of
thousands of objects that live as long as the server. With three hundred people rating at once,
walking them again and again made ratings wait seconds (benchmarks/team_load.py; docs/measurements.md).
Frozen, they are never walked again. Freezing happens after the first run, and again whenever a
run has imported more modules; the few session objects alive at that moment are frozen with them
(kept for the server's life: a handful of sessions' worth, once per new import). Collections also
run less often than Python's defaults (THRESHOLDS).
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_frozen_at = [0]  # how many modules were loaded at the last freeze (0: none yet)
_runs = [0]


# Collections less often than Python's default (700, 10, 10), made for scripts: a server holds every
# open session's objects, and each full collection walks all of them (hundreds of ms with 300 open).
THRESHOLDS = (10_000, 20, 50)


def settle() -> bool:
    """Call at the start of every run; True when this call froze the heap."""
    with _lock:
        _runs[0] += 1
        if _runs[0] == 1:
            gc.set_threshold(*THRESHOLDS)
        modules = len(sys.modules)
        if _runs[0] < 2 or modules == _frozen_at[0]:
            return False
        _frozen_at[0] = modules
    gc.collect()
    gc.freeze()
    return True
