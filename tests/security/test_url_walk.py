"""The URL walk: every pattern of ``config.urls``, taken from the resolver, requested as five
people — anonymous; the focal point of delegation B; the focal point of A, who owns the objects
in the path; an organiser (staff in the Organisers group, not a superuser); door staff (a staff
login with no permission) — against a written expectation for each.

A pattern without an expectation fails the suite: a new URL cannot be added without deciding
who may see it. For each request the walk also checks that:

- B (and anyone else not entitled) is answered about A's objects exactly as about a missing id,
  and never a 500;
- the body shows none of A's data (``world.A_MARKERS``) to B, anonymous visitors or door staff,
  and a list shows none of A's rows;
- a write refused to someone changes nothing in the database;
- a private file reaches its owner and the organisers byte for byte, and nobody else.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from ceremony.models import SigningRequest
from config.core.storages import PrivateFileSystemStorage
from delegations.models import Delegate
from sessions.models import ExportJob, SpeakerEntry

from . import world as walk_world
from .world import (
    A_MARKERS,
    EXPORT_BYTES,
    FULL_POWERS_BYTES,
    MISSING,
    PHOTO_BYTES,
    STATEMENT_BYTES,
)

ROLES = ("anonymous", "other", "owner", "organiser", "door")

#: Private file fields: the walk keeps their files in a storage of its own.
PRIVATE_FIELDS = (
    (Delegate, "photo"),
    (SigningRequest, "full_powers_document"),
    (ExportJob, "file"),
    (SpeakerEntry, "statement"),
)


# Outcomes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one person is answered: a status, where a redirect goes, the bytes of a file."""

    status: int
    to: object = None  # a URL name, or world -> path
    body: bytes | None = None

    def location(self, world):
        if self.to is None:
            return None
        return reverse(self.to) if isinstance(self.to, str) else self.to(world)

    def __repr__(self):
        return f"{self.status}" + (f" → {self.to}" if isinstance(self.to, str) else "")


ok = Outcome(200)
created = Outcome(201)
accepted = Outcome(202)
no_content = Outcome(204)
bad_request = Outcome(400)
unauthorised = Outcome(401)
forbidden = Outcome(403)
not_found = Outcome(404)
not_allowed = Outcome(405)
login = Outcome(302, "portal:login")
admin_login = Outcome(302, "admin:login")


def redirect(to):
    return Outcome(302, to)


def file(body):
    return Outcome(200, body=body)


@dataclass(frozen=True)
class Expect:
    """One outcome per person; every person must be named."""

    anonymous: Outcome
    other: Outcome
    owner: Outcome
    organiser: Outcome
    door: Outcome


def everyone(outcome):
    return Expect(outcome, outcome, outcome, outcome, outcome)


def portal(owner=ok, *, anonymous=login):
    """A page of one delegation's portal: its focal points only; others, 404 like a missing id
    (organisers work in the admin)."""
    return Expect(anonymous, not_found, owner, not_found, not_found)


def admin_only(organiser=ok, door=forbidden):
    return Expect(admin_login, admin_login, admin_login, organiser, door)


def api_owned(owner=ok, organiser=None, *, other=not_found, door=not_found):
    """An endpoint on A's record: A and organisers; B and door staff, 404 like a missing id."""
    return Expect(unauthorised, other, owner, owner if organiser is None else organiser, door)


def api_any(outcome=ok):
    """Anyone signed in."""
    return Expect(unauthorised, outcome, outcome, outcome, outcome)


def api_staff(staff=ok, door=None):
    """Staff only (check-in, attendance): door staff too."""
    return Expect(unauthorised, forbidden, forbidden, staff, staff if door is None else door)


def api_organiser(organiser=ok):
    """Staff with the model's permission (accreditation, full powers): not door staff."""
    return Expect(unauthorised, forbidden, forbidden, organiser, forbidden)


# Cases --------------------------------------------------------------------------------------

READERS = frozenset({"owner", "organiser"})
ORGANISER = frozenset({"organiser"})


@dataclass(frozen=True)
class Case:
    """One request to a pattern, made by each person."""

    expect: Expect
    kwargs: Callable = lambda w: {}
    args: Callable = lambda w: []
    method: str = "get"
    data: Callable | None = None
    #: The same request about a missing id, where B's answer must be the same (ids in the path
    #: are replaced by a missing one without being told).
    missing_data: Callable | None = None
    query: Callable | None = None
    json: bool = False
    #: Who may see A's data in the answer.
    may_see_a: frozenset = READERS
    #: Who may change the database with this request (a write by anyone else must not).
    writers: frozenset = READERS
    #: Ids of A's rows a list must not show to those who may not see A's data.
    a_rows: Callable | None = None


def case(expect, **kwargs):
    return [Case(expect, **kwargs)]


def A(attribute):
    """world -> {"pk": A's <attribute>.pk}"""
    return lambda w: {"pk": getattr(w.a, attribute).pk}


def a_delegation(w):
    return {"pk": w.a.delegation.pk}


def to_a(name):
    return lambda w: reverse(name, args=[w.a.delegation.pk])


def to_b(name):
    return lambda w: reverse(name, args=[w.b.delegation.pk])


# Expectations: the portal, the programme, the signing ------------------------------------

