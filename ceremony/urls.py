"""The signing in the registration portal (mounted at ``portal/signing/``), and the public list
of signatories (under ``events/``, throttled per client)."""

from django.urls import path

from ceremony.views import public, signing
from config.core.throttling import throttled
from sessions.views.caching import page_cached

public_rate = throttled("public")

app_name = "signing"

urlpatterns = [
    path("delegations/<int:pk>/", signing.signing_request_page, name="request"),
    path("delegations/<int:pk>/withdraw/", signing.signing_request_withdraw, name="withdraw"),
    path("delegations/<int:pk>/full-powers/", signing.full_powers_download, name="full_powers"),
]

#: The public list of signatories, as a page and as CSV or Excel.
public_patterns = [
    path(
        "<slug:slug>/signatories/",
        public_rate(page_cached(public.signatories)),
        name="signatories",
    ),
    path(
        "<slug:slug>/signatories.<str:format_name>",
        public_rate(public.signatories),
        name="signatories-table",
    ),
]
