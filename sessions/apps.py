from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The programme. Its package is ``sessions``, a label ``django.contrib.sessions`` owns."""

    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")
