"""The signing of the treaty in the registration portal, for delegations' focal points."""

from django.urls import path

from . import views

app_name = "signing"

urlpatterns = [
    path("delegations/<int:pk>/", views.signing_request_page, name="request"),
    path(
        "delegations/<int:pk>/withdraw/",
        views.signing_request_withdraw,
        name="withdraw",
    ),
    path(
        "delegations/<int:pk>/full-powers/",
        views.full_powers_download,
        name="full_powers",
    ),
]
