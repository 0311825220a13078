from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from samla.accounts import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only (Django 5)
    path("me/", views.me, name="me"),
    path("two-factor/", views_two_factor.home, name="two_factor"),
    path("two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", views_two_factor.verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views_two_factor.recovery_codes_renew, name="two_factor_recovery_codes"),
    path("two-factor/turn-off/", views_two_factor.turn_off, name="two_factor_turn_off"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

if getattr(settings, "SAMLA_OIDC_ENABLED", False):  # no OpenID Connect URL exists unless it is switched on
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    from samla.accounts.oidc import SamlaOIDCCallbackView

    urlpatterns += [
        path("oidc/login/", OIDCAuthenticationRequestView.as_view(), name="oidc_login"),
        path("oidc/callback/", SamlaOIDCCallbackView.as_view(), name="oidc_callback"),
    ]
