"""Small shared pieces of the workflow views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404

from units.permissions import Actor, actor_for


def actor_or_404(request, *, check) -> Actor:
    """The signed-in actor, if ``check(actor)`` allows this page; otherwise 404 (units.permissions: refusals)."""
    actor = actor_for(request.user)
    if not check(actor):
        raise Http404
    return actor


def form_add_service_error(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form (field errors where the service names a field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def message_service_error(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)