PORTAL = {
    "portal/": case(
        Expect(
            login,
            redirect(to_b("portal:delegation")),
            redirect(to_a("portal:delegation")),
            ok,  # organisers are focal points of nothing: the page says so
            ok,
        )
    ),
    "portal/login/": case(
        Expect(ok, *[redirect("portal:home")] * 4),
    ),
    # A forgotten password: anyone may ask; the link in the e-mail is the secret.
    "portal/password-reset/": [
        Case(everyone(ok)),
        Case(
            everyone(redirect("portal:password_reset_done")),
            method="post",
            data=lambda w: {"email": "nobody@walk.example"},
        ),
    ],
    "portal/password-reset/sent/": case(everyone(ok)),
    "portal/password-reset/<uidb64>/<token>/": case(
        everyone(ok), kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-real-reset-token"}
    ),
    "portal/password-reset/done/": case(everyone(ok)),
    "portal/logout/": [
        Case(everyone(not_allowed)),
        Case(everyone(redirect("portal:login")), method="post", writers=frozenset(ROLES)),
    ],
    "portal/invitations/<str:token>/": [
        # Whoever holds the link may read and accept it: it is the secret.
        Case(
            everyone(ok),
            kwargs=lambda w: {"token": w.a.invitation_token},
            may_see_a=frozenset(ROLES),
        ),
        Case(everyone(bad_request), kwargs=lambda w: {"token": "not-a-real-invitation-token"}),
    ],
    "portal/delegations/<int:pk>/": [
        Case(portal(), kwargs=a_delegation),
        Case(
            portal(redirect(to_a("portal:delegation"))),
            kwargs=a_delegation,
            method="post",
            data=lambda w: {"contact_email": "hijack@example.org", "address": "Elsewhere"},
        ),
    ],
    "portal/delegations/<int:pk>/submit/": [
        Case(everyone(not_allowed), kwargs=a_delegation),
        Case(portal(redirect(to_a("portal:delegation"))), kwargs=a_delegation, method="post"),
    ],
    "portal/delegations/<int:pk>/badges.pdf": case(portal(), kwargs=a_delegation),
    "portal/delegations/<int:pk>/delegates/add/": [
        Case(portal(), kwargs=a_delegation),
        Case(
            portal(redirect(to_a("portal:delegation"))),
            kwargs=a_delegation,
            method="post",
            data=lambda w: {"given_name": "In", "family_name": "Truder", "level": "other"},
        ),
    ],
    "portal/delegations/<int:pk>/delegates/<int:delegate_pk>/": [
        Case(portal(), kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.a.draft.pk}),
        Case(
            portal(redirect(to_a("portal:delegation"))),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.a.draft.pk},
            method="post",
            data=lambda w: {"given_name": "Hi", "family_name": "Jacked", "level": "other"},
        ),
        # A's own page with B's delegate in the path: 404 even for A.
        Case(
            portal(not_found),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.b.draft.pk},
        ),
    ],
    "portal/delegations/<int:pk>/delegates/<int:delegate_pk>/withdraw/": [
        Case(
            everyone(not_allowed),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.a.submitted.pk},
        ),
        Case(
            portal(redirect(to_a("portal:delegation"))),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.a.submitted.pk},
            method="post",
        ),
        Case(
            portal(not_found),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.b.submitted.pk},
            method="post",
            writers=frozenset(),
        ),
    ],
    "portal/delegations/<int:pk>/delegates/<int:delegate_pk>/photo/": [
        Case(
            portal(file(PHOTO_BYTES)),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.a.head.pk},
        ),
        Case(
            portal(not_found),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "delegate_pk": w.b.head.pk},
        ),
    ],
    "programme/": case(
        Expect(
            login,
            redirect(to_b("programme:programme")),
            redirect(to_a("programme:programme")),
            ok,
            ok,
        )
    ),
    "programme/delegations/<int:pk>/": case(portal(), kwargs=a_delegation),
    "programme/delegations/<int:pk>/registrations/": [
        Case(portal(), kwargs=a_delegation),
        Case(
            portal(bad_request),  # A's submitted delegate is not accredited yet: a form error
            kwargs=a_delegation,
            method="post",
            data=lambda w: {"session": w.session.pk, "delegate": w.a.submitted.pk},
        ),
    ],
    "programme/delegations/<int:pk>/registrations/<int:registration_pk>/cancel/": [
        Case(
            everyone(not_allowed),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "registration_pk": w.a.registration.pk},
        ),
        Case(
            portal(redirect(to_a("programme:registrations"))),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "registration_pk": w.a.registration.pk},
            method="post",
        ),
        Case(
            portal(not_found),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "registration_pk": w.b.registration.pk},
            method="post",
            writers=frozenset(),
        ),
    ],
    "programme/delegations/<int:pk>/speakers/": [
        Case(portal(), kwargs=a_delegation),
        Case(
            portal(redirect(to_a("programme:speakers"))),
            kwargs=a_delegation,
            method="post",
            data=lambda w: {
                "session": w.plenary.pk,
                "level": "minister",
                "speaker_name": "Walk speaker",
            },
        ),
    ],
    "programme/delegations/<int:pk>/speakers/<int:entry_pk>/statement/": [
        Case(
            everyone(not_allowed),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "entry_pk": w.a.speaker_entry.pk},
        ),
        Case(
            portal(bad_request),  # no file: the form says so by the field
            kwargs=lambda w: {"pk": w.a.delegation.pk, "entry_pk": w.a.speaker_entry.pk},
            method="post",
            data=lambda w: {},
        ),
        Case(
            portal(not_found),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "entry_pk": w.b.speaker_entry.pk},
            method="post",
            data=lambda w: {},
            writers=frozenset(),
        ),
    ],
    "programme/delegations/<int:pk>/speakers/<int:entry_pk>/withdraw/": [
        Case(
            everyone(not_allowed),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "entry_pk": w.a.speaker_entry.pk},
        ),
        Case(
            portal(redirect(to_a("programme:speakers"))),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "entry_pk": w.a.speaker_entry.pk},
            method="post",
        ),
        Case(
            portal(not_found),
            kwargs=lambda w: {"pk": w.a.delegation.pk, "entry_pk": w.b.speaker_entry.pk},
            method="post",
            writers=frozenset(),
        ),
    ],
    "portal/signing/delegations/<int:pk>/": [
        Case(portal(), kwargs=a_delegation),
        Case(
            portal(redirect(to_a("signing:request"))),  # a correction: the copy on file stays
            kwargs=a_delegation,
            method="post",
            data=lambda w: {"representative": w.a.head.pk, "level": "minister"},
        ),
    ],
    "portal/signing/delegations/<int:pk>/withdraw/": [
        Case(everyone(not_allowed), kwargs=a_delegation),
        Case(portal(redirect(to_a("signing:request"))), kwargs=a_delegation, method="post"),
    ],
    "portal/signing/delegations/<int:pk>/full-powers/": case(
        portal(file(FULL_POWERS_BYTES)), kwargs=a_delegation
    ),
}


# The API --------------------------------------------------------------------------------------


