"""The admin's home: the cockpit of the event under way or next (another one by ``?event=``),
its steps in order with their counts, state and the pages to act on them, what needs an
organiser first; Django's list of every model below it.

It takes the place of the admin site's index at ``/admin/`` (``config/urls.py``), so that
``admin:index`` and every "Home" link lead here. Staff who may not view events see the list of
models only, as before.
"""

from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremony.selectors.cockpit import (
    ATTENTION,
    DONE,
    OPEN,
    WAITING,
    cockpit,
    cockpit_event_current,
    cockpit_events,
)

STATE_LABELS = {
    DONE: gettext_lazy("Done"),
    OPEN: gettext_lazy("Under way"),
    ATTENTION: gettext_lazy("Needs attention"),
    WAITING: gettext_lazy("Not started"),
}


class Links:
    """Admin pages of one event for one user: a changelist filtered to the event, or None
    where the user may not view that model (the link is left out rather than refused)."""

    def __init__(self, request, event):
        self.request = request
        self.event = event

    def may_view(self, app_label, model_name):
        return self.request.user.has_perm(f"{app_label}.view_{model_name}")

    def changelist(self, app_label, model_name, event_lookup, **filters):
        if not self.may_view(app_label, model_name):
            return None
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        return f"{url}?{urlencode({f'{event_lookup}__id__exact': self.event.pk, **filters})}"

    def event_action(self, label, action):
        """An action of the events' list run on this event from a button (a POST, as the list's
        own form sends it: the action asks its questions, e.g. a release's note, on its page)."""
        if not self.request.user.has_perm("ceremony.change_event"):
            return None
        return {
            "label": label,
            "url": reverse("admin:ceremony_event_changelist"),
            "action": action,
            "event": self.event.pk,
        }

    def desk(self):
        """The accreditation desk, for those who may reissue badges there."""
        if not self.request.user.has_perms(
            ["delegations.reissue_badge", "delegations.view_delegate"]
        ):
            return None
        return reverse("admin:delegations_badge_desk")

    def event_page(self, name):
        if not self.may_view("ceremony", "event"):
            return None
        try:
            return reverse(f"admin:ceremony_event_{name}", args=[self.event.pk])
        except NoReverseMatch:
            return None


def _link(label, url):
    return {"label": label, "url": url} if url else None


def _step(number, title, data, facts, links, actions=()):
    state = data["state"]
    return {
        "number": number,
        "title": title,
        "state": state,
        "state_label": STATE_LABELS[state],
        "facts": facts,
        "links": [link for link in links if link],
        "actions": [action for action in actions if action],
    }


def _window_label(window):
    return {
        "not_open": _("Not open yet"),
        "open": _("Open"),
        "closed": _("Closed"),
    }[window]


