"""The door page: staff scan badges at the venue entry or a session's door, on a phone.

It works as a plain form (a hand-held scanner types the token and Enter submits; the server
puts a fresh nonce in each page). With JavaScript the page sends scans without reloading, with
a nonce made in the browser per scan (a retry after a lost answer reuses it), and scans with
the camera where the browser has the BarcodeDetector API.
"""

from uuid import uuid4

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import Event
from sessions.forms import ScanForm
from sessions.selectors.checkin import recent_scans
from sessions.services.checkin import checkin_record


def _admitted(check_in, created):
    delegate = check_in.delegate
    return {
        "admitted": True,
        "created": created,
        "name": delegate.full_name,
        "name_native": delegate.name_native,
        "delegation": delegate.delegation.name,
        "badge": check_in.badge.number,
        "registered": check_in.registered,
        "door": check_in.session.title if check_in.session_id else _("Venue entry"),
        "time": f"{timezone.localtime(check_in.scanned_at):%H:%M:%S}",
    }


def _refused(reason):
    return {"admitted": False, "reason": reason, "time": f"{timezone.localtime():%H:%M:%S}"}


def _scan(request, event, form):
    if not form.is_valid():
        return _refused(next(iter(form.errors.values()))[0])
    try:
        check_in, created = checkin_record(
            event=event,
            token=form.cleaned_data["token"],
            nonce=form.cleaned_data["nonce"],
            session=form.cleaned_data["session"],
            gate=form.cleaned_data["gate"],
            zone=form.cleaned_data["zone"],
            by=request.user,
        )
    except ValidationError as refusal:
        return _refused(refusal.messages[0])
    return _admitted(check_in, created)


@staff_member_required
def door(request, slug):
    """Scan badges for one event; the answer is a big green admitted or red refused."""
    event = get_object_or_404(Event, slug=slug)
    with timezone.override(event.timezone):
        result = None
        form = ScanForm(event, initial={"nonce": uuid4().hex})
        if request.method == "POST":
            posted = ScanForm(event, request.POST)
            result = _scan(request, event, posted)
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse(result, status=200 if result["admitted"] else 400)
            form = ScanForm(
                event,
                initial={
                    "nonce": uuid4().hex,
                    "session": request.POST.get("session") or None,
                    "gate": request.POST.get("gate", ""),
                    "zone": request.POST.get("zone") or None,
                },
            )
        recent = recent_scans(event=event, user=request.user)
        return render(
            request,
            "programme/checkin.html",
            {"event": event, "form": form, "result": result, "recent": recent},
            status=200 if result is None or result["admitted"] else 400,
        )
