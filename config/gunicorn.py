"""gunicorn's settings for the web processes (the Procfile's ``web``, and the load runs).

Each process takes only as many connections as it has threads, and closes each after its answer
(no keep-alive: the reverse proxy in front keeps the clients' connections). A connection no
process is free for waits in the kernel's queue for the first that is, so the two processes
share the work. Measured with ``benchmarks/bench_load.py`` on its 2-core machine, 100 missions
registering at 120 requests/s: with keep-alive, a client's connection stays with the process
that accepted it, one process ended up with most clients and at a full core, and half the
answers took more than 0.5 s; with a queue inside each process (gunicorn's default of 1,000
connections), a busy process went on taking work the idle one could have done. Two threads: a
request waiting on PostgreSQL, Redis or a lock lets another run; with four or eight, the
threads of one process waited on each other for the interpreter, and every request took two to
four times its own time. ``WEB_THREADS``, ``WEB_KEEPALIVE`` and ``WEB_CONNECTIONS`` override.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "2"))
keepalive = int(os.environ.get("WEB_KEEPALIVE", "0"))
worker_connections = int(os.environ.get("WEB_CONNECTIONS", str(threads)))
timeout = 60
