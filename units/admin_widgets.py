"""Admin autocomplete that answers a form error, never a server error, for an id that is not a key.

Django's autocomplete widget re-renders the submitted value by querying the related model with it;
a value such as ":" for an integer key raises ValueError there (a 500) although the form field
itself would only have said "select a valid choice". The widget below leaves such values out of
that query; the field's own validation still reports them.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


class TolerantAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        return super().optgroups(name, [item for item in value if _is_key(key, item)], attr)


def _is_key(field, value) -> bool:
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class TolerantAutocompleteMixin:
    """For a ModelAdmin or an inline: its ``autocomplete_fields`` use ``TolerantAutocompleteSelect``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
