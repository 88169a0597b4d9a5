from django.urls import path

from lotse.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("template/<slug:kind>/", views.template, name="template"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/columns/", views.mapping, name="mapping"),
    path("<uuid:public_id>/decisions/", views.decide, name="decide"),
    path("<uuid:public_id>/decisions/all/", views.decide_all, name="decide_all"),
    path("<uuid:public_id>/again/", views.recheck, name="recheck"),
    path("<uuid:public_id>/discard/", views.discard, name="discard"),
    path("<uuid:public_id>/rejected.xlsx", views.rejected, name="rejected"),
]