API = {
    "api/v1/auth/token/": [
        Case(everyone(not_allowed)),
        Case(everyone(bad_request), method="post", data=lambda w: {}, json=True),
    ],
    "api/v1/": case(api_any()),
    "api/v1/<drf_format_suffix:format>": case(api_any(), kwargs=lambda w: {"format": ".json"}),
    "api/v1/schema/": case(everyone(ok)),
    "api/v1/docs/": case(everyone(ok)),
    "api/v1/events/$": case(api_any()),
    "api/v1/events/(?P<pk>[^/.]+)/$": [
        Case(api_any(), kwargs=lambda w: {"pk": w.event.pk}),
        Case(api_any(not_allowed), kwargs=lambda w: {"pk": w.event.pk}, method="delete"),
    ],
    # The treaty's status names its parties: public facts, as the depositary publishes them.
    "api/v1/events/(?P<pk>[^/.]+)/treaty/$": case(
        api_any(), kwargs=lambda w: {"pk": w.event.pk}, may_see_a=frozenset(ROLES)
    ),
    # The published seating order names the delegations in the hall: public, as the UN posts it.
    "api/v1/events/(?P<pk>[^/.]+)/seating/$": case(
        everyone(ok), kwargs=lambda w: {"pk": w.event.pk}, may_see_a=frozenset(ROLES)
    ),
    "api/v1/events/(?P<pk>[^/.]+)/seating-draw/$": [
        Case(
            api_organiser(created),
            kwargs=lambda w: {"pk": w.event.pk},
            method="post",
            data=lambda w: {},
            json=True,
            writers=ORGANISER,
        ),
        Case(api_organiser(not_allowed), kwargs=lambda w: {"pk": w.event.pk}),
    ],
    "api/v1/events/(?P<pk>[^/.]+)/seating-plans/$": [
        Case(
            api_organiser(bad_request),  # no such room
            kwargs=lambda w: {"pk": w.event.pk},
            method="post",
            data=lambda w: {"room": MISSING, "rows": 9, "seats_per_row": 10},
            json=True,
            writers=ORGANISER,
        ),
        Case(api_organiser(not_allowed), kwargs=lambda w: {"pk": w.event.pk}),
    ],
    "api/v1/seats/$": case(api_any(), a_rows=lambda w: {w.objects["ceremony.seatassignment"].pk}),
    "api/v1/seats/(?P<pk>[^/.]+)/$": [
        Case(api_owned(), kwargs=lambda w: {"pk": w.objects["ceremony.seatassignment"].pk}),
        Case(
            api_any(not_allowed),
            kwargs=lambda w: {"pk": w.objects["ceremony.seatassignment"].pk},
            method="delete",
            writers=frozenset(),
        ),
    ],
    "api/v1/delegations/$": [
        Case(api_any(), a_rows=lambda w: {w.a.delegation.pk}),
        Case(api_any(not_allowed), method="post", data=lambda w: {"name": "New"}, json=True),
    ],
    "api/v1/delegations/(?P<pk>[^/.]+)/$": [
        Case(api_owned(), kwargs=a_delegation),
        Case(
            api_owned(),
            kwargs=a_delegation,
            method="patch",
            data=lambda w: {"contact_email": "hijack@example.org"},
            json=True,
        ),
        Case(api_any(not_allowed), kwargs=a_delegation, method="delete", writers=frozenset()),
    ],
    "api/v1/delegations/(?P<pk>[^/.]+)/submit/$": [
        Case(api_owned(), kwargs=a_delegation, method="post"),
        Case(api_any(not_allowed), kwargs=a_delegation),
    ],
    "api/v1/delegates/$": [
        Case(api_any(), a_rows=lambda w: {w.a.head.pk, w.a.draft.pk, w.a.submitted.pk}),
        Case(
            api_owned(created, other=bad_request, door=bad_request),
            method="post",
            data=lambda w: {"delegation": w.a.delegation.pk, "family_name": "Intruder"},
            missing_data=lambda w: {"delegation": MISSING, "family_name": "Intruder"},
            json=True,
        ),
    ],
    "api/v1/delegates/(?P<pk>[^/.]+)/$": [
        Case(api_owned(), kwargs=A("draft")),
        Case(
            api_owned(),
            kwargs=A("draft"),
            method="put",
            data=lambda w: {"family_name": "Hijacked"},
            json=True,
        ),
        Case(
            api_owned(),
            kwargs=A("draft"),
            method="patch",
            data=lambda w: {"family_name": "Hijacked"},
            json=True,
        ),
        Case(api_owned(no_content), kwargs=A("submitted"), method="delete"),
    ],
    "api/v1/delegates/(?P<pk>[^/.]+)/accredit/$": [
        Case(api_organiser(), kwargs=A("submitted"), method="post", writers=ORGANISER),
        Case(api_organiser(not_allowed), kwargs=A("submitted")),
    ],
    "api/v1/delegates/(?P<pk>[^/.]+)/reject/$": [
        Case(
            api_organiser(),
            kwargs=A("submitted"),
            method="post",
            data=lambda w: {"reason": "Because."},
            json=True,
            writers=ORGANISER,
        ),
    ],
    "api/v1/sessions/$": case(api_any()),
    "api/v1/sessions/(?P<pk>[^/.]+)/$": case(api_any(), kwargs=lambda w: {"pk": w.session.pk}),
    "api/v1/registrations/$": [
        Case(api_any(), a_rows=lambda w: {w.a.registration.pk}),
        Case(
            # A's submitted delegate is not accredited: refused for A as well, with a reason.
            api_owned(bad_request, other=bad_request, door=bad_request),
            method="post",
            data=lambda w: {"session": w.session.pk, "delegate": w.a.submitted.pk},
            missing_data=lambda w: {"session": w.session.pk, "delegate": MISSING},
            json=True,
        ),
    ],
    "api/v1/registrations/(?P<pk>[^/.]+)/$": [
        Case(api_owned(), kwargs=A("registration")),
        Case(api_owned(no_content), kwargs=A("registration"), method="delete"),
    ],
    "api/v1/speakers/$": [
        Case(api_any(), a_rows=lambda w: {w.a.speaker_entry.pk}),
        Case(
            # An unknown level: refused for A as well, by the field.
            api_owned(bad_request, other=bad_request, door=bad_request),
            method="post",
            data=lambda w: {
                "session": w.plenary.pk,
                "delegation": w.a.delegation.pk,
                "level": "emperor",
                "speaker_name": "Walk speaker",
            },
            missing_data=lambda w: {
                "session": w.plenary.pk,
                "delegation": MISSING,
                "level": "emperor",
                "speaker_name": "Walk speaker",
            },
            json=True,
        ),
    ],
    "api/v1/speakers/(?P<pk>[^/.]+)/$": [
        Case(api_owned(), kwargs=A("speaker_entry")),
        Case(api_owned(no_content), kwargs=A("speaker_entry"), method="delete"),
    ],
    "api/v1/speakers/(?P<pk>[^/.]+)/statement/$": case(
        api_owned(bad_request),  # no file
        kwargs=A("speaker_entry"),
        method="post",
        data=lambda w: {},
        json=True,
    ),
    # The secretariat's: focal points are refused, whichever entry they name.
    "api/v1/speakers/(?P<pk>[^/.]+)/move/$": case(
        api_organiser(ok),
        kwargs=A("speaker_entry"),
        method="post",
        data=lambda w: {"position": 1, "reason": "Walk"},
        json=True,
        writers=ORGANISER,
    ),
    "api/v1/speakers/(?P<pk>[^/.]+)/merge/$": case(
        api_organiser(bad_request),
        kwargs=A("speaker_entry"),
        method="post",
        data=lambda w: {"other": MISSING, "reason": "Walk"},
        json=True,
    ),
    "api/v1/signing-requests/$": [
        Case(api_any(), a_rows=lambda w: {w.a.signing_request.pk}),
        Case(
            api_owned(bad_request, other=bad_request, door=bad_request),  # A has one already
            method="post",
            data=lambda w: {
                "delegation": w.a.delegation.pk,
                "representative": w.a.head.pk,
                "level": "head_of_state",
            },
            missing_data=lambda w: {
                "delegation": MISSING,
                "representative": MISSING,
                "level": "head_of_state",
            },
            json=True,
        ),
    ],
    "api/v1/signing-requests/(?P<pk>[^/.]+)/$": [
        Case(api_owned(), kwargs=A("signing_request")),
        Case(
            api_owned(),
            kwargs=A("signing_request"),
            method="patch",
            data=lambda w: {"level": "head_of_state"},
            json=True,
        ),
        Case(api_owned(no_content), kwargs=A("signing_request"), method="delete"),
    ],
    "api/v1/signing-requests/(?P<pk>[^/.]+)/verify/$": case(
        api_organiser(),
        kwargs=A("signing_request"),
        method="post",
        writers=ORGANISER,
    ),
    "api/v1/signing-requests/(?P<pk>[^/.]+)/reject/$": case(
        api_organiser(),
        kwargs=A("signing_request"),
        method="post",
        data=lambda w: {"reason": "Not signed."},
        json=True,
        writers=ORGANISER,
    ),
    "api/v1/signing-requests/(?P<pk>[^/.]+)/sign/$": case(
        # Full powers are not verified yet: the database refuses the signature.
        api_organiser(bad_request),
        kwargs=A("signing_request"),
        method="post",
        data=lambda w: {},
        json=True,
        writers=ORGANISER,
    ),
    "api/v1/exports/$": [
        Case(api_any(), a_rows=lambda w: {w.a.export.pk}),
        Case(
            api_owned(accepted, other=bad_request, door=bad_request),
            method="post",
            data=lambda w: {
                "event": w.event.pk,
                "format": "csv",
                "scope": "delegation",
                "delegation": w.a.delegation.pk,
            },
            missing_data=lambda w: {
                "event": w.event.pk,
                "format": "csv",
                "scope": "delegation",
                "delegation": MISSING,
            },
            json=True,
        ),
    ],
    "api/v1/exports/(?P<pk>[^/.]+)/$": case(api_owned(), kwargs=A("export")),
    "api/v1/exports/(?P<pk>[^/.]+)/download/$": case(
        api_owned(file(EXPORT_BYTES)), kwargs=A("export")
    ),
    "api/v1/check-ins/$": [
        # Door staff scan; reading the scans takes the admin's permission to view them.
        Case(api_organiser(), query=lambda w: {"event": w.event.pk}, may_see_a=ORGANISER),
        Case(
            api_staff(created),
            method="post",
            data=lambda w: {"event": w.event.pk, "token": w.a.badge.token, "nonce": "walk-2"},
            json=True,
            may_see_a=frozenset({"organiser", "door"}),
            writers=frozenset({"organiser", "door"}),
        ),
    ],
    # The accreditation desk and the organisers: badges and zones take the admin's permissions.
    "api/v1/badges/$": case(
        api_organiser(), query=lambda w: {"event": w.event.pk}, may_see_a=ORGANISER
    ),
    "api/v1/badges/(?P<pk>[^/.]+)/$": case(api_organiser(), kwargs=A("badge"), may_see_a=ORGANISER),
    "api/v1/badges/(?P<pk>[^/.]+)/reissue/$": case(
        api_organiser(created),
        method="post",
        kwargs=A("badge"),
        data=lambda w: {"cause": "lost"},
        json=True,
        may_see_a=ORGANISER,
        writers=ORGANISER,
    ),
    "api/v1/zones/$": [
        Case(api_organiser(), query=lambda w: {"event": w.event.pk}, may_see_a=ORGANISER),
        Case(
            api_organiser(created),
            method="post",
            data=lambda w: {
                "event": w.event.pk,
                "name": "Press centre",
                "kind": "press_centre",
                "categories": ["media"],
            },
            json=True,
            may_see_a=ORGANISER,
            writers=ORGANISER,
        ),
    ],
    "api/v1/zones/(?P<pk>[^/.]+)/$": case(
        api_organiser(),
        kwargs=lambda w: {"pk": w.objects["delegations.zone"].pk},
        may_see_a=ORGANISER,
    ),
    "api/v1/attendance/$": [
        Case(api_organiser(), query=lambda w: {"event": w.event.pk}),
        Case(api_organiser(bad_request)),
    ],
}


