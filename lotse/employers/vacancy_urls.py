from django.urls import path

from lotse.employers import vacancy_views as views

app_name = "vacancies"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("new/<uuid:employer_id>/", views.vacancy_create, name="create"),
    path("<uuid:public_id>/", views.vacancy_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.vacancy_edit, name="edit"),
    path("<uuid:public_id>/close/", views.vacancy_close, name="close"),
    path("<uuid:public_id>/reopen/", views.vacancy_reopen, name="reopen"),
]
