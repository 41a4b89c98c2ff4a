from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    """The programme app. Its package is ``sessions``; ``django.contrib.sessions`` owns that label."""

    name = "sessions"
    label = "programme"
    verbose_name = "Programme"
