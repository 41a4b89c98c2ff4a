from django.apps import AppConfig


class CeremonyConfig(AppConfig):
    name = "ceremony"
    verbose_name = "Event and signing"
