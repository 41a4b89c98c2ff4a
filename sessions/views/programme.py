"""The programme in the registration portal: sessions by day, and a delegation's registrations.

Every page finds its delegation through ``delegations_of(request.user)`` (the portal's
``delegation_view``): another delegation's id answers 404, like an id that does not exist. Times
are shown in the event's zone.
"""

from collections import defaultdict
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.core.forms import form_errors_add
from delegations.enums import AccreditationStatus
from delegations.selectors.reach import delegations_of
from delegations.views.portal import delegation_view
from sessions.enums import LIVE_STATUSES, RegistrationStatus, SessionAccess
from sessions.forms import RegistrationForm
from sessions.models import SessionRegistration
from sessions.selectors.programme import (
    registration_list_annotate,
    scheduled_sessions,
    session_programme_annotate,
)
from sessions.services.registration import registration_cancel, registration_create


def _live_registrations(delegation):
    return SessionRegistration.objects.filter(
        delegate__delegation=delegation, status__in=LIVE_STATUSES
    )


@login_required
def home(request):
    delegations = list(delegations_of(request.user).order_by("event__start_date", "name"))
    if len(delegations) == 1:
        return redirect("programme:programme", pk=delegations[0].pk)
    return render(request, "programme/home.html", {"delegations": delegations})


def _by_day(sessions):
    """Sessions grouped by the day they start in the current (the event's) zone."""
    return [
        (day, list(group))
        for day, group in groupby(
            sessions, key=lambda session: timezone.localtime(session.start).date()
        )
    ]


@delegation_view
def programme(request, delegation):
    """The event's scheduled sessions by day, with the places left."""
    sessions = session_programme_annotate(scheduled_sessions(delegation.event))
    return render(
        request,
        "programme/programme.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "days": _by_day(sessions),
            "Access": SessionAccess,
        },
    )


@delegation_view
def registrations(request, delegation):
    """The delegation's delegates with their sessions; register one, cancel one."""
    form = RegistrationForm(delegation, initial={"session": request.GET.get("session")})
    if request.method == "POST":
        form = RegistrationForm(delegation, request.POST)
        if form.is_valid():
            try:
                registration = registration_create(**form.cleaned_data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _registered_message(registration))
                return redirect("programme:registrations", pk=delegation.pk)
    live = list(
        registration_list_annotate(_live_registrations(delegation)).order_by("session__start", "pk")
    )
    delegates = (
        delegation.delegates.filter(
            Q(accreditation_status=AccreditationStatus.ACCREDITED)
            | Q(pk__in=[registration.delegate_id for registration in live])
        )
        .order_by("-is_head", "family_name", "given_name")
        .distinct()
    )
    held = defaultdict(list)
    for registration in live:
        held[registration.delegate_id].append(registration)
    rows = [(delegate, held[delegate.pk]) for delegate in delegates]
    return render(
        request,
        "programme/registrations.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "rows": rows,
            "form": form,
            "Status": RegistrationStatus,
        },
        status=400 if form.errors else 200,
    )


def _registered_message(registration):
    registration = registration_list_annotate(SessionRegistration.objects).get(pk=registration.pk)
    names = {"name": registration.delegate, "title": registration.session.title}
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("%(name)s has a place in “%(title)s”.") % names
    return _("“%(title)s” is full: %(name)s is number %(position)d on the waiting list.") % {
        **names,
        "position": registration.waiting_position,
    }


@require_POST
@delegation_view
def registration_cancel_page(request, delegation, registration_pk):
    registration = get_object_or_404(
        SessionRegistration.objects.filter(delegate__delegation=delegation).select_related(
            "delegate", "session"
        ),
        pk=registration_pk,
    )
    try:
        registration_cancel(registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The registration of %(name)s for “%(title)s” is cancelled.")
            % {"name": registration.delegate, "title": registration.session.title},
        )
    return redirect("programme:registrations", pk=delegation.pk)
