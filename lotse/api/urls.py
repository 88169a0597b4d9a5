from django.urls import path

from lotse.api import views
from lotse.api.api import api

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<uuid:public_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("", api.urls),
]