def format_suffix_base(route):
    """A format-suffix route (``.json``) answers as its route without the suffix."""
    base = route.replace(r"\.(?P<format>[a-z0-9]+)/?$", "/$")
    return base if base != route else None


# Public pages, the door, languages ----------------------------------------------------------

event_slug = lambda w: {"slug": w.event.slug}  # noqa: E731

PUBLIC = {
    # The public pages and feeds, at their address in English (any language answers alike).
    "en/": case(everyone(ok)),
    "en/events/<slug:slug>/schedule.ics": case(everyone(ok), kwargs=event_slug),
    "en/events/<slug:slug>/schedule.json": case(everyone(ok), kwargs=event_slug),
    "en/events/<slug:slug>/schedule.xml": case(everyone(ok), kwargs=event_slug),
    # The public programme: the released version, for anyone; A's people are not in it.
    "en/events/<slug:slug>/": [
        Case(everyone(ok), kwargs=event_slug),
        Case(everyone(not_found), kwargs=lambda w: {"slug": "no-such-event"}),
    ],
    "en/events/<slug:slug>/day/<str:day>/": [
        Case(everyone(ok), kwargs=lambda w: {"slug": w.event.slug, "day": "2025-10-25"}),
        Case(
            everyone(ok),
            kwargs=lambda w: {"slug": w.event.slug, "day": "2025-10-25"},
            query=lambda w: {"kind": "not-a-kind", "room": "Nowhere"},
        ),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "day": "2031-01-01"}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "day": "not-a-day"}),
    ],
    "en/events/<slug:slug>/sessions/<slug:session_slug>/": [
        Case(everyone(ok), kwargs=lambda w: {"slug": w.event.slug, "session_slug": w.session.slug}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "session_slug": "nope"}),
    ],
    "en/events/<slug:slug>/sessions/<slug:session_slug>.ics": [
        Case(everyone(ok), kwargs=lambda w: {"slug": w.event.slug, "session_slug": w.session.slug}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "session_slug": "nope"}),
    ],
    # A speaker has a page; A's head of delegation, who speaks nowhere, has none.
    # A delegation's statement is public while its speaker is inscribed; B has none.
    "en/events/<slug:slug>/sessions/<slug:session_slug>/statements/<int:pk>/": [
        Case(
            everyone(file(STATEMENT_BYTES)),
            kwargs=lambda w: {
                "slug": w.event.slug,
                "session_slug": w.plenary.slug,
                "pk": w.a.speaker_entry.pk,
            },
            may_see_a=frozenset(ROLES),
        ),
        Case(
            everyone(not_found),
            kwargs=lambda w: {
                "slug": w.event.slug,
                "session_slug": w.plenary.slug,
                "pk": w.b.speaker_entry.pk,
            },
        ),
    ],
    "en/events/<slug:slug>/people/<int:pk>/": [
        Case(
            everyone(ok),
            kwargs=lambda w: {
                "slug": w.event.slug,
                "pk": w.objects["programme.sessionrole"].delegate_id,
            },
        ),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "pk": w.a.head.pk}),
    ],
    "en/events/<slug:slug>/changes/": case(everyone(ok), kwargs=event_slug),
    "en/events/<slug:slug>/changes.atom": case(everyone(ok), kwargs=event_slug),
    "en/events/<slug:slug>/search/": [
        # Part of A's head's name (the query is echoed, the whole name must not show).
        Case(everyone(ok), kwargs=event_slug, query=lambda w: {"q": "Quuxing"}),
        Case(everyone(ok), kwargs=event_slug, query=lambda w: {"q": "walk"}),
    ],
    # The programme on other sites: the widget's script, the embed pages, the snippets.
    "en/events/<slug:slug>/widget.js": [
        Case(everyone(ok), kwargs=event_slug),
        Case(everyone(not_found), kwargs=lambda w: {"slug": "no-such-event"}),
    ],
    "en/events/<slug:slug>/widget/": [
        Case(everyone(ok), kwargs=event_slug),
        Case(
            everyone(ok),
            kwargs=event_slug,
            query=lambda w: {"language": "ar", "day": "2025-10-25", "limit": "5"},
        ),
        Case(
            everyone(ok),
            kwargs=event_slug,
            query=lambda w: {"language": "xx", "room": "Nowhere", "height": "-1"},
        ),
        Case(everyone(not_found), kwargs=lambda w: {"slug": "no-such-event"}),
    ],
    "en/events/<slug:slug>/embed/": [
        Case(everyone(ok), kwargs=event_slug),
        Case(everyone(ok), kwargs=event_slug, query=lambda w: {"kind": "not-a-kind"}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": "no-such-event"}),
    ],
    "en/events/<slug:slug>/embed/<str:day>/": [
        Case(everyone(ok), kwargs=lambda w: {"slug": w.event.slug, "day": "2025-10-25"}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "day": "2031-01-01"}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "day": "not-a-day"}),
    ],
    "en/events/<slug:slug>/v/<int:version>/schedule.<str:format_name>": [
        Case(
            everyone(ok),
            kwargs=lambda w, f=f: {"slug": w.event.slug, "version": 1, "format_name": f},
        )
        for f in ("ics", "json", "xml")
    ]
    + [
        Case(
            everyone(not_found),
            kwargs=lambda w: {"slug": w.event.slug, "version": 9, "format_name": "json"},
        ),
        Case(
            everyone(not_found),
            kwargs=lambda w: {"slug": w.event.slug, "version": 1, "format_name": "pdf"},
        ),
    ],
    "en/events/<slug:slug>/signatories/": [
        Case(everyone(ok), kwargs=event_slug),
        Case(everyone(not_found), kwargs=lambda w: {"slug": "no-such-event"}),
    ],
    "en/events/<slug:slug>/signatories.<str:format_name>": [
        Case(everyone(ok), kwargs=lambda w: {"slug": w.event.slug, "format_name": "csv"}),
        Case(everyone(ok), kwargs=lambda w: {"slug": w.event.slug, "format_name": "xlsx"}),
        Case(everyone(not_found), kwargs=lambda w: {"slug": w.event.slug, "format_name": "pdf"}),
    ],
    "checkin/<slug:slug>/": [
        Case(admin_only(ok, ok), kwargs=event_slug, may_see_a=frozenset({"organiser", "door"})),
        Case(
            admin_only(ok, ok),
            kwargs=event_slug,
            method="post",
            data=lambda w: {"token": w.a.badge.token, "nonce": "walk-door-1", "gate": ""},
            may_see_a=frozenset({"organiser", "door"}),
            writers=frozenset({"organiser", "door"}),
        ),
        Case(admin_only(not_found, not_found), kwargs=lambda w: {"slug": "no-such-event"}),
    ],
    "i18n/setlang/": [
        Case(everyone(redirect(lambda w: "/"))),
        Case(
            everyone(redirect(lambda w: "/")),
            method="post",
            data=lambda w: {"language": "fr"},
            writers=frozenset(ROLES),
        ),
    ],
}


