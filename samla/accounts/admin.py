from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from samla.accounts.models import RoleAssignment

User = get_user_model()


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["region", "municipality"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "municipality"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "user__email", "municipality__name", "region__name"]
    autocomplete_fields = ["user", "region", "municipality"]
    list_select_related = ["user", "region", "municipality"]


admin.site.unregister(User)


@admin.register(User)
class SamlaUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
