"""The release outbox: after a release, one message to each person whose sessions it moved or
cancelled, held for the organisers to review, then sent by the workers, each exactly once.

The flow:

1. ``schedule_release`` commits, and ``release_notifications_request`` (on commit) queues the
   task ``release_notifications_queue``, which writes one ``ReleaseNotification`` per person
   concerned: held for review (the event's default), or queued at once when the event sends
   without review; a person with no e-mail address gets a row marked so, and no message.
2. An organiser reads the outbox in the admin (each message previewed in its reader's
   language), then sends or discards (``release_notifications_send``,
   ``release_notifications_discard``); a message that failed is sent again the same way.
3. Workers send the queued messages in batches (``notifications_deliver``): one at a time,
   each claimed under its row's lock (``notification_send``).

"Exactly once", precisely: a message is handed to the mail server only by a worker holding
its row locked while the row says *queued*, and the row says *sent* in the same transaction
as soon as the server has taken it. A second delivery of the task, a second worker, the
sweeper's re-dispatch or an organiser's second click find the row locked (and pass it by) or
no longer queued (and leave it): none sends it again. A worker that dies before the server
took the message leaves the row queued (its transaction rolls back, its lock goes with its
connection), and the task's redelivery or the sweeper sends it then. The one window left is
between the server's acceptance and the commit of *sent* (a worker killed there, or the
database lost at that instant): the row is still queued, and the message goes out a second
time. It carries the same Message-ID (``<release-R.delegate-D@domain>``), by which mail
systems and people recognise the copy. No mail protocol closes that window; this keeps it to
the instant of one commit.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from config.core.jobs import task_send
from config.core.locking import row_lock, rows_lock
from sessions.enums import (
    NOTIFICATION_DISCARDABLE,
    NOTIFICATION_SENDABLE,
    NotificationStatus,
)
from sessions.models import ReleaseNotification
from sessions.selectors.notifications import (
    notification_itinerary,
    notification_text,
    release_people_concerned,
)

logger = logging.getLogger(__name__)

RELEASE_NOTIFICATIONS_QUEUE = "sessions.tasks.release_notifications_queue"
NOTIFICATIONS_DELIVER = "sessions.tasks.release_notifications_deliver"
#: Messages per sending task: one mail connection each, and a redelivered batch is short.
DELIVER_BATCH = 50
#: Rows written per INSERT.
INSERT_BATCH = 2000


def _batches(items, size):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def release_notifications_request(*, release):
    """Write a release's messages in a worker, once the release is committed; with the job
    queue down, here and now (a few seconds at most), so that no release goes untold."""
    if task_send(RELEASE_NOTIFICATIONS_QUEUE, release.pk) is None:
        release_notifications_queue(release=release)


def release_notifications_queue(*, release):
    """Write one message for each person the release concerns; how many the release has.

    Safe to run again (a redelivered task, an organiser's *write them again*): the database
    holds one message per release and person, and a second run adds only the missing ones.
    The rows are built by the planner from stored data, so they skip ``full_clean`` (tens of
    thousands of them, each with a query for its uniqueness): the database's constraints hold
    them instead.
    """
    event = release.event
    held = event.release_messages_reviewed
    status = NotificationStatus.HELD if held else NotificationStatus.QUEUED
    rows = [
        ReleaseNotification(
            release=release,
            delegate_id=delegate_id,
            language=person["language"],
            status=status if person["email"] else NotificationStatus.NO_ADDRESS,
            changes={"moved": person["moved"], "cancelled": person["cancelled"]},
        )
        for delegate_id, person in sorted(release_people_concerned(release).items())
    ]
    with transaction.atomic():
        ReleaseNotification.objects.bulk_create(
            rows, batch_size=INSERT_BATCH, ignore_conflicts=True
        )
    if not held:
        waiting = ReleaseNotification.objects.filter(
            release=release, status=NotificationStatus.QUEUED, dispatched_at__isnull=True
        )
        ids = list(waiting.values_list("pk", flat=True))
        transaction.on_commit(lambda: notifications_dispatch(ids), robust=True)
    return ReleaseNotification.objects.filter(release=release).count()


def _chosen(notifications=None, release=None):
    """The messages named (a queryset or rows), or all of a release's."""
    if (notifications is None) == (release is None):
        raise TypeError("Name the messages or their release, not both.")
    if release is not None:
        return ReleaseNotification.objects.filter(release=release)
    if isinstance(notifications, QuerySet):
        return notifications
    return ReleaseNotification.objects.filter(pk__in=[item.pk for item in notifications])


def release_notifications_send(*, notifications=None, release=None, again=False):
    """The organiser's *send*: the chosen messages held for review are queued and handed to the
    workers once this commits; with ``again``, those that failed, were discarded or had no
    address. A person with no address (still) is passed by. Returns how many were queued.

    A message already queued or sent is left as it is: two organisers who click at once queue
    it once, and nothing sent goes out again.
    """
    statuses = (
        [status for status in NOTIFICATION_SENDABLE if status != NotificationStatus.HELD]
        if again
        else [NotificationStatus.HELD]
    )
    chosen = _chosen(notifications, release).filter(status__in=statuses)
    chosen = chosen.exclude(delegate__email="")
    ids = list(chosen.values_list("pk", flat=True))
    with transaction.atomic():
        locked = rows_lock(ReleaseNotification.objects.filter(status__in=statuses).only("pk"), ids)
        queued = [row.pk for row in locked]
        for batch in _batches(queued, INSERT_BATCH):
            ReleaseNotification.objects.filter(pk__in=batch).update(
                status=NotificationStatus.QUEUED, dispatched_at=None, error=""
            )
        transaction.on_commit(lambda: notifications_dispatch(queued), robust=True)
    return len(queued)


def release_notifications_discard(*, notifications=None, release=None):
    """The organiser's *discard*: the chosen messages not sent are marked discarded, and no
    worker sends them (one sending at this moment is waited for, and then left as sent).
    Returns how many were discarded."""
    ids = list(
        _chosen(notifications, release)
        .filter(status__in=NOTIFICATION_DISCARDABLE)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        locked = rows_lock(
            ReleaseNotification.objects.filter(status__in=NOTIFICATION_DISCARDABLE).only("pk"),
            ids,
        )
        discarded = [row.pk for row in locked]
        for batch in _batches(discarded, INSERT_BATCH):
            ReleaseNotification.objects.filter(pk__in=batch).update(
                status=NotificationStatus.DISCARDED
            )
    return len(discarded)


def notifications_dispatch(ids):
    """Hand queued messages to the workers, ``DELIVER_BATCH`` to a task; stops at the first
    broker failure, leaving the rest for the sweeper (``notifications_redispatch``). Returns
    how many were handed over (``sent``) and how many still wait (``left``).

    Each batch's hand-over is written before its task is sent, as ``config.core.jobs`` does.
    """
    ids = sorted(ids)
    sent = 0
    for batch in _batches(ids, DELIVER_BATCH):
        moment = timezone.now()
        ReleaseNotification.objects.filter(pk__in=batch, status=NotificationStatus.QUEUED).update(
            dispatched_at=moment
        )
        if task_send(NOTIFICATIONS_DELIVER, list(batch)) is None:
            ReleaseNotification.objects.filter(pk__in=batch, dispatched_at=moment).update(
                dispatched_at=None
            )
            break
        sent += len(batch)
    return {"sent": sent, "left": len(ids) - sent}


def notifications_redispatch(*, now=None):
    """Hand over again the queued messages never handed over (the job queue was down), or
    handed over long ago (their task lost with Redis); a message a worker is sending holds its
    row and is passed by."""
    now = now or timezone.now()
    long_ago = now - timedelta(seconds=settings.JOBS_REDISPATCH_AFTER_SECONDS)
    pending = ReleaseNotification.objects.filter(status=NotificationStatus.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=long_ago)
    )
    with transaction.atomic():
        stale = rows_lock(
            pending.only("pk"), pending.values_list("pk", flat=True), skip_locked=True
        )
    return notifications_dispatch([row.pk for row in stale])


def notifications_deliver(*, notification_ids):
    """Send a batch of messages through one mail connection; returns each one's status.

    A server that cannot be reached fails each message with its error (shown in the outbox,
    sent again from there); after a failure the next message opens a connection of its own.
    """
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("The mail server cannot be reached: %s", error)
    statuses = {}
    try:
        for notification_id in notification_ids:
            notification = notification_send(notification_id=notification_id, connection=connection)
            statuses[notification_id] = notification.status if notification else None
            if notification is not None and notification.status == NotificationStatus.FAILED:
                connection.close()
    finally:
        connection.close()
    return statuses


def _claim(notification_id):
    """The message, locked; None while another worker holds it (or once it is deleted). Its
    release's snapshot of the whole programme is not read: the message needs the change log."""
    rows = ReleaseNotification.objects.select_related(
        "release__event", "delegate__delegation"
    ).defer("release__sessions")
    return row_lock(rows, notification_id, skip_locked=True)


def notification_message_id(notification):
    """The same Message-ID for every copy of one message (one release, one person), so that a
    copy sent twice can be recognised: ``<release-R.delegate-D@domain>``, the domain of the
    sender's address."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("<> ") or "localhost"
    return f"<release-{notification.release_id}.delegate-{notification.delegate_id}@{domain}>"


def notification_email(notification, *, connection=None):
    """The message as it goes out: its text in the reader's language, their itinerary as a
    calendar file, the stable Message-ID; marked as sent by a machine (RFC 3834), so that
    auto-replies stay away."""
    subject, body = notification_text(notification)
    filename, calendar = notification_itinerary(notification)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[notification.delegate.email],
        connection=connection,
        headers={
            "Message-ID": notification_message_id(notification),
            "Content-Language": notification.language,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach(filename, calendar, "text/calendar")
    return message


def notification_send(*, notification_id, connection=None):
    """Send one queued message, exactly once (the module's docstring says what that means);
    returns it, or None when another worker holds it or it is gone.

    The row stays locked while the message is built and handed to the mail server, and says
    *sent* in the same transaction. A failure of the server is recorded on the row (*failed*,
    with the error) for the organisers to see and send again; so is an error of the planner's
    own, with its trace in the log. A person whose address was removed meanwhile is marked
    *no address*.
    """
    with transaction.atomic():
        notification = _claim(notification_id)
        if notification is None or notification.status != NotificationStatus.QUEUED:
            return notification
        notification.attempts += 1
        fields = ["status", "attempts", "error"]
        if not notification.delegate.email:
            notification.status, notification.error = NotificationStatus.NO_ADDRESS, ""
            notification.save(update_fields=fields)
            return notification
        try:
            message = notification_email(notification, connection=connection)
            message.send()
        except DatabaseError:
            raise
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Release message %s not sent: %s", notification_id, error)
            notification.status = NotificationStatus.FAILED
            notification.error = f"{type(error).__name__}: {error}"
        except Exception as error:
            logger.exception("Release message %s could not be written", notification_id)
            notification.status = NotificationStatus.FAILED
            notification.error = f"{type(error).__name__}: {error}"
        else:
            notification.status, notification.error = NotificationStatus.SENT, ""
            notification.sent_at = timezone.now()
            notification.recipient = notification.delegate.email
            notification.message_id = message.extra_headers["Message-ID"]
            notification.subject, notification.body = message.subject, message.body
            fields += ["sent_at", "recipient", "message_id", "subject", "body"]
        notification.save(update_fields=fields)
    return notification
