"""The registration portal's pages, for delegations' focal points.

Every page finds its delegation through ``delegations_of(request.user)``: another delegation's
id answers 404, exactly like an id that does not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.core.downloads import private_download
from config.core.forms import form_errors_add
from config.core.storages import private_file_response
from config.core.text import isolated
from delegations.enums import AccreditationStatus
from delegations.forms import DelegateForm, DelegationProfileForm
from delegations.selectors.delegations import (
    delegates_for_page,
    places_remaining,
    quota_for,
    status_counts,
)
from delegations.selectors.reach import delegations_of
from delegations.services.badges import badge_sheet_pdf
from delegations.services.delegates import (
    delegate_create,
    delegate_update,
    delegate_withdraw,
    delegation_profile_update,
    delegation_submit,
)


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
                delegation_profile_update(delegation=delegation, data=form.cleaned_data)
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
            "quota": quota_for(delegation),
            "places_remaining": places_remaining(delegation),
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
                    saved = delegate_create(delegation=delegation, data=form.cleaned_data)
                else:
                    saved = delegate_update(delegate=delegate, data=form.cleaned_data)
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
            "places_remaining": places_remaining(delegation),
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
def delegate_withdraw_page(request, delegation, delegate_pk):
    return _action(
        request,
        delegation,
        lambda delegation: delegate_withdraw(delegate=_delegate(delegation, delegate_pk)),
        lambda delegate: _("%(name)s is withdrawn.") % {"name": isolated(delegate)},
    )


@require_POST
@delegation_view
def delegation_submit_page(request, delegation):
    return _action(
        request,
        delegation,
        lambda delegation: delegation_submit(delegation=delegation),
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
    return private_file_response(_delegate(delegation, delegate_pk).photo, as_attachment=False)


@delegation_view
def badge_sheet(request, delegation):
    return private_download(
        badge_sheet_pdf(delegation),
        content_type="application/pdf",
        filename=f"badges-{delegation.code}.pdf",
    )
