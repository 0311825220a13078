from django.contrib import admin

from samla.schemes.models import Award, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["key", "ministry", "title", "method"]
    list_filter = ["ministry", "method"]
    search_fields = ["key", "title", "title_en"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["year", "scheme", "municipality", "amount"]
    list_filter = ["year", "scheme", "municipality__region"]
    search_fields = ["municipality__number", "municipality__name", "scheme__key"]
    autocomplete_fields = ["municipality", "scheme"]
    list_select_related = ["municipality", "scheme"]
