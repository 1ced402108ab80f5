"""The tokens page: a person creates and revokes their own tokens; the office also issues
integration tokens for other systems. A new secret is shown once, in the answer to its creation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directives.views.service_errors import form_add_service_error
from units.permissions import actor_for

from ..forms import IntegrationTokenForm, PersonalTokenForm, TokenAction, TokenActionForm
from ..permissions import token_get_for_actor
from ..selectors import integration_tokens, personal_tokens
from ..services import integration_token_create, personal_token_create, token_revoke


@never_cache
@login_required
def tokens(request):
    """The person's tokens (and, for the office, the integration tokens), with the forms to create one."""
    actor = actor_for(request.user)
    chooser = TokenActionForm(request.POST) if request.method == "POST" else None
    action = chooser.cleaned_data["action"] if chooser is not None and chooser.is_valid() else None
    if action == TokenAction.INTEGRATION and not actor.is_office:
        raise Http404
    personal_form = PersonalTokenForm(request.POST if action == TokenAction.PERSONAL else None, prefix="personal")
    integration_form = IntegrationTokenForm(request.POST if action == TokenAction.INTEGRATION else None, prefix="integration")
    issued = None
    if action == TokenAction.PERSONAL and personal_form.is_valid():
        try:
            issued = personal_token_create(user=request.user, **personal_form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(personal_form, error)
        else:
            personal_form = PersonalTokenForm(prefix="personal")
    elif action == TokenAction.INTEGRATION and integration_form.is_valid():
        try:
            issued = integration_token_create(user=request.user, **integration_form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(integration_form, error)
        else:
            integration_form = IntegrationTokenForm(prefix="integration")
    context = {
        "issued": issued,
        "personal_form": personal_form,
        "integration_form": integration_form if actor.is_office else None,
        "personal_tokens": list(personal_tokens(user=request.user)),
        "integration_tokens": list(integration_tokens()) if actor.is_office else [],
    }
    return render(request, "api/tokens.html", context, status=400 if chooser is not None and issued is None else 200)


@require_POST
@login_required
def token_revoke_view(request, pk: int):
    """Revoke one's own token, or (office) an integration token; anything else is 404."""
    token = token_get_for_actor(actor=actor_for(request.user), token_id=pk)
    token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")