def steps(data, links, event):
    registration = data["registration"]
    accreditation = data["accreditation"]
    programme = data["programme"]
    releases = data["releases"]
    signing = data["signing"]
    attendance = data["attendance"]
    last = releases["last"]
    return [
        _step(
            1,
            _("Registration window"),
            registration,
            [
                (_("Window"), _window_label(registration["window"])),
                (_("Opens"), registration["opens"]),
                (_("Closes"), registration["closes"]),
                (_("Delegations invited"), registration["delegations"]),
                (_("Delegations registered"), registration["registered"]),
                (_("Focal points"), registration["focal_points"]),
                (_("Invitations pending"), registration["invitations_pending"]),
            ],
            [
                _link(_("Delegations"), links.changelist("delegations", "delegation", "event")),
                _link(
                    _("Focal points"),
                    links.changelist("delegations", "focalpoint", "delegation__event"),
                ),
                _link(_("Event settings"), links.event_page("change")),
            ],
        ),
        _step(
            2,
            _("Accreditation"),
            accreditation,
            [
                (_("Delegates registered"), accreditation["registered"]),
                (_("Awaiting accreditation"), accreditation["submitted"]),
                (_("Accredited"), accreditation["accredited"]),
                (_("Not yet submitted"), accreditation["draft"]),
                (_("Rejected"), accreditation["rejected"]),
                (_("Withdrawn"), accreditation["withdrawn"]),
                (_("Badges reissued today"), accreditation["badges_reissued_today"]),
                (_("Badges revoked"), accreditation["badges_revoked"]),
            ],
            [
                _link(
                    _("Delegates"),
                    links.changelist("delegations", "delegate", "delegation__event"),
                ),
                _link(
                    _("Badges"),
                    links.changelist("delegations", "badge", "delegate__delegation__event"),
                ),
                _link(_("Accreditation desk"), links.desk()),
            ],
        ),
        _step(
            3,
            _("Programme"),
            programme,
            [
                (_("Sessions scheduled"), programme["scheduled"]),
                (_("Drafts"), programme["draft"]),
                (_("Without a room or a time"), programme["unplaced"]),
                (_("Conflicts"), programme["conflicts"]),
                (_("Cancelled"), programme["cancelled"]),
                (_("Proposals to review"), programme["proposals_ready"]),
                (_("Lists of speakers open"), programme["speakers_lists_open"]),
                (_("Statements awaiting upload"), programme["statements_awaiting"]),
            ],
            [
                _link(_("Sessions"), links.changelist("programme", "session", "event")),
                _link(_("Schedule editor"), links.event_page("schedule")),
                _link(
                    _("Timetable proposals"),
                    links.changelist("programme", "scheduleproposal", "event"),
                ),
                _link(
                    _("Lists of speakers"),
                    links.changelist("programme", "speakerslist", "session__event"),
                ),
            ],
            [
                links.event_action(
                    _("Propose a timetable (timetabling engine)"), "timetable_propose"
                ),
                links.event_action(_("Check the programme for conflicts"), "programme_check"),
                links.event_action(
                    _("Release the schedule as a new version…"), "programme_release"
                ),
            ],
        ),
        _step(
            4,
            _("Releases"),
            releases,
            [
                (_("Last version"), last["version"] if last else "—"),
                (_("Released at"), last["released_at"] if last else "—"),
                (_("Sessions edited since"), releases["edited_since"]),
                (_("Messages held for review"), releases["messages_held"]),
                (_("Messages sent"), releases["messages_sent"]),
            ],
            [
                _link(_("Releases"), links.changelist("programme", "schedulerelease", "event")),
                _link(
                    _("Release messages"),
                    links.changelist("programme", "releasenotification", "release__event"),
                ),
                _link(
                    _("Public programme"),
                    reverse("public-home", args=[event.slug]) if last else None,
                ),
            ],
        ),
        _step(
            5,
            _("Signing"),
            signing,
            [
                (_("Signing requests"), signing["requests"]),
                (_("Full powers to verify"), signing["full_powers_awaiting"]),
                (_("In the signing order"), signing["ordered"]),
                (_("Slots given"), signing["slots"]),
                (_("Slots published"), signing["slots_published"]),
                (_("Signed"), signing["signed"]),
                (_("Seating drawn from"), signing["seating_drawn"]),
                (_("Halls seated"), signing["seating_plans"]),
            ],
            [
                _link(
                    _("Signing requests"),
                    links.changelist("ceremony", "signingrequest", "event"),
                ),
                _link(_("Run-sheet and treaty tracker"), links.event_page("signing")),
                _link(_("Seating by lot"), links.event_page("seating")),
            ],
        ),
        _step(
            6,
            _("Attendance"),
            attendance,
            [
                (_("Scans"), attendance["scans"]),
                (_("Delegates in the venue"), attendance["entered"]),
                (_("Last scan"), attendance["last_scan"] or "—"),
                (_("Last count"), attendance["snapshot_taken_at"] or "—"),
            ],
            [
                _link(_("Dashboard"), links.event_page("dashboard")),
                _link(_("Check-ins"), links.changelist("programme", "checkin", "event")),
            ],
        ),
    ]


