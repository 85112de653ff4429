"""One process of the rate-limiter test: N threads take tokens as fast as the bucket allows.

Usage: python hammer_rate_limiter.py REDIS_URL NAMESPACE THREADS SECONDS RATE BURST START_AT
Prints one grant time (Unix seconds) per line.
"""

from __future__ import annotations

import sys
import threading
import time

import redis

from amzbus.bus.rate_limiter import RateLimit, RateLimiter


def main() -> None:
    url, namespace, threads, seconds, rate, burst, start_at = sys.argv[1:8]
    limiter = RateLimiter(redis.Redis.from_url(url), namespace=namespace)
    limit = RateLimit(float(rate), int(burst))
    start, end = float(start_at), float(start_at) + float(seconds)
    grants: list[float] = []
    lock = threading.Lock()

    def hammer() -> None:
        while time.time() < start:
            time.sleep(0.001)
        while True:
            wait = limiter.try_acquire("seller:getOrderItems", limit)
            now = time.time()
            if now >= end:
                return
            if wait == 0:
                with lock:
                    grants.append(now)
            else:
                time.sleep(min(wait, end - now))

    workers = [threading.Thread(target=hammer) for _ in range(int(threads))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print("\n".join(f"{g:.6f}" for g in grants))


if __name__ == "__main__":
    main()
