from django.urls import path

from samla.allocation.views import letters, programmes, rules, runs

app_name = "allocation"
urlpatterns = [
    path("", programmes.home, name="home"),
    path("programmes/", programmes.programmes, name="programmes"),
    path("programmes/<slug:slug>/", programmes.programme_detail, name="programme"),
    path("programmes/<slug:slug>/explain/<str:number>/<int:year>/", programmes.explain, name="explain"),
    path("programmes/<slug:slug>/runs/", runs.run_list, name="run_list"),
    path("programmes/<slug:slug>/runs/new/", runs.run_create, name="run_create"),
    path("programmes/<slug:slug>/runs/compare/", runs.run_compare, name="run_compare"),
    path("programmes/<slug:slug>/runs/<int:number>/", runs.run_detail, name="run_detail"),
    path("programmes/<slug:slug>/runs/<int:number>/lock/", runs.run_lock, name="run_lock"),
    path("programmes/<slug:slug>/runs/<int:number>/explain/<str:municipality>/<int:year>/", runs.run_explain,
         name="run_explain"),
    path("programmes/<slug:slug>/letters/", letters.letter_list, name="letter_list"),
    path("programmes/<slug:slug>/letters/generate/", letters.letter_generate, name="letter_generate"),
    path("letters/<int:pk>/", letters.letter_pdf, name="letter_pdf"),
    path("programmes/<slug:slug>/rules/", rules.rules, name="rules"),
    path("programmes/<slug:slug>/rules/continuations/", rules.continuations, name="continuations"),
    path("programmes/<slug:slug>/rules/continuations/<int:pk>/remove/", rules.continuation_remove,
         name="continuation_remove"),
]
