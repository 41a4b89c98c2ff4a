"""Root URLs: the admin, the registration portal, the REST API, the doors, the public pages
(the front door lists the events' programmes), language switching.

The public feeds and the list of signatories need no sign-in: they are throttled per client
(``config.core.throttling``, the ``public`` rate) where each app routes them.
"""

from django.contrib import admin
from django.urls import include, path

from ceremony.urls import public_patterns as signing_public_patterns
from config.core.auth import sign_in_rate
from config.core.throttling import throttled
from sessions.urls import checkin_patterns
from sessions.urls import public_patterns as programme_public_patterns
from sessions.views.public import events_index

admin.site.site_header = "Treaty event planner"
admin.site.site_title = "Treaty event planner"
admin.site.index_title = "Organisers"

urlpatterns = [
    # The admin's own sign-in, at its own address, with the sign-in rate of every form.
    path("admin/login/", sign_in_rate(admin.site.login)),
    path("admin/", admin.site.urls),
    path("portal/", include("delegations.urls")),
    path("programme/", include("sessions.urls")),
    path("portal/signing/", include("ceremony.urls")),
    path("api/v1/", include("config.api")),
    path("checkin/", include(checkin_patterns)),
    path("events/", include(programme_public_patterns)),
    path("events/", include(signing_public_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", throttled("public")(events_index), name="public-index"),
]