# The admin --------------------------------------------------------------------------------


def job_cases(label):
    """A job's bar (read by whoever may view the job) and its stop, a POST only: the world's
    jobs have ended, so the organiser's stop is refused and goes back to the job's page."""
    object_id = lambda w: {"object_id": admin_object_id(w, label)}  # noqa: E731
    return (
        case(admin_only(ok, not_found), kwargs=object_id),
        [
            Case(admin_only(not_allowed, not_allowed), kwargs=object_id),
            Case(
                admin_only(redirect(admin_change_url(label)), not_found),
                kwargs=object_id,
                method="post",
                writers=ORGANISER,
            ),
        ],
    )


def admin_change_url(label):
    app_label, model_name = label.split(".")
    return lambda w: reverse(
        f"admin:{app_label}_{model_name}_change", args=[admin_object_id(w, label)]
    )


ADMIN_SITE = {
    "admin/": case(admin_only(ok, ok)),
    "admin/login/": case(
        Expect(ok, ok, ok, redirect("admin:index"), redirect("admin:index")),
    ),
    "admin/logout/": [
        Case(Expect(*[redirect("admin:index")] * 3, not_allowed, not_allowed)),
        Case(
            Expect(*[redirect("admin:index")] * 3, *[redirect("portal:login")] * 2),
            method="post",
            writers=frozenset(ROLES),
        ),
    ],
    "admin/password_change/": case(admin_only(ok, ok)),
    "admin/password_change/done/": case(admin_only(ok, ok)),
    "admin/autocomplete/": [
        Case(admin_only(forbidden, forbidden)),
        Case(
            admin_only(ok, forbidden),
            query=lambda w: {
                "app_label": "ceremony",
                "model_name": "roomunavailability",
                "field_name": "room",
                "term": "Plenary",
            },
        ),
    ],
    "admin/jsi18n/": case(admin_only(ok, ok)),
    "admin/r/<path:content_type_id>/<path:object_id>/": case(
        admin_only(not_found, not_found),  # no model of the planner has a public page
        kwargs=lambda w: {
            "content_type_id": content_type_id("delegations.delegation"),
            "object_id": w.a.delegation.pk,
        },
    ),
    "admin/(?P<app_label>auth|authtoken|axes|django_celery_results|django_celery_beat"
    "|ceremony|delegations|programme)/$": [
        Case(admin_only(ok, not_found), kwargs=lambda w: {"app_label": "delegations"}),
        Case(admin_only(not_found, not_found), kwargs=lambda w: {"app_label": "auth"}),
    ],
    "admin/(?P<url>.*)$": case(
        admin_only(not_found, not_found), kwargs=lambda w: {"url": "no-such-page/"}
    ),
    "admin/auth/user/<id>/password/": case(
        admin_only(forbidden), kwargs=lambda w: {"id": w.a.user.pk}
    ),
    "admin/ceremony/event/<int:object_id>/signing/": case(
        admin_only(ok, not_found), kwargs=lambda w: {"object_id": w.event.pk}
    ),
    "admin/ceremony/event/<int:object_id>/signing/run-sheet.<str:format_name>": [
        Case(
            admin_only(ok, not_found),
            kwargs=lambda w: {"object_id": w.event.pk, "format_name": "csv"},
        ),
        Case(
            admin_only(not_found, not_found),
            kwargs=lambda w: {"object_id": w.event.pk, "format_name": "pdf"},
        ),
    ],
    "admin/ceremony/event/<int:object_id>/seating/": [
        Case(admin_only(ok, not_found), kwargs=lambda w: {"object_id": w.event.pk}),
        Case(
            admin_only(ok, not_found),  # the form answers: the confirmation is missing
            kwargs=lambda w: {"object_id": w.event.pk},
            method="post",
            data=lambda w: {"action": "draw"},
            writers=ORGANISER,
        ),
    ],
    "admin/ceremony/event/<int:object_id>/seating/<int:plan_id>/<slug:kind>.pdf": [
        Case(
            admin_only(ok, not_found),
            kwargs=lambda w: {
                "object_id": w.event.pk,
                "plan_id": w.objects["ceremony.seatingplan"].pk,
                "kind": "floor-plan",
            },
        ),
        Case(
            admin_only(not_found, not_found),
            kwargs=lambda w: {
                "object_id": w.event.pk,
                "plan_id": w.objects["ceremony.seatingplan"].pk,
                "kind": "menu",
            },
        ),
    ],
    # The secrets just made, shown once to whoever made them (none here: the page says so).
    "admin/ceremony/webhookendpoint/secrets/": case(admin_only(ok, forbidden)),
    "admin/ceremony/event/<int:object_id>/dashboard/": case(
        admin_only(ok, not_found), kwargs=lambda w: {"object_id": w.event.pk}
    ),
    # A long job's bar, polled by its page (nothing to show here: no recount, no order built).
    "admin/ceremony/event/<int:object_id>/dashboard/progress/": case(
        admin_only(ok, not_found), kwargs=lambda w: {"object_id": w.event.pk}
    ),
    "admin/ceremony/event/<int:object_id>/signing/progress/": case(
        admin_only(ok, not_found), kwargs=lambda w: {"object_id": w.event.pk}
    ),
    **{
        f"admin/programme/{label.split('.')[1]}/<int:object_id>/{path}": cases
        for label, views in {
            "programme.exportjob": ("progress/", "cancel/"),
            "programme.scheduleproposal": ("progress/", "cancel/"),
            "programme.schedulerelease": ("sending/", "sending/stop/"),
        }.items()
        for path, cases in zip(views, job_cases(label), strict=True)
    },
    # The accreditation desk: staff holding the permission to reissue badges; door staff, 403.
    "admin/delegations/badge/desk/": case(
        admin_only(ok), query=lambda w: {"q": w.a.badge.number}, may_see_a=ORGANISER
    ),
    "admin/delegations/badge/desk/<int:delegate_id>/photo/": case(
        admin_only(redirect("admin:delegations_badge_desk")),
        method="post",
        kwargs=lambda w: {"delegate_id": w.a.head.pk},
        data=lambda w: {},
        writers=ORGANISER,
    ),
    "admin/delegations/badge/desk/<int:badge_id>/reissue/": case(
        admin_only(redirect("admin:delegations_badge_desk")),
        method="post",
        kwargs=lambda w: {"badge_id": w.a.badge.pk},
        data=lambda w: {"cause": "lost"},
        writers=ORGANISER,
    ),
    "admin/delegations/badge/desk/<int:badge_id>/badge.pdf": case(
        admin_only(ok), kwargs=lambda w: {"badge_id": w.a.badge.pk}, may_see_a=ORGANISER
    ),
    "admin/ceremony/event/<int:object_id>/schedule/": case(
        admin_only(ok, not_found), kwargs=lambda w: {"object_id": w.event.pk}
    ),
    # A move is a POST; without the editor's script, its outcome comes back to the grid.
    "admin/ceremony/event/<int:object_id>/schedule/move/": [
        Case(admin_only(not_allowed, not_allowed), kwargs=lambda w: {"object_id": w.event.pk}),
        Case(
            admin_only(
                Outcome(302, lambda w: reverse("admin:ceremony_event_schedule", args=[w.event.pk])),
                not_found,
            ),
            kwargs=lambda w: {"object_id": w.event.pk},
            method="post",
            data=lambda w: {"session": w.session.pk, "room": "", "start": "nonsense"},
        ),
    ],
    # The speaking order: reading it changes nothing; a change needs the change right.
    "admin/programme/speakerslist/<path:object_id>/order/": [
        Case(
            admin_only(ok, forbidden),
            kwargs=lambda w: {"object_id": w.objects["programme.speakerslist"].pk},
        ),
        Case(
            admin_only(ok, forbidden),  # no entry chosen: the form says so
            kwargs=lambda w: {"object_id": w.objects["programme.speakerslist"].pk},
            method="post",
            data=lambda w: {"action": "move", "reason": "Walk"},
        ),
    ],
    # A proposal's confirmation page: reading it applies nothing; its POST needs the change right.
    "admin/programme/scheduleproposal/<path:object_id>/apply/": case(
        admin_only(ok, forbidden),
        kwargs=lambda w: {"object_id": w.objects["programme.scheduleproposal"].pk},
    ),
}

