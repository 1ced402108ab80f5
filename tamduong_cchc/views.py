"""The home page: each role lands on what it works with."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from directives.models import Directive, DirectiveStatus, ProgressReport
from directives.selectors import TASK_STATE_COLOURS, TASK_STATE_ORDER, TaskState, current_period, state_counts, unit_home_reports
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
        # The unit's work page: current-period reports, returned ones first (directives.selectors).
        context["unit_rows"] = unit_home_reports(unit_id=actor.unit.pk)
        template = "home/unit.html"
    else:
        template = "home/no_role.html"
    return render(request, template, context)
