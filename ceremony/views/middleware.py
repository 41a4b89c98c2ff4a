"""Show the admin in the event's own time zone, as organisers think of the programme."""

from django.utils import timezone

from ceremony.models import Event


class EventTimezoneMiddleware:
    """Activate the time zone of the newest event for admin pages.

    Datetimes stay in UTC in the database; forms read and show them in the event's zone, so an
    organiser types "09:00" for 09:00 in Hanoi. One small query per admin request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        zone = Event.objects.order_by("-start_date").values_list("timezone", flat=True).first()
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
