"""The programme's pages: in the portal (mounted at ``programme/``), at the doors (``checkin/``)
and in public (the feeds, under ``events/``, throttled per client), on other sites too (the
widget's script and the embed pages, the only pages other sites may frame)."""

from django.urls import path

from config.core.throttling import throttled
from sessions.views import checkin, feeds, programme, public, speakers, widget
from sessions.views.caching import page_cached

public_rate = throttled("public")


def public_page(view):
    """A public page: throttled per client, kept rendered (``sessions.views.caching``)."""
    return public_rate(page_cached(view))


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
    path("delegations/<int:pk>/speakers/", speakers.speakers, name="speakers"),
    path(
        "delegations/<int:pk>/speakers/<int:entry_pk>/statement/",
        speakers.statement,
        name="speaker_statement",
    ),
    path(
        "delegations/<int:pk>/speakers/<int:entry_pk>/withdraw/",
        speakers.withdraw,
        name="speaker_withdraw",
    ),
]

#: The door check-in page (staff only), its own namespace ``checkin``.
checkin_patterns = (
    [path("<slug:slug>/", checkin.door, name="door")],
    "checkin",
)

#: The public programme (pages and feeds of the released schedule), under ``events/``.
public_patterns = [
    path("<slug:slug>/", public_page(public.event_home), name="public-home"),
    path(
        "<slug:slug>/day/<str:day>/",
        public_page(public.programme_day),
        name="public-day",
    ),
    path(
        "<slug:slug>/sessions/<slug:session_slug>/",
        public_page(public.session_page),
        name="public-session",
    ),
    path(
        "<slug:slug>/sessions/<slug:session_slug>.ics",
        public_rate(public.session_calendar),
        name="public-session-ics",
    ),
    path(
        "<slug:slug>/sessions/<slug:session_slug>/statements/<int:pk>/",
        public_rate(speakers.statement_download),
        name="public-statement",
    ),
    path(
        "<slug:slug>/people/<int:pk>/",
        public_page(public.person_page),
        name="public-person",
    ),
    path(
        "<slug:slug>/changes/",
        public_page(public.programme_changes),
        name="public-changes",
    ),
    path(
        "<slug:slug>/changes.atom",
        public_rate(public.ReleasesFeed()),
        name="public-changes-atom",
    ),
    path(
        "<slug:slug>/search/",
        public_page(public.programme_search_page),
        name="public-search",
    ),
    path("<slug:slug>/widget.js", public_rate(widget.widget_script), name="public-widget-js"),
    path("<slug:slug>/widget/", public_rate(widget.widget_page), name="public-widget"),
    path(
        "<slug:slug>/embed/",
        widget.framable(public_page(widget.embed_programme)),
        name="public-embed",
    ),
    path(
        "<slug:slug>/embed/<str:day>/",
        widget.framable(public_page(widget.embed_programme)),
        name="public-embed-day",
    ),
    path(
        "<slug:slug>/schedule.xml",
        public_rate(feeds.schedule_feed),
        {"format_name": "xml"},
        name="schedule-feed-xml",
    ),
    path(
        "<slug:slug>/v/<int:version>/schedule.<str:format_name>",
        public_rate(feeds.schedule_version_feed),
        name="schedule-version-feed",
    ),
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
