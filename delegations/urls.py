"""The registration portal for delegations' focal points."""

from django.contrib.auth import views as auth_views
from django.urls import path

from config.core.auth import sign_in_rate
from delegations.views import invitations, passwords, portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path(
        "login/",
        sign_in_rate(
            auth_views.LoginView.as_view(
                template_name="portal/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", sign_in_rate(passwords.password_reset), name="password_reset"),
    path("password-reset/sent/", passwords.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        sign_in_rate(passwords.password_reset_confirm),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", passwords.password_reset_complete, name="password_reset_complete"),
    path("invitations/<str:token>/", invitations.invitation_accept_page, name="invitation_accept"),
    path("delegations/<int:pk>/", portal.delegation_detail, name="delegation"),
    path("delegations/<int:pk>/submit/", portal.delegation_submit_page, name="delegation_submit"),
    path("delegations/<int:pk>/badges.pdf", portal.badge_sheet, name="badge_sheet"),
    path("delegations/<int:pk>/delegates/add/", portal.delegate_add, name="delegate_add"),
    path(
        "delegations/<int:pk>/delegates/<int:delegate_pk>/",
        portal.delegate_edit,
        name="delegate_edit",
    ),
    path(
        "delegations/<int:pk>/delegates/<int:delegate_pk>/withdraw/",
        portal.delegate_withdraw_page,
        name="delegate_withdraw",
    ),
    path(
        "delegations/<int:pk>/delegates/<int:delegate_pk>/photo/",
        portal.delegate_photo,
        name="delegate_photo",
    ),
]
