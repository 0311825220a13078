from django.urls import path

from samla.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("<int:pk>/", views.event_detail, name="event"),
]
