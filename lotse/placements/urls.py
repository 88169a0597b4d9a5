from django.urls import path

from lotse.placements import views

app_name = "placements"

urlpatterns = [
    path("", views.board, name="board"),
    path("applications/new/", views.application_propose, name="propose"),
    path("applications/<uuid:public_id>/", views.application_detail, name="application"),
    path("applications/<uuid:public_id>/move/", views.application_move, name="move"),
    path("applications/<uuid:public_id>/reopen/", views.application_reopen, name="reopen"),
    path("list/", views.placement_list, name="list"),
    path("new/<uuid:mentee_id>/", views.placement_create, name="placement_create"),
    path("<uuid:public_id>/", views.placement_detail, name="placement"),
    path("<uuid:public_id>/edit/", views.placement_edit, name="placement_edit"),
    path("<uuid:public_id>/adequacy/", views.placement_override, name="placement_override"),
    path("<uuid:public_id>/end/", views.placement_end, name="placement_end"),
    path("followups/<uuid:public_id>/", views.followup_answer, name="followup"),
]
