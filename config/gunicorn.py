"""gunicorn's settings for the web processes (the Procfile's ``web``, and the load runs).

Each process takes only as many connections as it has threads, and closes each after its answer
(no keep-alive: the reverse proxy in front keeps the clients' connections). A connection no
process is free for waits in the kernel's queue for the first that is, so the two processes
share the work. Measured with ``benchmarks/bench_load.py`` on its 2-core machine, 100 missions
registering at 120 requests/s: with keep-alive, a client's connection stays with the process
that accepted it, one process ended up with most clients (80 % of a core, the other 15 %), and
half the answers took more than 0.5 s. A process that takes more connections than it has
threads (gunicorn's default is 1,000) holds them queued behind its busy threads while the other
may be idle; once keep-alive was off this made little difference in the runs, but it keeps the
queue where whichever process is free takes from it. Two threads: a
request waiting on PostgreSQL, Redis or a lock lets another run; with four or eight, the
threads of one process waited on each other for the interpreter, and a registration took three
to five times its own 11 ms inside gunicorn (with two, under twice; with one, the same spread of
latencies as with two). ``WEB_THREADS``, ``WEB_KEEPALIVE`` and ``WEB_CONNECTIONS`` override.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "2"))
keepalive = int(os.environ.get("WEB_KEEPALIVE", "0"))
worker_connections = int(os.environ.get("WEB_CONNECTIONS", str(threads)))
timeout = 60
