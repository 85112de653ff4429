"""The batcher: worker threads share one batch, and each thread gets its own item's result or error."""

from __future__ import annotations

import threading

import pytest

from amzbus.consumers.batcher import Batcher


class Refused(Exception):
    pass


def submit_in_threads(batcher: Batcher, items) -> dict:
    outcomes: dict = {}

    def run(item):
        try:
            outcomes[item] = batcher.submit(item)
        except Exception as error:  # noqa: BLE001
            outcomes[item] = error
    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return outcomes


def test_items_submitted_together_are_applied_in_one_batch_and_each_thread_gets_its_own_result():
    # Given a batcher of 4 that would wait long for more, and an apply that refuses item 3
    batches = []

    def apply(items):
        batches.append(sorted(items))
        return [Refused(f"item {item}") if item == 3 else item * 10 for item in items]
    batcher = Batcher(apply, max_size=4, window_seconds=30)
    # When 4 threads submit (a full batch does not wait for the window)
    outcomes = submit_in_threads(batcher, [1, 2, 3, 4])
    # Then one batch held them all, each thread got its own result, and only item 3's thread the error
    assert batches == [[1, 2, 3, 4]]
    assert {item: outcomes[item] for item in (1, 2, 4)} == {1: 10, 2: 20, 4: 40}
    assert isinstance(outcomes[3], Refused) and str(outcomes[3]) == "item 3"


def test_a_lone_item_is_applied_when_the_window_closes():
    batcher = Batcher(lambda items: [item.upper() for item in items], max_size=20, window_seconds=0.01)
    assert batcher.submit("a") == "A"


def test_a_batch_that_fails_as_a_whole_fails_each_of_its_items():
    def apply(items):
        raise Refused("Odoo is down")
    batcher = Batcher(apply, max_size=2, window_seconds=30)
    outcomes = submit_in_threads(batcher, ["a", "b"])
    assert all(isinstance(outcome, Refused) for outcome in outcomes.values()) and len(outcomes) == 2


def test_an_apply_that_returns_too_few_results_fails_the_batch_instead_of_guessing():
    batcher = Batcher(lambda items: [], max_size=1)
    with pytest.raises(RuntimeError, match="0 results for 1 items"):
        batcher.submit("a")


def test_with_two_at_work_the_next_batch_is_applied_while_a_full_one_is_still_at_work():
    # Given a batcher applying two batches at a time, and a first batch of 2 whose apply blocks until released
    started, release, applied = threading.Event(), threading.Event(), []

    def apply(items):
        if "first" in items[0]:
            started.set()
            assert release.wait(10)
        applied.append(sorted(items))
        return list(items)
    batcher = Batcher(apply, max_size=2, window_seconds=30, at_work=2)
    first = threading.Thread(target=submit_in_threads, args=(batcher, ["first-a", "first-b"]))
    first.start()
    assert started.wait(10)
    # When two more items arrive meanwhile
    outcomes = submit_in_threads(batcher, ["second-a", "second-b"])
    # Then they were applied as their own batch before the first one finished
    assert outcomes == {"second-a": "second-a", "second-b": "second-b"}
    assert applied == [["second-a", "second-b"]]
    release.set()
    first.join(10)
    assert applied[1] == ["first-a", "first-b"]


def test_by_default_the_next_batch_gathers_while_one_is_at_work_and_starts_when_it_is_done():
    # Given a batch at work until released
    started, release, applied = threading.Event(), threading.Event(), []

    def apply(items):
        if items == ["first"]:
            started.set()
            assert release.wait(10)
        applied.append(sorted(items))
        return list(items)
    batcher = Batcher(apply, max_size=10, window_seconds=0.01)
    first = threading.Thread(target=batcher.submit, args=("first",))
    first.start()
    assert started.wait(10)
    # When three more items arrive one after another meanwhile, each in its own thread
    later = [threading.Thread(target=batcher.submit, args=(name,)) for name in ("b", "c", "d")]
    for thread in later:
        thread.start()
    while batcher.gathering < 3:
        release.wait(0.001)
    release.set()
    for thread in [first, *later]:
        thread.join(10)
    # Then they waited for the first batch and were applied together
    assert applied == [["first"], ["b", "c", "d"]]


def test_a_batch_size_below_one_is_refused():
    with pytest.raises(ValueError, match="max_size"):
        Batcher(lambda items: items, max_size=0)
