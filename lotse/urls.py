from django.contrib import admin
from django.urls import include, path

from lotse import views
from lotse.accounts.views import set_language

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("lotse.accounts.urls")),
    path("reference/", include("lotse.reference.urls")),
    path("audit/", include("lotse.audit.urls")),
    path("mentees/", include("lotse.cases.urls")),
    path("journal/", include("lotse.journal.urls")),
    path("employers/", include("lotse.employers.urls")),
    path("vacancies/", include("lotse.employers.vacancy_urls")),
    path("placements/", include("lotse.placements.urls")),
    path("matching/", include("lotse.matching.urls")),
    path("reports/", include("lotse.reporting.urls")),
    path("privacy/", include("lotse.privacy.urls")),
    path("imports/", include("lotse.imports.urls")),
    path("jobsuche/", include("lotse.jobsuche.urls")),
    path("documents/", include("lotse.documents.urls")),
    path("letters/", include("lotse.letters.urls")),
    path("cv/", include("lotse.cv.urls")),
    path("events/", include("lotse.events.urls")),
    path("api/", include("lotse.api.urls")),
    path("admin/", admin.site.urls),
    path("health/", include("lotse.ops.urls")),
]
