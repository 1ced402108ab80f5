"""The office sets up a new directive in the app: its tasks, recipients and reporting schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from units.permissions import office_actor_get

from ..forms import DirectiveSetupForm, TaskFormSet
from ..services import directive_create
from .service_errors import form_add_service_error


@login_required
def directive_new(request):
    office_actor_get(user=request.user)
    form = DirectiveSetupForm(request.POST or None)
    tasks = TaskFormSet(request.POST or None, prefix="tasks")
    if request.method == "POST":
        if form.is_valid() and tasks.is_valid():
            try:
                directive = directive_create(
                    user=request.user,
                    directive=form.save(commit=False),
                    tasks=tasks.task_drafts(),
                    unit_ids=[unit.pk for unit in form.cleaned_data["units"]],
                    unit_kinds=form.cleaned_data["unit_kinds"],
                    years=form.years(),
                )
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Directive set up: its units can now report on it."))
                return redirect("directives:directive", pk=directive.pk)
        messages.error(request, _("Nothing was saved: please correct the marked fields. What you typed is kept below."))
    return render(request, "directives/directive_new.html", {"form": form, "tasks": tasks})
