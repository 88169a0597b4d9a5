from django.urls import path

from lotse.journal import print_views, views

app_name = "journal"

urlpatterns = [
    path("today/", views.start, name="start"),
    path("log/", views.contact_quick, name="contact_quick"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    # The secret token is in the query string: nginx, gunicorn and Lotse log paths only.
    path("calendar/feed.ics", views.calendar_feed, name="calendar_feed"),
    path("<uuid:mentee_id>/", views.timeline, name="timeline"),
    path("<uuid:mentee_id>/agreement/", views.agreement_edit, name="agreement_edit"),
    path("<uuid:mentee_id>/agreement/delete/", views.agreement_delete, name="agreement_delete"),
    path("<uuid:mentee_id>/agreement/print/", print_views.agreement_print, name="agreement_print"),
    path(
        "<uuid:mentee_id>/agreement/print.pdf",
        print_views.agreement_print_pdf,
        name="agreement_print_pdf",
    ),
    path("<uuid:mentee_id>/tasks/<uuid:record_id>/done/", views.task_done, name="task_done"),
    path("<uuid:mentee_id>/tasks/<uuid:record_id>/reopen/", views.task_reopen, name="task_reopen"),
    path(
        "<uuid:mentee_id>/appointments/<uuid:record_id>/status/",
        views.appointment_status,
        name="appointment_status",
    ),
    path(
        "<uuid:mentee_id>/appointments/<uuid:record_id>/calendar.ics",
        views.appointment_ics,
        name="appointment_ics",
    ),
    # journal:add, journal:edit, journal:delete with kind = contacts, appointments, tasks,
    # steps, referrals or courses.
    path("<uuid:mentee_id>/<slug:kind>/add/", views.record_add, name="add"),
    path("<uuid:mentee_id>/<slug:kind>/<uuid:record_id>/edit/", views.record_edit, name="edit"),
    path(
        "<uuid:mentee_id>/<slug:kind>/<uuid:record_id>/delete/", views.record_delete, name="delete"
    ),
]
