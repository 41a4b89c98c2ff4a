"""The registration portal for delegations' focal points."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation"),
    path("delegations/<int:pk>/submit/", views.delegation_submit, name="delegation_submit"),
    path("delegations/<int:pk>/badges.pdf", views.badge_sheet, name="badge_sheet"),
    path("delegations/<int:pk>/delegates/add/", views.delegate_add, name="delegate_add"),
    path(
        "delegations/<int:pk>/delegates/<int:delegate_pk>/",
        views.delegate_edit,
        name="delegate_edit",
    ),
    path(
        "delegations/<int:pk>/delegates/<int:delegate_pk>/withdraw/",
        views.delegate_withdraw,
        name="delegate_withdraw",
    ),
    path(
        "delegations/<int:pk>/delegates/<int:delegate_pk>/photo/",
        views.delegate_photo,
        name="delegate_photo",
    ),
]
