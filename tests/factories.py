"""factory_boy factories, one per model: a test builds only what it needs."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from ceremony.enums import FullPowersStatus, WebhookKind
from ceremony.models import (
    Event,
    InterpreterPool,
    Room,
    RoomUnavailability,
    SeatAssignment,
    SeatingDraw,
    SeatingPlan,
    SigningOrderReport,
    SigningRequest,
    TreatyDeposit,
    Venue,
    WebhookDelivery,
    WebhookEndpoint,
)
from config.core.webhooks import secret_generate
from delegations.enums import AccessCategory, AccreditationStatus, DelegationKind, ZoneKind
from delegations.models import (
    Badge,
    Delegate,
    Delegation,
    DelegationQuota,
    FocalPoint,
    FocalPointInvitation,
    Zone,
)
from sessions.enums import ProposalStatus, RegistrationStatus, SessionKind, SessionRoleKind
from sessions.models import (
    AttendanceSnapshot,
    CheckIn,
    ExportJob,
    ReleaseNotification,
    ScheduleProposal,
    ScheduleRelease,
    Session,
    SessionRegistration,
    SessionRole,
    SpeakerEntry,
    SpeakersList,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = date(2025, 10, 25)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    name = factory.Sequence(lambda n: f"Treaty conference {n}")
    acronym = factory.Sequence(lambda n: f"TC{n}")
    treaty_title = "Convention against Cybercrime"
    start_date = FIRST_DAY
    end_date = FIRST_DAY + timedelta(days=1)
    timezone = HANOI
    host_country = "VN"


class InterpreterPoolFactory(factory.django.DjangoModelFactory):
    """Two booth teams of two in a language (Arabic and Chinese teams are three: set both)."""

    class Meta:
        model = InterpreterPool

    event = factory.SubFactory(EventFactory)
    language = "en"
    interpreters = 4
    team_size = 2


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Convention centre {n}")
    city = "Hanoi"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    code = factory.Sequence(lambda n: f"room-{n}")
    capacity = 100
    interpretation_booths = 6


class RoomUnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoomUnavailability

    room = factory.SubFactory(RoomFactory)
    start = factory.Sequence(
        lambda n: datetime(2025, 10, 20, 8, tzinfo=HANOI) + timedelta(hours=2 * n)
    )
    end = factory.LazyAttribute(lambda unavailable: unavailable.start + timedelta(hours=1))
    reason = "Security sweep"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    event = factory.SubFactory(EventFactory)
    kind = DelegationKind.NGO
    name = factory.Sequence(lambda n: f"Organisation {n}")
    code = factory.Sequence(lambda n: f"ORG{n}")


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    delegation = factory.SubFactory(DelegationFactory)
    honorific = "Ms."
    given_name = "Lan"
    family_name = factory.Sequence(lambda n: f"Tran{n}")
    name_native = "Trần Thị Lan"
    function = "Legal Adviser"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    accreditation_status = AccreditationStatus.DRAFT


class SigningRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SigningRequest

    delegation = factory.SubFactory(
        DelegationFactory,
        kind=DelegationKind.MEMBER_STATE,
        country=factory.Sequence(lambda n: ["VN", "FR", "BR", "KE", "JP", "CA"][n % 6]),
    )
    event = factory.SelfAttribute("delegation.event")
    representative = factory.SubFactory(
        DelegateFactory, delegation=factory.SelfAttribute("..delegation")
    )
    level = "head_of_state"
    full_powers_status = FullPowersStatus.NOT_REQUIRED
    slot_start = None
    #: A slot given lasts the event's minutes per signature.
    slot_end = factory.LazyAttribute(
        lambda request: (
            request.slot_start + timedelta(minutes=request.event.signing_minutes)
            if request.slot_start
            else None
        )
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled session; each one an hour after the previous, so that none overlap."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = SessionKind.SIDE_EVENT
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    room = factory.SubFactory(RoomFactory, venue__event=factory.SelfAttribute("...event"))
    start = factory.Sequence(lambda n: datetime(2025, 10, 25, 9, tzinfo=HANOI) + timedelta(hours=n))
    duration_minutes = 60
    status = "scheduled"


class SessionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRole

    session = factory.SubFactory(SessionFactory)
    delegate = factory.SubFactory(
        DelegateFactory, delegation__event=factory.SelfAttribute("...session.event")
    )
    role = SessionRoleKind.SPEAKER


class SessionRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRegistration

    session = factory.SubFactory(SessionFactory)
    delegate = factory.SubFactory(
        DelegateFactory, delegation__event=factory.SelfAttribute("...session.event")
    )
    status = RegistrationStatus.CONFIRMED


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    event = factory.SubFactory(EventFactory)
    delegate = factory.SubFactory(
        DelegateFactory, delegation__event=factory.SelfAttribute("...event")
    )
    nonce = factory.Sequence(lambda n: f"scan-{n}")
    gate = "North entrance"


class DelegationQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationQuota

    event = factory.SubFactory(EventFactory)
    kind = factory.Sequence(lambda n: DelegationKind.values[n % len(DelegationKind.values)])
    max_delegates = 6


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)
    delegation = factory.SubFactory(DelegationFactory)


class FocalPointInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPointInvitation

    delegation = factory.SubFactory(DelegationFactory)
    email = factory.Sequence(lambda n: f"focal{n}@mission.example.org")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: datetime.now(HANOI) + timedelta(days=14))


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    delegate = factory.SubFactory(
        DelegateFactory,
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_at=factory.LazyFunction(lambda: datetime.now(HANOI)),
    )
    number = factory.Sequence(lambda n: f"TC-{n:06d}")
    token = factory.Sequence(lambda n: f"token-{n}")


class ScheduleProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleProposal

    event = factory.SubFactory(EventFactory)
    status = ProposalStatus.READY
    solution = factory.LazyFunction(
        lambda: {"status": "complete", "assignments": [], "unplaced": []}
    )


class ScheduleReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleRelease

    event = factory.SubFactory(EventFactory)
    version = factory.Sequence(lambda n: n + 1)
    changes = factory.LazyFunction(lambda: {"added": [], "moved": [], "cancelled": []})


class ReleaseNotificationFactory(factory.django.DjangoModelFactory):
    """A message of the outbox; its delegate belongs to the release's event."""

    class Meta:
        model = ReleaseNotification

    release = factory.SubFactory(ScheduleReleaseFactory)
    delegate = factory.SubFactory(
        DelegateFactory, delegation__event=factory.SelfAttribute("...release.event")
    )
    language = "en"
    changes = factory.LazyFunction(lambda: {"moved": [], "cancelled": []})


class TreatyDepositFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatyDeposit

    delegation = factory.SubFactory(
        DelegationFactory,
        kind=DelegationKind.MEMBER_STATE,
        country=factory.Sequence(lambda n: ["VN", "FR", "BR", "KE", "JP", "CA"][n % 6]),
    )
    event = factory.SelfAttribute("delegation.event")
    kind = "accession"  # ratification, acceptance and approval need a signature first
    deposited_on = date(2026, 2, 1)


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    event = factory.SubFactory(EventFactory)
    format = "ics"
    status = "done"


class SigningOrderReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SigningOrderReport

    event = factory.SubFactory(EventFactory)
    assigned = 1


class AttendanceSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceSnapshot

    event = factory.SubFactory(EventFactory)
    counts = factory.LazyFunction(lambda: {"totals": {"registered": 0, "checked_in": 0}})


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    event = factory.SubFactory(EventFactory)
    url = factory.Sequence(lambda n: f"https://hooks{n}.example.org/planner")
    description = factory.Sequence(lambda n: f"Press room tool {n}")
    on_schedule_released = True
    on_signature_recorded = True
    on_registration_confirmed = True
    secret = factory.LazyFunction(secret_generate)


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    kind = WebhookKind.PING
    uuid = factory.LazyFunction(uuid.uuid4)
    payload = factory.LazyAttribute(
        lambda delivery: {"id": str(delivery.uuid), "type": "ping", "data": {}}
    )
    status = "delivered"
    attempts = 1
    response_code = 200
    delivered_at = factory.LazyFunction(lambda: datetime(2025, 10, 25, 3, 0, tzinfo=HANOI))


class SeatingDrawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatingDraw

    event = factory.SubFactory(EventFactory)
    seed = factory.Sequence(lambda n: n)
    candidates = 1
    drawn_name = "Viet Nam"


class SeatingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatingPlan

    room = factory.SubFactory(RoomFactory)
    draw = factory.SubFactory(SeatingDrawFactory, event=factory.SelfAttribute("..room.venue.event"))
    rows = 5
    seats_per_row = 10


class SeatAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatAssignment

    plan = factory.SubFactory(SeatingPlanFactory)
    delegation = factory.SubFactory(
        DelegationFactory, event=factory.SelfAttribute("..plan.room.venue.event")
    )
    position = factory.Sequence(lambda n: n + 1)
    section = "organisations"
    row = 0
    column = factory.Sequence(lambda n: n)
    heads = factory.LazyAttribute(lambda a: [f"A{a.column + 1}"])


class SpeakersListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakersList

    session = factory.SubFactory(SessionFactory, kind=SessionKind.PLENARY)


class SpeakerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerEntry

    speakers_list = factory.SubFactory(SpeakersListFactory)
    delegation = factory.SubFactory(
        DelegationFactory, event=factory.SelfAttribute("..speakers_list.session.event")
    )
    speaker_name = factory.Sequence(lambda n: f"H.E. Speaker {n}")
    level = "minister"


class ZoneFactory(factory.django.DjangoModelFactory):
    """The plenary floor, open to the States' delegates and the heads of delegation."""

    class Meta:
        model = Zone

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Zone {n}")
    kind = ZoneKind.PLENARY
    categories = factory.LazyFunction(
        lambda: [AccessCategory.HEAD_OF_DELEGATION, AccessCategory.STATE]
    )
