"""The release outbox: who is told, what they read, and each message sent exactly once."""

import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from icalendar import Calendar

from sessions.enums import NotificationStatus
from sessions.models import ReleaseNotification
from sessions.selectors.timetabling import session_key
from sessions.services import notifications as outbox
from sessions.services.jobs import jobs_redispatch
from sessions.services.notifications import (
    notification_send,
    notifications_deliver,
    release_notifications_discard,
    release_notifications_queue,
    release_notifications_send,
)
from sessions.services.release import schedule_release
from tests.sessions.support.notifications import at, programme_changed

ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def plain(text):
    """Text without the Unicode isolates that keep names and titles from reordering it."""
    return text.translate(ISOLATES)


def rows_by_person(release):
    return {
        row.delegate.family_name: row for row in release.notifications.select_related("delegate")
    }


def sent_now(release, committed, **options):
    """The organiser sends the release's held messages; the workers (eager) send them."""
    with committed():
        return release_notifications_send(release=release, **options)


# Who is told ------------------------------------------------------------------------------------


def test_the_people_whose_sessions_moved_or_were_cancelled_get_one_message_each(released_again):
    people, second = released_again.people, released_again.second
    rows = rows_by_person(second)
    # Confirmed places and chairs and speakers; not the waiting list, not a cancelled place,
    # not the withdrawn speaker, not the delegate whose only session stayed where it was.
    assert set(rows) == {"Aubert", "Chen", "Dara", "Gustafsson"}
    panel, side = session_key(released_again.panel.pk), session_key(released_again.side.pk)
    assert rows["Dara"].changes == {"moved": [panel], "cancelled": [side]}
    assert rows["Aubert"].changes == {"moved": [panel], "cancelled": []}
    assert rows["Chen"].changes == {"moved": [], "cancelled": [side]}
    assert {name: row.status for name, row in rows.items()} == {
        "Aubert": NotificationStatus.HELD,
        "Chen": NotificationStatus.HELD,
        "Dara": NotificationStatus.HELD,
        "Gustafsson": NotificationStatus.NO_ADDRESS,
    }
    # Their own language, else their delegation's, else English.
    assert {name: row.language for name, row in rows.items()} == {
        "Aubert": "fr",
        "Chen": "ar",
        "Dara": "en",
        "Gustafsson": "en",
    }
    assert people.finn.release_notifications.count() == 0
    assert mail.outbox == []  # held for review: nothing goes out before an organiser sends


def test_a_release_writes_messages_only_for_what_it_changed(released_again, committed):
    assert released_again.first.notifications.count() == 0  # version 1 adds, moves nothing
    released_again.closing.start = at(17)
    released_again.closing.save()
    with committed():
        third = schedule_release(event=released_again.event)
    (only,) = third.notifications.all()
    assert only.delegate == released_again.people.finn
    assert only.changes == {"moved": [session_key(released_again.closing.pk)], "cancelled": []}


def test_writing_the_messages_again_writes_nothing_twice(released_again):
    second = released_again.second
    before = dict(second.notifications.values_list("delegate_id", "pk"))
    assert release_notifications_queue(release=second) == 4
    assert release_notifications_queue(release=second) == 4
    assert dict(second.notifications.values_list("delegate_id", "pk")) == before


def test_a_person_without_address_is_shown_and_not_sent_until_they_have_one(
    released_again, committed
):
    gus = released_again.people.gus
    row = gus.release_notifications.get()
    sent_now(released_again.second, committed)
    assert sent_now(released_again.second, committed, again=True) == 0
    row.refresh_from_db()
    assert row.status == NotificationStatus.NO_ADDRESS
    assert "gus" not in " ".join(address for message in mail.outbox for address in message.to)

    gus.email = "gus@example.org"
    gus.save()
    assert sent_now(released_again.second, committed, again=True) == 1
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT and row.recipient == "gus@example.org"
    assert [message.to for message in mail.outbox].count(["gus@example.org"]) == 1


def test_an_address_removed_before_sending_is_marked_and_nothing_sent(released_again):
    dara = released_again.people.dara
    row = dara.release_notifications.get()
    ReleaseNotification.objects.filter(pk=row.pk).update(status=NotificationStatus.QUEUED)
    dara.email = ""
    dara.save()
    assert notification_send(notification_id=row.pk).status == NotificationStatus.NO_ADDRESS
    assert mail.outbox == []


# What they read ---------------------------------------------------------------------------------


def test_the_message_says_what_of_theirs_moved_and_was_cancelled_in_the_events_zone(
    released_again, committed
):
    second = released_again.second
    assert sent_now(second, committed) == 3
    message = next(m for m in mail.outbox if m.to == [released_again.people.dara.email])
    body = plain(message.body)
    assert message.subject == "HANOI2025 · Changes to the programme · Version 2"
    assert body.startswith("Dear Ms. Lan DARA,")
    assert "changes 2 sessions you take part in" in body
    assert (
        "Moved\n- Cybercrime panel\n"
        "  was: Monday 3 November 2025, 10:00–11:15, Plenary Hall\n"
        "  now: Monday 3 November 2025, 11:30–12:45, Room 2\n"
    ) in body
    assert "Cancelled\n- Ransomware side event\n" in body
    assert "The organisers' note: The bureau met." in body
    assert "Asia/Ho_Chi_Minh (UTC+07:00)" in body
    assert "http://localhost:8000/en/events/hanoi-2025/" in body
    assert "Closing" not in body  # not theirs, and it did not change
    assert "03:00" not in body  # 10:00 in Hanoi, never in UTC


