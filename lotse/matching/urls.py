from django.urls import path

from lotse.matching import views

app_name = "matching"

urlpatterns = [
    path("mentees/<uuid:public_id>/", views.mentee_matches, name="mentee"),
    path(
        "mentees/<uuid:mentee_id>/propose/<uuid:vacancy_id>/",
        views.propose,
        name="propose",
    ),
]
