from django.urls import path

from samla.allocation import views, views_letters, views_rules, views_runs

app_name = "allocation"
urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/explain/<str:number>/<int:year>/", views.explain, name="explain"),
    path("programmes/<slug:slug>/runs/", views_runs.run_list, name="run_list"),
    path("programmes/<slug:slug>/runs/new/", views_runs.run_create, name="run_create"),
    path("programmes/<slug:slug>/runs/compare/", views_runs.run_compare, name="run_compare"),
    path("programmes/<slug:slug>/runs/<int:number>/", views_runs.run_detail, name="run_detail"),
    path("programmes/<slug:slug>/runs/<int:number>/lock/", views_runs.run_lock, name="run_lock"),
    path("programmes/<slug:slug>/runs/<int:number>/explain/<str:municipality>/<int:year>/", views_runs.run_explain,
         name="run_explain"),
    path("programmes/<slug:slug>/letters/", views_letters.letter_list, name="letter_list"),
    path("programmes/<slug:slug>/letters/generate/", views_letters.letter_generate, name="letter_generate"),
    path("letters/<int:pk>/", views_letters.letter_pdf, name="letter_pdf"),
    path("programmes/<slug:slug>/rules/", views_rules.rules, name="rules"),
    path("programmes/<slug:slug>/rules/continuations/", views_rules.continuations, name="continuations"),
    path("programmes/<slug:slug>/rules/continuations/<int:pk>/remove/", views_rules.continuation_remove,
         name="continuation_remove"),
]