def attention(data, links):
    """What an organiser should act on, most pressing first, each with the list to act in."""
    registration = data["registration"]
    accreditation = data["accreditation"]
    programme = data["programme"]
    releases = data["releases"]
    signing = data["signing"]
    jobs = data["jobs"]
    items = [
        (
            _("Delegates awaiting accreditation"),
            accreditation["submitted"],
            links.changelist(
                "delegations",
                "delegate",
                "delegation__event",
                accreditation_status__exact="submitted",
            ),
        ),
        (
            _("Full powers to verify"),
            signing["full_powers_awaiting"],
            links.changelist(
                "ceremony", "signingrequest", "event", full_powers_status__exact="awaiting"
            ),
        ),
        (
            _("Conflicts in the programme"),
            programme["conflicts"],
            links.event_page("schedule")
            or links.changelist("programme", "session", "event", status__exact="scheduled"),
        ),
        (
            _("Sessions without a room or a time"),
            programme["unplaced"],
            links.changelist("programme", "session", "event"),
        ),
        (
            _("Timetable proposals to review"),
            programme["proposals_ready"],
            links.changelist("programme", "scheduleproposal", "event", status__exact="ready"),
        ),
        (
            _("Release messages held for review"),
            releases["messages_held"],
            links.changelist(
                "programme", "releasenotification", "release__event", status__exact="held"
            ),
        ),
        (
            _("Release messages that failed"),
            releases["messages_failed"],
            links.changelist(
                "programme", "releasenotification", "release__event", status__exact="failed"
            ),
        ),
        (
            _("Accredited delegates without a badge"),
            accreditation["without_badge"],
            links.changelist(
                "delegations",
                "delegate",
                "delegation__event",
                accreditation_status__exact="accredited",
            ),
        ),
        (
            _("Expired focal point invitations"),
            registration["invitations_expired"],
            links.changelist(
                "delegations",
                "focalpointinvitation",
                "delegation__event",
                accepted_at__isnull="True",
            ),
        ),
        (
            _("Exports that failed (last 7 days)"),
            jobs["exports_failed"],
            links.changelist("programme", "exportjob", "event", status__exact="failed"),
        ),
        (
            _("Timetable proposals that failed (last 7 days)"),
            jobs["proposals_failed"],
            links.changelist("programme", "scheduleproposal", "event", status__exact="failed"),
        ),
        (
            _("Webhook deliveries that failed (last 7 days)"),
            jobs["webhooks_failed"],
            links.changelist(
                "ceremony", "webhookdelivery", "endpoint__event", status__exact="failed"
            ),
        ),
    ]
    return [{"label": label, "count": count, "url": url} for label, count, url in items if count]


def _chosen(request, events):
    """The event asked for by ``?event=<id>``, else the one under way or next."""
    wanted = request.GET.get("event")
    if wanted is None:
        return cockpit_event_current(events)
    for event in events:
        if str(event.pk) == wanted:
            return event
    raise Http404(_("There is no such event."))


def cockpit_view(request):
    """The admin's home (``admin:index``): the chosen event's cockpit and every model."""
    site = admin.site
    context = {
        **site.each_context(request),
        "title": site.index_title,
        "subtitle": None,
        "app_list": site.get_app_list(request),
    }
    if request.user.has_perm("ceremony.view_event"):
        events = cockpit_events()
        event = _chosen(request, events)
        if event is not None:
            links = Links(request, event)
            data = cockpit(event)
            context.update(
                {
                    "title": _("Cockpit: %(event)s") % {"event": event.acronym},
                    "event": event,
                    "events": events,
                    "steps": steps(data, links, event),
                    "attention": attention(data, links),
                    "dashboard_url": links.event_page("dashboard"),
                    "event_url": links.event_page("change"),
                }
            )
            request.current_app = site.name
            with timezone.override(event.timezone):
                return TemplateResponse(request, "admin/cockpit.html", context).render()
    request.current_app = site.name
    return TemplateResponse(request, "admin/cockpit.html", context)
