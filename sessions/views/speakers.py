"""The plenaries' lists of speakers in the portal (a delegation inscribes its speaker, uploads
its statement, withdraws) and a statement's public download.

The portal finds its delegation through ``delegation_view`` (404 for anyone else's); every write
goes through ``sessions.services.speakers``, as the admin and the API do.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.core.forms import form_errors_add
from config.core.storages import private_file_response
from delegations.views.portal import delegation_view
from sessions.enums import SpeakerStatus
from sessions.forms import InscribeForm, StatementForm
from sessions.models import SpeakerEntry
from sessions.selectors.speakers import (
    delegation_entries_numbered,
    inscription_plenaries,
    published_statement,
)
from sessions.services.speakers import speaker_inscribe, speaker_withdraw, statement_upload


@delegation_view
def speakers(request, delegation):
    """The delegation's inscriptions on the plenaries' lists, and the form to inscribe."""
    plenaries = inscription_plenaries(delegation.event)
    form = InscribeForm(request.POST or None, plenaries=plenaries, delegation=delegation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            speaker_inscribe(
                speakers_list=data["session"].speakers_list,
                delegation=delegation,
                level=data["level"],
                speaker=data["speaker"],
                speaker_name=data["speaker_name"].strip(),
                by=request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Your speaker is inscribed."))
            return redirect("programme:speakers", pk=delegation.pk)
    return _page(request, delegation, form=form, status=400 if form.errors else 200)


def _page(request, delegation, *, form=None, statement_form=None, statement_entry=None, status):
    """The delegation's lists of speakers, with the form that was sent (and its errors)."""
    return render(
        request,
        "programme/speakers.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "entries": delegation_entries_numbered(delegation),
            "form": form
            or InscribeForm(
                plenaries=inscription_plenaries(delegation.event), delegation=delegation
            ),
            "statement_form": statement_form or StatementForm(),
            "statement_entry": statement_entry,
            "Status": SpeakerStatus,
        },
        status=status,
    )


def _entry(delegation, entry_pk):
    return get_object_or_404(
        SpeakerEntry.objects.filter(delegation=delegation).select_related("speakers_list"),
        pk=entry_pk,
    )


@require_POST
@delegation_view
def statement(request, delegation, entry_pk):
    """Upload the statement; a file that is not a good PDF is refused by the field."""
    entry = _entry(delegation, entry_pk)
    form = StatementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            statement_upload(entry=entry, statement=form.cleaned_data["statement"], by=request.user)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The statement is on the meeting's public page."))
            return redirect("programme:speakers", pk=delegation.pk)
    return _page(request, delegation, statement_form=form, statement_entry=entry.pk, status=400)


@require_POST
@delegation_view
def withdraw(request, delegation, entry_pk):
    entry = _entry(delegation, entry_pk)
    try:
        speaker_withdraw(entry=entry, reason=_("Withdrawn by the delegation"), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The inscription is withdrawn."))
    return redirect("programme:speakers", pk=delegation.pk)


@require_safe
def statement_download(request, slug, session_slug, pk):
    """A statement of the meeting's public page: only an inscribed entry's, of that meeting."""
    entry = published_statement(slug, session_slug, pk)
    if entry is None:
        raise Http404
    return private_file_response(entry.statement, as_attachment=False)
