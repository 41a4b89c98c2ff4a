"""The shared kernel: what several apps use, in one neutral place.

It imports none of the apps (``ceremony``, ``delegations``, ``sessions``) and nothing of the
project's wiring above it (URLs, the API router), so any app may use it without a circle.
``rendering`` is pure Python, without Django, for the export engines too.
"""
