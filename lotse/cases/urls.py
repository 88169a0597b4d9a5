from django.urls import path

from lotse.cases import intake_views, lead_views, print_views, views

app_name = "cases"

urlpatterns = [
    path("", views.mentee_list, name="list"),
    path("new/", views.mentee_create, name="create"),
    path("desk/", lead_views.desk, name="desk"),
    path("bulk/", lead_views.bulk, name="bulk"),
    path("transfers/", intake_views.transfers, name="transfers"),
    path("transfers/request/", intake_views.transfer_request_view, name="transfer_request"),
    path(
        "transfers/<uuid:public_id>/decide/",
        intake_views.transfer_decide_view,
        name="transfer_decide",
    ),
    path("<uuid:public_id>/", views.mentee_detail, name="detail"),
    path("<uuid:public_id>/sections/<slug:section_id>/", views.mentee_section, name="section"),
    path("<uuid:public_id>/edit/", views.mentee_edit, name="edit"),
    path("<uuid:public_id>/exit/", views.mentee_exit, name="exit"),
    path("<uuid:public_id>/reenter/", views.mentee_reenter, name="reenter"),
    path("<uuid:public_id>/mentor/", views.mentee_assign_mentor, name="assign_mentor"),
    path("<uuid:public_id>/export/", views.mentee_export, name="export"),
    path("<uuid:public_id>/print/", print_views.file_print, name="print"),
    path("<uuid:public_id>/print.pdf", print_views.file_print_pdf, name="print_pdf"),
    path(
        "<uuid:public_id>/consent/<uuid:record_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]

# Profile records: cases:language_add, cases:language_edit, cases:language_delete, and the same
# for qualification, work, target, residence, reference and consent.
for slug in views.RECORD_KINDS:
    urlpatterns += [
        path(f"<uuid:public_id>/{slug}/add/", views.record_add, {"kind": slug}, name=f"{slug}_add"),
        path(
            f"<uuid:public_id>/{slug}/<uuid:record_id>/edit/",
            views.record_edit,
            {"kind": slug},
            name=f"{slug}_edit",
        ),
        path(
            f"<uuid:public_id>/{slug}/<uuid:record_id>/delete/",
            views.record_delete,
            {"kind": slug},
            name=f"{slug}_delete",
        ),
    ]
