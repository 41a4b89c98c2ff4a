"""The organisers' admin: every page answers, and changelists cost the same at 5 and 500 rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremony.services.organisers import ORGANISER_APPS
from tests import factories

ADMINS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in ORGANISER_APPS),
    key=lambda model: model._meta.label,
)


def is_history_table(model):
    """django-simple-history's tables are shown on each record's History page instead."""
    return hasattr(model, "instance_type")


#: For each model, how to add n rows to one event.
ROW_BUILDERS = {
    "ceremony.Event": lambda n: factories.EventFactory.create_batch(n),
    "ceremony.Venue": lambda n: factories.VenueFactory.create_batch(n, event=_event()),
    "ceremony.Room": lambda n: factories.RoomFactory.create_batch(n, venue=_venue()),
    "ceremony.RoomUnavailability": lambda n: factories.RoomUnavailabilityFactory.create_batch(
        n, room=_room()
    ),
    "ceremony.InterpreterPool": lambda n: [
        factories.InterpreterPoolFactory(event=factories.EventFactory()) for _ in range(n)
    ],
    "ceremony.SigningRequest": lambda n: factories.SigningRequestFactory.create_batch(n),
    "ceremony.TreatyDeposit": lambda n: factories.TreatyDepositFactory.create_batch(n),
    "ceremony.SigningOrderReport": lambda n: factories.SigningOrderReportFactory.create_batch(
        n, event=_event()
    ),
    "ceremony.WebhookEndpoint": lambda n: factories.WebhookEndpointFactory.create_batch(
        n, event=_event()
    ),
    "ceremony.WebhookDelivery": lambda n: factories.WebhookDeliveryFactory.create_batch(
        n, endpoint=_endpoint()
    ),
    "ceremony.SeatingDraw": lambda n: factories.SeatingDrawFactory.create_batch(n, event=_event()),
    "ceremony.SeatingPlan": lambda n: factories.SeatingPlanFactory.create_batch(
        n, room__venue=_venue()
    ),
    "ceremony.SeatAssignment": lambda n: factories.SeatAssignmentFactory.create_batch(
        n, plan=_plan()
    ),
    "delegations.Delegation": lambda n: factories.DelegationFactory.create_batch(n, event=_event()),
    "delegations.Delegate": lambda n: factories.DelegateFactory.create_batch(
        n, delegation=_delegation()
    ),
    "delegations.DelegationQuota": lambda n: [
        factories.DelegationQuotaFactory(event=factories.EventFactory(), kind="ngo")
        for _ in range(n)
    ],
    "delegations.FocalPoint": lambda n: factories.FocalPointFactory.create_batch(
        n, delegation=_delegation()
    ),
    "delegations.FocalPointInvitation": lambda n: (
        factories.FocalPointInvitationFactory.create_batch(n, delegation=_delegation())
    ),
    "delegations.Badge": lambda n: factories.BadgeFactory.create_batch(
        n, delegate__delegation=_delegation()
    ),
    "delegations.Zone": lambda n: factories.ZoneFactory.create_batch(n, event=_event()),
    "programme.ExportJob": lambda n: factories.ExportJobFactory.create_batch(n, event=_event()),
    "programme.ScheduleProposal": lambda n: factories.ScheduleProposalFactory.create_batch(
        n, event=_event()
    ),
    "programme.ScheduleRelease": lambda n: factories.ScheduleReleaseFactory.create_batch(
        n, event=_event()
    ),
    "programme.ReleaseNotification": lambda n: factories.ReleaseNotificationFactory.create_batch(
        n, release=_release(), delegate__delegation=_delegation()
    ),
    "programme.Session": lambda n: factories.SessionFactory.create_batch(
        n, event=_event(), room=_room()
    ),
    "programme.SessionRole": lambda n: factories.SessionRoleFactory.create_batch(
        n, session=_session()
    ),
    "programme.SessionRegistration": lambda n: factories.SessionRegistrationFactory.create_batch(
        n, session=_session()
    ),
    "programme.SpeakersList": lambda n: factories.SpeakersListFactory.create_batch(
        n, session__event=_event(), session__room=_room()
    ),
    "programme.SpeakerEntry": lambda n: factories.SpeakerEntryFactory.create_batch(
        n, speakers_list=_speakers_list(), delegation=_delegation()
    ),
    "programme.CheckIn": lambda n: factories.CheckInFactory.create_batch(n, event=_event()),
    "programme.AttendanceSnapshot": lambda n: factories.AttendanceSnapshotFactory.create_batch(
        n, event=_event()
    ),
}


def _event():
    from ceremony.models import Event

    return Event.objects.filter(slug="shared").first() or factories.EventFactory(slug="shared")


def _venue():
    return factories.VenueFactory._meta.model.objects.filter(
        event=_event()
    ).first() or factories.VenueFactory(event=_event())


def _room():
    room_model = factories.RoomFactory._meta.model
    return room_model.objects.filter(venue=_venue()).first() or factories.RoomFactory(
        venue=_venue()
    )


def _plan():
    model = factories.SeatingPlanFactory._meta.model
    return model.objects.filter(room__venue__event=_event()).first() or (
        factories.SeatingPlanFactory(room__venue=_venue())
    )


def _endpoint():
    model = factories.WebhookEndpointFactory._meta.model
    return model.objects.filter(event=_event()).first() or factories.WebhookEndpointFactory(
        event=_event()
    )


def _delegation():
    model = factories.DelegationFactory._meta.model
    return model.objects.filter(event=_event()).first() or factories.DelegationFactory(
        event=_event()
    )


def _session():
    model = factories.SessionFactory._meta.model
    return model.objects.filter(event=_event()).first() or factories.SessionFactory(
        event=_event(), room=_room()
    )


def _speakers_list():
    model = factories.SpeakersListFactory._meta.model
    return model.objects.filter(session__event=_event()).first() or (
        factories.SpeakersListFactory(session__event=_event(), session__room=_room())
    )


def _release():
    model = factories.ScheduleReleaseFactory._meta.model
    return model.objects.filter(event=_event()).first() or factories.ScheduleReleaseFactory(
        event=_event()
    )


def rf_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_planner_has_an_admin():
    from django.apps import apps

    models = {
        model
        for label in ORGANISER_APPS
        for model in apps.get_app_config(label).get_models()
        if not is_history_table(model)
    }
    assert models == set(ADMINS)
    assert {model._meta.label for model in ADMINS} == set(ROW_BUILDERS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_pages_answer_for_an_organiser(organiser_client, organiser, model):
    (record,) = ROW_BUILDERS[model._meta.label](1)
    for url in (
        _url(model, "changelist"),
        _url(model, "change", record.pk),
        _url(model, "history", record.pk),
        _url(model, "changelist") + "?q=a",
    ):
        response = organiser_client.get(url)
        assert response.status_code == 200, url
    addable = admin.site._registry[model].has_add_permission(rf_request(organiser))
    assert organiser_client.get(_url(model, "add")).status_code == (200 if addable else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_changelist_queries_do_not_grow_with_rows(organiser_client, model):
    build = ROW_BUILDERS[model._meta.label]
    url = _url(model, "changelist")

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            response = organiser_client.get(url)
        assert response.status_code == 200
        return len(captured)

    build(5)
    at_five = queries_for_page()
    build(495)
    at_five_hundred = queries_for_page()
    assert model._default_manager.count() >= 500
    assert at_five == at_five_hundred


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("admin:programme_session_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_admin_form_refuses_a_room_clash_with_a_message(organiser_client):
    held = factories.SessionFactory(title="Opening session")
    local = held.event.local(held.start)
    response = organiser_client.post(
        _url(type(held), "add"),
        {
            "event": held.event.pk,
            "kind": "side_event",
            "title_en": "Clashing side event",
            "slug": "clashing",
            "room": held.room.pk,
            "start_0": f"{local:%Y-%m-%d}",
            "start_1": f"{local:%H:%M}",
            "duration_minutes": 30,
            "status": "scheduled",
            "interpretation": "none",
            "access": "open",
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Opening session" in response.content.decode()
    assert not type(held).objects.filter(slug="clashing").exists()
