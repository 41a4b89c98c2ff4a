"""The programme in the portal: sessions by day, and a delegation's session registrations."""

from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.home, name="home"),
    path("delegations/<int:pk>/", views.programme, name="programme"),
    path("delegations/<int:pk>/registrations/", views.registrations, name="registrations"),
    path(
        "delegations/<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
]
