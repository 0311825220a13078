"""Applications: list, detail, the municipality's draft and political decision, the governor's reopening."""

from django.urls import path

from samla.calls.views import applications

urlpatterns = [
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("calls/<int:pk>/apply/", applications.application_start, name="application_start"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/contacts/row/", applications.contact_row, name="contact_row"),
    path("applications/<int:pk>/submit/", applications.application_submit, name="application_submit"),
    path("applications/<int:pk>/reopen/", applications.application_reopen, name="application_reopen"),
    path("applications/<int:pk>/political-decision/", applications.political_decision, name="political_decision"),
    path("political-decisions/<int:pk>/document/", applications.political_decision_document,
         name="political_decision_document"),
]
