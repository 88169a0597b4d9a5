from django.urls import path

from lotse.privacy import erasure_views

app_name = "privacy"
urlpatterns: list = [
    # Erasure and retention
    path("erasure/", erasure_views.reviews, name="erasure_reviews"),
    path("erasure/<uuid:public_id>/", erasure_views.review, name="erasure_review"),
    path("retention/", erasure_views.retention_page, name="retention"),
    path("retention/holds/", erasure_views.hold_set, name="hold_set"),
    path("retention/holds/<uuid:public_id>/lift/", erasure_views.hold_lift, name="hold_lift"),
]
