from django.urls import path

from lotse.cv import views

app_name = "cv"
urlpatterns = [
    path("<uuid:public_id>/", views.cv_page, name="page"),
    path("<uuid:public_id>/<uuid:record_id>/", views.cv_download, name="download"),
]
