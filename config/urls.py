"""Root URLs: the admin, the registration portal, the REST API, language switching.

The public feeds and the list of signatories need no sign-in: they are throttled per client
(``config.throttling``, the ``public`` rate) where they are routed.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ceremony.public import signatories
from config.throttling import throttled
from sessions.feeds import schedule_feed

admin.site.site_header = "Treaty event planner"
admin.site.site_title = "Treaty event planner"
admin.site.index_title = "Organisers"

public = throttled("public")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("portal/", include("delegations.urls")),
    path("programme/", include("sessions.urls")),
    path("portal/signing/", include("ceremony.urls")),
    path("api/v1/", include("config.api")),
    path("checkin/", include("sessions.checkin_urls")),
    path(
        "events/<slug:slug>/schedule.ics",
        public(schedule_feed),
        {"format_name": "ics"},
        name="schedule-feed-ics",
    ),
    path(
        "events/<slug:slug>/schedule.json",
        public(schedule_feed),
        {"format_name": "json"},
        name="schedule-feed-json",
    ),
    path("events/<slug:slug>/signatories/", public(signatories), name="signatories"),
    path(
        "events/<slug:slug>/signatories.<str:format_name>",
        public(signatories),
        name="signatories-table",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="portal:home", permanent=False)),
]
