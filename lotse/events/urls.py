from django.urls import path

from lotse.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/<uuid:project_id>/", views.event_create, name="create"),
    path("<uuid:event_id>/", views.event_detail, name="detail"),
    path("<uuid:event_id>/edit/", views.event_edit, name="edit"),
    path("<uuid:event_id>/delete/", views.event_delete, name="delete"),
    path("<uuid:event_id>/invite/", views.event_invite, name="invite"),
    path(
        "<uuid:event_id>/invitations/<uuid:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="withdraw",
    ),
    path("<uuid:event_id>/attendance/", views.attendance, name="attendance"),
    path("<uuid:event_id>/attendance-list/", views.attendance_sheet, name="sheet"),
    path("<uuid:event_id>/attendance-list.pdf", views.attendance_sheet_pdf, name="sheet_pdf"),
]
