from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    """The programme. Its package is ``sessions``, a label ``django.contrib.sessions`` owns."""

    name = "sessions"
    label = "programme"
    verbose_name = "Programme"
