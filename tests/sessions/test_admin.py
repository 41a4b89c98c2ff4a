"""Organisers register and cancel through the same services as the portal and the API."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from delegations.services.delegates import delegate_withdraw
from sessions import forms as registration_forms
from sessions.forms import RegistrationAdminForm
from sessions.models import ExportJob, SessionRegistration
from tests.factories import (
    DelegateFactory,
    SessionFactory,
    SessionRegistrationFactory,
)


@pytest.fixture
def session(db):
    return SessionFactory(capacity=1, access="invitation")


def accredited(session):
    return DelegateFactory(
        delegation__event=session.event,
        accreditation_status="accredited",
        accredited_at=session.start,
    )


def test_organiser_registers_for_an_invitation_only_session(organiser_client, session):
    delegate = accredited(session)
    response = organiser_client.post(
        reverse("admin:programme_sessionregistration_add"),
        {"session": session.pk, "delegate": delegate.pk},
    )
    assert response.status_code == 302
    assert SessionRegistration.objects.get().status == "confirmed"


def test_refusal_is_a_form_error_and_writes_nothing(organiser_client, session):
    not_accredited = DelegateFactory(delegation__event=session.event)
    response = organiser_client.post(
        reverse("admin:programme_sessionregistration_add"),
        {"session": session.pk, "delegate": not_accredited.pk},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not SessionRegistration.objects.exists()


def test_the_form_checks_and_writes_nothing_the_save_registers(session):
    """The admin's form asks the service whether it would refuse; the write is the admin's
    save, through the service, never the form's clean()."""
    form = RegistrationAdminForm({"session": session.pk, "delegate": accredited(session).pk})
    assert form.is_valid(), form.errors
    assert not SessionRegistration.objects.exists()


def test_a_rule_broken_between_the_check_and_the_write_is_reported(
    organiser_client, session, monkeypatch
):
    """Another desk takes the delegate's place first: the check passed, the write refuses; the
    organiser reads why, and nothing is saved."""
    delegate = accredited(session)
    monkeypatch.setattr(registration_forms, "registration_check", lambda **kwargs: None)
    SessionRegistrationFactory(session=session, delegate=delegate)
    response = organiser_client.post(
        reverse("admin:programme_sessionregistration_add"),
        {"session": session.pk, "delegate": delegate.pk},
        follow=True,
    )
    assert "is already registered" in response.content.decode()
    assert SessionRegistration.objects.count() == 1


def test_cancel_action_promotes_the_waiting_list(organiser_client, session):
    first = SessionRegistrationFactory(session=session, delegate=accredited(session))
    waiting = SessionRegistrationFactory(
        session=session, delegate=accredited(session), status="waiting"
    )
    organiser_client.post(
        reverse("admin:programme_sessionregistration_changelist"),
        {"action": "cancel", ACTION_CHECKBOX_NAME: [first.pk]},
    )
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "confirmed")


def test_withdrawn_delegate_gives_up_the_place(session):
    leaving = accredited(session)
    first = SessionRegistrationFactory(session=session, delegate=leaving)
    waiting = SessionRegistrationFactory(
        session=session, delegate=accredited(session), status="waiting"
    )
    delegate_withdraw(delegate=leaving)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "confirmed")


def test_admin_export_job_writes_a_private_file(
    exports_event, released_programme, organiser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:programme_exportjob_add"),
            {
                "event": exports_event.pk,
                "format": "xml",
                "language": "en",
                "scope": "event",
                "kind": "",
            },
        )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == "done" and job.file.name.startswith(f"exports/{exports_event.pk}/")
    page = organiser_client.get(reverse("admin:programme_exportjob_change", args=[job.pk]))
    assert page.status_code == 200
    link = reverse("admin:programme_exportjob_private_file", args=[job.pk, "file"])
    assert link in page.content.decode()
    download = organiser_client.get(link)
    assert b"<schedule>" in b"".join(download.streaming_content)


def test_admin_refuses_a_scope_without_its_value(
    exports_event, released_programme, organiser_client
):
    response = organiser_client.post(
        reverse("admin:programme_exportjob_add"),
        {"event": exports_event.pk, "format": "csv", "language": "en", "scope": "day", "kind": ""},
    )
    assert response.status_code == 200
    assert not ExportJob.objects.exists()
    form = response.context["adminform"].form
    assert form.errors == {"day": ["Choose the day to export."]}
    assert "export_day_scope_has_its_day" not in response.content.decode()


