from django.urls import path

from samla.evaluation.views import answering, dashboard, forms_admin, interviews, waves

app_name = "evaluation"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("forms/", forms_admin.form_list, name="form_list"),
    path("forms/<int:pk>/xlsform/", forms_admin.xlsform_upload, name="xlsform_upload"),
    path("versions/<int:pk>/", forms_admin.version_detail, name="version_detail"),
    path("versions/<int:pk>/publish/", forms_admin.version_publish, name="version_publish"),
    path("versions/<int:pk>/new-version/", forms_admin.version_new_draft, name="version_new_draft"),
    path("versions/<int:pk>/xlsform.xlsx", forms_admin.version_xlsform, name="version_xlsform"),
    path("versions/<int:version_pk>/items/new/", forms_admin.item_edit, name="item_create"),
    path("versions/<int:version_pk>/items/<int:pk>/", forms_admin.item_edit, name="item_edit"),
    path("versions/<int:version_pk>/items/<int:pk>/delete/", forms_admin.item_delete, name="item_delete"),
    path("waves/new/", waves.wave_create, name="wave_create"),
    path("waves/<int:pk>/", waves.wave_progress, name="wave_progress"),
    path("waves/<int:wave_pk>/municipalities/<int:municipality_pk>/", answering.response_edit,
         name="response_edit"),
    path("responses/<int:pk>/", waves.response_detail, name="response_detail"),
    path("responses/<int:pk>/reopen/", waves.response_reopen, name="response_reopen"),
    path("interviews/", interviews.interview_list, name="interview_list"),
    path("interviews/new/", interviews.interview_create, name="interview_create"),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/documents/<int:pk>/", interviews.interview_document, name="interview_document"),
]

# Results: statistics, charts, exports, PDF report (samla.evaluation.views_results).
from samla.evaluation import views_results  # noqa: E402

urlpatterns += [
    path("results/", views_results.results, name="results"),
    path("results/mine/", views_results.my_results, name="my_results"),
    path("results/export.xlsx", views_results.export_xlsx, name="export_xlsx"),
    path("results/export.csv", views_results.export_csv, name="export_csv"),
    path("results/report.pdf", views_results.report_pdf, name="report_pdf"),
    path("results/charts/<str:item_code>.<str:fmt>", views_results.chart, name="chart"),
]
