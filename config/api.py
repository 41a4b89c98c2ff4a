"""The REST API, version 1: one router for every app's viewsets, the OpenAPI schema, its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from ceremony.api.views import EventViewSet, SeatViewSet, SigningRequestViewSet
from delegations.api.badges import BadgeViewSet, ZoneViewSet
from delegations.api.views import DelegateViewSet, DelegationViewSet, SignInTokenView
from sessions.api.checkin import AttendanceViewSet, CheckInViewSet
from sessions.api.exports import ExportViewSet
from sessions.api.speakers import SpeakerEntryViewSet
from sessions.api.views import RegistrationViewSet, SessionViewSet

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("delegations", DelegationViewSet, basename="delegation")
router.register("delegates", DelegateViewSet, basename="delegate")
router.register("sessions", SessionViewSet, basename="session")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("signing-requests", SigningRequestViewSet, basename="signing-request")
router.register("seats", SeatViewSet, basename="seat")
router.register("exports", ExportViewSet, basename="export")
router.register("badges", BadgeViewSet, basename="badge")
router.register("zones", ZoneViewSet, basename="zone")
router.register("check-ins", CheckInViewSet, basename="check-in")
router.register("attendance", AttendanceViewSet, basename="attendance")
router.register("speakers", SpeakerEntryViewSet, basename="speaker")

urlpatterns = [
    path("auth/token/", SignInTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
