"""Role assignments are read-only in Django's admin: every grant and revocation goes through Samla's user
administration (``/users/``, ``samla.accounts.services``), which checks the scope rules and writes the audit log."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from samla.accounts.models import RoleAssignment

User = get_user_model()

READ_ONLY_HELP = _("Roles are read-only here. Grant and revoke them on Samla's user administration page, where "
                   "every change is checked and written to the audit log:")


def _samla_users_link() -> str:
    url = reverse("users:user_list")
    return format_html('{} <a href="{}">{}</a>', READ_ONLY_HELP, url, url)


class ReadOnlyRoleAssignments:
    """No add, change or delete of role assignments in the admin; viewing stays."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RoleAssignmentInline(ReadOnlyRoleAssignments, admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "region", "municipality"]
    readonly_fields = fields
    verbose_name_plural = _("role assignments (read-only: change them on Samla's user administration page)")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyRoleAssignments, admin.ModelAdmin):
    list_display = ["user", "role", "region", "municipality"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "user__email", "municipality__name", "region__name"]
    list_select_related = ["user", "region", "municipality"]
    readonly_fields = ["user", "role", "region", "municipality"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": _samla_users_link()})


admin.site.unregister(User)


@admin.register(User)
class SamlaUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
