"""The home page: each role lands on what it works with."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from directives.models import Directive, DirectiveStatus, ProgressReport
from directives.selectors import TASK_STATE_COLOURS, TASK_STATE_ORDER, TaskState, current_period, reports_with_state, state_counts
from units.permissions import actor_for


@login_required
def home(request):
    actor = actor_for(request.user)
    directives = list(Directive.objects.filter(status=DirectiveStatus.ACTIVE))
    context = {"directives": directives, "state_colours": TASK_STATE_COLOURS}
    if actor.sees_all_units:
        overview = []
        for directive in directives:
            period = current_period(directive_id=directive.pk)
            counts = state_counts(ProgressReport.objects.filter(period=period)) if period else {}
            overview.append(
                {
                    "directive": directive,
                    "period": period,
                    "counts": [(TaskState(state), counts.get(state, 0)) for state in TASK_STATE_ORDER],
                }
            )
        context["overview"] = overview
        template = "home/office.html" if actor.is_office else "home/leadership.html"
    elif actor.unit is not None:
        periods = [current_period(directive_id=directive.pk) for directive in directives]
        rows = (
            reports_with_state(ProgressReport.objects.filter(assignment__unit=actor.unit, period__in=[p for p in periods if p]))
            .select_related("assignment__task__directive", "period")
            .order_by("period__directive__issue_date", "period__start_date", "assignment__task__number")
        )
        context["unit_rows"] = rows
        template = "home/unit.html"
    else:
        template = "home/no_role.html"
    return render(request, template, context)
