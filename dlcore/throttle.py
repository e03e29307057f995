"""Slows wrong join codes across the whole server, so that guessing an open team's code is hopeless.

A school sends all its people through one IP address, so nothing here looks at addresses. Two
limits count wrong codes only (a correct code is never counted):

- Server-wide, a token bucket: ``global_per_window`` wrong codes at once (30), refilled at
  ``global_per_window / window_seconds`` per second (3/s). This is the limit that binds a guesser.
- Per browser session, a sliding window: at most ``per_session`` wrong codes (5) in any
  ``session_window_seconds`` (60 s), so that one session cannot spend the whole server's budget
  while others are typing.

Why that is enough: there are 32**6 ≈ 1.07e9 codes. At 3 wrong codes a second, 10,800 guesses an
hour, and with 50 teams open at once each guess hits one with odds 50 / 1.07e9, so an hour of
non-stop guessing finds a team with odds of about 1 in 2,000, and the expected wait for a first hit
is 1.07e9 / (50 * 3) s ≈ 83 days, all the while keeping everyone else waiting, which is noticed.
A team is open for an hour or two. The limits are per server process: with k replicas behind a
load balancer the rate is k times that, still hopeless for a few replicas.

How a join page uses it: ``wait = throttle.check(session_id)``; if ``wait > 0`` the code is not
even looked at ("too many tries, wait N seconds"); otherwise the code is looked up and, if wrong,
``throttle.record_failure(session_id)``. Refusing before looking is what makes the limit bind, so
while the server-wide budget is spent (a guessing flood) or this session has just typed five wrong
codes, a right code waits too; at any other time a right code goes straight through.

Thread-safe (Streamlit runs each session's script on its own thread); the clock is injectable for
tests; memory is bounded: a session's entry is forgotten once its window has passed, and at most
``max_sessions`` are tracked, the least recently wrong forgotten first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

# A rounding margin so that a bucket refilled to 0.9999999999 tokens counts as 1, not as "wait 1e-11 s".
_EPSILON = 1e-9


class JoinThrottle:
    """Server-wide and per-session limits on wrong join codes; one instance per server process."""

    def __init__(
        self,
        global_per_window: int = 30,
        window_seconds: float = 10.0,
        per_session: int = 5,
        session_window_seconds: float = 60.0,
        *,
        max_sessions: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for name, value in (("global_per_window", global_per_window), ("window_seconds", window_seconds),
                            ("per_session", per_session), ("session_window_seconds", session_window_seconds),
                            ("max_sessions", max_sessions)):
            if not value > 0:
                raise ValueError(f"{name} must be positive, got {value!r}")
        self._capacity = float(global_per_window)
        self._rate = global_per_window / window_seconds  # tokens per second
        self._per_session = per_session
        self._session_window = session_window_seconds
        self._max_sessions = max_sessions
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = self._capacity
        self._refilled_at = clock()
        # session id -> times of its latest wrong codes (at most per_session), least recently wrong first.
        self._sessions: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def check(self, session_id: Hashable) -> float:
        """Seconds to wait before this session may try a code; 0.0 if it may try now."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._forget_expired(now)
            wait_global = 0.0 if self._tokens >= 1 - _EPSILON else (1 - self._tokens) / self._rate
            return max(wait_global, self._session_wait(session_id, now))

    def record_failure(self, session_id: Hashable) -> None:
        """Counts one wrong code against the server and against this session.

        Counted even when it overshoots: codes that passed ``check`` at the same moment in many
        sessions all count, and the bucket goes below zero, so the long-run rate holds exactly.
        """
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._tokens -= 1
            self._forget_expired(now)
            times = self._sessions.pop(session_id, None)
            if times is None:
                times = deque(maxlen=self._per_session)
            times.append(now)
            self._sessions[session_id] = times  # now the most recently wrong
            while len(self._sessions) > self._max_sessions:
                self._sessions.popitem(last=False)

    @property
    def tracked_sessions(self) -> int:
        """How many sessions have a wrong code still inside their window (for tests and monitoring)."""
        with self._lock:
            self._forget_expired(self._clock())
            return len(self._sessions)

    # Under the lock ---------------------------------------------------------------------------

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._refilled_at)  # a clock that steps back refills nothing
        self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
        self._refilled_at = max(now, self._refilled_at)

    def _session_wait(self, session_id: Hashable, now: float) -> float:
        times = self._sessions.get(session_id)
        if times is None or len(times) < self._per_session:
            return 0.0
        # The deque holds the latest per_session wrong codes: a try is allowed once the oldest leaves the window.
        return max(0.0, times[0] + self._session_window - now)

    def _forget_expired(self, now: float) -> None:
        """Drops sessions whose latest wrong code has left the window: least recently wrong come first."""
        while self._sessions:
            oldest_id, times = next(iter(self._sessions.items()))
            if times[-1] + self._session_window > now:
                return
            del self._sessions[oldest_id]
