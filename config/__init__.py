"""The project: settings, URLs, the Celery app, WSGI/ASGI, and the shared kernel (``core``).

Nothing is imported here: the pure renderers of ``config.core.rendering`` are imported by the
engines without Django or Celery. Django processes load the Celery app through
``config.core.jobs``, the one module that hands work to it; workers load it with ``-A config``.
"""