#: The private files the admin serves to staff who may view the record.
ADMIN_PRIVATE_FILES = {
    "ceremony.signingrequest": ("full_powers_document", FULL_POWERS_BYTES),
    "delegations.delegate": ("photo", PHOTO_BYTES),
    "programme.exportjob": ("file", EXPORT_BYTES),
    "programme.speakerentry": ("statement", STATEMENT_BYTES),
}


@dataclass(frozen=True)
class Rights:
    """What an organiser may do with a model in the admin (as its ModelAdmin decides)."""

    view: bool = True
    add: bool = True
    delete: bool = True


NONE = Rights(view=False, add=False, delete=False)

#: Every model registered in the admin. Organisers manage the planner's own apps; the
#: framework's (accounts, tokens, sign-in logs, task results, schedules) are the superuser's.
ADMIN_MODELS = {
    "auth.group": NONE,
    "auth.user": NONE,
    "authtoken.tokenproxy": NONE,
    "axes.accessattempt": NONE,
    "axes.accesslog": NONE,
    "axes.accessfailurelog": NONE,
    "django_celery_results.taskresult": NONE,
    "django_celery_results.groupresult": NONE,
    "django_celery_beat.periodictask": NONE,
    "django_celery_beat.clockedschedule": NONE,
    "django_celery_beat.crontabschedule": NONE,
    "django_celery_beat.solarschedule": NONE,
    "django_celery_beat.intervalschedule": NONE,
    "ceremony.event": Rights(),
    "ceremony.venue": Rights(),
    "ceremony.room": Rights(),
    "ceremony.interpreterpool": Rights(),
    "ceremony.roomunavailability": Rights(),
    "ceremony.signingrequest": Rights(add=False),  # requests come from focal points
    "ceremony.treatydeposit": Rights(),
    "ceremony.signingorderreport": Rights(add=False),  # written by the signing-order job
    "ceremony.webhookendpoint": Rights(),
    "ceremony.seatingdraw": Rights(add=False),  # drawn on the event's seating page
    "ceremony.seatingplan": Rights(add=False),  # built on the event's seating page
    "ceremony.seatassignment": Rights(add=False),
    "ceremony.webhookdelivery": Rights(add=False),  # written by the webhooks it logs
    "delegations.delegation": Rights(),
    "delegations.delegate": Rights(),
    "delegations.delegationquota": Rights(),
    "delegations.focalpoint": Rights(),
    "delegations.focalpointinvitation": Rights(add=False),  # sent by an action
    "delegations.badge": Rights(add=False),  # issued by accreditation
    "delegations.zone": Rights(),
    "programme.session": Rights(),
    "programme.sessionrole": Rights(),
    "programme.sessionregistration": Rights(),
    "programme.checkin": Rights(add=False),  # scanned at the doors
    "programme.scheduleproposal": Rights(add=False),  # made by the engine
    "programme.schedulerelease": Rights(add=False, delete=False),  # immutable
    # written by the release; kept as the record of who was told (discarded, not deleted)
    "programme.releasenotification": Rights(add=False, delete=False),
    "programme.exportjob": Rights(),
    "programme.attendancesnapshot": Rights(add=False),  # taken by the job
    "programme.speakerslist": Rights(),
    # inscribed by delegations; withdrawn or merged on the list's page, never deleted
    "programme.speakerentry": Rights(add=False, delete=False),
}


