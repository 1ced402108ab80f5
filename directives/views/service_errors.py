"""A service's refusal (ValidationError) shown to the user: on a form, or as messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form


def form_add_service_error(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form (field errors where the service names a field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def message_service_error(request, error: ValidationError) -> None:
    """Show a service's refusal as error messages (for actions without a form on the page)."""
    for text in error.messages:
        messages.error(request, text)
