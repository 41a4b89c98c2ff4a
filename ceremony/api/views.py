"""Events, read-only for every signed-in person (focal points need the dates and the window)."""

from rest_framework import viewsets

from ..models import Event
from .serializers import EventSerializer


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    search_fields = ("name", "acronym", "slug")
    ordering_fields = ("start_date", "name")