def admin_object_id(w, label):
    obj = w.objects[label]
    return obj.user_id if label == "authtoken.tokenproxy" else obj.pk


def content_type_id(label):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_by_natural_key(*label.split(".")).pk


def admin_model_cases(label, model_admin):
    """The generic admin views of one model, and the private-file and history views."""
    rights = ADMIN_MODELS[label]
    app_label, model_name = label.split(".")
    prefix = f"admin/{app_label}/{model_name}/"
    object_id = lambda w: {"object_id": admin_object_id(w, label)}  # noqa: E731

    def allowed(flag):
        return ok if flag else forbidden

    cases = {
        prefix: case(admin_only(allowed(rights.view))),
        f"{prefix}add/": case(admin_only(allowed(rights.add))),
        f"{prefix}<path:object_id>/change/": case(
            admin_only(allowed(rights.view)), kwargs=object_id
        ),
        f"{prefix}<path:object_id>/delete/": case(
            admin_only(allowed(rights.delete)), kwargs=object_id
        ),
        f"{prefix}<path:object_id>/history/": case(
            admin_only(allowed(rights.view)), kwargs=object_id
        ),
        f"{prefix}<path:object_id>/": case(
            admin_only(redirect(admin_change_url(label)), redirect(admin_change_url(label))),
            kwargs=object_id,
        ),
    }
    if hasattr(model_admin, "history_form_view"):
        cases[f"{prefix}([^/]+)/history/([^/]+)/$"] = case(
            admin_only(allowed(rights.view)),
            args=lambda w: [
                w.objects[label].pk,
                w.objects[label].history.order_by("-history_id").first().history_id,
            ],
        )
    if label in ADMIN_PRIVATE_FILES:
        name, content = ADMIN_PRIVATE_FILES[label]
        cases[f"{prefix}<int:object_id>/file/<str:field>/"] = [
            Case(
                admin_only(file(content), not_found),
                kwargs=lambda w: {**object_id(w), "field": name},
            ),
            Case(
                admin_only(not_found, not_found),
                kwargs=lambda w: {**object_id(w), "field": "history"},
            ),
        ]
    return cases


def admin_cases():
    cases = dict(ADMIN_SITE)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label not in ADMIN_MODELS:
            continue  # test_every_admin_model_has_rights names it
        cases.update(admin_model_cases(label, model_admin))
    return cases


def expectations():
    return {**PORTAL, **API, **PUBLIC, **admin_cases()}


# The resolver -------------------------------------------------------------------------------


def join(prefix, pattern):
    """Routes as ``ResolverMatch.route`` spells them (an inner regex loses its ``^``)."""
    text = str(pattern)
    return prefix + text.removeprefix("^") if prefix else text


def routes(patterns=None, prefix=""):
    """Every URL pattern of config.urls, as its full route."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = join(prefix, pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route


ALL_ROUTES = sorted(set(routes()))
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
GROUP = re.compile(r"\([^?)][^)]*\)")


def fill(route, kwargs, args):
    """A path for the route with the given values in its parameters."""
    positional = iter(args)
    path = NAMED_GROUP.sub(lambda m: str(kwargs[m.group(1)]), route)
    path = CONVERTER.sub(lambda m: str(kwargs[m.group(1)]), path)
    path = GROUP.sub(lambda m: str(next(positional)), path)
    path = path.replace("\\.", ".").replace("/?$", "").removesuffix("$")
    return "/" + path


def missing_ids(values):
    """The same parameters with every id replaced by one that does not exist."""
    return {key: MISSING if isinstance(value, int) else value for key, value in values.items()}


def cases_of(route):
    table = expectations()
    if route in table:
        return route, table[route]
    base = format_suffix_base(route)
    if base in table:
        return base, [Case(**{**c.__dict__, "kwargs": suffixed(c.kwargs)}) for c in table[base]]
    pytest.fail(f"No expectation is written for {route!r}: decide who may request it.")


def suffixed(kwargs):
    return lambda w: {**kwargs(w), "format": "json"}


# Running a case -------------------------------------------------------------------------------


def snapshot():
    """Every row of the planner's tables (histories included) and of the accounts."""
    rows = {}
    for app_label in ("ceremony", "delegations", "programme", "auth", "authtoken"):
        for model in apps.get_app_config(app_label).get_models():
            values = model.objects.order_by("pk").values()
            rows[model._meta.label] = [
                {key: value for key, value in row.items() if key != "last_login"} for row in values
            ]
    return rows


