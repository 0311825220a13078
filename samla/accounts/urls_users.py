"""User and role administration (system administrators): ``/users/``."""

from django.urls import path

from samla.accounts import views_users

app_name = "users"
urlpatterns = [
    path("", views_users.user_list, name="user_list"),
    path("new/", views_users.user_create, name="user_create"),
    path("<int:pk>/", views_users.user_detail, name="user_detail"),
    path("<int:pk>/roles/", views_users.role_grant, name="role_grant"),
    path("<int:pk>/roles/<int:assignment_pk>/revoke/", views_users.role_revoke, name="role_revoke"),
    path("<int:pk>/deactivate/", views_users.user_deactivate, name="user_deactivate"),
    path("<int:pk>/reactivate/", views_users.user_reactivate, name="user_reactivate"),
    path("<int:pk>/invite/", views_users.user_invite, name="user_invite"),
    path("<int:pk>/two-factor/reset/", views_users.two_factor_reset, name="two_factor_reset"),
]
