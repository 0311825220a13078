from django.urls import path

from samla.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/<int:programme_id>/<int:municipality_id>/", views.project_start, name="project_start"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/members/", views.member_add, name="member_add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("projects/<int:pk>/challenges/", views.challenge_add, name="challenge_add"),
    path("projects/<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("projects/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("projects/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("projects/<int:pk>/steps/<str:step>/", views.step_record, name="step"),
    path("steps/<int:pk>/document/", views.step_document, name="step_document"),
    path("projects/<int:pk>/reports/<int:year>/", views.report, name="report"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/clawback/", views.clawback, name="clawback"),
    path("programmes/<slug:slug>/overview/", views.overview, name="overview"),
    path("programmes/<slug:slug>/remind/", views.remind, name="remind"),
    path("programmes/<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("programmes/<slug:slug>/mine/", views.my_figures, name="my_figures"),
    path("evidence/", views.evidence, name="evidence"),
]
