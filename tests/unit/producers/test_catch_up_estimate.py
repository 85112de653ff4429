"""The catch-up estimate: pages left from the share of the window's time read, and the ETA at the token rate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from amzbus.bus.window_progress import WindowProgress
from amzbus.producers.catch_up import estimate, format_seconds

START = datetime(2026, 11, 1, tzinfo=timezone.utc)


def window(*, pages: int, covered_hours: float | None, first_hour: float = 0.0, token: str | None = "next",
           hours: float = 10.0) -> WindowProgress:
    return WindowProgress(after=START, before=START + timedelta(hours=hours), params={}, next_token=token,
                          pages_read=pages, first_seen=START + timedelta(hours=first_hour),
                          covered_until=None if covered_hours is None else START + timedelta(hours=covered_hours))


def test_a_quarter_of_the_window_read_in_five_pages_leaves_fifteen_at_one_token_each():
    guess = estimate(window(pages=5, covered_hours=2.5), seconds_per_token=180.0)
    assert (guess.pages_left, guess.eta_seconds, guess.covered) == (15, 15 * 180.0, 0.25)


def test_tokens_already_in_the_bucket_are_read_at_once():
    guess = estimate(window(pages=5, covered_hours=2.5), seconds_per_token=180.0, tokens_now=4.7)
    assert guess.eta_seconds == 11 * 180.0


def test_the_hours_before_the_first_order_count_for_nothing():
    # orders only from hour 8: two hours of orders, one of them read
    guess = estimate(window(pages=3, covered_hours=9.0, first_hour=8.0), seconds_per_token=10.0)
    assert (guess.pages_left, guess.covered) == (3, 0.5)


def test_a_window_read_to_its_last_page_has_nothing_left():
    assert estimate(window(pages=7, covered_hours=3.0, token=None), seconds_per_token=180.0).pages_left == 0


def test_before_any_page_the_estimate_says_it_does_not_know():
    guess = estimate(window(pages=0, covered_hours=None), seconds_per_token=180.0)
    assert (guess.pages_left, guess.eta_seconds) == (None, None)


def test_a_window_survives_its_trip_through_json():
    original = window(pages=4, covered_hours=1.0)
    assert WindowProgress.from_json(original.to_json()) == original


def test_durations_read_as_an_operator_writes_them():
    assert [format_seconds(s) for s in (None, 42, 125, 7380)] == ["?", "42s", "2m05s", "2h03m"]
