"""Root URLs: the admin, the registration portal, the REST API, language switching."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Treaty event planner"
admin.site.site_title = "Treaty event planner"
admin.site.index_title = "Organisers"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("portal/", include("delegations.urls")),
    path("api/v1/", include("config.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="portal:home", permanent=False)),
]
