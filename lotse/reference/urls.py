from django.urls import path

from lotse.reference import views

app_name = "reference"

urlpatterns = [
    path("occupations/", views.occupation_search, name="occupation_search"),
    path("occupations/pick/", views.occupation_pick, name="occupation_pick"),
]
