"""Read-only admin: every change to calls goes through samla.calls.services (audit log, scope checks)."""

from django.contrib import admin

from samla.calls import models as m


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(m.ProgrammeRound)
class ProgrammeRoundAdmin(ReadOnlyAdmin):
    list_display = ["programme", "status", "max_per_region"]


@admin.register(m.Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["case_number", "region", "programme_round", "preliminary_deadline", "final_deadline"]
    list_filter = ["region"]


@admin.register(m.Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "call", "status", "version", "submitted_at"]
    list_filter = ["status", "call__region"]
    list_select_related = ["municipality", "call"]


@admin.register(m.Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "recommendation", "submitted_at"]


@admin.register(m.SelectionDecision)
class SelectionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["programme_round", "decided_by", "decided_at"]


@admin.register(m.StratifiedDraw)
class StratifiedDrawAdmin(ReadOnlyAdmin):
    list_display = ["programme_round", "region", "seed", "per_stratum", "drawn_at"]
