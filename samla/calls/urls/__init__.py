"""The workflow's pages, one module per part of the process (each owns its own routes)."""

from samla.calls.urls import applications, programme, selection

app_name = "calls"
urlpatterns = [*programme.urlpatterns, *applications.urlpatterns, *selection.urlpatterns]