def test_the_export_form_keeps_only_the_scopes_field_and_preselects_the_only_event(
    exports_event, released_programme, organiser_client, django_capture_on_commit_callbacks
):
    add = reverse("admin:programme_exportjob_add")
    form = organiser_client.get(add).context["adminform"].form
    assert form.initial["event"] == exports_event.pk
    assert "admin/programme/exportjob.js" in str(form.media)
    with django_capture_on_commit_callbacks(execute=True):
        answer = organiser_client.post(
            add,
            {
                "event": exports_event.pk,
                "format": "csv",
                "language": "en",
                "scope": "event",
                "day": "2025-10-25",  # typed before the scope changed back to the whole event
                "kind": "plenary",
            },
        )
    assert answer.status_code == 302
    job = ExportJob.objects.get()
    assert (job.scope, job.day, job.kind) == ("event", None, "")


def test_a_saved_export_is_followed_not_edited(
    exports_event, released_programme, organiser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("admin:programme_exportjob_add"),
            {"event": exports_event.pk, "format": "csv", "language": "en", "scope": "event"},
        )
    job = ExportJob.objects.get()
    page = organiser_client.get(reverse("admin:programme_exportjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    edited = organiser_client.post(
        reverse("admin:programme_exportjob_change", args=[job.pk]),
        {"event": exports_event.pk, "format": "pdf", "scope": "event", "kind": ""},
    )
    assert edited.status_code == 403
    job.refresh_from_db()
    assert job.format == "csv"


# The release outbox ----------------------------------------------------------------------------


def outbox_action(client, action, rows, **filters):
    return client.post(
        reverse("admin:programme_releasenotification_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [row.pk for row in rows], **filters},
        follow=True,
    )


def test_the_release_page_links_to_the_messages_held_for_review(organiser_client, released_again):
    second = released_again.second
    page = organiser_client.get(
        reverse("admin:programme_schedulerelease_change", args=[second.pk])
    ).content.decode()
    assert "3 messages held for review" in page
    assert f"?release={second.pk}&amp;status__exact=held" in page
    assert "No e-mail address: 1" in page
    listing = organiser_client.get(
        reverse("admin:programme_releasenotification_changelist"),
        {"release": second.pk, "status__exact": "held"},
    ).content.decode()
    assert "3 release messages (outbox)" in listing
    assert "AUBERT" in listing and "GUSTAFSSON" not in listing
    releases = organiser_client.get(
        reverse("admin:programme_schedulerelease_changelist")
    ).content.decode()
    assert '<td class="field-held_messages">3</td>' in releases


def test_a_message_is_previewed_in_its_readers_language(organiser_client, released_again):
    people = released_again.people
    french = people.ana.release_notifications.get()
    arabic = people.chen.release_notifications.get()
    url = "admin:programme_releasenotification_change"
    page = organiser_client.get(reverse(url, args=[french.pk])).content.decode()
    assert "HANOI2025 · Modifications du programme · Version 2" in page
    assert "lundi 3 novembre 2025, 10:00–11:15" in page and 'dir="ltr" lang="fr"' in page
    assert "Their itinerary as of version 2 (iCalendar)" in page
    assert 'name="_save"' not in page  # read, then sent or discarded from the list
    page = organiser_client.get(reverse(url, args=[arabic.pk])).content.decode()
    assert "التغييرات في البرنامج" in page and 'dir="rtl" lang="ar"' in page


def test_organisers_send_discard_and_send_again_from_the_outbox(
    organiser_client, released_again, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    people = released_again.people
    ana, chen, dara = (
        person.release_notifications.get() for person in (people.ana, people.chen, people.dara)
    )
    discarded = outbox_action(organiser_client, "discard", [chen]).content.decode()
    assert "1 message discarded." in discarded

    def refused(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
    with django_capture_on_commit_callbacks(execute=True):
        sent = outbox_action(organiser_client, "send", [ana, chen, dara]).content.decode()
    assert "2 messages queued for sending." in sent
    assert "1 message was left as it was: “Send” takes messages held for review" in sent
    listing = organiser_client.get(
        reverse("admin:programme_releasenotification_changelist"), {"status__exact": "failed"}
    ).content.decode()
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in listing
    assert mailoutbox == []

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = outbox_action(organiser_client, "send_again", [ana, chen, dara]).content.decode()
    assert "3 messages queued for sending again." in again
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [people.ana.email, people.chen.email, people.dara.email]
    )
    assert set(released_again.second.notifications.values_list("status", flat=True)) == {
        "sent",
        "no_address",
    }


def test_a_release_whose_messages_were_never_written_gets_them_on_request(
    organiser_client, outbox_programme
):
    from sessions.services.release import schedule_release
    from tests.sessions.support.notifications import programme_changed

    programme_changed(outbox_programme)
    second = schedule_release(event=outbox_programme.event)  # never committed: no job ran
    assert second.notifications.count() == 0
    response = organiser_client.post(
        reverse("admin:programme_schedulerelease_changelist"),
        {"action": "messages_write", ACTION_CHECKBOX_NAME: [second.pk]},
        follow=True,
    )
    assert "HANOI2025 v2: 4 messages in the outbox." in response.content.decode()
    assert second.notifications.count() == 4
