from django.contrib.auth import views as auth_views
from django.urls import path

from lotse.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path(
        "two-factor/recovery-codes/new/",
        views.recovery_codes_replace,
        name="recovery_codes_replace",
    ),
    path("account/", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("security/", views.security, name="security"),
    path(
        "security/<uuid:public_id>/reset-second-factor/",
        views.second_factor_reset,
        name="second_factor_reset",
    ),
    path("security/unlock/", views.login_unlock, name="login_unlock"),
]
