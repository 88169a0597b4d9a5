from django.urls import path

from lotse.letters import views

app_name = "letters"

_TEMPLATE = "projects/<uuid:project_id>/templates/<slug:kind>/<slug:language>/"

urlpatterns = [
    path("mentees/<uuid:mentee_id>/new/", views.letter_new, name="new"),
    path("templates/", views.template_index, name="template_index"),
    path("projects/<uuid:project_id>/templates/", views.template_list, name="templates"),
    path(_TEMPLATE, views.template_preview, name="template_preview"),
    path(_TEMPLATE + "edit/", views.template_edit, name="template_edit"),
    path(
        "projects/<uuid:project_id>/checked/<uuid:template_id>/",
        views.template_confirm,
        name="template_confirm",
    ),
]
