"""The join throttle: wrong codes are limited server-wide and per session, never by address."""

from __future__ import annotations

import sys
import threading

import pytest

from dlcore.throttle import JoinThrottle


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


def throttle(clock: FakeClock, **limits) -> JoinThrottle:
    """The default limits (30 per 10 s server-wide, 5 per 60 s a session) unless told otherwise."""
    return JoinThrottle(clock=clock, **limits)


def fail(t: JoinThrottle, session_id: str, times: int) -> None:
    for _ in range(times):
        t.record_failure(session_id)


# One session ------------------------------------------------------------------------------


def test_a_fresh_session_may_try_at_once(clock):
    assert 0.0 == throttle(clock).check("s1")


def test_four_wrong_codes_still_leave_a_try(clock):
    """The per-session limit is 5: after 4 wrong codes the fifth try is allowed."""
    t = throttle(clock)
    fail(t, "s1", 4)
    assert 0.0 == t.check("s1")


def test_five_wrong_codes_in_a_minute_make_the_session_wait_until_the_first_leaves_the_window(clock):
    """Wrong codes at 0, 1, 2, 3 and 4 s: the session waits until 60 s after the first."""
    t = throttle(clock)
    for _ in range(5):
        t.record_failure("s1")
        clock.advance(1)
    assert 55.0 == pytest.approx(t.check("s1"))
    clock.advance(55)
    assert 0.0 == t.check("s1")


def test_after_the_wait_one_more_wrong_code_makes_it_wait_again(clock):
    """The window slides: a wrong code after the wait counts with the four still inside it."""
    t = throttle(clock)
    for _ in range(5):
        t.record_failure("s1")
        clock.advance(10)  # wrong codes at 0, 10, 20, 30, 40 s; now 50 s
    clock.advance(10)  # 60 s: the first has left the window
    assert 0.0 == t.check("s1")
    t.record_failure("s1")
    assert 10.0 == pytest.approx(t.check("s1"))  # until the one at 10 s leaves


def test_a_waiting_session_does_not_slow_another_session(clock):
    """One session's wrong codes are its own: the others may still try."""
    t = throttle(clock)
    fail(t, "s1", 5)
    assert 0.0 < t.check("s1")
    assert 0.0 == t.check("s2")


def test_checking_counts_nothing(clock):
    """Only wrong codes are counted: checking (and so a right code) costs nothing."""
    t = throttle(clock)
    for _ in range(1000):
        assert 0.0 == t.check("s1")


# The whole server -------------------------------------------------------------------------


def test_thirty_wrong_codes_from_many_sessions_make_everyone_wait(clock):
    """30 wrong codes at once from 30 sessions spend the bucket: a new session waits 1/3 s (3 a second)."""
    t = throttle(clock)
    for i in range(29):
        t.record_failure(f"s{i}")
    assert 0.0 == t.check("new")
    t.record_failure("s29")
    assert 1 / 3 == pytest.approx(t.check("new"))
    clock.advance(1 / 3)
    assert 0.0 == t.check("new")


def test_the_server_wide_budget_refills_at_its_rate_and_no_further(clock):
    """After 10 s idle the bucket is full again (30), not 30 + more after a long pause."""
    t = throttle(clock)
    for i in range(30):
        t.record_failure(f"s{i}")
    clock.advance(3600)
    for i in range(30):
        assert 0.0 == t.check("new")
        t.record_failure(f"t{i}")
    assert 0.0 < t.check("new")


def test_wrong_codes_past_the_budget_still_count_so_the_long_run_rate_holds(clock):
    """60 wrong codes at once (many passed check together) leave 30 in debt: 31/3 s to wait."""
    t = throttle(clock)
    for i in range(60):
        t.record_failure(f"s{i}")
    assert 31 / 3 == pytest.approx(t.check("new"))


def test_a_session_waits_for_the_longer_of_its_own_and_the_servers_limit(clock):
    t = throttle(clock)
    fail(t, "s1", 5)
    for i in range(25):
        t.record_failure(f"other{i}")
    assert 60.0 == pytest.approx(t.check("s1"))
    assert 1 / 3 == pytest.approx(t.check("s2"))


