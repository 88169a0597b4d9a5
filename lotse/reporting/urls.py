from django.urls import path

from lotse.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("print/", views.report_print, name="print"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("esf/<uuid:public_id>/", views.esf_record_edit, name="esf_edit"),
]
