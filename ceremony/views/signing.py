"""The signing of the treaty in the registration portal: a delegation's request and full powers.

Pages find the delegation through the portal's ``delegation_view``: another delegation's id
answers 404, like one that does not exist, and times show in the event's zone. Every write goes
through ``ceremony.services.signing``, as the API and the admin do.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ceremony.enums import FullPowersStatus
from ceremony.forms import SigningRequestForm
from ceremony.models import SigningRequest
from ceremony.services import signing
from config.core.forms import form_errors_add
from config.core.storages import private_file_response
from delegations.enums import SIGNATORY_KINDS
from delegations.views.portal import delegation_view


def _signing_request(delegation):
    """The delegation's request, if any: there is at most one per delegation and event."""
    return (
        SigningRequest.objects.filter(delegation=delegation)
        .select_related("representative")
        .first()
    )


def _still_open(signing_request):
    """A request can be made, or corrected, until it is withdrawn or signed."""
    return signing_request is None or (
        signing_request.withdrawn_at is None and signing_request.signed_at is None
    )


@delegation_view
def signing_request_page(request, delegation):
    """The delegation's request to sign: make it, follow it, correct it."""
    can_sign = delegation.kind in SIGNATORY_KINDS
    signing_request = _signing_request(delegation) if can_sign else None
    form = None
    if can_sign and _still_open(signing_request):
        form = SigningRequestForm(delegation, signing_request=signing_request)
        if request.method == "POST":
            form = SigningRequestForm(
                delegation, request.POST, request.FILES, signing_request=signing_request
            )
            if form.is_valid():
                try:
                    if signing_request is None:
                        signing.signing_request_create(delegation=delegation, **form.cleaned_data)
                    else:
                        signing.signing_request_update(
                            request=signing_request, data=form.cleaned_data
                        )
                except ValidationError as error:
                    form_errors_add(form, error)
                else:
                    messages.success(request, _("The signing request is saved."))
                    return redirect("signing:request", pk=delegation.pk)
    refused = request.method == "POST" and (form is None or bool(form.errors))
    return render(
        request,
        "ceremony/portal/signing_request.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "can_sign": can_sign,
            "signing_request": signing_request,
            "slot_published": bool(signing_request and signing_request.slot_published_at),
            "form": form,
            "FullPowers": FullPowersStatus,
        },
        status=400 if refused else 200,
    )


@require_POST
@delegation_view
def signing_request_withdraw(request, delegation):
    signing_request = get_object_or_404(SigningRequest, delegation=delegation)
    try:
        signing.signing_request_withdraw(request=signing_request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The signing request is withdrawn."))
    return redirect("signing:request", pk=delegation.pk)


@never_cache
@delegation_view
def full_powers_download(request, delegation):
    """Full powers are private: served only to the delegation's focal points (and staff, in
    admin), from storage that has no public URL."""
    signing_request = get_object_or_404(
        SigningRequest.objects.exclude(full_powers_document=""), delegation=delegation
    )
    return private_file_response(signing_request.full_powers_document)
