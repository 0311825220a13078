from django.urls import path

from samla.allocation import views

app_name = "allocation"
urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/explain/<str:number>/<int:year>/", views.explain, name="explain"),
]
