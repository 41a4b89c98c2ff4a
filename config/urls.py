"""Root URLs: the admin (its home the event's cockpit), the registration portal, the REST API,
the doors, language switching, and the public pages under a language prefix (the front door
lists the events' programmes).

The public feeds and the list of signatories need no sign-in: they are throttled per client
(``config.core.throttling``, the ``public`` rate) where each app routes them.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from ceremony.urls import public_patterns as signing_public_patterns
from ceremony.views.cockpit import cockpit_view
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
    # The admin's home is the cockpit of the event under way (it keeps the list of models).
    path("admin/", admin.site.admin_view(cockpit_view)),
    path("admin/", admin.site.urls),
    path("portal/", include("delegations.urls")),
    path("programme/", include("sessions.urls")),
    path("portal/signing/", include("ceremony.urls")),
    path("api/v1/", include("config.api")),
    path("checkin/", include(checkin_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
]

# The public programme in the reader's language, named in its address (/fr/events/hanoi-2025/):
# a link shared is read in the language it was shared in, a calendar subscribes in its own,
# and a language the planner does not speak answers 404. An address without one (the feeds'
# first addresses, /events/...) is sent on to the language of the reader's cookie or browser.
urlpatterns += i18n_patterns(
    path("events/", include(programme_public_patterns)),
    path("events/", include(signing_public_patterns)),
    path("", throttled("public")(events_index), name="public-index"),
)
