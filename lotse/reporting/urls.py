from django.urls import path

from lotse.reporting import paper_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("print/", views.report_print, name="print"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("esf/<uuid:public_id>/", views.esf_record_edit, name="esf_edit"),
    path("time-sheet/", paper_views.timesheet_index, name="timesheet"),
    path("time-sheet/print/", paper_views.timesheet_print, name="timesheet_print"),
    path("time-sheet/export.xlsx", paper_views.timesheet_xlsx, name="timesheet_xlsx"),
    path("sachbericht/", paper_views.sachbericht_index, name="sachbericht"),
    path("sachbericht/export.docx", paper_views.sachbericht_docx, name="sachbericht_docx"),
]
