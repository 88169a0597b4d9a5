from django.urls import path

from lotse.cv import views

app_name = "cv"
urlpatterns = [
    path("<uuid:public_id>/", views.cv_page, name="page"),
]
