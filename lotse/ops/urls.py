from django.urls import path

from lotse.ops import views

app_name = "ops"
urlpatterns = [path("", views.health, name="health")]
