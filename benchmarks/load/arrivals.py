"""When each simulated client sends its next request.

locust's ``constant_throughput`` keeps every client on the beat it started on: a hundred clients
spawned in the same second then send in step, a hundred requests in the same instant, again
and again, a pattern no hundred missions ever make after their first click. Here each client's
gaps are drawn from an exponential distribution with the same mean, so that together the
clients make a Poisson stream at the offered rate (the usual model of many independent
clients), while each keeps at most one request in flight, as a real client does.
"""

import random
from time import perf_counter


def poisson_throughput(requests_per_second, rng=random):
    """A locust ``wait_time``: a mean of ``requests_per_second`` requests a second per client,
    exponential gaps between the starts of two requests, no wait after an answer came late."""
    if not requests_per_second > 0:
        raise ValueError(f"A rate must be positive, not {requests_per_second!r}.")

    def wait_time(user):
        now = perf_counter()
        started = getattr(user, "_arrival_started", now)
        gap = rng.expovariate(requests_per_second)
        wait = max(0.0, gap - (now - started))
        user._arrival_started = now + wait
        return wait

    return wait_time