def body_of(response):
    if not hasattr(response, "_walk_body"):
        response._walk_body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    return response._walk_body


def send(client, case, path, data):
    query = case.query(client.walk_world) if case.query else None
    if case.method == "get":
        return client.get(path, query)
    if query:
        path = f"{path}?{urlencode(query)}"
    send_as = getattr(client, case.method)
    if case.json:
        return send_as(path, json.dumps(data or {}), content_type="application/json")
    if case.method == "post":
        return client.post(path, data or {})
    return send_as(path)


def comparable(response):
    body = body_of(response)
    if response.get("Content-Type", "").startswith("application/json"):
        return response.status_code, json.loads(body)
    return response.status_code, body


def problems_of(role, case, outcome, response, w, route):
    problems = []
    if response.status_code != outcome.status:
        problems.append(f"answered {response.status_code}, expected {outcome!r}")
    expected_location = outcome.location(w)
    if expected_location is not None:
        location = urlsplit(response.get("Location", "")).path
        if location != expected_location:
            problems.append(f"went to {location!r}, expected {expected_location!r}")
    if outcome.body is not None and body_of(response) != outcome.body:
        problems.append("the file's bytes differ")
    if role not in case.may_see_a:
        text = body_of(response).decode("utf-8", "replace")
        shown = [marker for marker in A_MARKERS if marker in text]
        if shown:
            problems.append(f"shows A's data: {shown}")
        if case.a_rows and response.get("Content-Type", "").startswith("application/json"):
            listed = {row.get("id") for row in json.loads(body_of(response)).get("results", [])}
            if listed & case.a_rows(w):
                problems.append(f"lists A's rows {sorted(listed & case.a_rows(w))}")
    return problems


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end; each test
    runs in a savepoint of it, as any pytest-django test does."""
    storage = PrivateFileSystemStorage(location=tmp_path_factory.mktemp("private-media"))
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        for model, name in PRIVATE_FIELDS:
            patch.setattr(model._meta.get_field(name), "storage", storage)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield walk_world.build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def clients(world, organiser):
    people = {
        "anonymous": None,
        "other": world.b.user,
        "owner": world.a.user,
        "organiser": organiser,
        "door": world.door,
    }
    made = {}
    for role, user in people.items():
        made[role] = Client()
        made[role].walk_world = world
        if user is not None:
            made[role].force_login(user)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("route", ALL_ROUTES, ids=[route or "(root)" for route in ALL_ROUTES])
def test_each_person_gets_the_written_answer(route, world, clients):
    key, cases = cases_of(route)
    failures = []
    for number, walk_case in enumerate(cases):
        values = walk_case.kwargs(world)
        path = fill(route, values, walk_case.args(world))
        assert resolve(urlsplit(path).path).route == route, f"{path} does not reach {route}"
        data = walk_case.data(world) if walk_case.data else None
        for role in ROLES:
            outcome = getattr(walk_case.expect, role)
            client = clients[role]
            label = f"case {number} {walk_case.method.upper()} {path} as {role}"
            with transaction.atomic():
                before = snapshot() if walk_case.method != "get" else None
                response = send(client, walk_case, path, data)
                problems = problems_of(role, walk_case, outcome, response, world, route)
                writer = before is None or role in walk_case.writers
                if not writer and snapshot() != before:
                    problems.append("changed the database")
                if role == "other" and outcome.status in (400, 403, 404):
                    missing_path = fill(route, missing_ids(values), walk_case.args(world))
                    missing_data = walk_case.missing_data(world) if walk_case.missing_data else data
                    if missing_path != path or walk_case.missing_data:
                        missing = send(client, walk_case, missing_path, missing_data)
                        if comparable(missing) != comparable(response):
                            problems.append(
                                "answers otherwise than for a missing id: "
                                f"{comparable(response)!r} vs {comparable(missing)!r}"
                            )
                transaction.set_rollback(True)
            failures.extend(f"{label}: {problem}" for problem in problems)
    assert not failures, "\n".join(failures)


def test_every_url_pattern_has_an_expectation():
    written = set(expectations())
    unwritten = [
        route for route in ALL_ROUTES if route not in written and format_suffix_base(route) is None
    ]
    stale = sorted(written - set(ALL_ROUTES))

    assert not unwritten, f"URL patterns nobody decided on: {unwritten}"
    assert not stale, f"Expectations for patterns that no longer exist: {stale}"


def test_every_admin_model_has_rights():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered == set(ADMIN_MODELS)


def test_the_walk_covers_the_whole_resolver():
    """The walk is not a list kept by hand: it is what the resolver serves, admin included."""
    assert len(ALL_ROUTES) > 250
    assert "admin/delegations/delegate/<path:object_id>/change/" in ALL_ROUTES
    assert "api/v1/delegates/(?P<pk>[^/.]+)/$" in ALL_ROUTES
    assert "en/events/<slug:slug>/schedule.ics" in ALL_ROUTES


def test_the_walk_notices_a_leak_a_wrong_answer_and_a_wrong_redirect():
    """The checks can fail: a body naming A, a list holding A's row, another status, another
    redirect, other bytes are each reported."""
    from django.http import HttpResponse, HttpResponseRedirect, JsonResponse

    listing = Case(api_any(), a_rows=lambda w: {7})
    named = HttpResponse(f"<p>{A_MARKERS[1]}</p>")
    rows = JsonResponse({"results": [{"id": 7}, {"id": 8}]})

    assert problems_of("other", listing, ok, named, None, "")[0].startswith("shows A's data")
    assert problems_of("owner", listing, ok, named, None, "") == []
    assert problems_of("other", listing, ok, rows, None, "") == ["lists A's rows [7]"]
    assert problems_of("other", listing, not_found, HttpResponse(), None, "") == [
        "answered 200, expected 404"
    ]
    assert problems_of(
        "other", listing, redirect(lambda w: "/portal/"), HttpResponseRedirect("/admin/"), None, ""
    ) == ["went to '/admin/', expected '/portal/'"]
    assert problems_of("owner", listing, file(b"pdf"), HttpResponse(b"png"), None, "") == [
        "the file's bytes differ"
    ]
