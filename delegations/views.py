"""The registration portal's pages, for delegations' focal points.

Every page finds its delegation through ``delegations_of(request.user)``: another delegation's
id answers 404, exactly like an id that does not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.storages import private_file_response
from config.text import isolated

from . import services
from .badges import badge_sheet_pdf
from .forms import DelegateForm, DelegationProfileForm, InvitationAcceptForm, form_errors_add
from .models import AccreditationStatus
from .selectors import delegates_for_page, delegations_of, status_counts


def delegation_view(view):
    """Find the focal point's delegation (404 for anyone else's) and work in its event's zone.

    The zone matters beyond display: the arrival and departure a person types are read in it.
    """

    @login_required
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        delegation = get_object_or_404(delegations_of(request.user), pk=pk)
        with timezone.override(delegation.event.timezone):
            return view(request, delegation, *args, **kwargs)

    return wrapper


def _delegate(delegation, pk):
    return get_object_or_404(delegation.delegates.all(), pk=pk)


@login_required
def home(request):
    delegations = list(delegations_of(request.user).order_by("event__start_date", "name"))
    if len(delegations) == 1:
        return redirect("portal:delegation", pk=delegations[0].pk)
    return render(request, "portal/home.html", {"delegations": delegations})


@delegation_view
def delegation_detail(request, delegation):
    form = DelegationProfileForm(instance=delegation)
    if request.method == "POST":
        form = DelegationProfileForm(request.POST, instance=delegation)
        if form.is_valid():
            try:
                services.delegation_profile_update(delegation=delegation, data=form.cleaned_data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("The delegation's details are saved."))
                return redirect("portal:delegation", pk=delegation.pk)
    delegation.refresh_from_db()
    delegates = list(delegates_for_page(delegation))
    counts = status_counts(delegation)
    return render(
        request,
        "portal/delegation.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "delegates": delegates,
            "counts": counts,
            "quota": services.quota_for(delegation),
            "places_remaining": services.places_remaining(delegation),
            "registration_open": delegation.event.registration_is_open(),
            "has_badges": any(delegate.live_badges for delegate in delegates),
            "profile_form": form,
            "Status": AccreditationStatus,
        },
    )


def _delegate_form_page(request, delegation, delegate=None):
    form = DelegateForm(instance=delegate)
    if request.method == "POST":
        form = DelegateForm(request.POST, request.FILES, instance=delegate)
        if form.is_valid():
            try:
                if delegate is None:
                    saved = services.delegate_create(delegation=delegation, data=form.cleaned_data)
                else:
                    saved = services.delegate_update(delegate=delegate, data=form.cleaned_data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": isolated(saved)})
                return redirect("portal:delegation", pk=delegation.pk)
    return render(
        request,
        "portal/delegate_form.html",
        {
            "delegation": delegation,
            "delegate": delegate,
            "form": form,
            "places_remaining": services.places_remaining(delegation),
            "registration_open": delegation.event.registration_is_open(),
        },
        status=400 if form.errors else 200,
    )


@delegation_view
def delegate_add(request, delegation):
    return _delegate_form_page(request, delegation)


@delegation_view
def delegate_edit(request, delegation, delegate_pk):
    return _delegate_form_page(request, delegation, _delegate(delegation, delegate_pk))


def _action(request, delegation, perform, success):
    """Run one POST-only service for the delegation, and say what happened."""
    try:
        result = perform(delegation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success(result))
    return redirect("portal:delegation", pk=delegation.pk)


@require_POST
@delegation_view
def delegate_withdraw(request, delegation, delegate_pk):
    return _action(
        request,
        delegation,
        lambda delegation: services.delegate_withdraw(delegate=_delegate(delegation, delegate_pk)),
        lambda delegate: _("%(name)s is withdrawn.") % {"name": isolated(delegate)},
    )


@require_POST
@delegation_view
def delegation_submit(request, delegation):
    return _action(
        request,
        delegation,
        lambda delegation: services.delegation_submit(delegation=delegation),
        lambda sent: (
            ngettext(
                "%(count)d delegate is sent for accreditation.",
                "%(count)d delegates are sent for accreditation.",
                sent,
            )
            % {"count": sent}
        ),
    )


@delegation_view
def delegate_photo(request, delegation, delegate_pk):
    """Photos are private: served only to the delegation's focal points (and staff, in admin)."""
    return private_file_response(_delegate(delegation, delegate_pk).photo)


@delegation_view
def badge_sheet(request, delegation):
    response = HttpResponse(badge_sheet_pdf(delegation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badges-{delegation.code}.pdf"'
    return response


def invitation_accept(request, token):
    try:
        invitation = services.invitation_by_token(token)
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
                user = services.invitation_accept(
                    token=token,
                    password=form.cleaned_data.get("password1") if not signed_in else None,
                    user=signed_in,
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                if not signed_in:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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
