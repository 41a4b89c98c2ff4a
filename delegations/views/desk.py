"""The accreditation desk in the admin: find a delegate, take their photo with the device's
camera, reissue a lost or damaged badge and print it, one badge to a sheet.

Staff holding the permission to reissue badges use it. The camera works without any inline
script (``desk.js`` under the site's strict CSP); without JavaScript or a camera, the same form
takes a photo file (a phone offers its camera for it).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.core.downloads import private_download
from delegations.forms import DeskPhotoForm, DeskReissueForm
from delegations.models import Badge, Delegate
from delegations.selectors.desk import desk_search
from delegations.services.badges import badge_pdf, badge_reissue, delegate_photo_replace

DESK_PERMISSIONS = ("delegations.reissue_badge", "delegations.view_delegate")


def _desk_check(request):
    if not request.user.has_perms(DESK_PERMISSIONS):
        raise PermissionDenied


def _back(request):
    query = request.POST.get("q", "")
    url = reverse("admin:delegations_badge_desk")
    return redirect(f"{url}?q={query}" if query else url)


def desk_view(modeladmin, request):
    _desk_check(request)
    query = request.GET.get("q", "").strip()[:200]
    return TemplateResponse(
        request,
        "admin/delegations/desk.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Accreditation desk"),
            "query": query,
            "delegates": desk_search(query),
            "reissue_form": DeskReissueForm(),
            "photo_form": DeskPhotoForm(),
        },
    )


def desk_photo_view(modeladmin, request, delegate_id):
    _desk_check(request)
    delegate = get_object_or_404(Delegate, pk=delegate_id)
    form = DeskPhotoForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["photo"])
        delegate_photo_replace(delegate=delegate, photo=form.cleaned_data["photo"])
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Photo of %(name)s saved.") % {"name": delegate.full_name})
    return _back(request)


def desk_reissue_view(modeladmin, request, badge_id):
    _desk_check(request)
    badge = get_object_or_404(Badge.objects.select_related("delegate__delegation"), pk=badge_id)
    form = DeskReissueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["cause"])
        new = badge_reissue(badge=badge, cause=form.cleaned_data["cause"])
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Badge %(old)s replaced by %(new)s: the old one is refused at every door.")
            % {"old": badge.number, "new": new.number},
        )
    return _back(request)


def desk_print_view(modeladmin, request, badge_id):
    _desk_check(request)
    badge = get_object_or_404(
        Badge.objects.select_related("delegate__delegation__event"), pk=badge_id
    )
    if badge.revoked_at is not None:
        raise Http404
    return private_download(
        badge_pdf(badge), content_type="application/pdf", filename=f"badge-{badge.number}.pdf"
    )


def desk_paths(modeladmin):
    """The desk's URLs in the badges' admin (``admin:delegations_badge_desk`` and its posts)."""
    site = modeladmin.admin_site

    def view(handler, method):
        return site.admin_view(method(lambda request, **kw: handler(modeladmin, request, **kw)))

    return [
        path("desk/", view(desk_view, require_GET), name="delegations_badge_desk"),
        path(
            "desk/<int:delegate_id>/photo/",
            view(desk_photo_view, require_POST),
            name="delegations_badge_desk_photo",
        ),
        path(
            "desk/<int:badge_id>/reissue/",
            view(desk_reissue_view, require_POST),
            name="delegations_badge_desk_reissue",
        ),
        path(
            "desk/<int:badge_id>/badge.pdf",
            view(desk_print_view, require_GET),
            name="delegations_badge_desk_print",
        ),
    ]
