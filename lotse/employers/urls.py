from django.urls import path

from lotse.employers import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("new/", views.employer_create, name="create"),
    path("<uuid:public_id>/", views.employer_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.employer_edit, name="edit"),
    path("<uuid:public_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("<uuid:public_id>/services/new/", views.service_create, name="service_create"),
    path("<uuid:public_id>/mentees/", views.mentee_search, name="mentee_search"),
    path("contacts/<uuid:public_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<uuid:public_id>/delete/", views.contact_delete, name="contact_delete"),
    path("services/<uuid:public_id>/delete/", views.service_delete, name="service_delete"),
]