@pytest.mark.parametrize(("limits", "message"), [
    ({"global_per_window": 0}, "global_per_window must be positive, got 0"),
    ({"window_seconds": -1}, "window_seconds must be positive, got -1"),
    ({"per_session": 0}, "per_session must be positive, got 0"),
    ({"session_window_seconds": 0.0}, "session_window_seconds must be positive, got 0.0"),
    ({"max_sessions": 0}, "max_sessions must be positive, got 0"),
])
def test_limits_must_be_positive(clock, limits, message):
    with pytest.raises(ValueError, match=message):
        throttle(clock, **limits)


def test_a_clock_that_steps_back_refills_nothing(clock):
    t = throttle(clock)
    for i in range(30):
        t.record_failure(f"s{i}")
    clock.advance(-100)
    assert 0.0 < t.check("new")


# Memory -----------------------------------------------------------------------------------


def test_a_session_is_forgotten_once_its_window_has_passed(clock):
    t = throttle(clock)
    fail(t, "s1", 3)
    assert 1 == t.tracked_sessions
    clock.advance(59.9)
    assert 1 == t.tracked_sessions
    clock.advance(0.1)
    assert 0 == t.tracked_sessions


def test_sessions_are_forgotten_in_the_order_they_were_last_wrong(clock):
    """A session that was wrong again later is kept while the ones before it go."""
    t = throttle(clock)
    t.record_failure("a")
    clock.advance(10)
    t.record_failure("b")
    clock.advance(20)
    t.record_failure("a")  # a is now the most recently wrong
    clock.advance(45)  # 65 s after b's only wrong code, 45 s after a's latest
    assert 1 == t.tracked_sessions
    assert 0.0 == t.check("b")


def test_no_more_than_max_sessions_are_tracked_the_least_recently_wrong_forgotten(clock):
    t = throttle(clock, max_sessions=100, global_per_window=100_000)
    for i in range(1000):
        t.record_failure(f"s{i}")
        clock.advance(0.001)
    assert 100 == t.tracked_sessions
    fail(t, "s999", 4)  # 5 in all: still tracked, so it waits
    assert 0.0 < t.check("s999")
    fail(t, "s0", 4)  # s0's first was forgotten: 4 in all, still allowed
    assert 0.0 == t.check("s0")


def test_many_sessions_each_with_their_own_limit(clock):
    """10,000 sessions of 5 wrong codes each: each waits, and a new one does not."""
    t = throttle(clock, global_per_window=1_000_000)
    for i in range(10_000):
        fail(t, f"s{i}", 5)
    assert 10_000 == t.tracked_sessions
    assert all(0.0 < t.check(f"s{i}") for i in range(0, 10_000, 97))
    assert 0.0 == t.check("new")


# Threads ----------------------------------------------------------------------------------


def test_failures_recorded_from_many_threads_are_counted_exactly(clock):
    """8 threads x 500 wrong codes, to their own session and to a shared one: no count is lost."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible to make lost updates likely
    threads_n, each = 8, 500
    t = throttle(clock, global_per_window=30, window_seconds=10, per_session=each,
                 session_window_seconds=100_000)
    start = threading.Barrier(threads_n)

    def work(n: int) -> None:
        start.wait()
        for _ in range(each):
            t.record_failure(f"own{n}")
            t.record_failure("shared")
            t.check("shared")

    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(old)
    # 8,000 wrong codes against a bucket of 30 at 3 a second: 7,970 in debt, so (7,970 + 1) / 3 s to wait.
    assert (2 * threads_n * each - 30 + 1) / 3 == pytest.approx(t.check("new"))
    # Once the server's bucket is full again, every session still has all its 500 wrong codes inside
    # its window, so it waits (one lost count would let it try).
    clock.advance(3000)
    assert 0.0 == t.check("new")
    assert all(97_000 == t.check(f"own{n}") for n in range(threads_n))
    assert threads_n + 1 == t.tracked_sessions
