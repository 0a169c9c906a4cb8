"""``DaemonPool``'s shutdown and close end, whatever the done callbacks of the jobs they cancel do.

Cancelling a queued job runs its future's callbacks; they used to run under the pool's lock, so a
callback that read the pool (or a subclass sharing the lock's name, as the demo's executor did)
waited on its own caller and ``sitrep demo`` hung in close. Each close here runs on a helper
thread joined with a bound, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

from bot.playback.settle import TrackingExecutor
from bot.slack.pool import DaemonPool

BOUND_S = 10.0


def _close_on_a_thread(pool: DaemonPool, timeout_s: float = 0.2) -> threading.Thread:
    closer = threading.Thread(target=pool.close, args=(timeout_s,), daemon=True)
    closer.start()
    closer.join(BOUND_S)
    return closer


def _one_stuck_one_queued(pool: DaemonPool) -> tuple[threading.Event, Future[None]]:
    release = threading.Event()
    started = threading.Event()

    def stuck() -> None:
        started.set()
        release.wait(BOUND_S)

    pool.submit(stuck)
    assert started.wait(BOUND_S)
    return release, pool.submit(lambda: None)


def test_a_cancelled_jobs_callback_may_read_the_pool_while_it_closes() -> None:
    pool = DaemonPool(1, "test-pool")
    release, queued = _one_stuck_one_queued(pool)
    seen: list[list[str]] = []
    queued.add_done_callback(lambda _: seen.append(pool.busy))

    closer = _close_on_a_thread(pool)
    release.set()

    assert not closer.is_alive(), "close() hung on its own lock"
    assert queued.cancelled()
    assert seen == [["test-pool-0"]]  # the callback ran, and saw the stuck job still running


def test_the_demo_executor_closes_with_a_queued_listener_and_counts_it_done() -> None:
    idle_calls: list[int] = []
    executor = TrackingExecutor(max_workers=1, on_idle=lambda: idle_calls.append(1))
    release, queued = _one_stuck_one_queued(executor)
    assert executor.running == 2

    closer = _close_on_a_thread(executor)

    assert not closer.is_alive(), "close() hung: the executor's count shares the pool's lock"
    assert queued.cancelled()
    assert executor.running == 1  # the cancelled one is done; the stuck one is left behind, still counted
    release.set()
    assert all(not t.is_alive() for t in _joined(executor.threads))
    assert executor.running == 0
    assert len(idle_calls) == 2


def _joined(threads: list[threading.Thread]) -> list[threading.Thread]:
    for thread in threads:
        thread.join(BOUND_S)
    return threads
