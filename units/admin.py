from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DistrictRole, Membership, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "head_name", "email", "phone", "is_active", "valid_from", "valid_to"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code", "head_name", "email"]
    list_editable = []
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "kind", "display_order"]}),
        (_("Head and contact"), {"fields": ["head_title", "head_name", "email", "phone"]}),
        (_("Validity"), {"fields": ["is_active", "valid_from", "valid_to"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role", "unit__kind", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(DistrictRole)
class DistrictRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
