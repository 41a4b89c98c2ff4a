"""Resetting a forgotten password by e-mail: Django's views in the portal's pages. A reset
also lifts every lock that wrong passwords put on the account (``config.core.auth``), so an
owner locked out by someone else's guessing gets back in."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from config.core.auth import sign_in_unlock


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        sign_in_unlock(form.user.get_username())
        return response


password_reset = auth_views.PasswordResetView.as_view(
    template_name="portal/password_reset.html",
    email_template_name="portal/email/password_reset.txt",
    subject_template_name="portal/email/password_reset_subject.txt",
    success_url=reverse_lazy("portal:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="portal/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="portal/password_reset_complete.html"
)
