"""Assessment by the resource group, the county governor's recommendation, the directorate's decision and draw."""

from django.urls import path

from samla.calls.views import assessment, selection

urlpatterns: list = [
    path("assessment/", assessment.assessment_list, name="assessment_list"),
    path("applications/<int:pk>/assess/", assessment.assess, name="assess"),
    path("calls/<int:pk>/recommendation/", selection.recommendation, name="recommendation"),
    path("rounds/<int:pk>/decision/", selection.decision, name="decision"),
    path("rounds/<int:pk>/decision/check/", selection.decision_check, name="decision_check"),
    path("rounds/<int:pk>/draw/", selection.draw, name="draw"),
    path("draws/<int:pk>/", selection.draw_detail, name="draw_detail"),
]
