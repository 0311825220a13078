from django.urls import path

app_name = "allocation"
urlpatterns: list = []
