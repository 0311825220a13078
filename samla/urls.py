from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("samla.accounts.urls")),
    path("users/", include("samla.accounts.urls_users")),
    path("audit/", include("samla.audit.urls")),
    path("work/", include("samla.calls.urls")),
    path("evaluation/", include("samla.evaluation.urls")),
    path("followup/", include("samla.followup.urls")),
    path("api/", include("samla.api.urls")),
    path("", include("samla.allocation.urls")),
]
