from django.contrib import admin

from security.text import CleanTextModelForm

from .models import Organisation
from .services import organisation_save


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """One row: the office or the administrator edits it; nobody adds a second one or deletes it."""

    form = CleanTextModelForm
    list_display = ["authority_name", "short_name", "place_name", "updated_at"]
    fieldsets = [
        (None, {"fields": ["authority", "area_name", "province_name", "place_name"]}),
        (None, {"fields": ["short_name", "office_name", "mail_sender", "report_copies_to"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj)
