"""Reads for the programme shown on other sites (the script widget and the embed pages).

They show the same released programme as the public pages and the JSON feed; what is read
here is only what tells one edition of it from the next, so that a rendered script can be
kept until the next release.
"""

from django.db.models import Max

from ceremony.models import Event


def programme_version(*, slug):
    """The newest released version of the event's programme, 0 before the first release; one
    query. ``Event.DoesNotExist`` for an unknown event."""
    versions = list(
        Event.objects.filter(slug=slug)
        .annotate(newest=Max("schedule_releases__version"))
        .values_list("newest", flat=True)
    )
    if not versions:
        raise Event.DoesNotExist(f"No event {slug!r}.")
    return versions[0] or 0
