"""The page an invitation's link opens: the focal point chooses a password, or, already signed
in (one person may serve several delegations), just accepts."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.core.forms import form_errors_add
from config.core.text import isolated
from delegations.forms import InvitationAcceptForm
from delegations.services.focal_points import invitation_accept, invitation_by_token


def invitation_accept_page(request, token):
    try:
        invitation = invitation_by_token(token)
    except ValidationError as error:
        return render(
            request, "portal/invitation_invalid.html", {"errors": error.messages}, status=400
        )
    form = InvitationAcceptForm()
    if request.method == "POST":
        form = InvitationAcceptForm(request.POST)
        signed_in = request.user if request.user.is_authenticated else None
        if signed_in or form.is_valid():
            try:
                user = invitation_accept(
                    token=token,
                    password=form.cleaned_data.get("password1") if not signed_in else None,
                    user=signed_in,
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                if not signed_in:
                    login(request, user, backend="config.core.auth.CaseInsensitiveModelBackend")
                messages.success(
                    request,
                    _("You are now a focal point of %(name)s.")
                    % {"name": isolated(invitation.delegation.name)},
                )
                return redirect("portal:delegation", pk=invitation.delegation.pk)
    return render(
        request,
        "portal/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
