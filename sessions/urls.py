"""The programme's pages: in the portal (mounted at ``programme/``), at the doors (``checkin/``)
and in public (the feeds, under ``events/``, throttled per client)."""

from django.urls import path

from config.core.throttling import throttled
from sessions.views import checkin, feeds, programme

public_rate = throttled("public")

app_name = "programme"

urlpatterns = [
    path("", programme.home, name="home"),
    path("delegations/<int:pk>/", programme.programme, name="programme"),
    path("delegations/<int:pk>/registrations/", programme.registrations, name="registrations"),
    path(
        "delegations/<int:pk>/registrations/<int:registration_pk>/cancel/",
        programme.registration_cancel_page,
        name="registration_cancel",
    ),
]

#: The door check-in page (staff only), its own namespace ``checkin``.
checkin_patterns = (
    [path("<slug:slug>/", checkin.door, name="door")],
    "checkin",
)

#: The public feeds of the released schedule.
public_patterns = [
    path(
        "<slug:slug>/schedule.ics",
        public_rate(feeds.schedule_feed),
        {"format_name": "ics"},
        name="schedule-feed-ics",
    ),
    path(
        "<slug:slug>/schedule.json",
        public_rate(feeds.schedule_feed),
        {"format_name": "json"},
        name="schedule-feed-json",
    ),
]