def test_each_person_reads_it_in_their_language(released_again, committed):
    sent_now(released_again.second, committed)
    people = released_again.people
    french = next(m for m in mail.outbox if m.to == [people.ana.email])
    assert french.subject == "HANOI2025 · Modifications du programme · Version 2"
    assert french.extra_headers["Content-Language"] == "fr"
    body = plain(french.body)
    assert "Déplacées" in body and "lundi 3 novembre 2025, 10:00–11:15, Plenary Hall" in body
    assert "Annulée" not in body  # nothing of hers was cancelled

    arabic = next(m for m in mail.outbox if m.to == [people.chen.email])
    assert arabic.subject == "HANOI2025 · التغييرات في البرنامج · الإصدار 2"
    assert "تم الإلغاء\n- Ransomware side event" in plain(arabic.body)
    assert "Cybercrime panel" not in arabic.body  # she only chairs the side event


def test_titles_and_rooms_are_read_in_the_readers_language_as_released(outbox_programme, committed):
    """Each release froze the titles and rooms in every language: the French reader reads the
    French ones, English where a translation is missing (the side event, for Dara)."""
    programme = outbox_programme
    programme.panel.title_fr = "Table ronde sur la cybercriminalité"
    programme.panel.save()
    programme.hall.name_fr, programme.small.name_fr = "Salle plénière", "Salle 2"
    programme.hall.save()
    programme.small.save()
    programme_changed(programme)
    with committed():
        second = schedule_release(event=programme.event)
    sent_now(second, committed)
    french = next(m for m in mail.outbox if m.to == [programme.people.ana.email])
    body = plain(french.body)
    assert "Table ronde sur la cybercriminalité" in body and "Cybercrime panel" not in body
    # Where it was is said as version 1 named it, before the rooms had French names.
    assert "10:00–11:15, Plenary Hall" in body and "11:30–12:45, Salle 2" in body
    dara = next(m for m in mail.outbox if m.to == [programme.people.dara.email])
    assert "Cybercrime panel" in plain(dara.body) and "Ransomware side event" in plain(dara.body)


def test_the_attached_calendar_holds_their_itinerary_as_released(released_again, committed):
    sent_now(released_again.second, committed)
    dara = released_again.people.dara
    message = next(m for m in mail.outbox if m.to == [dara.email])
    ((filename, content, mimetype),) = message.attachments
    assert filename == "hanoi-2025-v2-itinerary.ics" and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Cybercrime panel", "Ransomware side event"}
    panel = events["Cybercrime panel"]
    assert panel["DTSTART"].dt == at(11, 30) and str(panel["LOCATION"]) == "Room 2"
    assert str(panel["STATUS"]) == "CONFIRMED" and panel["SEQUENCE"] == 1
    assert str(events["Ransomware side event"]["STATUS"]) == "CANCELLED"
    assert str(calendar["X-WR-CALNAME"]) == "Itinerary of Ms. Lan DARA"


# Exactly once -----------------------------------------------------------------------------------


