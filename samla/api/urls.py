from django.urls import path

from samla.api import views
from samla.api.api import api

app_name = "api"
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    *api.urls[0],  # /api/openapi.json, /api/docs and the endpoints, in the "api" namespace
]
