"""Reads for the programme: annotated querysets whose query count does not grow with rows."""

from ceremony.selectors import count_subquery

from .models import RegistrationStatus, SessionRegistration


def session_list_annotate(queryset):
    return queryset.annotate(
        confirmed_count=count_subquery(
            SessionRegistration.objects.filter(status=RegistrationStatus.CONFIRMED), "session"
        ),
    )