def test_a_sent_message_is_recorded_and_never_sent_again(released_again, committed):
    second = released_again.second
    sent_now(second, committed)
    assert len(mail.outbox) == 3
    row = released_again.people.ana.release_notifications.get()
    assert row.status == NotificationStatus.SENT and row.attempts == 1
    assert row.sent_at is not None and row.recipient == "ana@example.org"
    assert row.message_id == f"<release-{second.pk}.delegate-{row.delegate_id}@localhost>"
    (message,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.message()["Message-ID"] == row.message_id
    assert row.subject == message.subject and row.body == message.body

    # Every way of sending it again leaves it alone: the organiser's two actions, the task
    # redelivered with its batch, the service called on the row.
    assert sent_now(second, committed) == 0
    assert sent_now(second, committed, again=True) == 0
    notifications_deliver(notification_ids=list(second.notifications.values_list("pk", flat=True)))
    assert notification_send(notification_id=row.pk).status == NotificationStatus.SENT
    assert len(mail.outbox) == 3
    row.refresh_from_db()
    assert row.attempts == 1


class WorkerKilled(BaseException):
    """What the process gets when its worker is killed: nothing the code catches."""


def test_a_worker_killed_before_the_server_took_the_message_leaves_it_queued(
    released_again, monkeypatch
):
    row = released_again.people.ana.release_notifications.get()
    ReleaseNotification.objects.filter(pk=row.pk).update(status=NotificationStatus.QUEUED)

    def killed(self, messages):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", killed)
        with pytest.raises(WorkerKilled):
            notification_send(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == NotificationStatus.QUEUED and row.attempts == 0
    assert mail.outbox == []
    # The task's redelivery (or the sweeper) sends it, once.
    assert notification_send(notification_id=row.pk).status == NotificationStatus.SENT
    assert notification_send(notification_id=row.pk).status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_passes_by_a_message_the_first_is_sending():
    """Two workers given the same message (a redelivered task while the first still sends):
    the second finds the row locked and leaves it; only the first sends."""
    from tests.sessions.support.notifications import programme_released

    programme = programme_released()
    programme_changed(programme)
    second = schedule_release(event=programme.event)
    release_notifications_queue(release=second)
    row = programme.people.ana.release_notifications.get()
    ReleaseNotification.objects.filter(pk=row.pk).update(status=NotificationStatus.QUEUED)
    holding, release_it, results = threading.Event(), threading.Event(), {}

    def first_worker():
        try:
            with transaction.atomic():
                list(ReleaseNotification.objects.select_for_update().filter(pk=row.pk))
                holding.set()
                release_it.wait(timeout=10)
        finally:
            connection.close()

    def second_worker():
        try:
            results["second"] = notification_send(notification_id=row.pk)
        finally:
            connection.close()

    first = threading.Thread(target=first_worker)
    first.start()
    assert holding.wait(timeout=10)
    other = threading.Thread(target=second_worker)
    other.start()
    other.join(timeout=10)
    release_it.set()
    first.join(timeout=10)
    assert results["second"] is None
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status == NotificationStatus.QUEUED and row.attempts == 0
    assert notification_send(notification_id=row.pk).status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


# Failures, discarding ---------------------------------------------------------------------------


def test_a_delivery_failure_is_recorded_and_sent_again_on_request(
    released_again, committed, monkeypatch
):
    def refused(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such mailbox")})

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refused)
        sent_now(released_again.second, committed)
    rows = rows_by_person(released_again.second)
    assert rows["Aubert"].status == NotificationStatus.FAILED
    assert rows["Aubert"].error.startswith("SMTPRecipientsRefused: ")
    assert "No such mailbox" in rows["Aubert"].error and rows["Aubert"].attempts == 1
    assert mail.outbox == []

    assert sent_now(released_again.second, committed) == 0  # "send" takes held ones only
    assert sent_now(released_again.second, committed, again=True) == 3
    rows = rows_by_person(released_again.second)
    assert rows["Aubert"].status == NotificationStatus.SENT
    assert rows["Aubert"].error == "" and rows["Aubert"].attempts == 2
    assert len(mail.outbox) == 3


def test_an_error_of_the_planner_fails_the_message_with_its_reason(released_again, monkeypatch):
    row = released_again.people.ana.release_notifications.get()
    ReleaseNotification.objects.filter(pk=row.pk).update(status=NotificationStatus.QUEUED)
    monkeypatch.setattr(outbox, "notification_itinerary", lambda notification: 1 / 0, raising=True)
    assert notification_send(notification_id=row.pk).status == NotificationStatus.FAILED
    row.refresh_from_db()
    assert row.error == "ZeroDivisionError: division by zero"


def test_discarded_messages_are_not_sent_unless_sent_again(released_again, committed):
    second = released_again.second
    ana = released_again.people.ana.release_notifications.get()
    assert release_notifications_discard(notifications=[ana]) == 1
    assert sent_now(second, committed) == 2
    assert ["ana@example.org"] not in [message.to for message in mail.outbox]
    ana.refresh_from_db()
    assert ana.status == NotificationStatus.DISCARDED
    # Nothing sent can be discarded; a discarded one can be sent after all.
    assert release_notifications_discard(release=second) == 1  # Gustafsson, no address
    assert sent_now(second, committed, again=True) == 1
    ana.refresh_from_db()
    assert ana.status == NotificationStatus.SENT


# The event sends without review; the job queue is down --------------------------------------


def test_an_event_that_sends_without_review_sends_on_release(outbox_programme, committed):
    outbox_programme.event.release_messages_reviewed = False
    outbox_programme.event.save()
    programme_changed(outbox_programme)
    with committed():
        second = schedule_release(event=outbox_programme.event)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        outbox_programme.people.ana.email,
        outbox_programme.people.chen.email,
        outbox_programme.people.dara.email,
    ]
    statuses = set(second.notifications.values_list("status", flat=True))
    assert statuses == {NotificationStatus.SENT, NotificationStatus.NO_ADDRESS}


def test_with_the_job_queue_down_the_messages_are_written_and_sent_once_it_is_back(
    outbox_programme, committed, monkeypatch
):
    programme_changed(outbox_programme)
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "task_send", lambda *args, **kwargs: None)
        with committed():
            second = schedule_release(event=outbox_programme.event)
        assert second.notifications.count() == 4  # written in the request instead
        assert sent_now(second, committed) == 3
        queued = second.notifications.filter(status=NotificationStatus.QUEUED)
        assert queued.count() == 3 and all(row.waiting_for_queue for row in queued)
        assert mail.outbox == []
    assert jobs_redispatch()["messages"] == {"sent": 3, "left": 0}
    assert len(mail.outbox) == 3
    assert jobs_redispatch()["messages"] == {"sent": 0, "left": 0}
    assert len(mail.outbox) == 3
