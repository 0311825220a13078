from django.contrib import admin

from samla.registry.models import (
    Indicator,
    IndicatorValue,
    Municipality,
    MunicipalityCodeChange,
    OfficeName,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "office_name", "valid_from", "valid_to"]
    list_filter = ["valid_from", "valid_to"]
    search_fields = ["code", "name", "office_name"]


@admin.register(OfficeName)
class OfficeNameAdmin(admin.ModelAdmin):
    list_display = ["county_code", "name", "valid_from", "valid_to"]
    list_filter = ["valid_from", "valid_to"]
    search_fields = ["county_code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "region", "valid_from", "valid_to"]
    list_filter = ["region", "valid_from", "valid_to"]
    search_fields = ["number", "name"]
    autocomplete_fields = ["region"]
    list_select_related = ["region"]


@admin.register(MunicipalityCodeChange)
class MunicipalityCodeChangeAdmin(admin.ModelAdmin):
    list_display = ["old_number", "old_name", "new_number", "new_name", "changed_on", "reason"]
    list_filter = ["changed_on"]
    search_fields = ["old_number", "old_name", "new_number", "new_name"]
    date_hierarchy = "changed_on"


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "source"]
    list_filter = ["unit"]
    search_fields = ["code", "name"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "municipality", "year", "value"]
    list_filter = ["indicator", "year", "municipality__region"]
    search_fields = ["municipality__number", "municipality__name", "indicator__code"]
    autocomplete_fields = ["indicator", "municipality"]
    list_select_related = ["indicator", "municipality"]
