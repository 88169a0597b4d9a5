from django.urls import path

from lotse.jobsuche import views

app_name = "jobsuche"
urlpatterns = [
    path(
        "<uuid:vacancy_id>/take-over/<uuid:mentee_id>/",
        views.take_over,
        name="take_over",
    ),
]
