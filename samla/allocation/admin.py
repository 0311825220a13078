from __future__ import annotations

from django.contrib import admin

from samla.allocation.models import (
    Continuation,
    DecidedAmount,
    GrowthFactor,
    Participant,
    Programme,
    ProgrammeScheme,
)


class ProgrammeSchemeInline(admin.TabularInline):
    model = ProgrammeScheme
    extra = 0


class GrowthFactorInline(admin.TabularInline):
    model = GrowthFactor
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ("municipality",)


class DecidedAmountInline(admin.TabularInline):
    model = DecidedAmount
    extra = 0
    raw_id_fields = ("municipality",)


class ContinuationInline(admin.TabularInline):
    model = Continuation
    extra = 0
    raw_id_fields = ("municipality",)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "first_year", "last_year", "rounding_unit", "residual_policy", "floor")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ProgrammeSchemeInline, GrowthFactorInline, ParticipantInline, DecidedAmountInline,
               ContinuationInline)


@admin.register(ProgrammeScheme)
class ProgrammeSchemeAdmin(admin.ModelAdmin):
    list_display = ("programme", "scheme", "method", "base_year", "budget", "indicator", "rate")
    list_filter = ("programme", "method")
    list_select_related = ("programme", "scheme")


@admin.register(GrowthFactor)
class GrowthFactorAdmin(admin.ModelAdmin):
    list_display = ("programme", "year", "rate", "source")
    list_filter = ("programme",)
    list_select_related = ("programme",)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("programme", "municipality")
    list_filter = ("programme",)
    list_select_related = ("programme", "municipality")
    raw_id_fields = ("municipality",)


@admin.register(DecidedAmount)
class DecidedAmountAdmin(admin.ModelAdmin):
    list_display = ("programme", "municipality", "year", "amount")
    list_filter = ("programme", "year")
    list_select_related = ("programme", "municipality")
    raw_id_fields = ("municipality",)


@admin.register(Continuation)
class ContinuationAdmin(admin.ModelAdmin):
    list_display = ("programme", "municipality", "scheme", "year", "amount")
    list_filter = ("programme", "year", "scheme")
    list_select_related = ("programme", "municipality", "scheme")
    raw_id_fields = ("municipality",)
