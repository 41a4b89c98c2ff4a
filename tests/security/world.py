"""The world the URL walk requests pages of: one event, delegation A with one of everything a
delegation can own (delegates in each state, a badge with a photo, a registration, a signing
request with full powers, an invitation, an export, a check-in), delegation B beside it, door
staff, and one row of every other model the admin shows.

A's people and files carry marker strings (``A_MARKERS``) that must never appear in what B,
anonymous visitors or door staff are answered, unless a pattern says they may.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_celery_results.models import GroupResult, TaskResult
from PIL import Image
from rest_framework.authtoken.models import Token

from ceremony.enums import FullPowersStatus
from ceremony.services.organisers import organiser_group_ensure
from ceremony.services.seating import seating_draw, seating_draw_publish, seating_plan_build
from delegations.enums import AccreditationStatus, DelegationKind
from delegations.services.focal_points import token_hash
from sessions.enums import ExportScope, ExportStatus
from sessions.services.attendance import attendance_snapshot_take
from sessions.services.release import schedule_release
from tests import factories

HANOI = factories.HANOI
MISSING = 987_654_321

#: Bytes of A's private files: the owner and organisers get exactly these, nobody else.
FULL_POWERS_BYTES = b"%PDF-1.4\n% Full powers of Quuxington, Alphastan\n%%EOF\n"
STATEMENT_BYTES = b"%PDF-1.4\n% Statement of Alphastan\n%%EOF\n"
EXPORT_BYTES = b"Itinerary of the Alphastan Mission: Quuxington, Zorblatt\n"

#: Strings only A's data contains.
A_MARKERS = ("Alphastan", "Quuxington", "Zorblatt", "Wibbleton", "quux@alphastan.example")


@dataclass
class Side:
    """One delegation and everything it owns."""

    delegation: object
    user: object
    head: object  # accredited, with a live badge and a photo
    draft: object
    submitted: object
    badge: object
    registration: object
    signing_request: object = None
    invitation: object = None
    invitation_token: str = ""
    export: object = None
    check_in: object = None
    speaker_entry: object = None


@dataclass
class World:
    event: object
    a: Side
    b: Side
    door: object
    session: object
    plenary: object = None
    objects: dict = field(default_factory=dict)  # admin object of each model, by "app.model"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "navy").save(buffer, "PNG")
    return buffer.getvalue()


PHOTO_BYTES = png_bytes()


def side_build(event, session, name, *, number, country, family, email, other, user):
    delegation = factories.DelegationFactory(
        event=event,
        kind=DelegationKind.MEMBER_STATE,
        country=country,
        name=f"{name} Mission",
        code=name[:3].upper(),
        contact_email=email,
    )
    factories.FocalPointFactory(user=user, delegation=delegation)
    badge = factories.BadgeFactory(
        delegate__delegation=delegation,
        delegate__family_name=family,
        delegate__given_name="Head",
        delegate__email=email,
        delegate__is_head=True,
        token=f"qr-{name.lower()}",
        number=f"{event.acronym}-{number:06d}",
    )
    head = badge.delegate
    head.photo.save("photo.png", ContentFile(PHOTO_BYTES), save=True)
    draft = factories.DelegateFactory(delegation=delegation, family_name=other)
    submitted = factories.DelegateFactory(
        delegation=delegation,
        family_name=f"{other}-Two",
        accreditation_status=AccreditationStatus.SUBMITTED,
    )
    registration = factories.SessionRegistrationFactory(session=session, delegate=head)
    return Side(
        delegation=delegation,
        user=user,
        head=head,
        draft=draft,
        submitted=submitted,
        badge=badge,
        registration=registration,
    )


def build():
    """Build the world; private files go to the storage the caller has put in place."""
    event = factories.EventFactory(slug="walk", acronym="WALK", name="Walk conference")
    venue = factories.VenueFactory(event=event)
    room = factories.RoomFactory(venue=venue, name="Plenary hall")
    session = factories.SessionFactory(
        event=event,
        room=room,
        title="Opening of the walk",
        start=datetime(2025, 10, 25, 9, tzinfo=HANOI),
        capacity=50,
    )
    a = side_build(
        event,
        session,
        "Alphastan",
        number=1,
        country="KE",
        family="Quuxington",
        email="quux@alphastan.example",
        other="Zorblatt",
        user=factories.UserFactory(username="focal-a@alphastan.example"),
    )
    b = side_build(
        event,
        session,
        "Betaland",
        number=2,
        country="BR",
        family="Bretonneau",
        email="bret@betaland.example",
        other="Brigadoon",
        user=factories.UserFactory(username="focal-b@betaland.example"),
    )

    signing = factories.SigningRequestFactory(
        delegation=a.delegation,
        representative=a.head,
        level="minister",
        full_powers_status=FullPowersStatus.AWAITING,
    )
    signing.full_powers_document.save("full-powers.pdf", ContentFile(FULL_POWERS_BYTES), save=True)
    a.signing_request = signing
    b.signing_request = factories.SigningRequestFactory(
        delegation=b.delegation, representative=b.head
    )

    a.invitation_token = "invitation-token-of-alphastan-0123456789abcdef"
    a.invitation = factories.FocalPointInvitationFactory(
        delegation=a.delegation,
        email="wibbleton@alphastan.example",
        token_hash=token_hash(a.invitation_token),
    )
    export = factories.ExportJobFactory(
        event=event,
        format="csv",
        scope=ExportScope.DELEGATION,
        delegation=a.delegation,
        requested_by=a.user,
        status=ExportStatus.DONE,
    )
    export.file.save("itinerary-alphastan.csv", ContentFile(EXPORT_BYTES), save=True)
    a.export = export
    door = factories.UserFactory(username="door", is_staff=True)
    a.check_in = factories.CheckInFactory(
        event=event, delegate=a.head, session=None, nonce="walk-scan-1", scanned_by=door
    )

    # A speaker from a third delegation: speakers are public, A's people are not.
    speaker = factories.SessionRoleFactory(
        session=session,
        delegate__delegation__event=event,
        delegate__delegation__name="Speakers' organisation",
        delegate__family_name="Publicspeaker",
    )
    schedule_release(event=event)
    release = event.schedule_releases.get()
    proposal = factories.ScheduleProposalFactory(event=event)
    quota = factories.DelegationQuotaFactory(
        event=event, kind=DelegationKind.MEMBER_STATE, max_delegates=20
    )
    unavailable = factories.RoomUnavailabilityFactory(room=room)
    interpreters = factories.InterpreterPoolFactory(event=event, language="ar", team_size=3)
    deposit = factories.TreatyDepositFactory(delegation=a.delegation, event=event)
    snapshot = attendance_snapshot_take(event=event)

    # A plenary's list of speakers (after the release: its public page is not the walk's
    # subject, the statement is): A's statement is public, B has none.
    plenary = factories.SessionFactory(
        event=event,
        room=room,
        kind="plenary",
        title="Plenary of the walk",
        start=datetime(2025, 10, 25, 14, tzinfo=HANOI),
    )
    speakers_list = factories.SpeakersListFactory(session=plenary)
    a.speaker_entry = factories.SpeakerEntryFactory(
        speakers_list=speakers_list, delegation=a.delegation, speaker_name="H.E. Quuxington"
    )
    a.speaker_entry.statement.save("statement.pdf", ContentFile(STATEMENT_BYTES), save=True)
    b.speaker_entry = factories.SpeakerEntryFactory(
        speakers_list=speakers_list, delegation=b.delegation
    )

    token = Token.objects.create(user=a.user)
    now = timezone.now()
    attempt = AccessAttempt.objects.create(
        username=a.user.username,
        ip_address="192.0.2.1",
        user_agent="walk",
        http_accept="*/*",
        path_info="/portal/login/",
        get_data="",
        post_data="username=focal-a",
        failures_since_start=1,
    )
    access_log = AccessLog.objects.create(
        username=a.user.username,
        ip_address="192.0.2.1",
        user_agent="walk",
        http_accept="*/*",
        path_info="/portal/login/",
    )
    failure_log = AccessFailureLog.objects.create(
        username=a.user.username,
        ip_address="192.0.2.1",
        user_agent="walk",
        http_accept="*/*",
        path_info="/portal/login/",
    )
    interval = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    endpoint = factories.WebhookEndpointFactory(event=event)
    # The hall seated from a published draw: the order is public, each delegation's seats its own.
    draw = seating_draw_publish(draw=seating_draw(event=event, seed=1))
    plan = seating_plan_build(room=room, rows=9, seats_per_row=10)
    objects = {
        "auth.group": organiser_group_ensure(),
        "auth.user": a.user,
        "authtoken.tokenproxy": token,
        "axes.accessattempt": attempt,
        "axes.accesslog": access_log,
        "axes.accessfailurelog": failure_log,
        "django_celery_results.taskresult": TaskResult.objects.create(
            task_id="walk-task", status="SUCCESS"
        ),
        "django_celery_results.groupresult": GroupResult.objects.create(group_id="walk-group"),
        "django_celery_beat.intervalschedule": interval,
        "django_celery_beat.crontabschedule": CrontabSchedule.objects.create(minute="5"),
        "django_celery_beat.solarschedule": SolarSchedule.objects.create(
            event="sunrise", latitude=21.03, longitude=105.85
        ),
        "django_celery_beat.clockedschedule": ClockedSchedule.objects.create(
            clocked_time=now + timedelta(days=1)
        ),
        "django_celery_beat.periodictask": PeriodicTask.objects.create(
            name="walk", task="sessions.tasks.attendance_snapshots_all", interval=interval
        ),
        "ceremony.event": event,
        "ceremony.venue": venue,
        "ceremony.room": room,
        "ceremony.interpreterpool": interpreters,
        "ceremony.roomunavailability": unavailable,
        "ceremony.signingrequest": signing,
        "ceremony.treatydeposit": deposit,
        "ceremony.signingorderreport": factories.SigningOrderReportFactory(event=event),
        "ceremony.webhookendpoint": endpoint,
        "ceremony.seatingdraw": draw,
        "ceremony.seatingplan": plan,
        "ceremony.seatassignment": plan.assignments.get(delegation=a.delegation),
        "ceremony.webhookdelivery": factories.WebhookDeliveryFactory(endpoint=endpoint),
        "delegations.delegation": a.delegation,
        "delegations.delegate": a.head,
        "delegations.delegationquota": quota,
        "delegations.focalpoint": a.delegation.focal_points.get(),
        "delegations.focalpointinvitation": a.invitation,
        "delegations.badge": a.badge,
        "delegations.zone": factories.ZoneFactory(event=event, name="Plenary floor"),
        "programme.session": session,
        "programme.sessionrole": speaker,
        "programme.sessionregistration": a.registration,
        "programme.checkin": a.check_in,
        "programme.scheduleproposal": proposal,
        "programme.schedulerelease": release,
        "programme.releasenotification": factories.ReleaseNotificationFactory(
            release=release, delegate=a.head
        ),
        "programme.exportjob": export,
        "programme.attendancesnapshot": snapshot,
        "programme.speakerslist": speakers_list,
        "programme.speakerentry": a.speaker_entry,
    }
    return World(
        event=event, a=a, b=b, door=door, session=session, plenary=plenary, objects=objects
    )
