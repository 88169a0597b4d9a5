from django.urls import path

from lotse.documents import views

app_name = "documents"
urlpatterns = [
    path("<uuid:mentee_id>/", views.document_list, name="list"),
    path("<uuid:mentee_id>/upload/", views.document_upload, name="upload"),
    path("<uuid:mentee_id>/<uuid:document_id>/edit/", views.document_edit, name="edit"),
    path("<uuid:mentee_id>/<uuid:document_id>/delete/", views.document_delete, name="delete"),
    path("<uuid:mentee_id>/<uuid:document_id>/download/", views.document_download, name="download"),
]
