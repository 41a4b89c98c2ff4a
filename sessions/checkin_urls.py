"""The door check-in page, mounted at ``checkin/`` (staff only)."""

from django.urls import path

from . import checkin_views

app_name = "checkin"

urlpatterns = [
    path("<slug:slug>/", checkin_views.door, name="door"),
]
