"""The order's lock stays ours while the worker works, and expires soon after a crash."""

import time

import fakeredis
import pytest

from amzbus.bus.errors import RetryableError
from amzbus.bus.locks import Locks
from amzbus.consumers.lock_keepalive import kept_alive


def test_a_lock_kept_alive_outlives_its_timeout_while_the_work_goes_on():
    # Given a lock that would expire after 0.3 s
    locks = Locks(fakeredis.FakeRedis(), namespace="ns")
    with locks.hold("order:a:1", timeout=0.3, wait=0.1) as lock:
        # When the work takes twice as long, with the lock kept alive
        with kept_alive(lock, "order:a:1", every_seconds=0.1) as keeper:
            time.sleep(0.6)
            # Then it is still ours, and nobody else can take it
            keeper.still_held()
            assert not locks.lock("order:a:1").acquire(blocking=False)


def test_a_lock_left_by_a_crashed_worker_expires_after_its_timeout():
    locks = Locks(fakeredis.FakeRedis(), namespace="ns")
    assert locks.lock("order:a:1", timeout=0.2).acquire(blocking=False)  # and then the worker dies
    time.sleep(0.3)
    assert locks.lock("order:a:1").acquire(blocking=False)


def test_a_lost_lock_stops_the_work_before_it_writes():
    redis = fakeredis.FakeRedis()
    locks = Locks(redis, namespace="ns")
    with locks.hold("order:a:1", timeout=5, wait=0.1) as lock:
        with kept_alive(lock, "order:a:1", every_seconds=1) as keeper:
            redis.delete("ns:lock:order:a:1")  # expired, say, during a long pause
            with pytest.raises(RetryableError, match="lost the lock order:a:1"):
                keeper.still_held()
