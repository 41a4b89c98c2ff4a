"""gunicorn's settings for the web processes (the Procfile's ``web``, and the load runs).

Threads, not only processes: a thread waiting on PostgreSQL or Redis lets another serve, and
clients keep their connection open between requests (keep-alive), which the plain synchronous
worker does not allow. Measured on the 2-core machine of ``benchmarks/bench_load.py``: about
half as many schedule reads a second again as with synchronous workers; more than four threads
only made the processes contend for the interpreter, and 1, 2 or 4 differed by less than the
runs' noise once the feeds were cached. Four keep a process answering while one of its requests
waits on a slow download or a lock.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
keepalive = 5
timeout = 60
