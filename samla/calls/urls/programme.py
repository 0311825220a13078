"""The dashboard, programme rounds (directorate), calls and deadline extensions (county governor)."""

from django.urls import path

from samla.calls.views import dashboard, programme

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("rounds/", programme.round_list, name="round_list"),
    path("rounds/new/", programme.round_create, name="round_create"),
    path("rounds/<int:pk>/", programme.round_detail, name="round_detail"),
    path("rounds/<int:pk>/open/", programme.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", programme.round_close, name="round_close"),
    path("rounds/<int:pk>/calls/new/", programme.call_create, name="call_create"),
    path("calls/<int:pk>/", programme.call_detail, name="call_detail"),
    path("calls/<int:pk>/extensions/new/", programme.extension_grant, name="extension_grant"),
]
