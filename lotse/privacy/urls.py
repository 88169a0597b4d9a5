from django.urls import path

from lotse.privacy import erasure_views, views

app_name = "privacy"
urlpatterns: list = [
    # Data-subject requests and the access copy (the "dpo" part of this app)
    path("", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path(
        "requests/<uuid:public_id>/restriction/",
        views.request_restriction,
        name="request_restriction",
    ),
    path(
        "requests/<uuid:public_id>/access-copy/",
        views.request_access_copy,
        name="request_access_copy",
    ),
    path(
        "requests/<uuid:public_id>/access-copy.pdf",
        views.request_access_copy_pdf,
        name="request_access_copy_pdf",
    ),
    path(
        "requests/<uuid:public_id>/access-copy.json",
        views.request_access_copy_json,
        name="request_access_copy_json",
    ),
    path("mentees/<uuid:public_id>/access-copy/", views.access_copy, name="access_copy"),
    path("mentees/<uuid:public_id>/access-copy.pdf", views.access_copy_pdf, name="access_copy_pdf"),
    path("consent-texts/", views.consent_text_list, name="consent_text_list"),
    path("consent-texts/<uuid:public_id>/", views.consent_text_detail, name="consent_text_detail"),
    # Erasure and retention
    path("erasure/", erasure_views.reviews, name="erasure_reviews"),
    path("erasure/<uuid:public_id>/", erasure_views.review, name="erasure_review"),
    path("retention/", erasure_views.retention_page, name="retention"),
    path("retention/holds/", erasure_views.hold_set, name="hold_set"),
    path("retention/holds/<uuid:public_id>/lift/", erasure_views.hold_lift, name="hold_lift"),
]
